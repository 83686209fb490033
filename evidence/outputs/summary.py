"""A plain-language summary for patients and advocates: what is known about a second CAR-T infusion
after the first one failed, with the same target or a different one.

    summary = summarize(book, pools)     # PlainSummary: sections of sentences
    summary_to_markdown(summary)
    summary_to_html(summary)             # a standalone page; summary_to_html_fragment for the report

Every number in the text is a `Claim` that says which pooled or study figure it was drawn from
(`Claim.source`) and how (`Claim.kind`): "share" numbers are natural frequencies (a proportion
times 10 or 100, rounded), "count" numbers are counts of studies or people, "denominator" numbers
are the 10 or 100 of "in every 10". Sentences are short and words plain (US grade 8 or below by
Flesch-Kincaid). The summary describes; it gives no advice.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass

from evidence.outputs.pooled import Pooled
from evidence.outputs.studybook import StudyBook

TITLE = "A second CAR-T infusion after the first one did not work: what the studies show"
HIGH_I2 = 50.0  # percent: results "differ a lot" from study to study


@dataclass(frozen=True)
class Claim:
    """A number in the summary and the figure it was drawn from."""

    text: str
    kind: str                       # share | count | denominator
    source: tuple                   # ("pool", key, group, field) | ("studies", what) | ("study", name, "n_after_failure")
    value: float                    # the figure (a proportion for shares, the count itself otherwise)
    denominator: int | None = None  # 10 or 100 for shares


@dataclass(frozen=True)
class Sentence:
    text: str
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Section:
    heading: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class PlainSummary:
    title: str
    sections: tuple[Section, ...]

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(c for s in self.sections for sentence in s.sentences for c in sentence.claims)

    @property
    def text(self) -> str:
        """The words alone (no markup): what a reader reads, and what readability is scored on."""
        parts = [self.title + "."]
        for section in self.sections:
            parts.append(section.heading + ".")
            parts.extend(s.text for s in section.sentences)
        return "\n".join(parts)


# -- numbers as words -------------------------------------------------------------------------------

def half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


TENS_RANGE = (0.15, 0.85)  # a point estimate in here is said in tens ("about 2 in every 10")


def denominator_for(point: float, *bounds: float) -> int:
    """10 when the estimate lies in TENS_RANGE and its bounds round to 1..9 in 10; 100 otherwise
    (7.7% is "about 8 in every 100", not "about 1 in every 10")."""
    in_tens = TENS_RANGE[0] <= point <= TENS_RANGE[1]
    return 10 if in_tens and all(1 <= half_up(10 * p) <= 9 for p in bounds) else 100


def share(p: float, denominator: int, source: tuple) -> Claim:
    return Claim(str(half_up(p * denominator)), "share", source, p, denominator)


def count(n: int, source: tuple) -> Claim:
    return Claim(str(n), "count", source, n)


def per(denominator: int) -> Claim:
    return Claim(str(denominator), "denominator", ("denominator",), denominator)


def say(template: str, *claims: Claim) -> Sentence:
    """A sentence whose `{}` are filled, in order, with the claims' numbers."""
    return Sentence(template.format(*(c.text for c in claims)), claims)


def studies_word(n: int) -> str:
    return "study" if n == 1 else "studies"


def people_word(n: int) -> str:
    return "person" if n == 1 else "people"


# -- building the summary ---------------------------------------------------------------------------

def summarize(book: StudyBook, pools: dict[str, Pooled], date: str = "", data_as_of: str = "") -> PlainSummary:
    """The plain summary of a study book and its pooled results; `date` ("2026-12-02"), when
    given, is said at the end with the sources."""
    from evidence.outputs.plain_words import how_long, sources, who_was_in

    studies = book.retreatment_studies
    sections = [
        Section("What this is about", tuple(about(studies) + who_was_in(book, studies))),
        Section("How often did it work?", tuple(how_often(pools))),
        Section("How long did it last?", tuple(how_long(book, studies))),
        Section("Side effects", tuple(side_effects(pools))),
        Section("How sure can we be?", tuple(how_sure(studies, pools))),
        Section("What we do not know", tuple(not_known())),
        Section("Where this comes from", tuple(sources(studies, date, data_as_of))),
    ]
    return PlainSummary(TITLE, tuple(sections))


def about(studies) -> list[Sentence]:
    out = [
        Sentence("CAR-T therapy uses a person's own immune cells to fight some blood cancers."),
        Sentence("Sometimes the first CAR-T infusion does not work, or the cancer comes back."),
        Sentence("Then doctors may try a second infusion."),
        Sentence("The second one can aim at the same target on the cancer cells as the first one, "
                 "or at a different target."),
    ]
    k = len(studies)
    if k == 0:
        return out + [Sentence("We found no study of a second infusion after the first one failed.")]
    known = [s.n_after_failure for s in studies if s.n_after_failure]
    people = sum(known)
    if known:
        some = "" if len(known) == k else "at least "
        out.append(say(f"We found {{}} {studies_word(k)} with {some}{{}} {people_word(people)} who had a second "
                       f"infusion after the first one failed.", count(k, ("studies", "count")),
                       count(people, ("studies", "people"))))
    else:
        out.append(say(f"We found {{}} {studies_word(k)} of a second infusion after the first one failed.",
                       count(k, ("studies", "count"))))
    for relation, template in (
            ("same", "In {} of the %s, the second infusion aimed at the same target."),
            ("different", "In {} of the %s, it aimed at a different target."),
            ("mixed", "In {} of the %s, some people got the same target and some got a different one.")):
        n = sum(1 for s in studies if s.target_relation == relation)
        if n:
            out.append(say(template % studies_word(k), count(n, ("studies", relation))))
    return out


def how_often(pools: dict[str, Pooled]) -> list[Sentence]:
    cr = pools.get("CR")
    out = [Sentence("Doctors call it a complete response when tests can no longer find the cancer.")]
    estimates = {}
    for relation in ("same", "different"):
        estimate = cr.estimate(relation) if cr else None
        if estimate is not None:
            estimates[relation] = estimate
    for relation, words in (("same", "With the same target"), ("different", "With a different target")):
        estimate = estimates.get(relation)
        if estimate is None:
            out.append(Sentence(f"{words}, no study gave the number of people whose cancer went away."))
            continue
        out += frequency_sentences("CR", relation, estimate,
                                   f"{words}, the cancer went away completely in about {{}} in every {{}} "
                                   f"{{people}} ({{}} {{studies}}, {{}} {{people_n}}).", cr.n_studies(relation))
    if len(estimates) == 2:
        same, different = estimates["same"].proportion, estimates["different"].proportion
        if abs(same - different) >= 0.05:
            better = "a different target" if different > same else "the same target"
            out.append(Sentence(f"In these studies, the cancer went away more often with {better}."))
            out.append(Sentence("But the studies were not alike in many ways, so this does not prove "
                                "that one choice is better."))
        else:
            out.append(Sentence("In these studies, the two choices worked about as often as each other."))
    orr = pools.get("ORR")
    shown = [(r, orr.estimate(r)) for r in ("same", "different")] if orr else []
    shown = [(r, e) for r, e in shown if e is not None]
    if shown:
        out.append(Sentence("Some people had a partial response: the cancer shrank but did not go away."))
        for relation, estimate in shown:
            words = "the same target" if relation == "same" else "a different target"
            d = denominator_for(estimate.proportion)
            k = orr.n_studies(relation)
            out.append(say(f"With {words}, the cancer shrank or went away in about {{}} in every {{}} people "
                           f"({{}} {studies_word(k)}).",
                           share(estimate.proportion, d, ("pool", "ORR", relation, "proportion")), per(d),
                           count(k, ("pool", "ORR", relation, "studies"))))
    return out


def frequency_sentences(key: str, group: str, estimate, template: str, studies: int | None = None) -> list[Sentence]:
    """ "... in about 4 in every 10 people (3 studies, 120 people)." and the range after it;
    `studies`: how many studies the pooled cohorts come from (default: one per cohort)."""
    studies = estimate.k if studies is None else studies
    d = denominator_for(estimate.proportion, estimate.ci_low, estimate.ci_high)
    head = template.replace("{people}", "people").replace("{studies}", studies_word(studies)) \
        .replace("{people_n}", people_word(estimate.total))
    first = say(head, share(estimate.proportion, d, ("pool", key, group, "proportion")), per(d),
                count(studies, ("pool", key, group, "studies")), count(estimate.total, ("pool", key, group, "total")))
    low, high = half_up(estimate.ci_low * d), half_up(estimate.ci_high * d)
    if low == high:
        return [first]
    low_claim = share(estimate.ci_low, d, ("pool", key, group, "ci_low"))
    high_claim = share(estimate.ci_high, d, ("pool", key, group, "ci_high"))
    if low == 0:
        second = say("The true number could be close to none, or as high as {} in every {}.", high_claim, per(d))
    else:
        second = say("The true number could be as low as {} or as high as {} in every {}.",
                     low_claim, high_claim, per(d))
    return [first, second]


def side_effects(pools: dict[str, Pooled]) -> list[Sentence]:
    out = [Sentence("A second infusion can cause the same side effects as the first one.")]
    effects = (
        ("CRS3", ("One is a strong immune reaction called cytokine release syndrome.",
                  "It can cause fever and low blood pressure."),
         "A severe form of this reaction happened in about {} in every {} people"),
        ("ICANS3", ("Another affects the brain and nerves.", "It can cause confusion or trouble speaking."),
         "A severe form of this happened in about {} in every {} people"),
    )
    for key, what, template in effects:
        out += [Sentence(text) for text in what]
        pooled = pools.get(key)
        estimate = pooled.estimate() if pooled else None
        if estimate is None:
            out.append(Sentence("The studies did not report how often it was severe in a way we could add up."))
            continue
        d = denominator_for(estimate.proportion)
        k = pooled.n_studies()
        names = sorted({pooled.study_of(st.study) for st in pooled.studies()})
        out.append(say(template + f" ({{}} {studies_word(k)}: {', '.join(names)}).",
                       share(estimate.proportion, d, ("pool", key, "", "proportion")), per(d),
                       count(k, ("pool", key, "", "studies"))))
    return out


def how_sure(studies, pools: dict[str, Pooled]) -> list[Sentence]:
    out = [Sentence("We cannot be very sure about these numbers.")]
    k = len(studies)
    sizes = [s.n_after_failure for s in studies if s.n_after_failure]
    if k:
        small = " and they are small" if sizes and max(sizes) < 100 else ""
        out.append(say(f"There are only {{}} {studies_word(k)}{small}.", count(k, ("studies", "count"))))
    if sizes:
        largest = max(sizes)
        name = next(s.study for s in studies if s.n_after_failure == largest)
        out.append(say("The largest had {} people who had a second infusion after the first one failed.",
                       count(largest, ("study", name, "n_after_failure"))))
    with_design = [s for s in studies if s.design]
    if with_design:
        looked_back = sum(1 for s in with_design if "retrospective" in s.design)
        if looked_back:
            out.append(say(f"{{}} of the {{}} {studies_word(len(with_design))} we could check looked back "
                           f"at the records of past patients.",
                           count(looked_back, ("studies", "retrospective")),
                           count(len(with_design), ("studies", "with design"))))
        if not any("randomised" in s.design for s in with_design):
            out.append(Sentence("No study put people into groups by chance to compare the choices."))
        compared = sum(1 for s in with_design if {"comparative cohort", "randomised"} & set(s.design))
        if compared * 2 < len(with_design):
            out.append(Sentence("Most studies had no comparison group."))
    else:
        out.append(Sentence("We could not tell how most of the studies were done."))
    out.append(Sentence("The ranges above are wide."))
    cr = pools.get("CR")
    spread = [e for e in ((cr.estimate(r) if cr else None) for r in ("same", "different"))
              if e is not None and e.I2 is not None]
    if any(e.I2 >= HIGH_I2 for e in spread):
        out.append(Sentence("The results also differ a lot from one study to the next."))
    out.append(Sentence("New studies could change what we know."))
    return out


def not_known() -> list[Sentence]:
    return [
        Sentence("We do not know which people are most likely to be helped by a second infusion."),
        Sentence("We do not know if the same target or a different one is better for a given person."),
        Sentence("We know little about side effects that show up months or years later."),
    ]


# -- writing it out -----------------------------------------------------------------------------------

def summary_to_markdown(summary: PlainSummary) -> str:
    from evidence.outputs.markdown import escape

    lines = [f"# {escape(summary.title)}", ""]
    for section in summary.sections:
        lines += [f"## {escape(section.heading)}", "", " ".join(escape(s.text) for s in section.sentences), ""]
    return "\n".join(lines)


def summary_to_html_fragment(summary: PlainSummary, heading_level: int = 2) -> str:
    h = heading_level
    parts = []
    for section in summary.sections:
        text = " ".join(html.escape(s.text) for s in section.sentences)
        parts.append(f"<h{h + 1}>{html.escape(section.heading)}</h{h + 1}>\n<p>{text}</p>")
    return "\n".join(parts)


SUMMARY_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>
body {{ font: 18px/1.6 system-ui, sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; color: #1b1f3b; }}
h1 {{ font-size: 1.6em; line-height: 1.25; }}
h3 {{ margin-top: 1.6em; }}
</style>
</head>
<body>
<h1>{title}</h1>
{body}
</body>
</html>
"""


def summary_to_html(summary: PlainSummary) -> str:
    """A standalone page (no scripts, no outside requests)."""
    return SUMMARY_PAGE.format(title=html.escape(summary.title), body=summary_to_html_fragment(summary))
