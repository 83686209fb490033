"""From a matched span to `Quantity` records: one reading function per pattern label.

Patterns are deliberately loose (optional tokens fold many variants into one pattern, which
keeps the Matcher fast); a reading checks the combination it got and says what it is. It
returns a list of quantities (usually one; "7 and 9%" gives one per number; a date gives
none) or None when the match is not what it looks like ("24/7", "150%" as a share, the "95%"
of "95% CI"), so that another reading of the same words can win. A quantity may cover less
than its match ("a third of" -> "a third"); the words it leaves stay free for other readings.
`READINGS` maps each label in `patterns.PATTERNS` to its function.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from spacy.tokens import Doc, Span

from evidence.text.numerals import NOT_ALONE, read_numeral
from evidence.text.parts import (
    BRACKETS, Numeral, alternating, balanced, between, make, span_to_numerals, token_after, token_before, word_after,
)
from evidence.text.patterns.durations import RANGE_WORDS, TIMEPOINT_UNITS
from evidence.text.patterns.labels import DOTTED_LABEL_WORDS, LABEL_JOINERS
from evidence.text.patterns.statistics import CI_HEADS, INTERVAL_HEADS, INTERVAL_WORDS
from evidence.text.patterns.tokens import MONTHS_PER_UNIT, OF_CONNECTORS, PERCENT_WORDS, SINGULAR_UNITS
from evidence.text.quantity import (
    CI, COUNT, COUNT_OF, DURATION, N_EQUALS, NUMBER, PERCENT, PVALUE, RANGE, SHARE, Quantity,
)
from evidence.text.words import FRACTIONS, ONE_WORDS

# words after a percent that make it a confidence level: "95% CI", "95% confidence interval"
CI_WORDS = frozenset({*CI_HEADS, "credible", "cri"})
# "half" that is not a share: "half-life", "the second half of 2019"
NOT_SHARE_BEFORE_HALF = frozenset({"first", "second", "last", "latter", "other", "1st", "2nd"})
COMPARATOR_SIGNS = {
    "=": "=", "<": "<", ">": ">", "≤": "<=", "≥": ">=", "<=": "<=", ">=": ">=", "=<": "<=", "=>": ">=",
}
YEARS = range(1900, 2101)
DAYS_OF_MONTH = range(1, 32)
MAX_NATURAL_FREQUENCY_NUMERATOR = 20
MAX_EXPONENT = 30

Reading = Callable[[Span], "list[Quantity] | None"]


# ---------------------------------------------------------------- helpers


def is_year(numeral: Numeral) -> bool:
    return numeral.integer and not numeral.words and int(numeral.value) in YEARS and "," not in numeral.text


def is_ci_level(span: Span) -> bool:
    """The percent that ends `span` is a CI level: "95% CI", "95%CI", "CI 95%"."""
    after = token_after(span)
    before = token_before(span)
    return (after is not None and after.lower_ in CI_WORDS) or (before is not None and before.lower_ in CI_WORDS)


def percent_quantity(doc: Doc, numeral: Numeral, start: int, end: int, **fields) -> Quantity:
    """A printed percent: PERCENT when it can be a share (0-100), else a NUMBER."""
    p = numeral.value
    words = fields.pop("words", numeral.words)
    if 0 <= p <= 100:
        return make(doc, PERCENT, start, end, value=p / 100, percent=p, unit="proportion", words=words, **fields)
    return make(doc, NUMBER, start, end, value=p, percent=p, unit="percent", words=words)


def to_months(numeral: Numeral, unit: str) -> float:
    return numeral.value * MONTHS_PER_UNIT[unit]


# ---------------------------------------------------------------- percents


def read_percent(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) != 1 or not numerals[0].percent or is_ci_level(span):
        return None
    return [percent_quantity(span.doc, numerals[0], span.start_char, span.end_char)]


def read_percent_list(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) < 2 or not numerals[-1].percent or any(n.percent for n in numerals[:-1]):
        return None
    if not alternating(span, numerals) or is_ci_level(span) or any(not 0 <= n.value <= 100 for n in numerals):
        return None
    return [percent_quantity(span.doc, n, n.start, n.end) for n in numerals]


def read_count_percent(span: Span) -> list[Quantity] | None:
    """"48 patients (78.7%)", "52% (11 patients)": a percent with its count, in either order."""
    numerals = span_to_numerals(span)
    if len(numerals) != 2 or numerals[0].percent == numerals[1].percent or not balanced(span):
        return None
    count, share = sorted(numerals, key=lambda n: n.percent)
    if not count.integer or count.value < 0 or is_year(count) or not 0 <= share.value <= 100:
        return None
    return [percent_quantity(span.doc, share, span.start_char, span.end_char, events=int(count.value),
                             words=count.words or share.words)]


# ---------------------------------------------------------------- proportions


def slash_is_part_of_longer_chain(doc: Doc, events: Numeral, total: Numeral) -> bool:
    """"12/07/2019", "1/2/3": the slash pair is part of a date or a longer chain."""
    before = doc[events.index - 1] if events.index > 0 else None
    after = doc[total.index + 1] if total.index + 1 < len(doc) else None
    return (before is not None and before.text == "/") or (after is not None and after.text == "/")


def count_of(span: Span, numerals: list[Numeral], events: int, total: int, start: int | None = None,
             end: int | None = None) -> list[Quantity] | None:
    shares = [n for n in numerals if n.percent]
    if total <= 0 or not 0 <= events <= total or len(shares) > 1:
        return None
    percent = shares[0].value if shares else None
    if percent is not None and not 0 <= percent <= 100:
        return None
    return [make(
        span.doc, COUNT_OF, span.start_char if start is None else start, span.end_char if end is None else end,
        value=events / total, events=events, total=total, percent=percent, unit="proportion",
        words=any(n.words for n in numerals),
    )]


def inside_brackets(span: Span) -> tuple[int, int]:
    """Character offsets of `span` without a pair of brackets around all of it: "(8/21, 38%)"."""
    first, last = span[0].text, span[-1].text
    if len(span) > 2 and BRACKETS.get(first) == last and balanced(span[1:-1]):
        return span[1].idx, span[-2].idx + len(span[-2])
    return span.start_char, span.end_char


def read_count_of(span: Span) -> list[Quantity] | None:
    if not balanced(span):
        return None
    numerals = span_to_numerals(span)
    counts = [n for n in numerals if not n.percent]
    if len(counts) != 2 or not all(n.integer for n in counts) or any(n.unit for n in numerals):
        return None
    events, total = counts
    after = word_after(span.doc, total.index)
    if after is not None and after.lower_ in MONTHS_PER_UNIT:  # "3 of 12 months"
        return None
    connector = tuple(w for w in between(span, events, total) if w not in PERCENT_WORDS)
    inner = [n for n in numerals if events.index < n.index < total.index]
    connector = tuple(w for w in connector if all(w != n.text.lower() for n in inner))
    if connector not in OF_CONNECTORS:
        return None
    if connector == ("/",):
        if slash_is_part_of_longer_chain(span.doc, events, total):
            return None
        if is_year(total) and events.value <= 12:  # "12/2019"
            return None
    start, end = inside_brackets(span)
    return count_of(span, numerals, int(events.value), int(total.value), start, end)


def read_all_but(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) != 2 or not all(n.integer for n in numerals):
        return None
    missing, total = (int(n.value) for n in numerals)
    return count_of(span, numerals, total - missing, total)


def read_none_of(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) != 1 or not numerals[0].integer:
        return None
    return count_of(span, numerals, 0, int(numerals[0].value))


def read_every_one_of(span: Span) -> list[Quantity] | None:
    """"every one of the five": all five."""
    numerals = span_to_numerals(span)
    if len(numerals) != 2 or not all(n.integer for n in numerals):
        return None
    total = int(numerals[1].value)
    return count_of(span, numerals, total, total)


def is_natural_frequency(x: Numeral, y: Numeral) -> bool:
    """"1 in 5", "one in every five" (not "ratio 3 in 2", "20 in 2019")."""
    return x.integer and y.integer and 0 < x.value < y.value and x.value <= MAX_NATURAL_FREQUENCY_NUMERATOR \
        and not is_year(y)


def read_natural_frequency(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) != 2 or not is_natural_frequency(*numerals):
        return None
    x, y = numerals
    return [make(
        span.doc, SHARE, span.start_char, span.end_char, value=x.value / y.value, unit="proportion",
        approximate=True, words=x.words or y.words,
    )]


def read_natural_frequency_percent(span: Span) -> list[Quantity] | None:
    """"one in five patients (20%)": the printed percent; the five is the frequency's, not a count."""
    numerals = span_to_numerals(span)
    if len(numerals) != 3 or not is_natural_frequency(*numerals[:2]) or not numerals[2].percent or not balanced(span):
        return None
    x, y, share = numerals
    if not 0 <= share.value <= 100:
        return None
    return [percent_quantity(span.doc, share, span.start_char, span.end_char, words=x.words or y.words)]


def read_share(span: Span) -> list[Quantity] | None:
    fraction = next((t for t in span if t.lower_ in FRACTIONS), None)
    if fraction is None:
        return None
    word = fraction.lower_
    numerals = span_to_numerals(span)
    if numerals:
        numerator = numerals[0].value
    elif span[0].lower_ in ONE_WORDS or word == "half":
        numerator = 1.0
    else:
        return None
    if word == "half" and len(span) == 1:
        before, after = token_before(span), token_after(span)
        if before is not None and before.lower_ in NOT_SHARE_BEFORE_HALF:
            return None
        if after is not None and after.text == "-" and span[0].whitespace_ == "":
            return None
    plural = word.endswith("s")
    if numerator < 1 or (numerator == 1) == plural or numerator >= FRACTIONS[word]:
        return None
    return [make(span.doc, SHARE, span.start_char, fraction.idx + len(fraction),
                 value=numerator / FRACTIONS[word], unit="proportion", words=True)]


# ---------------------------------------------------------------- counts


def is_count(numeral: Numeral) -> bool:
    return numeral.integer and numeral.value >= 0 and not is_year(numeral)


def read_count(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) != 1 or not is_count(numerals[0]):
        return None
    n = int(numerals[0].value)
    end = span.end_char
    if not span[-1].is_alpha:  # COUNT_MORE: "eight more," ends at "more"
        more = next(t for t in reversed(span) if t.is_alpha)
        end = more.idx + len(more)
    return [make(span.doc, COUNT, span.start_char, end, value=float(n), events=n, unit="count", words=numerals[0].words)]


def bare_count(span: Span, alone: bool) -> list[Quantity] | None:
    """The one number of `span` as a count of its own (the words around it are not part of it)."""
    numerals = span_to_numerals(span)
    if len(numerals) != 1 or not is_count(numerals[0]):
        return None
    n = numerals[0]
    if not alone and n.words and n.text.lower() in NOT_ALONE:
        return None
    return [make(span.doc, COUNT, n.start, n.end, value=n.value, events=int(n.value), unit="count", words=n.words)]


def read_subject_count(span: Span) -> list[Quantity] | None:
    """"11 went into remission", "two of those", "and 8 a PR": the subject is a count; not a lone
    "one" ("one had to stop" is as often the pronoun)."""
    return bare_count(span, alone=False)


def read_object_count(span: Span) -> list[Quantity] | None:
    """"reached grade 4 in one;", "CR in 12.": a number that ends the phrase after "in"."""
    return bare_count(span, alone=True)


def read_no_one(span: Span) -> list[Quantity] | None:
    """"No patient", "none of the patients": a count of nobody ("none" needs its "of", "no" has none)."""
    of = any(t.lower_ == "of" for t in span)
    if of != (span[0].lower_ == "none"):
        return None
    return [make(span.doc, COUNT, span.start_char, span.end_char, value=0.0, events=0, unit="count", words=True)]


def read_n_equals(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) != 1 or not numerals[0].integer or numerals[0].value < 0:
        return None
    n = int(numerals[0].value)
    return [make(span.doc, N_EQUALS, span.start_char, span.end_char, value=float(n), total=n, unit="count")]


# ---------------------------------------------------------------- durations and ranges


def read_duration(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) != 1 or not numerals[0].unit or numerals[0].value < 0 or numerals[0].percent:
        return None
    n = numerals[0]
    censored = any(t.text == "+" for t in span)  # "26.3+ months": still going at last contact
    return [make(span.doc, DURATION, span.start_char, span.end_char, value=to_months(n, n.unit), unit="months",
                 words=n.words, timepoint=n.hyphen_unit and n.unit in SINGULAR_UNITS,
                 comparator=">=" if censored else "")]


def dash_chain(doc: Doc, low: Numeral, high: Numeral) -> bool:
    """"2019-12-07": a dash range that continues on either side is not a range."""
    def numeral_at(i: int) -> bool:
        return 0 <= i < len(doc) and bool(read_numeral(doc[i].text)[0])

    before = doc[low.index - 1] if low.index > 0 else None
    after = doc[high.index + 1] if high.index + 1 < len(doc) else None
    return (before is not None and before.text == "-" and before.whitespace_ == "" and numeral_at(low.index - 2)) or \
        (after is not None and after.text == "-" and doc[high.index].whitespace_ == "" and numeral_at(high.index + 2))


def read_range(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) != 2:
        return None
    low, high = numerals
    lead = [t.lower_ for t in span.doc[span.start:low.index]]
    separator = between(span, low, high)
    if len(separator) != 1 or (separator == ("and",)) != ("between" in lead) or dash_chain(span.doc, low, high):
        return None
    start = span.start_char if any(w in RANGE_WORDS for w in lead) else low.start
    words = low.words or high.words
    if low.unit or high.unit:
        if low.percent or high.percent or not high.unit or high.hyphen_unit:
            return None
        low_months, high_months = to_months(low, low.unit or high.unit), to_months(high, high.unit)
        if not 0 <= low_months <= high_months:
            return None
        return [make(span.doc, DURATION, start, span.end_char, low=low_months, high=high_months,
                     unit="months", words=words)]
    if low.value > high.value or (low.percent and not high.percent):
        return None
    if high.percent:
        if 0 <= low.value and high.value <= 100:
            return [make(span.doc, RANGE, start, span.end_char, low=low.value / 100, high=high.value / 100,
                         unit="proportion", words=words)]
        return [make(span.doc, RANGE, start, span.end_char, low=low.value, high=high.value, unit="percent",
                     words=words)]
    return [make(span.doc, RANGE, start, span.end_char, low=low.value, high=high.value, words=words)]


def read_duration_list(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) < 2 or any(n.percent for n in numerals) or not alternating(span, numerals):
        return None
    unit = numerals[-1].unit
    if not unit or any(n.value < 0 for n in numerals):
        return None
    timepoint = numerals[-1].hyphen_unit  # "6- and 12-month PFS"
    return [make(span.doc, DURATION, n.start, n.end, value=to_months(n, unit), unit="months", words=n.words,
                 timepoint=timepoint) for n in numerals]


def read_timepoint(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    unit = span[0].lower_
    if len(numerals) != 1 or unit not in TIMEPOINT_UNITS or numerals[0].value < 0:
        return None
    return [make(span.doc, DURATION, span.start_char, span.end_char, value=to_months(numerals[0], unit),
                 unit="months", timepoint=True, words=numerals[0].words)]


# ---------------------------------------------------------------- statistics


def read_ci(span: Span) -> list[Quantity] | None:
    if not balanced(span):
        return None
    head = next(t for t in span if t.lower_ in CI_HEADS)
    word = word_after(span.doc, head.i)
    if head.lower_ in INTERVAL_HEADS and (word is None or word.i >= span.end or word.lower_ not in INTERVAL_WORDS):
        return None
    numerals = span_to_numerals(span)
    level_numerals = [n for n in numerals if n.index < head.i]
    bounds = [n for n in numerals if n.index > head.i]
    if not level_numerals and len(bounds) == 3 and bounds[0].percent:  # "CI 95%, 2-5"
        level_numerals, bounds = bounds[:1], bounds[1:]
    if len(bounds) != 2 or len(level_numerals) > 1:
        return None
    level = None
    if level_numerals:
        if not level_numerals[0].percent or not 0 < level_numerals[0].value < 100:
            return None
        level = level_numerals[0].value / 100
    elif span[0].i < head.i:  # a stray sign before the words
        return None
    low, high = bounds
    if low.value > high.value or len(between(span, low, high)) != 1:
        return None
    fields = {"level": level, "low": low.value, "high": high.value, "unit": ""}
    if low.unit or high.unit:
        if low.percent or high.percent or not high.unit:
            return None
        fields.update(low=to_months(low, low.unit or high.unit), high=to_months(high, high.unit), unit="months")
    elif high.percent:
        if 0 <= low.value and high.value <= 100:
            fields.update(low=low.value / 100, high=high.value / 100, unit="proportion")
        else:
            fields.update(unit="percent")
    elif low.percent:
        return None
    return [make(span.doc, CI, span.start_char, span.end_char, **fields)]


def read_pvalue(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) != 1 or not 0 <= numerals[0].value <= 1:
        return None
    words = [t.lower_ for t in span]
    if "of" in words or "was" in words or "is" in words:
        if "of" in words and "value" not in words:
            return None
        comparator = "="
    else:
        comparator = COMPARATOR_SIGNS.get("".join(t.text for t in span if t.text in COMPARATOR_SIGNS))
    if comparator is None:
        return None
    return [make(span.doc, PVALUE, span.start_char, span.end_char, value=numerals[0].value,
                 comparator=comparator, unit="p")]


_AFTER_P = frozenset({"for", "and", "or", "vs", "versus", "in", "between", "compared", "respectively", "each", "both"})


def read_bare_pvalue(span: Span) -> list[Quantity] | None:
    """"<0.001", "< .05" alone (a table's P column, "(<0.001)"): a p-value, never a figure. A decimal
    below one after "<", "≤" or ">" with no percent sign or unit after it."""
    numerals = span_to_numerals(span)
    if len(numerals) != 1 or not 0 <= numerals[0].value < 1 or "." not in span[-1].text:
        return None
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and (after.text in ("%", "‰", "/") or after.lower_ in MONTHS_PER_UNIT
                              or after.lower_ in PERCENT_WORDS or after.text[:1].isalpha() and after.lower_ not in _AFTER_P):
        return None  # "<0.5%", "<0.5 mg/kg": a measure, not a p-value
    comparator = COMPARATOR_SIGNS.get(span[0].text)
    if comparator is None:
        return None
    return [make(span.doc, PVALUE, span.start_char, span.end_char, value=numerals[0].value,
                 comparator=comparator, unit="p")]


def read_heterogeneity(span: Span) -> list[Quantity] | None:
    """"I² = 14%", "χ2 = 3.1": a statistic of the studies' heterogeneity, a plain number (its
    percent sign, if any, names the share of variation between studies, never one of patients)."""
    numerals = span_to_numerals(span)
    if numerals and numerals[0].index == span.start + 1 and span[0].text == "I":
        numerals = numerals[1:]  # "I 2 = 56%": the square set apart
    if len(numerals) != 1:
        return None
    return [make(span.doc, NUMBER, span.start_char, span.end_char, value=numerals[0].value)]


def read_mean_sd(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) != 2 or numerals[0].percent or numerals[0].value < 0:
        return None
    mean, sd = numerals
    if sd.unit:
        return [make(span.doc, DURATION, span.start_char, span.end_char, value=to_months(mean, sd.unit),
                     unit="months", words=mean.words)]
    if sd.percent:
        if not 0 <= mean.value <= 100:
            return None
        return [percent_quantity(span.doc, replace(mean, percent=True), span.start_char, span.end_char)]
    return [make(span.doc, NUMBER, span.start_char, span.end_char, value=mean.value)]


# ---------------------------------------------------------------- labels, dates, other numbers


def read_label(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if not numerals or any(n.percent or n.unit for n in numerals):
        numerals = numerals[:1]
        if not numerals or numerals[0].percent or numerals[0].unit:
            return None
    head = span[0].lower_
    if head in DOTTED_LABEL_WORDS and span[1].text != ".":
        return None
    signs = "".join(t.text for t in span.doc[span.start + 1:numerals[0].index] if t.text in COMPARATOR_SIGNS)
    fields: dict = {"value": numerals[0].value, "comparator": COMPARATOR_SIGNS.get(signs, "")}
    end = numerals[0].end
    after = token_after(span)
    measured = after is not None and (after.lower_ in PERCENT_WORDS or after.lower_ in MONTHS_PER_UNIT)
    if len(numerals) == 2 and not measured and between(span, numerals[0], numerals[1]) in {(j,) for j in LABEL_JOINERS}:
        fields.update(low=numerals[0].value, high=numerals[1].value)
        end = numerals[1].end
    return [make(span.doc, NUMBER, span.start_char, end, words=numerals[0].words, **fields)]


def read_date(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    days = [n for n in numerals if n.integer and int(n.value) in DAYS_OF_MONTH and len(n.text) <= 2]
    years = [n for n in numerals if is_year(n)]
    if len(days) > 1 or len(years) > 1 or len(days) + len(years) != len(numerals):
        return None
    return []


def read_scientific(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    times = any(t.lower_ in ("x", "×", "*") for t in span)
    if len(numerals) == 3 and times:  # 1 x 10 ^ 6
        mantissa, _, exponent = numerals
        value = mantissa.value * 10.0 ** exponent.value if abs(exponent.value) <= MAX_EXPONENT else None
    elif len(numerals) == 2 and not times and span[0].text == "10":  # 10 ^ 6
        value = 10.0 ** numerals[1].value if abs(numerals[1].value) <= MAX_EXPONENT else None
    elif len(numerals) == 2 and times and span[-1].text.startswith("10"):  # 2 × 10⁶
        value = numerals[0].value * numerals[1].value
    else:
        value = None
    if value is None:
        return None
    return [make(span.doc, NUMBER, span.start_char, span.end_char, value=value)]


def read_duration_with_range(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) != 3 or any(n.percent or not n.unit or n.value < 0 for n in numerals):
        return None
    median, low, high = numerals
    if not low.value <= high.value or len(between(span, low, high)) != 1:
        return None
    return [make(span.doc, DURATION, span.start_char, span.end_char, value=to_months(median, median.unit),
                 low=to_months(low, low.unit), high=to_months(high, high.unit), unit="months",
                 words=any(n.words for n in numerals))]


def read_reference(span: Span) -> list[Quantity] | None:
    """A citation's year; volume: pages, or a DOI: nothing to read."""
    if span[0].lower_ != "doi" and not is_year(span_to_numerals(span)[0]):
        return None
    return []


def read_name(span: Span) -> list[Quantity] | None:
    """"IL-6", "COVID-19": a word, a hyphen and a number written as one."""
    word, dash, _ = span
    if word.whitespace_ or dash.whitespace_ or word.lower_ in MONTHS_PER_UNIT:
        return None
    return []


def read_number(span: Span) -> list[Quantity] | None:
    numerals = span_to_numerals(span)
    if len(numerals) != 1:
        return None
    n = numerals[0]
    if n.words and n.text.lower() in NOT_ALONE:
        return []
    return [make(span.doc, NUMBER, span.start_char, span.end_char, value=n.value, words=n.words)]


READINGS: dict[str, Reading] = {
    "PERCENT": read_percent,
    "PERCENT_LIST": read_percent_list,
    "COUNT_PERCENT": read_count_percent,
    "COUNT_OF": read_count_of,
    "COUNT_OF_PERCENT": read_count_of,
    "ALL_BUT": read_all_but,
    "NONE_OF": read_none_of,
    "EVERY_ONE_OF": read_every_one_of,
    "NATURAL_FREQUENCY": read_natural_frequency,
    "NATURAL_FREQUENCY_PERCENT": read_natural_frequency_percent,
    "SHARE": read_share,
    "COUNT": read_count,
    "COUNT_MORE": read_count,
    "COUNT_SUBJECT": read_subject_count,
    "COUNT_OBJECT": read_object_count,
    "NO_ONE": read_no_one,
    "N_EQUALS": read_n_equals,
    "DURATION": read_duration,
    "RANGE": read_range,
    "DURATION_LIST": read_duration_list,
    "TIMEPOINT": read_timepoint,
    "CI": read_ci,
    "PVALUE": read_pvalue,
    "PVALUE_BARE": read_bare_pvalue,
    "LABEL": read_label,
    "DATE": read_date,
    "SCIENTIFIC": read_scientific,
    "MEAN_SD": read_mean_sd,
    "HETEROGENEITY": read_heterogeneity,
    "NAME": read_name,
    "DURATION_WITH_RANGE": read_duration_with_range,
    "REFERENCE": read_reference,
    "NUMBER": read_number,
}
