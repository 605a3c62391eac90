"""The OFD reader (GB/T 33190, the national fixed-layout format government systems export).

OFD is PDF's counterpart as far as reading goes — characters placed on pages, no paragraphs —
so the reader only turns text objects into positioned characters (`text`) and hands them to the
same layout steps as the PDF reader (lines, running headers and page numbers, columns, reflow
into paragraphs), so an OFD and a PDF of one report read the same. Template pages (where
producers put running headers and footers) are read with their page and land in furniture.
"""
from __future__ import annotations

from pathlib import Path

from ..base import Limits, Reader
from ..errors import DocumentError
from ..model import Document
from .package import Package, child, children
from .text import floats


class OfdReader(Reader):
    format = "ofd"

    @classmethod
    def accepts(cls, head: bytes, suffix: str) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        return suffix == ".ofd" or b"OFD.xml" in head[:200]

    def read(self, path: Path, limits: Limits) -> Document:
        pkg = Package(Path(path), limits)
        try:
            pages = _pages(pkg, limits)
        finally:
            pkg.close()
        return _layout(Path(path), pages)


def _pages(pkg: Package, limits: Limits):
    from ..pdf.chars import PageChars
    from .text import MM, Fonts, add_object, page_box, text_objects

    ofd = pkg.xml("OFD.xml")
    body = child(ofd, "DocBody")
    root_el = child(body, "DocRoot") if body is not None else None
    if root_el is None or not (root_el.text or "").strip():
        raise DocumentError("corrupt OFD file (no DocBody/DocRoot)")
    doc_path = pkg.resolve("OFD.xml", root_el.text)
    document = pkg.xml(doc_path)
    common = child(document, "CommonData")
    default_box = [0.0, 0.0, 210.0, 297.0]
    fonts = Fonts()
    templates: dict[str, str] = {}
    if common is not None:
        area = child(common, "PageArea")
        box = child(area, "PhysicalBox") if area is not None else None
        if box is not None and len(floats(box.text)) == 4:
            default_box = floats(box.text)
        for tag in ("PublicRes", "DocumentRes"):
            for res in children(common, tag):
                if (res.text or "").strip():
                    fonts.load(pkg, pkg.resolve(doc_path, res.text))
        for tpl in children(common, "TemplatePage"):
            if tpl.get("BaseLoc"):
                templates[tpl.get("ID", "")] = pkg.resolve(doc_path, tpl.get("BaseLoc"))
    pages_el = child(document, "Pages")
    refs = children(pages_el, "Page") if pages_el is not None else []
    if not refs:
        raise DocumentError("OFD document has no pages")
    if len(refs) > limits.max_pages:
        raise DocumentError(f"too many pages ({len(refs)}; the limit is {limits.max_pages})")
    out = []
    for n, ref in enumerate(refs, 1):
        part = pkg.resolve(doc_path, ref.get("BaseLoc", ""))
        root = pkg.xml(part)
        box = page_box(root, default_box)
        pc = PageChars(number=n, width=box[2] * MM, height=box[3] * MM)
        style_ids: dict = {}
        for tpl in children(root, "Template"):
            tpl_part = templates.get(tpl.get("TemplateID", ""))
            if tpl_part and pkg.has(tpl_part):
                for obj in text_objects(pkg.xml(tpl_part)):
                    add_object(pc, obj, fonts, style_ids)
        for obj in text_objects(root):
            add_object(pc, obj, fonts, style_ids)
        out.append(pc)
    return out


def _layout(path: Path, pages) -> Document:
    """The PDF reader's layout steps on the OFD's characters (see the module docstring)."""
    from ..pdf.columns import order_page
    from ..pdf.furniture import body_font_size, split_furniture
    from ..pdf.lines import page_lines
    from ..pdf.reflow import Placed, reflow

    lines = [page_lines(pc) for pc in pages]
    warnings = [f"page {pc.number}: no text (an image-only page)" for pc in pages if not pc.chars]
    body_size = body_font_size(lines)
    bodies, furniture = split_furniture(lines, [pc.height for pc in pages], body_size)
    placed: list[Placed] = []
    for i, page in enumerate(bodies):
        ordered, cols = order_page(list(page))
        placed.extend(Placed(item, i + 1, col) for item, col in zip(ordered, cols))
    return Document(source=str(path), format="ofd", blocks=reflow(placed, body_size), pages=len(pages),
                    furniture=furniture, warnings=warnings)
