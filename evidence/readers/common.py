"""What every reader shares: unicode normalisation, decoding, and finding identifiers in text.

`normalise` keeps a map from the normalised text back to the raw text's offsets unnecessary by
changing characters one-for-one where it can (dashes, minus, spaces) and only expanding ligatures,
which readers apply before they record offsets.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from evidence.document import Metadata

# characters replaced one for one
_CHAR_MAP = {
    "\u2212": "-",  # minus sign
    "\u2010": "-", "\u2011": "-", "\u2012": "-",  # hyphen, non-breaking hyphen, figure dash
    "\u2013": "\u2013", "\u2014": "\u2014",  # en and em dash kept: they separate ranges and clauses
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ",
    "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u205f": " ",
    "\u3000": " ",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2032": "'", "\u2033": '"',
    "\ufeff": "", "\u200b": "", "\u00ad": "",  # BOM, zero-width space, soft hyphen
    "\r": "",
}
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
_TRANSLATE = str.maketrans({**_CHAR_MAP, **_LIGATURES})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    """NFC, ligatures expanded, unicode spaces/quotes/minus folded, control characters dropped."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_TRANSLATE)
    return _CONTROL.sub("", text)


def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (by BOM or by its NUL pattern), else Latin-1.

    Raises CorruptFileError for binary data that is not text in any of these.
    """
    from evidence.errors import CorruptFileError

    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    sample = data[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: every other byte NUL for ASCII text
        even_nuls = sample[0::2].count(b"\x00")
        odd_nuls = sample[1::2].count(b"\x00")
        if odd_nuls > len(sample) // 3 and even_nuls == 0:
            return data.decode("utf-16-le", "replace")
        if even_nuls > len(sample) // 3 and odd_nuls == 0:
            return data.decode("utf-16-be", "replace")
        raise CorruptFileError(name, "binary data, not text (NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if _looks_binary(text):
        raise CorruptFileError(name, "binary data, not text")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0x7f <= ord(ch) < 0xa0)
    return bad / len(sample) > 0.05


DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>,;]+[^\s\"<>,;.)\]])", re.IGNORECASE)
PMID = re.compile(r"\bPMID:?\s*(\d{6,9})\b")
NCT = re.compile(r"\bNCT\s?0?(\d{7,8})\b")
YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")


def find_identifiers(text: str) -> dict:
    """DOIs, PMIDs and NCT numbers mentioned in `text`, in order of first appearance, deduplicated."""
    def unique(values):
        return tuple(dict.fromkeys(values))

    return {
        "dois": unique(m.group(1).rstrip(".") for m in DOI.finditer(text)),
        "pmids": unique(m.group(1) for m in PMID.finditer(text)),
        "registrations": unique(f"NCT{int(m.group(1)):08d}" for m in NCT.finditer(text)),
    }


def metadata_from_text(text: str, title: str = "", **known) -> Metadata:
    """Metadata found in free text: identifiers anywhere, a year near the top, the given title."""
    ids = find_identifiers(text)
    year = known.pop("year", None)
    if year is None:
        head_years = [int(y) for y in YEAR.findall(text[:3000])]
        year = max(head_years) if head_years else None
    return Metadata(
        title=title,
        doi=known.pop("doi", "") or (ids["dois"][0] if ids["dois"] else ""),
        pmid=known.pop("pmid", "") or (ids["pmids"][0] if ids["pmids"] else ""),
        registrations=tuple(known.pop("registrations", ())) or ids["registrations"],
        year=year,
        **known,
    )
