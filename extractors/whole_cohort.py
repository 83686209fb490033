"""Toxicity said of every patient in words: "cytokine release syndrome occurred in all patients",
"all patients developed CRS". With the cohort's size stated by the article (cohort_statement) it
is n of n; "... but was limited to grade 1-2" (or "all grade 1-2", "all mild") adds that none
had grade 3 or higher: 0 of n.
"""
from __future__ import annotations

import re

from evidence.schema import Figure, infusion_code
from extractors import mentions, restatements
from extractors.context import DocumentContext

_TOXICITY = r"(?P<tox>cytokine[- ]release syndrome|CRS|ICANS|neuro-?toxicity|immune effector cell[- ]associated neurotoxicity(?: syndrome)?)"
_ALL = r"\ball (?:the |(?:of )?these |(?:of )?our )?(?:patients|pts|cases|subjects|participants|children|adults)\b"
EVERYONE = (
    re.compile(_TOXICITY + r"(?:\s*\([A-Z]+\))?\s+(?:occurred|was observed|was seen|was reported|developed|was noted)\s+in\s+" + _ALL, re.IGNORECASE),
    re.compile(_ALL + r"\s+(?:developed|experienced|had)\s+(?:some |any[- ]grade )?" + _TOXICITY, re.IGNORECASE),
)
LOW_GRADE_ONLY = re.compile(r"[^.;]{0,30}?\b(?:but\s+)?(?:(?:was|were)\s+)?(?:limited to|all|only|exclusively|confined to)\s+"
                            r"(?:(?:of|at)\s+)?(?:grades?\s*1\s*(?:-|–|to|or|and)\s*2|mild|low[- ]grade)\b", re.IGNORECASE)


def everyone_figures(document, context: DocumentContext, span, cohort: int | None) -> list[Figure]:
    """The n-of-n (and none-severe) figures of a sentence that says every patient had a toxicity."""
    if not cohort:
        return []
    text = document.text
    s, e = span
    for pattern in EVERYONE:
        found = pattern.search(text, s, e)
        if found is None:
            continue
        code = [m.label for m in mentions.find(mentions.OUTCOME, found.group("tox"))]
        if not code or code[0] not in ("CRS", "ICANS"):
            return []
        figures = [_figure(document, context, code[0], cohort, cohort, "", found, span)]
        if LOW_GRADE_ONLY.match(text, found.end(), e):
            figures.append(_figure(document, context, code[0], 0, cohort, ">=3", found, span))
        return figures
    return []


def _figure(document, context: DocumentContext, outcome: str, events: int, total: int, grade: str, found, span) -> Figure:
    text = document.text
    figure = Figure(
        document=document.path, outcome=outcome, measure="proportion", value=events / total, unit="proportion",
        events=events, total=total, ci_low=None, ci_high=None, timepoint_months=None, grade=grade,
        disease=context.disease, infusion=infusion_code(context.default_infusion), prior_target=context.prior_target,
        target=context.target, target_relation=context.relation, subgroup="",
        quote=text[span[0]:span[1]].strip(), start=found.start(), end=found.end(), page=document.page_at(found.start()),
        section=document.section_at(found.start()) or "", flags="total_from_cohort", extractor="outcomes",
    )
    return restatements.no_infusion(figure)
