"""Text clean-up shared by every reader: what makes Chinese text from any source look typed.

PDF justification and OCR put spaces between Chinese characters ("学 懂 弄 通"), Word and
WPS carry full-width digits and ideographic spaces, and wrapped lines must be joined without a
space in Chinese but with one between Latin words.
"""
from __future__ import annotations

import re
import unicodedata

CJK = r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
_SPACE_CJK = re.compile(rf"(?<=[{CJK}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{CJK}])")
_MULTI_SPACE = re.compile(r"[ \t\u00a0]{2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\ufeff]")
_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ．％"}
_CJK_CHAR = re.compile(rf"[{CJK}]")
_PRIVATE = re.compile(r"[\ue000-\uf8ff\ufffd]")


def clean(text: str) -> str:
    """Normalise one block's text: full-width digits/letters to ASCII, no spaces around Chinese."""
    text = _CONTROL.sub("", text).translate(_FULLWIDTH)
    text = text.replace("\r", "").replace("\n", "")
    text = _SPACE_CJK.sub("", text)
    text = _MULTI_SPACE.sub(" ", text)
    return text.strip()


def join_lines(lines: list[str]) -> str:
    """Rejoin wrapped lines: no separator inside Chinese text, one space between Latin words."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not _CJK_CHAR.match(line[0]) and not _CJK_CHAR.match(out[-1]) and out[-1] != "-":
            out += " "
        out += line
    return clean(out)


def is_cjk(ch: str) -> bool:
    return bool(_CJK_CHAR.match(ch))


def garbage_ratio(text: str) -> float:
    """Share of characters that cannot be real text (private use, replacement, unmapped CIDs)."""
    body = [c for c in text if not c.isspace()]
    if not body:
        return 0.0
    bad = sum(1 for c in body if _PRIVATE.match(c) or unicodedata.category(c) in ("Co", "Cn", "Cc"))
    bad += text.count("(cid:") * 6
    return min(1.0, bad / len(body))
