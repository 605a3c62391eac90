"""Make LibreOffice PDFs byte-reproducible: ``python3 pdf_normalize.py FILE.pdf...`` (stdlib only).

The PDFs are committed, so a re-render of an unchanged .docx must not produce a diff. LibreOffice
stamps each file with the time, a random /ID and a /DocChecksum, and gives every embedded Type 1
font a process-dependent /UniqueID (in the clear part and again inside the eexec-encrypted part).
This rewrites those to fixed values and rebuilds the xref table, leaving everything else as is.
"""

from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path

_STREAM = re.compile(rb"stream\r?\n(.*)\r?\nendstream", re.S)
_UNIQUE = re.compile(rb"/UniqueID (\d+) def")


def _eexec(data: bytes, decrypt: bool, r: int = 55665) -> bytes:
    out = bytearray()
    for byte in data:
        plain_or_cipher = byte ^ (r >> 8)
        out.append(plain_or_cipher)
        cipher = byte if decrypt else plain_or_cipher
        r = ((cipher + r) * 52845 + 22719) & 0xFFFF
    return bytes(out)


def _fixed_unique(data: bytes) -> bytes:
    return _UNIQUE.sub(lambda m: b"/UniqueID " + b"4" + b"0" * (len(m.group(1)) - 1) + b" def", data)


def _fix_type1(body: bytes, lengths: dict[int, bytes]) -> bytes:
    """Fixed /UniqueID inside an embedded Type 1 font program; returns the new object body."""
    m = _STREAM.search(body)
    l1 = re.search(rb"/Length1 (\d+)/Length2 (\d+)", body)
    if not m or not l1 or b"/FlateDecode" not in body:
        return body
    raw = zlib.decompress(m.group(1))
    n1, n2 = int(l1.group(1)), int(l1.group(2))
    clear, enc, tail = raw[:n1], raw[n1:n1 + n2], raw[n1 + n2:]
    enc = _eexec(_fixed_unique(_eexec(enc, decrypt=True)), decrypt=False)
    stream = zlib.compress(_fixed_unique(clear) + enc + tail, 9)
    ref = re.search(rb"/Length (\d+) 0 R", body)
    if ref:
        lengths[int(ref.group(1))] = str(len(stream)).encode()
    else:
        body = re.sub(rb"/Length \d+", b"/Length " + str(len(stream)).encode(), body, count=1)
    return body[:m.start(1)] + stream + body[m.end(1):]


def _objects(data: bytes) -> tuple[bytes, list[tuple[int, bytes]], int]:
    """Header, (number, body) of each object in file order, and the xref offset, read via the
    xref table (a regex over the file could stop inside binary stream data)."""
    xref_at = int(data[data.rindex(b"startxref") + 9:].split()[0])
    lines = data[xref_at:].split(b"\n")
    assert lines[0].strip() == b"xref", "expected a classic xref table"
    first, count = (int(x) for x in lines[1].split())
    offsets = {}
    for i in range(count):
        off, _gen, kind = lines[2 + i].split()[:3]
        if kind == b"n":
            offsets[first + i] = int(off)
    order = sorted(offsets.items(), key=lambda kv: kv[1])
    bounds = [off for _, off in order] + [xref_at]
    objs = []
    for (n, off), end in zip(order, bounds[1:]):
        chunk = data[off:end]
        body = chunk[chunk.index(b" obj") + 4:chunk.rindex(b"endobj")]
        objs.append((n, body))
    return data[:order[0][1]], objs, xref_at


def normalize(data: bytes) -> bytes:
    """The PDF with time stamps, ids, checksums and font UniqueIDs fixed; xref rebuilt."""
    header, objs, xref_old = _objects(data)
    lengths: dict[int, bytes] = {}
    objs = [(n, _fix_type1(b, lengths) if b"/Length2" in b[:300] else b) for n, b in objs]
    trailer = data[data.index(b"trailer", xref_old):data.rindex(b"startxref")]
    trailer = re.sub(rb"<[0-9A-Fa-f]{32}>", b"<" + b"0" * 32 + b">", trailer)
    trailer = re.sub(rb"/DocChecksum /[0-9A-Fa-f]{32}", b"/DocChecksum /" + b"0" * 32, trailer)
    out = bytearray(header)
    offsets: dict[int, int] = {}
    for n, body in objs:
        if n in lengths:
            body = b"\n" + lengths[n] + b"\n"
        if b"stream" not in body or b"/Metadata" in body[:200]:
            body = re.sub(rb"\(D:\d{14}[^)]*\)", b"(D:20240101000000Z)", body)
            body = re.sub(rb"(<xmp:\w+Date>)[^<]*(</xmp:\w+Date>)", rb"\g<1>2024-01-01T00:00:00Z\g<2>", body)
        offsets[n] = len(out)
        out += b"%d 0 obj" % n + body + b"endobj\n"
    size = max(offsets) + 1
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        out += b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
    out += trailer + b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def main(paths: list[str]) -> int:
    for p in paths:
        path = Path(p)
        path.write_bytes(normalize(path.read_bytes()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
