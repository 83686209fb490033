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


# --- names, dates and section headings, shared by the structured readers -------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_SEASONS = {"winter": 1, "spring": 4, "summer": 7, "autumn": 10, "fall": 10}


def month_number(text: str) -> int | None:
    """1-12 for "3", "03", "Mar", "March", "Spring" (its first month); None otherwise."""
    text = text.strip().rstrip(".").lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return _MONTHS.get(text) or _SEASONS.get(text)


def iso_date(year, month=None, day=None) -> str:
    """ "2020-01-15", "2020-01" or "2020" from parts (strings or ints); "" without a plausible year."""
    try:
        year = int(str(year).strip()[:4])
    except ValueError:
        return ""
    if not 1900 <= year <= 2100:
        return ""
    number = month_number(str(month)) if month not in (None, "") else None
    if number is None:
        return f"{year:04d}"
    try:
        day = int(str(day).strip()) if day not in (None, "") else None
    except ValueError:
        day = None
    if day is None or not 1 <= day <= 31:
        return f"{year:04d}-{number:02d}"
    return f"{year:04d}-{number:02d}-{day:02d}"


_ISO = re.compile(r"\b(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?!\d)")
_BARE_YEAR = re.compile(r"\b(\d{4})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_YEAR_MONTH_DAY = re.compile(r"\b(\d{4})\s+([A-Za-z]{3,9})\.?(?:\s+(\d{1,2}))?\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


def parse_date(text: str) -> str:
    """An ISO (partial) date from the ways articles and web pages write one; "" when none is found.

    "2020-01-15T08:00Z", "2020/1/15", "15 January 2020", "January 15, 2020", "2019 Dec 5", "Dec 2019".
    """
    text = text.strip()
    match = _ISO.search(text)
    if match and month_number(match.group(2)):
        return iso_date(*match.groups())
    for pattern, order in (
        (_DAY_MONTH_YEAR, (3, 2, 1)),
        (_MONTH_DAY_YEAR, (3, 1, 2)),
        (_YEAR_MONTH_DAY, (1, 2, 3)),
        (_MONTH_YEAR, (2, 1, None)),
    ):
        match = pattern.search(text)
        if match and month_number(match.group(order[1])):
            return iso_date(*(match.group(i) if i else None for i in order))
    match = _BARE_YEAR.search(text)
    return iso_date(match.group(1)) if match else ""


def initials(given: str) -> str:
    """ "Jordan A." -> "JA", "Hao-Wei" -> "HW"; initials already given ("JA") stay as they are."""
    given = given.strip()
    if re.fullmatch(r"[A-Z]{1,3}", given):
        return given
    return "".join(part[0].upper() for part in re.split(r"[\s.\-]+", given) if part and part[0].isalpha())


def author_name(surname: str, given: str = "") -> str:
    """ "Surname GivenInitials", the form PubMed uses ("Gauthier J")."""
    surname = " ".join(surname.split())
    letters = initials(given)
    return f"{surname} {letters}".strip() if surname else " ".join(given.split())


def author_from_text(name: str) -> str:
    """An author written as "Gauthier, Jordan", "Jordan Gauthier" or "Gauthier J" -> "Gauthier J"."""
    name = " ".join(name.replace("*", " ").split()).strip(" ,;")
    if not name:
        return ""
    if "," in name:
        surname, _, given = name.partition(",")
        return author_name(surname, given)
    parts = name.split(" ")
    if len(parts) == 1 or re.fullmatch(r"[A-Z]{1,3}", parts[-1]):
        return name  # a single name, or already "Surname INITIALS"
    particles = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "dos"}
    split = len(parts) - 1
    while split > 1 and parts[split - 1].lower() in particles:
        split -= 1
    return author_name(" ".join(parts[split:]), " ".join(parts[:split]))


SECTION_NAMES = frozenset((
    "abstract", "summary", "background", "introduction", "methods", "materials and methods",
    "patients and methods", "study design", "design", "results", "discussion", "conclusion",
    "conclusions", "references", "acknowledgments", "acknowledgements", "key points", "highlights",
    "limitations", "funding", "disclosures", "conflict of interest", "conflicts of interest",
    "supplementary material", "objective", "objectives", "purpose", "aims", "findings",
    "interpretation", "case report", "case presentation", "statistical analysis",
))
_HEADING_LINE = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s+|[IVX]+\.\s+)?([A-Za-z][A-Za-z &/-]{2,40}?)\s*:?\s*$")


def section_heading(line: str) -> str | None:
    """The section a line heads when it is a standard article heading ("3. Results", "METHODS:")."""
    match = _HEADING_LINE.match(line)
    if match and " ".join(match.group(1).lower().split()) in SECTION_NAMES:
        return match.group(1).strip()
    return None


def kind_of_section(section: str | None) -> str:
    """ "abstract" for a section named like an abstract (its subsections too), else "body"."""
    top = (section or "").split(" > ")[0].strip().lower()
    return "abstract" if top in ("abstract", "summary") or top.startswith("abstract") else "body"
