"""Legacy binary Word (.doc) and WPS (.wps) files, read by converting them with LibreOffice.

Both are OLE compound files (first bytes D0 CF 11 E0). Their record formats are large and
undocumented in places (WPS), while LibreOffice imports both faithfully, numbering included; so
the file is converted to .docx in a private temporary directory and read by the .docx reader,
and everything after that is the same as for a .docx.

- Conversion runs `soffice --headless --convert-to docx` with its own throw-away profile
  (-env:UserInstallation), so parallel conversions and a service running as any user do not
  collide on ~/.config/libreoffice, under a time limit (`Limits.max_seconds`): a file that
  makes LibreOffice hang is killed and refused.
- An encrypted OLE package (a password-protected .docx/.doc saved by Office holds an
  "EncryptedPackage" stream) is refused as encrypted before LibreOffice sees it: it would stop
  and wait for a password.
- Without LibreOffice the error says what to install.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .base import Limits, Reader
from .errors import DocumentError
from .model import Document

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NEEDS = "legacy .doc/.wps needs LibreOffice (soffice) installed to be read; or save it as .docx and upload again"
_ENCRYPTED = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def soffice() -> str | None:
    """The LibreOffice binary: $JIANDU_SOFFICE, else soffice/libreoffice on PATH."""
    explicit = os.environ.get("JIANDU_SOFFICE")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_encrypted(path: Path) -> bool:
    """True for an OLE file holding an encrypted Office package (stream names are UTF-16 in the directory)."""
    with path.open("rb") as fh:
        data = fh.read(1 << 20)
    return any(mark in data for mark in _ENCRYPTED)


def ole_header_ok(path: Path) -> bool:
    """The compound-file header's fixed fields: byte order FFFE and a 512- or 4096-byte sector size.

    A truncated or zero-filled file fails here without starting LibreOffice (seconds saved)."""
    with path.open("rb") as fh:
        head = fh.read(512)
    return len(head) == 512 and head[28:30] == b"\xfe\xff" and head[30:32] in (b"\x09\x00", b"\x0c\x00")


def other_office(path: Path) -> str | None:
    """'Excel'/'PowerPoint'/'Outlook' for an OLE file that is plainly not a word-processing document."""
    with path.open("rb") as fh:
        data = fh.read(1 << 20)
    if "WordDocument".encode("utf-16-le") in data:
        return None
    for stream, kind in (("Workbook", "Excel"), ("Book", "Excel"), ("PowerPoint Document", "PowerPoint"),
                         ("__substg1.0_", "Outlook")):
        if stream.encode("utf-16-le") in data:
            return kind
    return None


def _word_encrypted(path: Path) -> bool:
    """A .doc with password protection: the FIB's fEncrypted bit (word 0x0B, bit 0x0100)."""
    try:
        import olefile  # optional; without it only the EncryptedPackage case is caught
    except ImportError:
        return False
    try:
        with olefile.OleFileIO(str(path)) as ole:
            if not ole.exists("WordDocument"):
                return False
            fib = ole.openstream("WordDocument").read(12)
    except Exception:
        return False
    return len(fib) >= 12 and bool(int.from_bytes(fib[10:12], "little") & 0x0100)


def convert(path: Path, out_dir: Path, timeout: float) -> Path:
    """Convert `path` to .docx inside `out_dir`; DocumentError on a missing LibreOffice, failure or timeout."""
    binary = soffice()
    if binary is None:
        raise DocumentError(NEEDS)
    profile = out_dir / "profile"
    # a plain name without spaces or Chinese: LibreOffice's command line and URL handling stay simple
    src = out_dir / f"input{path.suffix.lower() if path.suffix.lower() in ('.doc', '.wps', '.dot', '.wpt') else '.doc'}"
    shutil.copyfile(path, src)
    cmd = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
           "--nodefault", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(src)]
    env = {**os.environ, "HOME": str(out_dir), "SAL_USE_VCLPLUGIN": "svp"}
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=out_dir,
                                start_new_session=True)
    except OSError as e:
        raise DocumentError(f"LibreOffice (soffice) could not be started: {e.strerror or e}") from None
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:  # the whole process group: soffice.bin runs under the soffice launcher script
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        raise DocumentError(f"converting the legacy file with LibreOffice took longer than {timeout:.0f} s") from None
    out = out_dir / "input.docx"
    if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
        raise DocumentError("LibreOffice could not convert the legacy .doc/.wps file (corrupt or not a "
                            f"word-processing document){': ' + detail[0][:120] if detail else ''}")
    return out


class LegacyReader(Reader):
    """OLE .doc/.wps → .docx through LibreOffice → the .docx reader."""

    format = "doc"

    @classmethod
    def accepts(cls, head: bytes, suffix: str) -> bool:
        return head.startswith(OLE_MAGIC)

    def read(self, path: Path, limits: Limits) -> Document:
        path = Path(path)
        if is_encrypted(path) or _word_encrypted(path):
            raise DocumentError("encrypted Office document (password protected): remove the password and upload again")
        if not ole_header_ok(path):
            raise DocumentError("corrupt legacy .doc/.wps file (damaged or truncated compound-file header)")
        other = other_office(path)
        if other:
            raise DocumentError(f"a legacy {other} file, not a Word/WPS document: jiandu reads reports, "
                                "not spreadsheets or slides")
        from .word import DocxReader

        with tempfile.TemporaryDirectory(prefix="jiandu-legacy-") as tmp:
            docx = convert(path, Path(tmp), limits.max_seconds)
            doc = DocxReader().read(docx, limits)
        doc.source = str(path)
        doc.format = "wps" if path.suffix.lower() in (".wps", ".wpt") else "doc"
        doc.meta["converted_by"] = "libreoffice"
        return doc
