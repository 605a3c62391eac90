"""Punctuation width and document numbers, for text that did not come from a word processor.

OCR and some exporters (OFD producers, WPS) give half-width punctuation inside Chinese text —
"(四)健全机制,压实责任" — where the author typed full-width; numbering labels and lead
sentences are then not recognised, and the same sentence from two formats no longer matches.
A half-width mark is made full-width only where a Chinese character touches it, so "12.3%",
"(1)" in a Latin context and URLs stay as they are. Document numbers (发文字号) are brought to
the one form GB/T 9704 prescribes, 〔2024〕12号, whatever brackets the source used, and are
never split or altered otherwise. Traditional characters are not touched: a document is quoted
as written; search folds variants on its own side.
"""
from __future__ import annotations

import re

from .cleanup import CJK

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_C = rf"[{CJK}]"
# a half-width mark with a Chinese character on the side it belongs to
_AFTER_CJK = re.compile(rf"(?<={_C})([,;:!?)])")
_BEFORE_CJK = re.compile(rf"([(])(?={_C}|[一二三四五六七八九十]+[)）])")
_OPEN_LABEL = re.compile(r"^[(（]([一二三四五六七八九十]{1,3}|\d{1,2})[)）]")
_CLOSE_BEFORE_CJK = re.compile(rf"(?<=[一二三四五六七八九十\d（])\)(?={_C})")
# 〔2024〕12号 written with any bracket pair OCR or a typist may produce
_DOC_NUMBER = re.compile(r"[\[［(（【〔{]\s*((?:19|20)\d{2})\s*[\]］)）】〕}]\s*(\d{1,4})\s*号")


def doc_numbers(text: str) -> str:
    """Any 〔year〕n号 variant → 〔year〕n号 (the brackets GB/T 9704 prescribes)."""
    return _DOC_NUMBER.sub(r"〔\1〕\2号", text)


def cjk_punctuation(text: str) -> str:
    """Half-width , ; : ! ? ( ) touching Chinese text → full-width; document numbers canonical."""
    text = doc_numbers(text)
    m = _OPEN_LABEL.match(text)
    if m:  # a label (四) / (1) at the start of a Chinese paragraph: the author typed （四）
        text = f"（{m.group(1)}）" + text[m.end():]
    text = _CLOSE_BEFORE_CJK.sub("）", text)
    text = _AFTER_CJK.sub(lambda m: _HALF_TO_FULL[m.group(1)], text)
    text = _BEFORE_CJK.sub(lambda m: _HALF_TO_FULL[m.group(1)], text)
    return text
