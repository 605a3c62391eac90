"""One scanned page: render, take the red ink out, recognise lines, turn them into characters.

- Red ink is not text. A 红头 banner ("…人民代表大会常务委员会文件") and the round seal over the
  signature are printed in red; OCR would read the banner as the first line and the seal's arc
  as garbage across the date. In the red channel red ink is as light as the paper while black
  ink stays black, so the page is recognised from the red channel, with strongly red pixels
  (and their anti-aliased fringe) set to white. Black text under a seal survives.
- Scans are skewed. The angle is measured from the recognised line boxes themselves and every
  box is rotated back, so indents and line ends (what reflow reads) are where the author set them.
- The reflow that follows needs font sizes: a Chinese character is one em wide, so a line's
  size is its width over its characters (narrow digits and Latin letters counted as half);
  sizes on a page are snapped to the page's body size when close, so that OCR jitter does not
  split paragraphs, while a title set larger keeps its own size.
- Bold is read from the ink: a bold lead sentence (加粗 in 仿宋) has strokes about 1.4 times
  as wide as its regular neighbours. Each line is cut at 。；：， into runs, and a run of four
  or more Chinese characters whose stroke width is well above the page's usual is set bold, so
  the lead sentences the item extractor reads survive scanning.
- OCR boxes stop at the ink; a text layer's character boxes are the full em. Full-width marks
  that are half blank (《 at a line start, 。 at its end) are widened back, or reflow would
  take a line starting with 《 for an indented or centred one.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from statistics import median

from ..cleanup import is_cjk
from ..errors import DocumentError
from ..normalize import cjk_punctuation
from . import MISSING

_ENGINE = None
_LOCK = threading.Lock()

MIN_SCORE = 0.6          # recognition confidence below which a line is dropped as noise
REDNESS = 45             # red minus the larger of green/blue above which a pixel is red ink
SNAP = 0.12              # a line size within this share of the page's body size is the body size
SHORT_SNAP = 0.25        # the same for a line too short to measure by width (sized by its height)
NARROW = 0.55            # width of a digit or Latin letter in ems
SPACE = 0.35             # width of a word space in ems
DET_SIDE = 1100          # the detector sees the page at most this many pixels long (speed, memory)
BOLD_INK = 1.22          # stroke width over the page's usual at which a run is bold
_RUN_END = set("。；：，;:,")
_BLANK_LEFT = set("《（“「『【〔〈‘")
_BLANK_RIGHT = set("。，、；：）》”」』】〕〉’！？")


@dataclass(slots=True)
class OcrLine:
    text: str
    score: float
    box: list[tuple[float, float]]      # four corners in image pixels, clockwise from top-left
    ink: list[float] = field(default_factory=list)   # per character: dark share of its run's area

    @property
    def x0(self) -> float:
        return min(p[0] for p in self.box)

    @property
    def x1(self) -> float:
        return max(p[0] for p in self.box)

    @property
    def top(self) -> float:
        return min(p[1] for p in self.box)

    @property
    def bottom(self) -> float:
        return max(p[1] for p in self.box)


def _threads() -> int:
    value = os.environ.get("JIANDU_OCR_THREADS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return min(4, os.cpu_count() or 1)


def engine():
    """The recogniser, built once per process (≈0.5 s; the models come from the installed wheel)."""
    global _ENGINE
    if _ENGINE is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise DocumentError(MISSING) from None
        _ENGINE = RapidOCR(use_cls=False, print_verbose=False, intra_op_num_threads=_threads(),
                           inter_op_num_threads=1)
    return _ENGINE


def page_image(page, dpi: int):
    """The page as a 3-channel uint8 array with red ink removed (see the module docstring)."""
    import numpy as np

    rgb = np.asarray(page.render(scale=dpi / 72).to_pil().convert("RGB"))
    r = rgb[..., 0].astype(np.int16)
    other = np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16)
    red = (r - other) > REDNESS
    if red.any():  # widen by one pixel: JPEG blurs a red stroke's edge into grey-pink
        grown = red.copy()
        grown[1:, :] |= red[:-1, :]
        grown[:-1, :] |= red[1:, :]
        grown[:, 1:] |= red[:, :-1]
        grown[:, :-1] |= red[:, 1:]
        red = grown
    grey = rgb[..., 0].copy()
    grey[red] = 255
    return np.ascontiguousarray(np.repeat(grey[..., None], 3, axis=2))


def recognise(page, dpi: int) -> tuple[list[OcrLine], float]:
    """Recognised lines (deskewed, in image pixels) and the skew slope that was removed."""
    img = page_image(page, dpi)
    eng = engine()
    with _LOCK:  # one onnxruntime session set per process; it uses all the threads it was given
        result = _detect_then_read(eng, img)
    lines = [OcrLine(text=str(text).strip(), score=float(score), box=[(float(x), float(y)) for x, y in box])
             for box, text, score in result if float(score) >= MIN_SCORE and str(text).strip()]
    dark = img[..., 0] < 128
    for ln in lines:
        ln.ink = _ink(ln, dark)
    slope = _skew(lines)
    if abs(slope) > 0.001:
        cy, cx = img.shape[0] / 2, img.shape[1] / 2
        for ln in lines:
            ln.box = [(x + slope * (y - cy), y - slope * (x - cx)) for x, y in ln.box]
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    return lines, slope


def _detect_then_read(eng, img) -> list:
    """Find lines on a reduced page, read them from the full one: [(box, text, score)].

    Detection cost and memory grow with the pixel count (≈400 MB at 150 dpi A4) while text
    lines stay easy to find at two thirds of the size; recognition needs the full resolution
    of each line, so the boxes are scaled back and the crops taken from the full image.
    Falls back to the engine's own call if its internals differ (another rapidocr version).
    """
    import cv2
    import numpy as np

    h, w = img.shape[:2]
    scale = min(1.0, DET_SIDE / max(h, w))
    try:
        small = cv2.resize(img, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA) \
            if scale < 1.0 else img
        boxes, _ = eng.text_det(small)
        if boxes is None or len(boxes) == 0:
            return []
        boxes = [np.asarray(b, dtype=np.float32) / scale for b in eng.sorted_boxes(boxes)]
        rec, _ = eng.text_rec(eng.get_crop_img_list(img, boxes))
        return [(b.tolist(), r[0], r[1]) for b, r in zip(boxes, rec)]
    except (AttributeError, TypeError):
        result, _ = eng(img, use_cls=False)
        return result or []


def _stroke(region) -> float:
    """Mean stroke width in pixels: twice the ink area over the ink's edge length.

    Unlike the share of dark pixels, this does not grow with how many strokes a character has
    or with the blank half of a 。, only with how heavy the strokes are.
    """
    if region.size == 0:
        return 0.0
    area = float(region.sum())
    edges = float((region[:, 1:] != region[:, :-1]).sum() + (region[1:, :] != region[:-1, :]).sum())
    return 2 * area / edges if edges else 0.0


def _ink(ln: OcrLine, dark) -> list[float]:
    """Per character, the stroke width of the run (cut at 。；：，) it belongs to."""
    text = ln.text
    units, lead, trail = _units(text)
    em = (ln.x1 - ln.x0) / max(0.5, units - lead - trail)
    top, bottom = max(0, int(ln.top)), int(ln.bottom) + 1
    out: list[float] = []
    x = start_x = ln.x0 - lead * em
    start = 0
    for i, ch in enumerate(text):
        x += _width(ch) * em
        if ch in _RUN_END or i == len(text) - 1:
            region = dark[top:bottom, max(0, int(start_x)):max(int(start_x) + 1, int(x))]
            density = _stroke(region)
            chinese = sum(1 for c in text[start:i + 1] if is_cjk(c) and c not in _RUN_END)
            out.extend([density if chinese >= 4 else 0.0] * (i + 1 - start))   # digits are heavy
            start, start_x = i + 1, x
    return out


def _skew(lines: list[OcrLine]) -> float:
    """Median slope of the top edges of long lines (dy/dx, y down); 0 when nothing is long."""
    slopes = []
    for ln in lines:
        (x0, y0), (x1, y1) = ln.box[0], ln.box[1]
        if x1 - x0 > 8 * max(1.0, ln.bottom - ln.top):
            slopes.append((y1 - y0) / (x1 - x0))
    return median(slopes) if len(slopes) >= 3 else 0.0


def _width(ch: str) -> float:
    if ch.isspace():
        return SPACE
    return 1.0 if is_cjk(ch) or ord(ch) > 0x2e80 else NARROW


def _units(text: str) -> tuple[float, float, float]:
    """(width in ems, blank ems before the first ink, blank ems after the last ink)."""
    units = sum(_width(c) for c in text)
    lead = 0.5 if text[:1] in _BLANK_LEFT else 0.0
    trail = 0.5 if text[-1:] in _BLANK_RIGHT else 0.0
    return units, lead, trail


def _line_sizes(lines: list[OcrLine], texts: list[str]) -> list[float]:
    """Font size (= em) of each line in pixels, snapped to the page's body size when close to it."""
    raw: list[float | None] = []
    ratios = []
    for ln, text in zip(lines, texts):
        units, lead, trail = _units(text)
        cjk = sum(1 for c in text if is_cjk(c))
        height = ln.bottom - ln.top
        if units >= 6 and cjk >= 0.7 * len(text):
            size = (ln.x1 - ln.x0) / max(1.0, units - lead - trail)
            raw.append(size)
            if height > 0:
                ratios.append(size / height)
        else:
            raw.append(None)
    k = median(ratios) if ratios else 1.2
    sizes = [s if s is not None else (ln.bottom - ln.top) * k for s, ln in zip(raw, lines)]
    measured = sorted(s for s, t, r in zip(sizes, texts, raw) if r is not None for _ in range(len(t)))
    body = measured[len(measured) // 2] if measured else median(sizes)
    out = []
    for s, r in zip(sizes, raw):
        tol = SNAP if r is not None else SHORT_SNAP
        out.append(body if abs(s - body) <= tol * body else s)
    return out


def read_page(page, number: int, dpi: int):
    """OCR a pdfium page into the text-layer reader's `PageChars` (PDF points, top-down)."""
    from ..pdf.chars import PageChars, Style

    width, height = page.get_size()
    out = PageChars(number=number, width=width, height=height)
    lines, _ = recognise(page, dpi)
    keep = []
    for ln in lines:
        text = cjk_punctuation(ln.text.strip())
        if any(c.isalnum() or is_cjk(c) for c in text):
            keep.append((ln, text))
    if not keep:
        return out
    lines, texts = [k[0] for k in keep], [k[1] for k in keep]
    pt = 72 / dpi
    measured = sorted(v for ln in lines for v in ln.ink if v > 0)
    usual = measured[len(measured) // 2] if measured else 0.0
    styles: dict[tuple[float, bool], int] = {}
    for ln, text, size_px in zip(lines, texts, _line_sizes(lines, texts)):
        size = round(size_px * pt * 2) / 2          # half points, so that pages of one document agree
        # the ink was measured on the text as recognised; punctuation fixes keep its length
        ink = ln.ink if len(ln.ink) == len(text) else [0.0] * len(text)
        sids = []
        for v in ink:
            key = (size, bool(usual) and v > BOLD_INK * usual)
            sid = styles.get(key)
            if sid is None:
                sid = styles[key] = len(out.styles)
                out.styles.append(Style(size=size, bold=key[1], font="OCR"))
            sids.append(sid)
        units, lead, trail = _units(text)
        em = (ln.x1 - ln.x0) / max(0.5, units - lead - trail)
        x = ln.x0 - lead * em
        top, bottom = ln.top * pt, ln.bottom * pt
        for ch, sid in zip(text, sids):
            w = _width(ch) * em
            if not ch.isspace():
                # the 7th field is the stream index: OCR's reading order is top-down, left-right
                out.chars.append((ch, x * pt, top, (x + w) * pt, bottom, sid, len(out.chars)))
            x += w
    return out
