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
from functools import lru_cache

from evidence.schema import Figure
from evidence.text.cells import INTEGER, to_int
from evidence.text.quantity import COUNT_OF, PERCENT
from extractors import checks
from extractors.arm_names import describe
from extractors.literals import folded_window, may_match, required_literals
from extractors.outcome_names import outcome_text

_NOT_IN_NAME = r"(?!(?:and|or|vs|versus|group|arm|the|in|of)\b)"
_GROUP = r"\b(?:the\s+)?(?P<arm>(?:[\"'\u201c][^\"'\u201d]{1,30}[\"'\u201d](?:\s+[a-z]+)?|" + _NOT_IN_NAME + r"[A-Za-z][\w\-+]*(?:\s+" + _NOT_IN_NAME + r"[\w\-+]+){0,3}?)\s+(?:group|arm)|group\s+[A-Z0-9][\w\-]{0,5}|(?:placebo|control)(?:\s+group)?)"
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
    """Arm name -> N as the prose gives it: "randomized to placebo (n = 45)", "N = 357 for placebo"."""
    sizes: dict[str, int] = {}
    for m in _size_matches(text):
        name = m.group("name") or m.group("name2") or ""
        n = to_int(m.group("n") or m.group("n2"))
        words = _WORD.findall(name)
        if words and len(words[-1]) > 2:
            sizes.setdefault(words[-1].lower(), n)  # "randomized to placebo (n = 45)": the last word names it
    return sizes


_SIZE_ANCHOR = re.compile(r"[nN]\s*=")  # every match of `_SIZE` holds one
NAME_REACH = 41  # the longest name `_SIZE` reads before its bracket


def _size_matches(text: str):
    """The matches of `_SIZE.finditer(text)`, tried only where one can start: at an "n =", or
    at most NAME_REACH characters (and the spaces) before the bracket before it. A search from
    every letter of a long text costs far more."""
    starts = set()
    for anchor in _SIZE_ANCHOR.finditer(text):
        starts.add(anchor.start())
        bracket = _last_non_space(text, anchor.start())
        if bracket >= 0 and text[bracket] in "([,":
            starts.update(range(max(0, _last_non_space(text, bracket) + 1 - NAME_REACH), bracket))
    end = 0
    for start in sorted(starts):
        if start >= end:
            match = _SIZE.match(text, start)
            if match:
                yield match
                end = match.end()


def _last_non_space(text: str, before: int) -> int:
    """The index of the last character before `before` that is not white space, or -1."""
    i = before - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i


def _arm_key(name: str) -> str:
    words = [w.lower() for w in _WORD.findall(name)]
    while words and words[0] in {"the", "a"}:
        words.pop(0)
    while words and words[-1] in {"group", "arm", "groups", "arms"}:
        words.pop()
    return " ".join(words)


def _size_of(arm: str, sizes: dict[str, int]) -> int | None:
    """The N of the arm the sizes name exactly ("phone calls" is not "no phone calls"), else of the one
    size whose name is a single word of the arm's name and no other arm's."""
    key = _arm_key(arm)
    keys = {_arm_key(k): n for k, n in sizes.items()}
    if key in keys:
        return keys[key]
    words = set(key.split())
    found = {n for k, n in keys.items() if " " not in k and k in words}
    clash = [k for k in keys if " " in k and words & set(k.split())]
    return found.pop() if len(found) == 1 and not clash else None


def _arm_name(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[\"\u201c\u201d]", "", text)).strip()


_NONE_IN = re.compile(rf"(?:\bthere (?:was|were) no (?P<what>[a-z][\w\s\-]{{2,50}}?)|(?<!there was )(?<!there were )\bno (?P<what2>[a-z][\w\s\-]{{2,50}}?) "
                      rf"(?:was|were) (?:reported|observed|seen|recorded|noted|found|experienced)) (?:in|among) {_GROUP}", re.IGNORECASE)


@lru_cache(maxsize=None)
def _none_in_anchors():
    """The words `_NONE_IN` cannot match without ("no"): a sentence without them is not searched."""
    return required_literals(_NONE_IN)


_VERSUS = re.compile(r"\(\s*(?P<a>\d+)\s*(?:vs\.?|versus)\s*(?P<b>\d+)\s*[;,)]")
_GROUP_PERCENT = re.compile(rf"{_GROUP}\s*\(\s*(?P<p>\d+(?:\.\d+)?)\s*%\s*\)", re.IGNORECASE)


def _special_figures(document, analysis, span, sizes) -> list[Figure]:
    """Sentences that give a group's count without "x of n": "no X was reported in the A group" (zero),
    "in the A group ... than in the B group (4 vs. 30)", "the A group (80%) ... the B group (71%)"."""
    text = document.text
    s, e = span
    sentence = text[s:e]
    out = []
    for m in _NONE_IN.finditer(sentence) if may_match(_none_in_anchors(), folded_window(sentence)) else ():
        total = _size_of(m.group("arm"), sizes)
        what = outcome_text(m.group("what") or m.group("what2"))
        if total and not _NOT_AN_OUTCOME.match(what):
            out.append(_made(document, s + m.start(), s + m.start() + 2, 0, total, m.group("arm"), what, sentence))
    versus = _VERSUS.search(sentence)
    groups = list(re.finditer(_GROUP, sentence, re.IGNORECASE)) if versus else []
    if versus and len(groups) == 2 and groups[1].end() <= versus.start():
        what = _outcome_between(sentence[groups[0].end():groups[1].start()])
        for g, key in zip(groups, ("a", "b")):
            total = _size_of(g.group("arm"), sizes)
            events = int(versus.group(key))
            if what and total and events <= total:
                out.append(_made(document, s + versus.start(key), s + versus.end(key), events, total, g.group("arm"), what, sentence))
    out.extend(_groups_then_values(document, analysis, span, sizes))
    percents = list(_GROUP_PERCENT.finditer(sentence)) if "%" in sentence else []
    if len(percents) >= 2:
        what = _outcome_after(sentence[percents[0].end():percents[1].start()])
        for m in percents:
            total = _size_of(m.group("arm"), sizes)
            p = float(m.group("p"))
            found = [k for k in range(total + 1) if not checks.percent_mismatch(k, total, p)] if total else []
            if what and len(found) == 1:
                out.append(_made(document, s + m.start("p"), s + m.end("p") + 1, found[0], total, m.group("arm"), what, sentence))
    return out


def _groups_then_values(document, analysis, span, sizes) -> list[Figure]:
    """"more patients discontinued in the placebo group than in the A and B groups (25.2%, 12.5%, 10.5%,
    respectively)": the groups first, their values after in the same order; percents alone become
    counts only where exactly one count of the arm's N rounds to them."""
    text = document.text
    s, e = span
    values = [q for q in analysis.quantities_in(s, e) if q.kind in (COUNT_OF, PERCENT)]
    if not values or not _RESPECTIVELY.search(text, values[-1].end, e):
        return []
    groups = []
    for m in re.finditer(_GROUP, text[s:values[0].start], re.IGNORECASE):
        shared = re.search(r"\b(?P<w>[A-Za-z][\w\-]{2,})\s+and\s+(?:the\s+)?$", text[s:s + m.start("arm")])
        if shared and shared.group("w").lower() not in {"the", "group", "groups", "arm", "both"}:
            groups.append((s + shared.start("w"), f"{shared.group('w')} group"))
        groups.append((s + m.start(), _arm_name(m.group("arm"))))
    if len(groups) != len(values) or len(groups) < 2:
        return []
    clause_start = max(text.rfind(c, s, groups[0][0]) for c in (", and", ";", ":")) if groups else s
    lead = text[max(s, clause_start + 1):groups[0][0]]
    lead = re.sub(r"^\W*(?:and\s+)?(?:(?:significantly|slightly|far)\s+)?(?:more|fewer|less)\s+(?:patients|participants|subjects)\s+", "", lead.strip(),
                  flags=re.IGNORECASE)
    what = _outcome(lead)
    if not what:
        return []
    out = []
    for (_, arm), q in zip(groups, values):
        figure = _figure(document, q, arm, what, text[s:e], sizes)
        if figure is not None:
            out.append(figure)
    return out


def _outcome_between(words: str) -> str:
    """"... discontinued treatment compared to those in": the verb phrase between two groups."""
    m = re.match(r"\s*(?P<what>[a-z][^,;()]{3,60}?)\s+(?:compared|than|versus|vs\.?)\b", words)
    if m is None or _EVENT_COUNTS.search(m.group("what")):
        return ""  # "a greater number of complaints": counts of events, not of patients
    return outcome_text(m.group("what"))


_EVENT_COUNTS = re.compile(r"\bnumber of\b|\bcomplaints\b|\bepisodes\b|\bevents\b|\bvisits\b|\btimes\b", re.IGNORECASE)


def _made(document, start, end, events, total, arm, what, sentence) -> Figure:
    return Figure(document=document.path, outcome="OTHER", outcome_text=what, measure="proportion", value=events / total,
                  events=events, total=total, arm=describe(_arm_name(arm), document.text), quote=sentence.strip(),
                  start=start, end=end, page=document.page_at(start), section=document.section_at(start) or "",
                  extractor="outcomes")


def sentence_arm_figures(document, analysis, span, sizes: dict[str, int]) -> list[Figure]:
    """The per-arm counts of one sentence."""
    special = _special_figures(document, analysis, span, sizes)
    return special + [f for f in _count_figures(document, analysis, span, sizes)
                      if not any(x.start <= f.start < x.end for x in special)]


def _count_figures(document, analysis, span, sizes: dict[str, int]) -> list[Figure]:
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
        if i:
            outcome = _clause_outcome(text[counts[i - 1].end:q.start]) or outcome
        arm = arm_after(text, q.end, limit)
        if arm:
            figures.append(_figure(document, q, arm, outcome, sentence, sizes))
    return [f for f in figures if f is not None]


# a later clause that names its own outcome: "..., as was the proportion who stopped treatment (10/200 ...)"
_NEW_CLAUSE_OUTCOME = re.compile(r"(?:[,;]\s*|\b(?:and|while|whereas|but)\s+)(?:as\s+(?:was|were|did)\s+|and\s+)?(?:the\s+)?"
                                 r"(?:proportion|percentage|number|rate|incidence|share|frequency|risk)\s+of\s+"
                                 r"(?P<what>[^()\[\];]{3,100}?)\s*[(\[]?\s*$", re.IGNORECASE)


def _clause_outcome(between: str) -> str:
    """The outcome a new clause names between two counts, or "" (the sentence's outcome goes on)."""
    m = _NEW_CLAUSE_OUTCOME.search(between)
    return _outcome(m.group("what")) if m else ""


def arm_after(text: str, end: int, limit: int) -> str:
    """The group a count is said of right after it ("... in the placebo group", "... in group B"), or ""."""
    m = _IN_GROUP.match(text, end, limit)
    return _arm_name(m.group("arm")) if m else ""


_VERB = re.compile(r"\b(?:was|were|is|are|occurred|did|had|showed|developed|experienced|increased|decreased|differed|"
                   r"remained|reported|did not|compared)\b", re.IGNORECASE)
_SETTING = re.compile(r"^(?:during|in|at|after|over|overall|in total|throughout|within|by)\b", re.IGNORECASE)


def _outcome_after(tail: str) -> str:
    """"... in the placebo group experienced at least one AE": the outcome after the counts."""
    m = re.search(r"\b(?:experienced|had|developed|reported|showed|suffered|required|achieved)\s+(?P<what>[^,;.()]{3,60}?)(?:\s+(?:than|compared|versus|vs)\b|[,;.()]|$)", tail)
    if m is None or _EVENT_COUNTS.search(m.group("what")):
        return ""
    return outcome_text(m.group("what"))


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


_NOT_AN_OUTCOME = re.compile(r"^(?:there|it|this|these|those|they|we|no|similar|"
                             r"(?:an?\s+)?(?:similar|comparable|equal|higher|lower|greater|smaller|larger)\s+(?:proportions?|numbers?|percentages?|shares?|rates?)|(?:no |significant |the )*differences?|both|all|overall"
                             r"|(?:the |this |that |such )?(?:rates?|proportions?|percentages?|incidences?|frequenc(?:y|ies)|risks?|figures?|numbers?)$"
                             r"|(?:significant |statistically significant )?(?:change|decrease|increase|effect|improvement|reduction)s?)\b",
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
    """Arm name -> N from the document's tables and prose."""
    from extractors.arm_tables import document_arm_sizes

    sizes = prose_arm_sizes(document.text)
    for name, n in document_arm_sizes(document).items():
        sizes.setdefault(_arm_key(name), n)
    return sizes


def document_arm_figures(document, analysis, spans, sizes: dict[str, int] | None = None) -> list[Figure]:
    """Per-arm counts of the prose sentences `spans` (tables and background left out by the caller)."""
    sizes = document_sizes(document) if sizes is None else sizes
    out = []
    for span in spans:
        out.extend(sentence_arm_figures(document, analysis, span, sizes))
    return out


def merge(figures: list[Figure], arm_figures: list[Figure]) -> list[Figure]:
    """Where the outcome extractor read the same count, it keeps its reading and takes the arm (unless
    it named a CAR-T outcome in an article about no blood cancer); counts only this module read are added."""
    from dataclasses import replace

    from extractors.restatements import merge_readings

    def choose(kept: Figure, arm: Figure) -> Figure:
        if not kept.disease and kept.outcome != "OTHER":
            return arm  # a CAR-T outcome word ("response") in an article about no blood cancer: its own name
        if not kept.arm and kept.events == arm.events and kept.total == arm.total:
            return replace(kept, arm=arm.arm)
        return kept

    return merge_readings(figures, arm_figures, choose)
