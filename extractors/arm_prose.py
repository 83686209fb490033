"""Per-arm figures in the prose of trial reports: each count with its events, total and arm.

How trial reports give a binary outcome per arm in a sentence:

- "2 of 18 in the cemented group and 0 of 27 in the TM group", "6/30 (20%) in group L vs 26/30 in
  group N": a count of a total, then the group it was counted in;
- "87% (26/30), 20% (6/30) and 0% in group N, group L and group R, respectively": counts, then the
  groups in the same order;
- "A serious event occurred in 1 (2.2%) patient in the placebo group": a count and percent in a
  group whose size the report gives elsewhere ("randomized to placebo (n = 45)", a table's
  "Placebo (n = 45)"); the total is taken only when the percent rounds from it.

The outcome is the sentence's own words before the first count ("The proportion of "at risk"
components at 5 years was" -> "\"at risk\" components at 5 years"), lightly normalised.
"""
from __future__ import annotations

import re

from evidence.schema import Figure
from evidence.text.cells import INTEGER, to_int
from evidence.text.quantity import COUNT_OF, PERCENT
from extractors import checks
from extractors.arm_names import describe
from extractors.outcome_names import outcome_text

_NOT_IN_NAME = r"(?!(?:and|or|vs|versus|group|arm|the|in|of)\b)"
_GROUP = r"\b(?:the\s+)?(?P<arm>(?:[\"'\u201c][^\"'\u201d]{1,30}[\"'\u201d]|" + _NOT_IN_NAME + r"[A-Za-z][\w\-+]*(?:\s+" + _NOT_IN_NAME + r"[\w\-+]+){0,3}?)\s+(?:group|arm)|group\s+[A-Z0-9][\w\-]{0,5}|(?:placebo|control)(?:\s+group)?)"
_IN_GROUP = re.compile(rf"\s*(?:patients?|subjects?|participants?|cases?)?\s*(?:\)\s*)?(?:in|among|of|for|with|receiving)\s+{_GROUP}\b", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_GROUP_LIST = re.compile(rf"(?:in|among|for)\s+(?P<list>(?:{_GROUP.replace('?P<arm>', '?:')})(?:\s*(?:,|and|or|,\s*and)\s*(?:{_GROUP.replace('?P<arm>', '?:')}))+)\s*,?\s*respectively", re.IGNORECASE)
_ONE_GROUP = re.compile(_GROUP.replace("?P<arm>", "?P<one>"), re.IGNORECASE)
_SIZE = re.compile(rf"(?P<name>[A-Za-z][\w\- ]{{1,40}}?)\s*[(\[,]\s*[nN]\s*=\s*(?P<n>{INTEGER})\s*[)\],;]"
                   rf"|[nN]\s*=\s*(?P<n2>{INTEGER})\s+(?:for|in)\s+(?:the\s+)?(?P<name2>[A-Za-z][\w\-]+(?:\s+[\w\-]+)?)")
_LEAD = re.compile(r"^(?:.*?[;:]\s*)?(?:in (?:the|this|both|all) [^,]{0,40},\s*)?", re.IGNORECASE)
_VERB_TAIL = re.compile(r"\s*(?:was|were|is|are|occurred|developed|reported|observed|seen|noted|found|had|in|among|of|:|,|\()+\s*$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]+")


def prose_arm_sizes(text: str) -> dict[str, int]:
    """Arm word -> N as the prose gives it: "randomized to placebo (n = 45)", "N = 357 for placebo"."""
    sizes: dict[str, int] = {}
    for m in _SIZE.finditer(text):
        name = m.group("name") or m.group("name2") or ""
        n = to_int(m.group("n") or m.group("n2"))
        words = [w.lower() for w in _WORD.findall(name)]
        if words and len(words[-1]) > 2:
            sizes.setdefault(words[-1], n)
    return sizes


def _size_of(arm: str, sizes: dict[str, int]) -> int | None:
    found = {sizes[w] for w in (x.lower() for x in _WORD.findall(arm)) if w in sizes and w not in {"group", "arm", "the"}}
    return found.pop() if len(found) == 1 else None


def _arm_name(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().strip("\"'\u201c\u201d")).strip()


def sentence_arm_figures(document, analysis, span, sizes: dict[str, int]) -> list[Figure]:
    """The per-arm counts of one sentence."""
    text = document.text
    s, e = span
    counts = [q for q in analysis.quantities_in(s, e) if q.kind in (COUNT_OF, PERCENT) and q.events is not None]
    if not counts:
        return []
    outcome = _outcome(text[s:counts[0].start]) or _outcome_after(text[counts[-1].end:e])
    if not outcome:
        return []
    sentence = text[s:e]
    figures = []
    values = [q for q in analysis.quantities_in(s, e) if q.kind in (COUNT_OF, PERCENT) and q.start >= counts[0].start]
    listed = _GROUP_LIST.search(text, values[-1].end, e)
    if listed and _RESPECTIVELY.search(text, values[-1].end, e):
        arms = [_arm_name(m.group("one")) for m in _ONE_GROUP.finditer(listed.group("list"))]
        if len(arms) == len(values):
            for q, arm in zip(values, arms):
                figures.append(_figure(document, q, arm, outcome, sentence, sizes))
            return [f for f in figures if f is not None]
    for i, q in enumerate(counts):
        limit = counts[i + 1].start if i + 1 < len(counts) else e
        m = _IN_GROUP.match(text, q.end, limit)
        if m is None:
            continue
        figures.append(_figure(document, q, _arm_name(m.group("arm")), outcome, sentence, sizes))
    return [f for f in figures if f is not None]


_VERB = re.compile(r"\b(?:was|were|is|are|occurred|did|had|showed|developed|experienced|increased|decreased|differed|"
                   r"remained|reported|did not|compared)\b", re.IGNORECASE)
_SETTING = re.compile(r"^(?:during|in|at|after|over|overall|in total|throughout|within|by)\b", re.IGNORECASE)


def _outcome_after(tail: str) -> str:
    """"... in the placebo group experienced at least one AE": the outcome after the counts."""
    m = re.search(r"\b(?:experienced|had|developed|reported|showed|suffered|required|achieved)\s+(?P<what>[^,;.()]{3,60})", tail)
    return outcome_text(m.group("what")) if m else ""


def _outcome(lead: str) -> str:
    """The outcome named before the first count, without the sentence's lead-in and verb."""
    lead = _LEAD.sub("", lead.strip())
    verb = _VERB.search(lead)
    if verb and verb.start() > 0:
        lead = lead[:verb.start()]
    if _SETTING.match(lead.strip()):
        return ""
    previous = None
    while previous != lead:
        previous = lead
        lead = _VERB_TAIL.sub("", lead)
    lead = re.sub(r"^(?:the\s+)?(?:incidence|proportion|percentage|number|rate|share|frequency|risk)\s+of\s+(?:patients\s+(?:with|who)\s+)?", "", lead, flags=re.IGNORECASE)
    name = outcome_text(lead)
    if _NOT_AN_OUTCOME.match(name):
        return ""
    return name if 2 < len(name) <= 80 and re.search(r"[a-z]{3}", name) else ""


_NOT_AN_OUTCOME = re.compile(r"^(?:there|it|this|these|those|they|we|no|similar|(?:no |significant |the )*differences?|both|all|overall)\b",
                             re.IGNORECASE)


def _figure(document, q, arm: str, outcome: str, sentence: str, sizes) -> Figure | None:
    if not arm:
        return None
    events, total, flags = q.events, q.total, []
    if events is None:  # a percent alone: its events when the arm's size gives exactly one count
        total = _size_of(arm, sizes)
        found = [k for k in range(total + 1) if not checks.percent_mismatch(k, total, q.percent)] if total and q.percent is not None else []
        if len(found) != 1:
            return None
        events = found[0]
    elif total is None:
        total = _size_of(arm, sizes)
        if total is None or q.percent is None or events > total or checks.percent_mismatch(events, total, q.percent):
            return None
    elif q.percent is not None and checks.percent_mismatch(events, total, q.percent):
        flags.append("percent_mismatch")
    if not total or not 0 <= events <= total:
        return None
    return Figure(
        document=document.path, outcome="OTHER", outcome_text=outcome, measure="proportion", value=events / total,
        events=events, total=total, arm=describe(arm, document.text), quote=sentence.strip(), start=q.start, end=q.end,
        page=document.page_at(q.start), section=document.section_at(q.start) or "", flags=";".join(flags),
        extractor="outcomes",
    )


def document_sizes(document) -> dict[str, int]:
    """Arm word -> N from the document's tables and prose."""
    from extractors.arm_tables import document_arm_sizes

    sizes = prose_arm_sizes(document.text)
    for name, n in document_arm_sizes(document).items():
        words = [w.lower() for w in _WORD.findall(name)]
        if words and len(words[-1]) > 2:
            sizes.setdefault(words[-1], n)
    return sizes


def document_arm_figures(document, analysis, spans, sizes: dict[str, int] | None = None) -> list[Figure]:
    """Per-arm counts of the prose sentences `spans` (tables and background left out by the caller)."""
    sizes = document_sizes(document) if sizes is None else sizes
    out = []
    for span in spans:
        out.extend(sentence_arm_figures(document, analysis, span, sizes))
    return out


def merge(figures: list[Figure], arm_figures: list[Figure]) -> list[Figure]:
    """Where the outcome extractor read the same count, it keeps its reading and takes the arm;
    counts only this module read are added."""
    from dataclasses import replace

    by_start = {f.start: i for i, f in enumerate(figures)}
    out = list(figures)
    for a in arm_figures:
        i = by_start.get(a.start)
        if i is None:
            out.append(a)
        elif not out[i].arm and out[i].events == a.events and out[i].total == a.total:
            out[i] = replace(out[i], arm=a.arm)
    return out
