"""Numbers written in words: "eight", "thirty-four", "one hundred and twelve", "two-thirds".

Data first (the words authors use), then two small pure functions that read them.
"""
from __future__ import annotations

import re

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}
NUMBER_WORDS: frozenset[str] = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES)

# denominators of fractions in words: "a third", "two-thirds", "three quarters", "half"
FRACTIONS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}

# words that, as a numerator, mean 1: "a third", "one-third" (the "one" is already a number word)
ONE_WORDS: frozenset[str] = frozenset({"a", "an", "one"})

_SEPARATORS = re.compile(r"[\s-]+")


def words_to_number(phrase: str) -> int | None:
    """The whole number a phrase of number words spells, or None if it spells none.

    >>> words_to_number("Thirty-four"), words_to_number("one hundred and twelve")
    (34, 112)
    >>> words_to_number("three four") is None  # two numbers, not one
    True
    """
    words = [w for w in _SEPARATORS.split(phrase.lower()) if w]
    if not words:
        return None
    total = 0  # completed thousands
    current = 0  # the group being read (below 1000)
    last = ""  # "unit", "ten", "teen", "hundred", "thousand", "and"
    for word in words:
        if word == "and":
            if last not in ("hundred", "thousand"):
                return None
            last = "and"
        elif word in TENS:
            if last in ("unit", "teen", "ten") or current % 100:
                return None
            current += TENS[word]
            last = "ten"
        elif word in UNITS:
            value = UNITS[word]
            if last in ("unit", "teen") or (last == "ten" and value >= 10) or (last == "ten" and value == 0):
                return None
            if current % 100 and last != "ten":
                return None
            current += value
            last = "teen" if value >= 10 else "unit"
        elif word == "hundred":
            if last not in ("unit", "teen") or current >= 100 or current == 0:
                return None
            current *= 100
            last = "hundred"
        elif word == "thousand":
            if current == 0 or total:
                return None
            total, current = current * 1000, 0
            last = "thousand"
        else:
            return None
    if last == "and":
        return None
    return total + current


def fraction_denominator(word: str) -> int | None:
    """The denominator a fraction word names ("thirds" gives 3), or None."""
    return FRACTIONS.get(word.lower())
