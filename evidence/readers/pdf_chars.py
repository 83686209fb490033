"""A page's characters as pdfplumber makes them, made faster: the same dicts, key for key.

pdfplumber turns each pdfminer layout object into a dict (`Page.process_object`): for a page of
text that is thousands of characters, each of whose attributes goes through `resolve_all` (which
rebuilds every tuple) and whose colour space name is decoded afresh. That conversion is half the
CPU time of reading a page. `fast_chars(page)` makes the page convert its characters here
(`char_converter`), with plain values (numbers, strings, tuples of numbers) taken as they are,
colour space names decoded once, and what every character of the page shares looked up once;
every other object (rules, rectangles, curves, images) still goes through pdfplumber's own code.
The result equals pdfplumber's, which tests/test_reader_pdf_equivalents.py checks object by
object on typeset and real PDFs.

`upright_words(page, ...)` is pdfplumber's `page.extract_words` with the reader's settings, upright
words only, in one loop over each line's characters instead of a generator and a dict per word.

Both mirror pdfplumber MIRRORED_VERSION (`Page.process_object`, `WordExtractor`); with any other
version installed, pdfplumber's own code runs.
"""
from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from unicodedata import normalize as normalize_unicode

import pdfplumber
from pdfminer.layout import LTChar
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils import cluster_objects, resolve_all, resolve_and_decode
from pdfplumber.utils.text import LIGATURES

MIRRORED_VERSION = "0.11.10"
_PLAIN = frozenset({float, int, str, bool, type(None)})
_DECODED: dict[str, str] = {}  # colour space name -> its decoded form


def _resolved(value):
    """resolve_all(value): plain values and tuples of them are their own resolution."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple and _PLAIN.issuperset(map(type, value)):
        return value
    return resolve_all(value)


def _decoded(name):
    if type(name) is not str:
        return resolve_and_decode(name)
    found = _DECODED.get(name)
    if found is None:
        found = _DECODED[name] = resolve_and_decode(name)
    return found


def char_converter(page: Page):
    """`Page.process_object` of pdfplumber MIRRORED_VERSION for this page: characters converted
    here, with what is the same for every character of the page looked up once; other objects
    passed to pdfplumber's own."""
    page_number, unicode_norm = page.page_number, page.pdf.unicode_norm
    height, doctop = page.height, page.initial_doctop
    mb_x0, mb_top = page.mediabox[:2]

    def process_object(obj):
        if type(obj) is not LTChar:
            return Page.process_object(page, obj)
        attr = {k: v if type(v) in _PLAIN else _resolved(v)
                for k, v in obj.__dict__.items() if k in ALL_ATTRS}
        attr["object_type"] = "char"
        attr["page_number"] = page_number
        for cs in ("ncs", "scs"):
            if hasattr(obj, cs):
                attr[cs] = _decoded(getattr(obj, cs).name)
        text = obj.get_text()
        attr["text"] = normalize_unicode(unicode_norm, text) if unicode_norm is not None else text
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr["fontname"], bytes):  # rare byte-encoded font names: pdfplumber's own fix
            return Page.process_object(page, obj)
        if "y0" in attr:
            attr["top"] = (height - attr["y1"]) + mb_top
            attr["bottom"] = (height - attr["y0"]) + mb_top
            attr["doctop"] = doctop + attr["top"]
        if "x0" in attr and mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr

    return process_object


def fast_chars(page: Page) -> Page:
    """The page, converting its characters with `char_converter` (when pdfplumber is the version
    it mirrors); call before the page's objects are first read."""
    if pdfplumber.__version__ == MIRRORED_VERSION:
        page.process_object = char_converter(page)
    return page


_RUN_KEY = itemgetter("upright", "size", "fontname")  # WordExtractor's grouping with these extra_attrs
_X0 = itemgetter("x0")


def _word(chars: list) -> tuple:
    """WordExtractor.merge_chars, the fields the reader keeps: (text, x0, x1, top, bottom, size, fontname)."""
    first = chars[0]
    return ("".join(LIGATURES.get(c["text"], c["text"] or "") for c in chars),
            min(c["x0"] for c in chars), max(c["x1"] for c in chars),
            min(c["top"] for c in chars), max(c["bottom"] for c in chars), first["size"], first["fontname"])


def upright_words(page: Page, x_tolerance_ratio: float, y_tolerance: float) -> list[tuple]:
    """The upright words of `page.extract_words(x_tolerance_ratio=..., y_tolerance=...,
    keep_blank_chars=False, use_text_flow=False, extra_attrs=["size", "fontname"])`, in its order,
    as (text, x0, x1, top, bottom, size, fontname)."""
    if pdfplumber.__version__ != MIRRORED_VERSION:
        return [(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"], w["fontname"])
                for w in page.extract_words(x_tolerance_ratio=x_tolerance_ratio, y_tolerance=y_tolerance,
                                            keep_blank_chars=False, use_text_flow=False,
                                            extra_attrs=["size", "fontname"])
                if w["upright"]]
    words = []
    for (upright, _, _), run in groupby(page.chars, _RUN_KEY):
        if not upright:
            continue  # a rotated run is clustered by itself: leaving it out changes no other word
        for line in cluster_objects(list(run), "top", y_tolerance):
            word: list = []
            for char in sorted(line, key=_X0):  # WordExtractor's sort key (x0, x0), stable alike
                text = char["text"]
                if text.isspace() or text == "":  # a space ends a word; an empty character is a word
                    if word:  # of its own, without text, which the reader leaves out
                        words.append(_word(word))
                    word = []
                    continue
                if word:
                    last = word[-1]
                    if (char["x0"] < last["x0"] or char["x0"] > last["x1"] + x_tolerance_ratio * last["size"]
                            or abs(char["top"] - last["top"]) > y_tolerance):
                        words.append(_word(word))
                        word = []
                word.append(char)
            if word:
                words.append(_word(word))
    return words
