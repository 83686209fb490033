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

The conversion mirrors `Page.process_object` of pdfplumber MIRRORED_VERSION; with any other
version installed, pages are left to pdfplumber's own code.
"""
from __future__ import annotations

from unicodedata import normalize as normalize_unicode

import pdfplumber
from pdfminer.layout import LTChar
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils import resolve_all, resolve_and_decode

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
