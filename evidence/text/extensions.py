"""Every custom attribute the text layer adds to spaCy objects, declared once, here.

- `Token._.numeral`: "int", "decimal", "word" or "" (what Matcher patterns test)
- `Token._.number`: the token's value as a float, or None
- `Doc._.source_text`: the text as given, before same-length character normalisation
  (`doc.text` is its normalised twin; offsets are shared)
- `Doc._.quantities`: the `Quantity` records the `evidence_quantities` component found
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from evidence.text.numerals import numeral_kind, numeral_value

TOKEN_EXTENSIONS = {
    "numeral": {"getter": numeral_kind},
    "number": {"getter": numeral_value},
}
DOC_EXTENSIONS = {
    "source_text": {"default": None},
    "quantities": {"default": ()},
}


def declare_extensions() -> None:
    """Declare the attributes above (idempotent: a second call changes nothing)."""
    for name, spec in TOKEN_EXTENSIONS.items():
        if not Token.has_extension(name):
            Token.set_extension(name, **spec)
    for name, spec in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, **spec)


declare_extensions()
