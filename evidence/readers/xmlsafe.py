"""Parsing XML without trusting it: no entity expansion, no DTD, no file or network reads.

A document that declares entities in its DOCTYPE (the "billion laughs" and external-entity
attacks both need one) is refused before any parser sees it. An external DTD reference, which
every JATS and PubMed file carries, is left unread. HTML named entities that the unread DTD would
have defined (&ndash;, &nbsp;) become character references first; any other undefined entity stays
in the tree unexpanded. Character references and the five predefined entities decode as usual.

A malformed file (a mismatched tag, a stray "<", a truncated tail) is parsed again in lxml's
recover mode, with the same protections: what the lenient parser keeps is read and the result
carries the strict parser's message, so the document can be flagged `recovered_xml`. Only a file
from which no text can be recovered is refused.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
import html.entities
import re

from lxml import etree

from evidence.errors import CorruptFileError, UnsafeXMLError
from evidence.readers.common import decode

REFUSED = "XML declares entities; refused (entity expansion and external entities are off)"
_PREDEFINED = frozenset(("amp", "lt", "gt", "quot", "apos"))
_DECLARATION = re.compile(r"""^(\s*<\?xml\b[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_FIRST_ELEMENT = re.compile(r"<[A-Za-z_:]")
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
_NAMED_REFERENCE = re.compile(r"&([A-Za-z][A-Za-z0-9._-]*);")
_POSITION = re.compile(r",\s*line \d+,\s*column \d+\s*$")


def bytes_to_text(data: bytes, name: str) -> str:
    """Decode by BOM, by the XML declaration's encoding, else as common.decode does."""
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        match = _DECLARED_ENCODING.match(data[:512])
        if match:
            try:
                codec = codecs.lookup(match.group(1).decode("ascii")).name
                if not codec.startswith("utf-16"):
                    return data.decode(codec)
            except (LookupError, UnicodeDecodeError):
                pass
    return decode(data, name)


def refuse_entity_declarations(text: str, name: str) -> None:
    """UnsafeXMLError when the prolog (the part before the root element) declares an entity."""
    first_element = _FIRST_ELEMENT.search(text)
    prolog = text[: first_element.start()] if first_element else text
    if _ENTITY_DECLARATION.search(prolog):
        raise UnsafeXMLError(name, REFUSED)


def named_to_numeric(text: str) -> str:
    """&ndash; -> &#8211; for every HTML named entity; the predefined five and unknown names stay."""

    def replace(match: re.Match) -> str:
        entity = match.group(1)
        characters = html.entities.html5.get(entity + ";")
        if entity in _PREDEFINED or characters is None:
            return match.group(0)
        return "".join(f"&#{ord(ch)};" for ch in characters)

    return _NAMED_REFERENCE.sub(replace, text)


RECOVERED_XML = "recovered_xml"


@dataclass(frozen=True)
class ParsedXML:
    """A parsed file's root element and, when the file was malformed, the strict parser's message."""

    root: object
    recovered: str = ""  # "malformed XML at line 3, column 53: ...": set only when recover mode read it

    @property
    def flags(self) -> tuple[str, ...]:
        return (RECOVERED_XML,) if self.recovered else ()

    @property
    def warnings(self) -> tuple[str, ...]:
        return (f"{RECOVERED_XML}: {self.recovered}; the text is what a lenient parser could recover",) \
            if self.recovered else ()


def _parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        attribute_defaults=False, huge_tree=False, remove_comments=True, remove_pis=True,
        recover=recover,
    )


def syntax_error_to_message(error: etree.XMLSyntaxError) -> str:
    line, column = error.position if error.position else (error.lineno, 0)
    reason = _POSITION.sub("", error.msg or str(error))
    return f"malformed XML at line {line}, column {column}: {reason}"


def _has_text(root) -> bool:
    return root is not None and any(piece.strip() for piece in root.itertext())


def parse_xml(data: bytes, name: str) -> ParsedXML:
    """`data` parsed safely; a malformed file is recovered leniently (its message kept), and
    CorruptFileError, naming the line and column of the fault, only when no text survives."""
    text = bytes_to_text(data, name)
    refuse_entity_declarations(text, name)
    encoded = _DECLARATION.sub(r"\1", named_to_numeric(text), count=1).encode("utf-8")
    recovered = ""
    try:
        root = etree.fromstring(encoded, _parser())
    except etree.XMLSyntaxError as error:
        recovered = syntax_error_to_message(error)
        try:
            root = etree.fromstring(encoded, _parser(recover=True))
        except etree.XMLSyntaxError:
            root = None
        if not _has_text(root):
            raise CorruptFileError(
                name, f"{recovered}; nothing could be recovered: the file may be truncated or not XML: "
                "re-download it or check it in an XML validator",
            ) from error
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnsafeXMLError(name, REFUSED)
    return ParsedXML(root, recovered)
