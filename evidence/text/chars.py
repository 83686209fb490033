"""Same-length character normalisation: what the tokenizer sees instead of the raw text.

Articles mix Unicode spaces, dashes and mid-dot decimals ("65·5%", "6·1–13·2", "p = 0·04").
Before tokenizing, each such character is replaced by ONE plain character, so every offset in
the normalised text is the offset in the original: `doc.text` is `normalise_chars(text)` and
quantities still point into `text`. Nothing is ever inserted or removed.
"""
from __future__ import annotations

import re

# one character in, one character out
SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
LINE_BREAKS = "\u000b\u000c\u0085\u2028\u2029"  # vertical tab, form feed (PDF page break), NEL, LS, PS
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"  # hyphens, en/em dash, minus
SLASHES = "\u2044\u2215"  # fraction slash, division slash
TILDES = "\u223c\u301c\uff5e"  # tilde operator, wave dash, fullwidth tilde ("~30%")
COMPARATORS = {"\u2266": "\u2264", "\u2267": "\u2265", "\uff1c": "<", "\uff1e": ">", "\uff1d": "="}
PERCENT_SIGNS = "\uff05\u066a\ufe6a"  # fullwidth, Arabic, small percent signs

CHAR_MAP: dict[int, str] = {
    **{ord(c): " " for c in SPACES},
    **{ord(c): "\n" for c in LINE_BREAKS},
    **{ord(c): "-" for c in DASHES},
    **{ord(c): "/" for c in SLASHES},
    **{ord(c): "~" for c in TILDES},
    **{ord(k): v for k, v in COMPARATORS.items()},
    **{ord(c): "%" for c in PERCENT_SIGNS},
}

# a mid-dot is a decimal point when a digit follows and a digit, space, "(" or comparator precedes
MID_DOT_DECIMAL = re.compile(r"(?:(?<=[0-9\s(\[=<>\u2264\u2265~])|^)[\u00b7\u2219](?=[0-9])")


# a thin or narrow no-break space between digit groups is a thousands separator ("10\u2009218"): a comma
THIN_THOUSANDS = re.compile(r"(?<=[0-9])[\u2009\u202f](?=[0-9]{3}(?![0-9]))")


def normalise_chars(text: str) -> str:
    """`text` with Unicode spaces, dashes, slashes, tildes and mid-dot decimals made plain; same length."""
    if "\u2009" in text or "\u202f" in text:
        text = THIN_THOUSANDS.sub(",", text)
    out = text.translate(CHAR_MAP)
    if "\u00b7" in out or "\u2219" in out:
        out = MID_DOT_DECIMAL.sub(".", out)
    return out
