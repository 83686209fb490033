"""Tables flattened into lines: a web page's table copied as text puts each cell on its own line.

    All treated patients (n=40)          <- a population heading: its size is the total
    Overall response rate*               <- a line that is only an outcome's name
    80% (32) [64, 91]                    <- the line after it: percent, (count), [95% CI]

A value line is read only when it strictly alternates with its outcome line (the line before the
name is not another name, the line after the value is not another value): when a table was
flattened column by column, the names come in a block and then the values in a block, and which
value is whose can no longer be read. The population is the last heading with "(n=N)" above; a
heading naming a restriction of the subgroup vocabulary ("all enrolled") makes it a subgroup.
"""
from __future__ import annotations

import re

from evidence.schema import Figure, infusion_code
from extractors import mentions, restatements
from extractors.context import DocumentContext

_NUMBER = r"(\d{1,3}(?:\.\d+)?)"
VALUE_LINE = re.compile(r"\s*" + _NUMBER + r"\s*%\s*(?:\(\s*(\d{1,5})\s*\))?\s*(?:\[\s*" + _NUMBER + r"\s*%?\s*[,–-]\s*" + _NUMBER
                        + r"\s*%?\s*\])?\s*")
HEADING_LINE = re.compile(r"\s*([A-Za-z][^\n()]{2,80}?)\s*\(\s*n\s*=\s*(\d{1,5})\s*\)\s*", re.IGNORECASE)
_NAME_TAIL = re.compile(r"[\s*†‡§¶\d,]*$")  # footnote marks after an outcome's name
_STACKED_OUTCOMES = frozenset({"CR", "ORR", "PR", "SD", "PD", "NR", "MRD_NEG", "RELAPSE"})


def stacked_figures(document, analysis, context: DocumentContext) -> list[Figure]:
    """The figures of tables flattened one cell per line, each under its outcome's name."""
    text = document.text
    lines = [(s, e) for s, e in analysis.sentences if "\n" not in text[s:e].strip()]
    figures = []
    heading = None  # (label, n)
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        found = HEADING_LINE.fullmatch(line)
        if found:
            heading = (found.group(1), int(found.group(2)))
            continue
        value = VALUE_LINE.fullmatch(line)
        if value is None or i == 0 or heading is None:
            continue
        name = _outcome_name(text, lines[i - 1])
        if name is None or (i >= 2 and _outcome_name(text, lines[i - 2]) is not None):
            continue
        if i + 1 < len(lines) and VALUE_LINE.fullmatch(text[lines[i + 1][0]:lines[i + 1][1]]):
            continue
        figure = _figure(document, context, name, value, heading, (s, e), lines[i - 1])
        if figure is not None:
            figures.append(figure)
    return figures


def _outcome_name(text: str, span) -> str | None:
    """The outcome a line names when the line is only that name ("Complete remission rate*")."""
    line = text[span[0]:span[1]]
    name = line[:_NAME_TAIL.search(line).start()].strip()
    if not name or len(name) > 45 or re.search(r"\d", name):
        return None
    found = [m for m in mentions.find(mentions.OUTCOME, name) if not m.lay]
    if len(found) != 1 or found[0].label not in _STACKED_OUTCOMES:
        return None
    rest = (name[:found[0].start] + " " + name[found[0].end:]).strip()
    return found[0].label if re.fullmatch(r"(?:rates?|\(\w+\))?", rest, re.IGNORECASE) else None


def _figure(document, context: DocumentContext, outcome: str, value, heading, span, name_span) -> Figure | None:
    percent = float(value.group(1))
    if percent > 100:
        return None
    proportion = percent / 100
    events = int(value.group(2)) if value.group(2) else None
    total = heading[1] if events is not None else None
    if events is not None and (events > total or abs(events / total - proportion) > 0.01):
        events = total = None  # the count is not of the heading's patients
    ci_low = ci_high = None
    if value.group(3):
        low, high = float(value.group(3)) / 100, float(value.group(4)) / 100
        if low <= proportion <= high:
            ci_low, ci_high = low, high
    subgroups = mentions.find(mentions.SUBGROUP, heading[0])
    subgroup = subgroups[0].label if subgroups else ""
    text = document.text
    figure = Figure(
        document=document.path, outcome=outcome, measure="proportion", value=proportion, unit="proportion",
        events=events, total=total, ci_low=ci_low, ci_high=ci_high, timepoint_months=None, grade="",
        disease=context.disease, infusion=infusion_code(context.default_infusion), prior_target=context.prior_target,
        target=context.target, target_relation=context.relation, subgroup=subgroup,
        quote=f"{heading[0]} (n={heading[1]}) | {text[name_span[0]:name_span[1]].strip()} | {text[span[0]:span[1]].strip()}",
        start=span[0] + value.start(1), end=span[0] + value.end(), page=document.page_at(span[0]),
        section=document.section_at(span[0]) or "", flags="", extractor="outcomes",
    )
    return restatements.no_infusion(figure)
