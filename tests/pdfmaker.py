"""Test PDFs made with reportlab, laid out like articles: one or two columns, a title and abstract
across both columns, running heads and page numbers, ruled (or unruled) tables, hyphenation.

`make_pdf` typesets prose and reports on which pages each paragraph landed, so tests know the
right page of a sentence without asking the reader under test. `make_lines_pdf` sets given lines
at given places (for exact cases such as a word hyphenated at a line end). Paragraphs starting
with "# " are headings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (BaseDocTemplate, Frame, FrameBreak, KeepTogether, NextPageTemplate,
                                PageBreak, PageTemplate, Paragraph, Table, TableStyle)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SOFT_HYPHEN = "\u00ad"
NON_BREAKING_HYPHEN = "\u2011"
MARGIN = 54.0
TOP_MARGIN = 72.0
GUTTER = 18.0
VOWELS = set("aeiouy")


def unicode_font() -> tuple[str, str] | None:
    """(regular, bold) names of a registered TrueType serif with ligature glyphs, if installed."""
    regular, bold = FONT_DIR / "DejaVuSerif.ttf", FONT_DIR / "DejaVuSerif-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return None
    if "DejaVuSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSerif", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold", str(bold)))
    return "DejaVuSerif", "DejaVuSerif-Bold"


def hyphenate_word(word: str) -> str:
    """Soft hyphens where a simple rule allows a break in a long lower-case word: between two
    consonants, or before a consonant between vowels, at least three letters from either end."""
    if len(word) < 8 or not word.isalpha() or not word.islower():
        return word
    out = [word[:3]]
    for i in range(3, len(word) - 3):
        a, b, c = word[i - 1], word[i], word[i + 1]
        if (a not in VOWELS and b not in VOWELS and c in VOWELS and word[i - 2] in VOWELS
                or a in VOWELS and b not in VOWELS and c in VOWELS):
            out.append(SOFT_HYPHEN)
        out.append(b)
    out.append(word[len(word) - 3:])
    return "".join(out)


def hyphenate(text: str) -> str:
    return re.sub(r"(?<![A-Za-z])[a-z]+(?![A-Za-z])", lambda m: hyphenate_word(m.group(0)), text)


@dataclass(frozen=True)
class TableSpec:
    """A table placed after body paragraph `after` (0: before the first), with its caption."""

    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    after: int = 0
    ruled: bool = True


@dataclass(frozen=True)
class Rendered:
    """What make_pdf made: the file, its page count, and the first and last page of each body
    paragraph (in the order given)."""

    path: Path
    pages: int
    paragraph_pages: tuple[tuple[int, int], ...]


class _Tracked(Paragraph):
    """A paragraph that remembers its index through the splits reportlab makes at page ends."""

    index: int | None = None

    def split(self, available_width, available_height):
        parts = super().split(available_width, available_height)
        # reportlab may rewrap the first part one line longer at a soft hyphen: give it less room
        for _ in range(3):
            if len(parts) != 2 or parts[0].wrap(available_width, available_height)[1] <= available_height:
                break
            available_height -= self.style.leading
            parts = super().split(available_width, available_height)
        for part in parts:
            part.index = self.index
        return parts


class _ArticleTemplate(BaseDocTemplate):
    def __init__(self, path, header, footer, **kwargs):
        super().__init__(str(path), pagesize=letter, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=TOP_MARGIN, bottomMargin=TOP_MARGIN, **kwargs)
        self.header, self.footer = header, footer
        self.drawn: dict[int, list[int]] = {}

    def afterFlowable(self, flowable):
        if getattr(flowable, "index", None) is not None:
            self.drawn.setdefault(flowable.index, []).append(self.page)

    def decorate(self, canv, doc):
        width, height = letter
        canv.saveState()
        canv.setFont("Helvetica", 8)
        header = (self.header,) if isinstance(self.header, str) else self.header or ()
        if header:
            canv.drawString(MARGIN, height - 40, header[0].format(page=doc.page))
        if len(header) > 1:
            canv.drawRightString(width - MARGIN, height - 40, header[1].format(page=doc.page))
        if self.footer:
            canv.drawCentredString(width / 2, 34, self.footer.format(page=doc.page))
        canv.restoreState()


def _styles(font: str, bold: str, size: float, justify: bool, hyphenated: bool) -> dict:
    body = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.25,
                          alignment=TA_JUSTIFY if justify else TA_LEFT, spaceAfter=size * 0.6,
                          embeddedHyphenation=1 if hyphenated else 0)
    return {
        "body": body,
        "heading": ParagraphStyle("heading", parent=body, fontName=bold, fontSize=size + 1.5,
                                  leading=(size + 1.5) * 1.25, spaceBefore=size * 0.8, spaceAfter=size * 0.4,
                                  alignment=TA_LEFT, embeddedHyphenation=0),
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=18, leading=22,
                                alignment=TA_LEFT, spaceAfter=10, embeddedHyphenation=0),
        "caption": ParagraphStyle("caption", parent=body, fontName=bold, alignment=TA_LEFT, spaceBefore=4,
                                  spaceAfter=4, embeddedHyphenation=0),
        "cell": ParagraphStyle("cell", parent=body, fontSize=size - 1, leading=(size - 1) * 1.2,
                               alignment=TA_LEFT, spaceAfter=0, embeddedHyphenation=0),
    }


def _paragraph(text: str, styles: dict, hyphenated: bool, index: int | None = None) -> Paragraph:
    if text.startswith("# "):
        flowable = _Tracked(escape(text[2:]), styles["heading"])
    elif hyphenated:
        # reportlab's embedded hyphenation mangles breaks at real hyphens ("CART-A" set as "CARTA"):
        # with a font that has it, a non-breaking hyphen (read back as "-") keeps compounds whole
        text = hyphenate(text)
        if styles["body"].fontName == "DejaVuSerif":
            text = re.sub(r"(?<=\w)-(?=\w)", NON_BREAKING_HYPHEN, text)
        flowable = _Tracked(escape(text), styles["body"])
    else:
        flowable = _Tracked(escape(text), styles["body"])
    flowable.index = index
    return flowable


def _table(spec: TableSpec, styles: dict, width: float) -> list:
    data = [[Paragraph(escape(cell), styles["cell"]) for cell in row] for row in spec.rows]
    table = Table(data, colWidths=[width / len(spec.rows[0])] * len(spec.rows[0]), hAlign="LEFT")
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if spec.ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    table.setStyle(TableStyle(style))
    caption = [Paragraph(escape(spec.caption), styles["caption"])] if spec.caption else []
    return [*caption, table]


def _height(flowables: list, width: float) -> float:
    total = 0.0
    for f in flowables:
        _, h = f.wrap(width, 10_000)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total + 6


def make_pdf(path: str | Path, paragraphs: list[str], *, columns: int = 1, title: str = "",
             abstract: tuple[str, ...] = (), header: str | tuple[str, ...] | None = None,
             footer: str | None = "{page}", tables: tuple[TableSpec, ...] = (), hyphenate: bool = True,
             metadata_title: str = "", author: str = "", font_size: float = 9.5,
             justify: bool = True) -> Rendered:
    """Typeset an article. Two columns put the title and abstract across the page at the top of
    page 1, and each table across the page at the top of a new page (where journals put them);
    one column keeps a table after its paragraph. `header` ("left" or ("left", "right")) and
    `footer` are formatted with the page number (`{page}`)."""
    if columns not in (1, 2):
        raise ValueError("columns must be 1 or 2")
    path = Path(path)
    fonts = unicode_font() or ("Times-Roman", "Times-Bold")
    styles = _styles(*fonts, font_size, justify, hyphenate)
    doc = _ArticleTemplate(path, header, footer, title=metadata_title, author=author)
    width, height = doc.width, doc.height
    column_width = (width - GUTTER) / 2
    top = [Paragraph(escape(title), styles["title"])] if title else []
    top += [_paragraph(p, styles, hyphenate) for p in abstract]
    by_position: dict[int, list[TableSpec]] = {}
    for spec in tables:
        by_position.setdefault(spec.after, []).append(spec)

    def frames(top_height: float, prefix: str) -> list[Frame]:
        kw = dict(leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        below = height - top_height
        made = [Frame(MARGIN, TOP_MARGIN + below, width, top_height, id=f"{prefix}top", **kw)] if top_height else []
        if columns == 1:
            return made + [Frame(MARGIN, TOP_MARGIN, width, below, id=f"{prefix}body", **kw)]
        return made + [Frame(MARGIN, TOP_MARGIN, column_width, below, id=f"{prefix}left", **kw),
                       Frame(MARGIN + column_width + GUTTER, TOP_MARGIN, column_width, below,
                             id=f"{prefix}right", **kw)]

    templates = [PageTemplate("body", frames(0, "b"), onPage=doc.decorate)]
    story: list = []
    if columns == 2 and top:
        templates.insert(0, PageTemplate("first", frames(_height(top, width), "f"), onPage=doc.decorate))
        story += [*top, FrameBreak(), NextPageTemplate("body")]
    else:
        story += top
    for position in range(len(paragraphs) + 1):
        for n, spec in enumerate(by_position.get(position, ())):
            if columns == 2:
                name = f"table{position}_{n}"
                block = _table(spec, styles, width)
                templates.append(PageTemplate(name, frames(_height(block, width), name), onPage=doc.decorate))
                story += [NextPageTemplate(name), PageBreak(), NextPageTemplate("body"), *block, FrameBreak()]
            else:
                story.append(KeepTogether(_table(spec, styles, width)))
        if position < len(paragraphs):
            story.append(_paragraph(paragraphs[position], styles, hyphenate, position))
    doc.addPageTemplates(templates)
    doc.build(story)
    spans = tuple((min(doc.drawn[i]), max(doc.drawn[i])) for i in range(len(paragraphs)))
    return Rendered(path=path, pages=doc.page, paragraph_pages=spans)


def make_lines_pdf(path: str | Path, pages: list[list[tuple[float, float, str]]], size: float = 10,
                   bold_lines: tuple[str, ...] = (), rules: list[list[tuple[float, float, float]]] = ()) -> Path:
    """A PDF whose pages carry exactly the given lines: (x, top, text), top measured down from
    the top of the page, in a serif font of `size` (bold for lines in `bold_lines`; a fourth item
    sets a line's own size). "^{...}"
    in a line is set as a superscript (70% size, raised by 40% of the size), "_{...}" as a subscript
    (70% size, lowered by 25%). `rules` gives each page's horizontal rules as (x0, x1, top)."""
    path = Path(path)
    fonts = unicode_font() or ("Times-Roman", "Times-Bold")
    c = canvas.Canvas(str(path), pagesize=letter)
    height = letter[1]
    default = size
    for number, lines in enumerate(pages):
        for x, top, text, *own in lines:  # (x, top, text) or (x, top, text, size)
            size = own[0] if own else default
            font = fonts[1] if text in bold_lines else fonts[0]
            line = c.beginText(x, height - top - size)
            for piece in re.split(r"([\^_]\{[^}]*\})", text):
                rise = {"^": 0.4, "_": -0.25}.get(piece[:1], 0) if piece.endswith("}") else 0
                line.setFont(font, size * 0.7 if rise else size)
                line.setRise(size * rise)
                line.textOut(piece[2:-1] if rise else piece)
            c.drawText(line)
        for x0, x1, top in (rules[number] if number < len(rules) else ()):
            c.setLineWidth(0.5)
            c.line(x0, height - top, x1, height - top)
        c.showPage()
    c.save()
    return path


def make_encrypted_pdf(path: str | Path, password: str = "secret") -> Path:
    """A one-page PDF that opens only with `password`."""
    path = Path(path)
    c = canvas.Canvas(str(path), pagesize=letter, encrypt=password)
    c.drawString(72, 700, "Complete response in 40 of 61 patients (65.5%).")
    c.save()
    return path


def make_image_pdf(path: str | Path, pages: int = 2) -> Path:
    """A scan: pages holding only a picture of text, no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    path = Path(path)
    picture = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(picture).text((20, 80), "Complete response in 40 of 61 patients", fill=0)
    c = canvas.Canvas(str(path), pagesize=letter)
    for _ in range(pages):
        c.drawImage(ImageReader(picture), 72, 400, width=468, height=156)
        c.showPage()
    c.save()
    return path


def make_figures_pdf(path: str | Path, pages: int = 24, pixels: int = 200) -> Path:
    """Pages of one incompressible picture (random noise, pixels x pixels) and a caption each: a
    file mostly made of image data, to watch what a reader keeps of it."""
    import os

    from PIL import Image
    from reportlab.lib.utils import ImageReader

    path = Path(path)
    c = canvas.Canvas(str(path), pagesize=letter)
    for number in range(1, pages + 1):
        picture = Image.frombytes("RGB", (pixels, pixels), os.urandom(pixels * pixels * 3))
        c.drawImage(ImageReader(picture), 72, 300, 300, 300)
        c.drawString(72, 250, f"Figure {number}. Responses on page {number}.")
        c.showPage()
    c.save()
    return path


def make_spaceless_pdf(path: str | Path, lines: list[str], size: float = 10, gap_em: float = 0.25) -> Path:
    """A PDF whose words are separated by a gap only, with no space glyph between them (as some
    publishers typeset): each character is placed on its own, `gap_em` of the size between words."""
    path = Path(path)
    font = (unicode_font() or ("Times-Roman", "Times-Bold"))[0]
    c = canvas.Canvas(str(path), pagesize=letter)
    height = letter[1]
    for n, text in enumerate(lines):
        x, y = MARGIN, height - TOP_MARGIN - n * size * 1.3
        for word in text.split():
            for ch in word:
                c.setFont(font, size)
                c.drawString(x, y, ch)
                x += pdfmetrics.stringWidth(ch, font, size)
            x += gap_em * size
    c.showPage()
    c.save()
    return path


def make_table_pdf(path: str | Path, rows: list[list[str]], spans: list[tuple[tuple[int, int], tuple[int, int]]] = (),
                   above: str = "", below: str = "", size: float = 9) -> Path:
    """One ruled table (reportlab's grid; `spans` as ((col, row), (col, row)) corners of merged
    cells), with a paragraph of prose above and below it."""
    path = Path(path)
    fonts = unicode_font() or ("Times-Roman", "Times-Bold")
    styles = _styles(*fonts, size, True, False)
    doc = BaseDocTemplate(str(path), pagesize=letter, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=TOP_MARGIN, bottomMargin=TOP_MARGIN)
    doc.addPageTemplates([PageTemplate("body", [Frame(MARGIN, TOP_MARGIN, doc.width, doc.height)])])
    data = [[Paragraph(escape(cell), styles["cell"]) for cell in row] for row in rows]
    table = Table(data, colWidths=[doc.width / len(rows[0])] * len(rows[0]), hAlign="LEFT")
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
    style += [("SPAN", a, b) for a, b in spans]
    table.setStyle(TableStyle(style))
    story = [Paragraph(escape(above), styles["body"])] if above else []
    story.append(table)
    story += [Paragraph(escape(below), styles["body"])] if below else []
    doc.build(story)
    return path
