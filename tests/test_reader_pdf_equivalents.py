"""The PDF reader's shortcuts give what the plain forms give: pdfplumber's objects made by
`fast_chars`, and words by `upright_words`, equal to pdfplumber's own (typeset PDFs, and the real
ones of ../shared/realpdf where they are), a record left as it is when it holds the values
already, words found per box by bisecting equal to testing every word, printable ASCII equal to
its normalised form."""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest

from evidence.readers import pdf_chars
from evidence.readers.common import normalise
from evidence.readers.pdf_layout import Line, Word, changed
from evidence.readers.pdf_tables import cells_to_grid, inside, words_in_boxes
from pdfmaker import TableSpec, make_pdf, make_spaceless_pdf, make_table_pdf

REALPDF = Path(__file__).resolve().parents[1] / ".." / "shared" / "realpdf"
REAL_PAGES = 2  # the first pages of each real PDF: their title pages, tables and figures vary enough

def _assert_same_objects(path: Path, pages: int | None = None) -> int:
    """Every object of the first `pages` pages, converted by pdfplumber and by fast_chars, is the
    same dict (keys in the same order; for objects other than characters, the same repr: their
    streams are new objects each time the file is opened). Returns how many characters were compared."""
    chars = 0
    with pdfplumber.open(path) as plain, pdfplumber.open(path) as fast:
        for page, fast_page in list(zip(plain.pages, fast.pages))[:pages]:
            expected, found = page.objects, pdf_chars.fast_chars(fast_page).objects
            assert list(found) == list(expected)
            for kind in expected:
                assert len(found[kind]) == len(expected[kind])
                for want, got in zip(expected[kind], found[kind]):
                    assert repr(got) == repr(want)
                    if kind == "char":
                        assert list(got.items()) == list(want.items())
                        chars += 1
    return chars


WORD_SETTINGS = [(0.12, 3.0), (0.3, 1.0), (1.0, 6.0)]  # (x_tolerance_ratio, y_tolerance), the reader's first


def _assert_same_words(path: Path, pages: int | None = None) -> int:
    """upright_words is pdfplumber's extract_words (upright words, in order), with the reader's
    settings and others; returns how many words were compared."""
    count = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[:pages]:
            for ratio, y_tolerance in WORD_SETTINGS:
                expected = [(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"], w["fontname"])
                            for w in page.extract_words(x_tolerance_ratio=ratio, y_tolerance=y_tolerance,
                                                        keep_blank_chars=False, use_text_flow=False,
                                                        extra_attrs=["size", "fontname"])
                            if w["upright"]]
                assert pdf_chars.upright_words(page, ratio, y_tolerance) == expected
                count += len(expected)
    return count


def _rotated_note_pdf(path: Path) -> Path:
    """Lines of text with a note set sideways in the margin between them, as journals print
    "Downloaded from ..." up a page's edge: the rotated characters sit amid the upright ones."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "Upright words before the note")
    c.saveState()
    c.translate(40, 500)
    c.rotate(90)
    c.drawString(0, 0, "Downloaded from a site by a reader")
    c.restoreState()
    c.drawString(72, 686, "and upright words after it, 12 (34%)")
    c.save()
    return path


def test_fast_chars_are_pdfplumbers_on_typeset_pdfs(tmp_path):
    prose = ["Ninety-one patients (62%) answered; the fitted model’s ﬁt was good.",
             "Résumé ± 2·5 – done."]
    table = TableSpec(rows=[["Arm", "n", "Rate"], ["A", "40", "12 (30%)"], ["B", "41", "9 (22%)"]])
    made = [make_pdf(tmp_path / "article.pdf", prose * 20, columns=2, title="A Typeset Trial",
                     tables=(table,)).path,
            make_spaceless_pdf(tmp_path / "spaceless.pdf", prose),
            make_table_pdf(tmp_path / "table.pdf", [["Group", "Events"], ["Walk", "3"], ["Rest", "5"]]),
            _rotated_note_pdf(tmp_path / "rotated.pdf")]
    assert sum(_assert_same_objects(path) for path in made) > 500
    assert sum(_assert_same_words(path) for path in made) > 300


@pytest.mark.parametrize("name", ["cermine_test2.pdf", "cermine_web_example3.pdf",
                                  "robotreviewer_example.pdf", "onc_PMC5911624_cancermed_wbrt_tmz.pdf",
                                  "onc_PMC6221679_medicine_elemene_mpe.pdf"])
def test_fast_chars_are_pdfplumbers_on_real_pdfs(name):
    path = REALPDF / name
    if not path.exists():
        pytest.skip(f"../shared not found: {path} is one of the real journal PDFs")
    assert _assert_same_objects(path, REAL_PAGES) > 1000
    assert _assert_same_words(path, REAL_PAGES) > 300


def test_fast_chars_leave_another_pdfplumber_alone(tmp_path, monkeypatch):
    """The conversion mirrors one pdfplumber version: with another, pages keep pdfplumber's own."""
    path = make_spaceless_pdf(tmp_path / "one.pdf", ["Two words"])
    with pdfplumber.open(path) as pdf:
        ours = pdf_chars.upright_words(pdf.pages[0], 0.12, 3.0)
    monkeypatch.setattr(pdfplumber, "__version__", "0.11.99")
    with pdfplumber.open(path) as pdf:
        assert "process_object" not in vars(pdf_chars.fast_chars(pdf.pages[0]))
        assert pdf_chars.upright_words(pdf.pages[0], 0.12, 3.0) == ours
    assert [w[0] for w in ours] == ["Two", "words"]
    monkeypatch.setattr(pdfplumber, "__version__", pdf_chars.MIRRORED_VERSION)
    with pdfplumber.open(path) as pdf:
        assert "process_object" in vars(pdf_chars.fast_chars(pdf.pages[0]))


LINE = Line(words=(), text="a", x0=1.0, x1=2.0, top=3.0, bottom=4.0, size=9.0, bold=False)


@pytest.mark.parametrize("values, same", [
    ({"flow": 0}, True),
    ({"flow": 0, "band": False, "margin": False}, True),
    ({"indent": 0.0}, True),
    ({"flow": 2}, False),
    ({"band": True}, False),
    ({"indent": -0.0}, False),  # the sign of a zero shows in the record's repr
    ({"indent": 0}, False),  # an int is not the float it equals
    ({"indent": 1.5}, False),
])
def test_changed_is_replace_and_shares_an_unchanged_record(values, same):
    result = changed(LINE, **values)
    assert result == replace(LINE, **values) and repr(result) == repr(replace(LINE, **values))
    assert (result is LINE) == same


def _random_words(rng: random.Random, n: int) -> list[Word]:
    words = []
    for i in range(n):
        x0, top = rng.choice([rng.uniform(0, 500), float(rng.randrange(0, 500, 10))]), rng.uniform(0, 700)
        words.append(Word(f"w{i}", x0, x0 + rng.choice([0.0, 10.0, rng.uniform(1, 40)]), top,
                          top + rng.choice([0.0, 10.0, rng.uniform(1, 12)]), 9.0))
    return words


@pytest.mark.parametrize("seed", range(20))
def test_words_in_boxes_is_inside_for_every_word(seed):
    rng = random.Random(seed)
    words = _random_words(rng, rng.randrange(0, 300))
    boxes = []
    for _ in range(rng.randrange(1, 40)):
        x0, top = rng.uniform(-10, 500), rng.uniform(-10, 700)
        boxes.append((x0, top, x0 + rng.uniform(0, 200), top + rng.uniform(0, 100)))
    boxes += [(w.x0, w.top, w.x1, w.bottom) for w in words[:5]]  # centres on the edges' midpoints
    boxes += [((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) * 2 for w in words[5:10]]  # a box of one point
    assert words_in_boxes(words, boxes) == [[w for w in words if inside(w, box)] for box in boxes]


def _plain_grid(cells):
    """cells_to_grid as it was written first: every grid edge tested against every box."""
    xs = sorted({round(c[0], 1) for c in cells})
    tops = sorted({round(c[1], 1) for c in cells})
    rows = [[] for _ in tops]
    for cell in sorted(cells, key=lambda c: (round(c[1], 1), round(c[0], 1))):
        rows[tops.index(round(cell[1], 1))].append(cell)
    placements = [(gr, gc, r, i) for r, row in enumerate(rows) for i, (x0, top, x1, bottom) in enumerate(row)
                  for gr, t in enumerate(tops) if round(top, 1) <= t < round(bottom, 1)
                  for gc, x in enumerate(xs) if round(x0, 1) <= x < round(x1, 1)]
    seen, unique = set(), []
    for p in sorted(placements):
        if p[:2] not in seen:
            seen.add(p[:2])
            unique.append(p)
    return rows, unique


@pytest.mark.parametrize("seed", range(20))
def test_cells_to_grid_is_the_plain_grid(seed):
    rng = random.Random(seed)
    xs = sorted(rng.sample(range(0, 400, 7), rng.randrange(2, 8)))
    ys = sorted(rng.sample(range(0, 600, 11), rng.randrange(2, 12)))
    cells = []
    for r in range(len(ys) - 1):
        c = 0
        while c < len(xs) - 1:
            span = rng.choice([1, 1, 1, 2])  # merged cells across columns, and rows below
            down = rng.choice([1, 1, 1, 2])
            end, low = min(len(xs) - 1, c + span), min(len(ys) - 1, r + down)
            jitter = rng.choice([0.0, 0.04, -0.04, 0.06])  # edges that round together or apart
            cells.append((xs[c] + jitter, ys[r], xs[end], ys[low] + jitter))
            c = end
    assert cells_to_grid(cells) == _plain_grid(cells)


def test_printable_ascii_is_its_own_normal_form():
    """page_to_words skips normalise for printable ASCII: every such character is left as it is."""
    printable = "".join(chr(c) for c in range(128) if chr(c).isprintable())
    assert len(printable) == 95 and normalise(printable) == printable
