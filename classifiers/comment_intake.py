"""Public comments as they arrive: letters (one comment each) and collected tables (one per row).

Contact points send 意见汇总表 with columns 序号 / 条款 / 修改意见 / 理由 / 提出人, in Word or Excel
(or CSV exported from either), while citizens write letters. Everything downstream wants one
`Comment` per opinion with the columns kept, so the table's 条款 column can count as an explicit
reference and 提出人 / 联系点 can be shown and counted.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.errors import DocumentError

# Header words → our field. The opinion column is what makes a table a comment table.
OPINION_HEADERS = ("修改意见", "意见建议", "意见和建议", "意见或建议", "具体意见", "建议内容", "意见内容", "意见", "建议")
COLUMNS: dict[str, tuple[str, ...]] = {
    "clause": ("条款", "条文", "涉及条款", "条目", "条款序号", "章节条款"),
    "reason": ("理由", "修改理由", "理由依据", "依据", "说明"),
    "proposer": ("提出人", "提出单位", "意见提出人", "姓名", "单位", "提出人/单位", "来源"),
    "contact_point": ("联系点", "基层立法联系点", "立法联系点", "报送单位"),
    "serial": ("序号", "编号"),
}
_META_LINE = re.compile(r"^(提出人|建议人|姓名|联系点|基层立法联系点|单位|联系电话|电话|联系方式|日期|时间|地址)[：:]\s*(.*)$")
_LETTER_TITLE = re.compile(r"^关于.{0,80}的(修改)?(意见|建议|意见建议|意见和建议)$")
_META_KEYS = r"(?:提出人|建议人|联系点|基层立法联系点|联系电话|联系方式)"
_META_TAIL = re.compile(rf"(?<=[。！？”])\s*{_META_KEYS}[：:].{{0,120}}$")
_META_PAIR = re.compile(rf"({_META_KEYS})[：:]\s*(.+?)(?=\s*{_META_KEYS}[：:]|$)")
MAX_ROWS = 200_000


@dataclass
class Comment:
    """One opinion: its text, where it came from, and the table columns that came with it."""

    id: str
    source: str
    text: str
    row: int | None = None  # 1-based data row in a table; None for a letter
    clause: str | None = None
    reason: str | None = None
    proposer: str | None = None
    contact_point: str | None = None
    page: int | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Stable identity across runs: file name plus row (gold files use it)."""
        return f"{self.source}#{self.row}" if self.row is not None else self.source

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "row": self.row, "text": self.text,
                "clause": self.clause, "reason": self.reason, "proposer": self.proposer,
                "contact_point": self.contact_point, "page": self.page}


def _norm_header(h: str) -> str:
    return re.sub(r"[\s　:：*（）()]", "", str(h or ""))


def _map_header(cells: list[str]) -> dict[str, int] | None:
    """Column index per field, or None when no column holds the opinion."""
    names = [_norm_header(c) for c in cells]
    out: dict[str, int] = {}
    exact = [i for h in OPINION_HEADERS for i, n in enumerate(names) if n == h]
    loose = [i for i, n in enumerate(names)
             if any(h in n for h in OPINION_HEADERS) and not re.search(r"理由|人|类别|类型|编号|序号|数|采纳|答复|处理", n)]
    if exact or loose:
        out["opinion"] = (exact or loose)[0]
    for fld, heads in COLUMNS.items():
        for i, n in enumerate(names):
            if i in out.values():
                continue
            if n in heads or any(h in n for h in heads if len(h) >= 2):
                out[fld] = i
                break
    return out if "opinion" in out else None


def _rows_to_comments(rows: list[list[str]], source: str) -> list[Comment] | None:
    """Comments from a table's rows (first row with an opinion column is the header)."""
    for h, header in enumerate(rows[:5]):
        cols = _map_header(header)
        if cols is None:
            continue
        out = []
        for r, row in enumerate(rows[h + 1:], start=1):
            def cell(f: str) -> str | None:
                i = cols.get(f)
                v = row[i].strip() if i is not None and i < len(row) and row[i] is not None else ""
                return v or None
            text = cell("opinion")
            if not text:
                continue
            extra = {str(header[i]): str(row[i]) for i in range(min(len(header), len(row)))
                     if i not in cols.values() and row[i]}
            out.append(Comment(id="", source=source, text=text, row=r, clause=cell("clause"),
                               reason=cell("reason"), proposer=cell("proposer"),
                               contact_point=cell("contact_point"), extra=extra))
        return out
    return None


def _letter(lines: list[str], source: str, page: int | None = None) -> Comment:
    """A letter: the whole body is one comment; signature lines (提出人：…) become fields."""
    meta: dict[str, str] = {}
    body = []
    heading = None
    if lines and _LETTER_TITLE.match(lines[0].strip()):
        heading, lines = lines[0].strip(), lines[1:]  # 关于《…》的意见: names the draft, says nothing
    for line in lines:
        m = _META_LINE.match(line.strip())
        if m and len(line) < 80:
            meta[m.group(1)] = m.group(2).strip()
            continue
        tail = _META_TAIL.search(line)  # a reader that joined the signature onto the body
        if tail:
            for k, v in _META_PAIR.findall(tail.group(0)):
                meta.setdefault(k, v.strip())
            line = line[:tail.start()]
        body.append(line.strip())
    proposer = meta.get("提出人") or meta.get("建议人") or meta.get("姓名") or meta.get("单位")
    contact = meta.get("联系点") or meta.get("基层立法联系点")
    return Comment(id="", source=source, text="\n".join(b for b in body if b), proposer=proposer,
                   contact_point=contact, page=page, extra={"title": heading} if heading else {})


def _read_xlsx(path: Path) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise DocumentError(f"corrupt or unreadable xlsx file ({type(e).__name__})") from None
    rows: list[list[str]] = []
    try:
        for ws in wb.worksheets:
            for values in ws.iter_rows(values_only=True):
                cells = ["" if v is None else str(v).strip() for v in values]
                if any(cells):
                    rows.append(cells)
                if len(rows) > MAX_ROWS:
                    raise DocumentError(f"more than {MAX_ROWS} rows")
            if rows:
                break  # the first sheet with content is the table
    finally:
        wb.close()
    return rows


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DocumentError("not a text file in UTF-8 or GB18030")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


def read_comments(path: str | Path) -> list[Comment]:
    """The comments in one file (ids left empty: the caller numbers them across files).

    Raises `DocumentError` when the file cannot be read or holds no comment at all.
    """
    p = Path(path)
    name = p.name
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".csv", ".tsv"):
        if not p.exists():
            raise DocumentError("no such file")
        if p.stat().st_size == 0:
            raise DocumentError("empty file")
        rows = _read_xlsx(p) if suffix in (".xlsx", ".xlsm") else _read_csv(p)
        found = _rows_to_comments(rows, name)
        if found is None:
            raise DocumentError("no opinion column (意见/修改意见/意见建议) in the table")
        if not found:
            raise DocumentError("the comment table has no rows")
        return found
    from extractors import load

    doc = load(p)
    table_rows = [b for b in doc.blocks if b.type == "table_row"]
    if table_rows:
        rows = [list(b.cells) if b.cells else b.text.split("\t") for b in table_rows]
        found = _rows_to_comments(rows, name)
        if found:
            return found
    # a letter (a table in it that has no opinion column is part of what the writer says)
    lines = [" ".join(c for c in (b.cells or []) if c) or b.text if b.type == "table_row" else b.full_text
             for b in doc.blocks]
    if doc.title and (not lines or lines[0] != doc.title):
        lines.insert(0, doc.title)
    letter = _letter(lines, name, page=doc.blocks[0].page if doc.blocks else None)
    if not letter.text.strip():
        raise DocumentError("no comment text found")
    return [letter]


def read_many(paths: list[str], on_error=None) -> list[Comment]:
    """Comments of several files numbered C1… in order; unreadable files go to `on_error(path, reason)`."""
    out: list[Comment] = []
    for path in paths:
        try:
            out.extend(read_comments(path))
        except DocumentError as e:
            if on_error is None:
                raise
            on_error(path, e.reason)
    for i, c in enumerate(out, start=1):
        c.id = f"C{i}"
    return out
