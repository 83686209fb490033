"""A GRADE-style summary of findings, as a DRAFT for human judgement.

    sof = summary_of_findings(pools, book)
    sof_to_markdown(sof)

Each pooled row is one pooled proportion (an outcome, for one target relation or for all retreated
patients) in absolute terms: per 1,000 of its own denominator (patients retreated; for antigen
loss, relapses whose antigen was tested) with its 95% interval, the number of studies and of
patients (or relapses), the follow-up it refers to, and a draft certainty computed from signals
in the data. One row compares the tool's question directly: different versus same target (the
difference in complete response and the test for subgroup differences). Durability outcomes
(median duration of response, survival, relapse) are narrative rows: the study figures, not
pooled. Every row keeps the evidence row ids it rests on (`Finding.rows`).

- Start: single-arm and observational studies start at LOW certainty.
- Imprecision: serious when the 95% interval spans at least SERIOUS_WIDTH (20 percentage points)
  or the outcome has fewer than FEW_EVENTS (30) events; very serious when it spans at least
  VERY_SERIOUS_WIDTH (40 points) or fewer than FEW_PATIENTS (50) patients were assessed. For the
  difference: serious when its interval includes no difference, very serious when it also spans
  at least VERY_SERIOUS_WIDTH.
- Inconsistency: serious when I² is at least SERIOUS_I2 (50%) or the prediction interval spans at
  least SERIOUS_PI_WIDTH (40 points); very serious when both I² >= VERY_SERIOUS_I2 (75%) and the
  prediction interval spans at least VERY_SERIOUS_PI_WIDTH (60 points). Not assessable from one study.
- Indirectness: serious for the different-versus-same comparison, which is between studies
  (confounded by disease, age, product and design); otherwise not judged.
- Risk of bias and publication bias are not judged: a reviewer must.

Each level down lowers certainty one step, never below VERY LOW. Statements use GRADE's
standard wording ("may result in", "the evidence is very uncertain"). Reasons are lettered
footnotes.
"""
from __future__ import annotations

from dataclasses import dataclass

from evidence.outputs.pooled import Pooled

MAX_ROWS = 7
SERIOUS_WIDTH = 0.20
VERY_SERIOUS_WIDTH = 0.40
FEW_EVENTS = 30
FEW_PATIENTS = 50
SERIOUS_I2 = 50.0
VERY_SERIOUS_I2 = 75.0
SERIOUS_PI_WIDTH = 0.40
VERY_SERIOUS_PI_WIDTH = 0.60
Z_95 = 1.959963984540054
LEVELS = ("very low", "low", "moderate", "high")
SYMBOLS = {"high": "⊕⊕⊕⊕", "moderate": "⊕⊕⊕◯", "low": "⊕⊕◯◯", "very low": "⊕◯◯◯"}
START = "low"
NARRATIVE = "not rated"
DRAFT_NOTE = ("DRAFT for human judgement: certainty was computed from signals in the data "
              "(design, interval width, event counts, I² and prediction intervals, and the between-study "
              "nature of the target comparison). Risk of bias and publication bias were not assessed, nor "
              "indirectness except for that comparison; a reviewer must judge them and may change every rating.")
THRESHOLDS = (f"Imprecision: serious when the 95% CI spans at least {100 * SERIOUS_WIDTH:.0f} percentage points "
              f"or there are fewer than {FEW_EVENTS} events; very serious when it spans at least "
              f"{100 * VERY_SERIOUS_WIDTH:.0f} points or fewer than {FEW_PATIENTS} patients were assessed (for a "
              "difference: serious when its CI includes no difference). Inconsistency: serious when I² is at least "
              f"{SERIOUS_I2:.0f}% or the prediction interval spans at least {100 * SERIOUS_PI_WIDTH:.0f} points; "
              f"very serious when I² is at least {VERY_SERIOUS_I2:.0f}% and it spans at least "
              f"{100 * VERY_SERIOUS_PI_WIDTH:.0f} points.")
PATIENTS = "patients retreated"
RELAPSES = "relapses whose antigen was tested"
# (pooled key, group, what the row is about, population, denominator, follow-up)
ROWS = (
    ("CR", "same", "Complete response", "retreatment with the same target", PATIENTS, "best response after the infusion"),
    ("CR", "different", "Complete response", "retreatment with a different target", PATIENTS,
     "best response after the infusion"),
    ("ORR", "same", "Overall response", "retreatment with the same target", PATIENTS, "best response after the infusion"),
    ("ORR", "different", "Overall response", "retreatment with a different target", PATIENTS,
     "best response after the infusion"),
    ("CRS3", "", "Cytokine release syndrome, grade 3 or higher", "retreatment", PATIENTS, "after the infusion"),
    ("ICANS3", "", "Neurotoxicity (ICANS), grade 3 or higher", "retreatment", PATIENTS, "after the infusion"),
    ("ANTIGEN_NEG", "", "Relapse with loss of the target antigen", "retreatment", RELAPSES, "at relapse"),
)
# durability, told from the study figures: (outcomes, measures, row title)
NARRATIVE_ROWS = (
    (("DOR",), ("median", "rate_at"), "Duration of response"),
    (("OS",), ("median", "rate_at"), "Overall survival"),
    (("PFS", "EFS", "RFS", "LFS"), ("median", "rate_at"), "Progression-, event-, relapse- or leukaemia-free survival"),
    (("RELAPSE",), ("proportion", "rate_at"), "Relapse after response"),
)


@dataclass(frozen=True)
class Finding:
    outcome: str                    # "Complete response"
    population: str                 # "retreatment with the same target"
    key: str
    group: str
    k: int
    patients: int                   # the denominator: patients, or relapses tested (see `per`)
    events: int
    per_1000: int | None
    low_1000: int | None
    high_1000: int | None
    certainty: str                  # one of LEVELS, or NARRATIVE
    reasons: tuple[str, ...]        # why, one phrase per domain
    statement: str                  # GRADE wording
    per: str = PATIENTS             # what the absolute figures count: "patients retreated", "relapses ..."
    follow_up: str = ""
    effect: str = ""                # the effect in words, when not per 1,000 (difference, narrative)
    rows: tuple[int, ...] = ()      # evidence row ids (evidence.csv rows) the finding rests on

    @property
    def certainty_text(self) -> str:
        if self.certainty == NARRATIVE:
            return "Not rated (narrative)"
        return f"{SYMBOLS[self.certainty]} {self.certainty.capitalize()}"

    @property
    def absolute(self) -> str:
        if self.per_1000 is None:
            return self.effect
        return f"{self.per_1000} per 1,000 {self.per} (95% CI {self.low_1000} to {self.high_1000})"


@dataclass(frozen=True)
class SummaryOfFindings:
    findings: tuple[Finding, ...]
    missing: tuple[str, ...]        # rows without data, in words
    note: str = DRAFT_NOTE
    thresholds: str = THRESHOLDS

    def footnotes(self) -> dict[str, str]:
        """Reason -> letter ("a", "b", ...), in the order reasons first appear."""
        letters: dict[str, str] = {}
        for finding in self.findings:
            for reason in finding.reasons:
                if reason not in letters:
                    letters[reason] = chr(ord("a") + len(letters)) if len(letters) < 26 else f"z{len(letters)}"
        return letters


def per_1000(p: float) -> int:
    import math

    return int(math.floor(1000 * p + 0.5))


def imprecision(estimate) -> tuple[int, str]:
    width = estimate.ci_high - estimate.ci_low
    span = f"95% CI spans {100 * width:.0f} percentage points"
    if width >= VERY_SERIOUS_WIDTH or estimate.total < FEW_PATIENTS:
        return 2, f"very serious imprecision ({span}; {estimate.total} patients)"
    if width >= SERIOUS_WIDTH or estimate.events < FEW_EVENTS:
        return 1, f"serious imprecision ({span}; {estimate.events} events)"
    return 0, f"no serious imprecision ({span})"


def inconsistency(estimate) -> tuple[int, str]:
    if estimate.k < 2 or estimate.I2 is None:
        return 0, "inconsistency not assessable (one study)"
    pi_width = estimate.pi_high - estimate.pi_low
    signal = f"I² = {estimate.I2:.0f}%, prediction interval spans {100 * pi_width:.0f} points"
    if estimate.I2 >= VERY_SERIOUS_I2 and pi_width >= VERY_SERIOUS_PI_WIDTH:
        return 2, f"very serious inconsistency ({signal})"
    if estimate.I2 >= SERIOUS_I2 or pi_width >= SERIOUS_PI_WIDTH:
        return 1, f"serious inconsistency ({signal})"
    return 0, f"no serious inconsistency ({signal})"


def certainty_of(estimate) -> tuple[str, tuple[str, ...]]:
    down_imprecision, why_imprecision = imprecision(estimate)
    down_inconsistency, why_inconsistency = inconsistency(estimate)
    level = max(0, LEVELS.index(START) - down_imprecision - down_inconsistency)
    reasons = ("single-arm, observational studies: start at low", why_imprecision, why_inconsistency,
               "risk of bias, indirectness, publication bias: not assessed")
    return LEVELS[level], reasons


def statement(outcome: str, population: str, certainty: str, estimate, per: str = PATIENTS) -> str:
    """GRADE's standard wording for an absolute effect at each certainty."""
    thing = outcome[0].lower() + outcome[1:]
    interval = f"95% CI {per_1000(estimate.ci_low)} to {per_1000(estimate.ci_high)}"
    if certainty == "very low":
        return (f"The evidence is very uncertain about {thing} after {population} "
                f"({per_1000(estimate.proportion)} per 1,000 {per}; {interval}).")
    verb = {"high": "results in", "moderate": "likely results in", "low": "may result in"}[certainty]
    return (f"{population[0].upper() + population[1:]} {verb} {thing} in about "
            f"{per_1000(estimate.proportion)} per 1,000 {per} ({interval}).")


def _rows_of(pooled, group: str) -> tuple[int, ...]:
    if pooled is None or pooled.result is None:
        return ()
    return tuple(sorted({row for s in pooled.studies(group) for row in pooled.rows_of(s.study)}))


def summary_of_findings(pools: dict, book=None) -> SummaryOfFindings:
    """The draft summary of findings of `pools`; with `book`, also the narrative durability rows."""
    findings, missing = [], []
    for key, group, outcome, population, per, follow_up in ROWS[:MAX_ROWS]:
        pooled = pools.get(key)
        estimate = pooled.estimate(group) if pooled else None
        if estimate is None:
            missing.append(f"{outcome} after {population}")
            continue
        certainty, reasons = certainty_of(estimate)
        findings.append(Finding(
            outcome=outcome, population=population, key=key, group=group, k=estimate.k,
            patients=estimate.total, events=estimate.events, per_1000=per_1000(estimate.proportion),
            low_1000=per_1000(estimate.ci_low), high_1000=per_1000(estimate.ci_high),
            certainty=certainty, reasons=reasons, per=per, follow_up=follow_up,
            statement=statement(outcome, population, certainty, estimate, per), rows=_rows_of(pooled, group),
        ))
    comparison = target_comparison(pools.get("CR"))
    if comparison is not None:
        findings.insert(2, comparison)
    else:
        missing.append("Complete response, different versus same target")
    if book is not None:
        findings += narrative_findings(book)
    return SummaryOfFindings(tuple(findings), tuple(missing))


def target_comparison(pooled) -> Finding | None:
    """Different versus same target, complete response: the difference of the pooled proportions
    (delta method on each subgroup's transformed scale) and the test for subgroup differences.
    Rated down for indirectness: the comparison is between studies, not within them."""
    if pooled is None or pooled.result is None:
        return None
    same, different = pooled.estimate("same"), pooled.estimate("different")
    between = pooled.result.between
    if same is None or different is None or between is None:
        return None
    difference = different.proportion - same.proportion
    se = (_se_proportion(same) ** 2 + _se_proportion(different) ** 2) ** 0.5
    low, high = difference - Z_95 * se, difference + Z_95 * se
    width = high - low
    p = "p < 0.001" if between.p < 0.001 else f"p = {between.p:.2f}"
    among = "subgroup differences" if between.df == 1 else f"differences among all {between.df + 1} subgroups"
    effect = (f"{100 * difference:+.0f} percentage points (95% CI {100 * low:+.0f} to {100 * high:+.0f}); "
              f"test for {among} Q = {between.Q:.2f}, df = {between.df}, {p}")
    if low <= 0 <= high:
        down, why = (2 if width >= VERY_SERIOUS_WIDTH else 1), (
            f"{'very ' if width >= VERY_SERIOUS_WIDTH else ''}serious imprecision (95% CI of the difference "
            f"includes no difference and spans {100 * width:.0f} points)")
    elif width >= VERY_SERIOUS_WIDTH:
        down, why = 1, f"serious imprecision (95% CI of the difference spans {100 * width:.0f} points)"
    else:
        down, why = 0, f"no serious imprecision (95% CI of the difference spans {100 * width:.0f} points)"
    indirect = ("serious indirectness: a comparison between studies, not within them, confounded by disease, "
                "age, product and design")
    level = LEVELS[max(0, LEVELS.index(START) - 1 - down)]
    statement_text = ("The evidence is very uncertain about whether a different target changes complete response "
                      "compared with the same target." if level == "very low" else
                      f"A different target may change complete response by {100 * difference:+.0f} percentage "
                      "points compared with the same target.")
    return Finding(
        outcome="Complete response, different versus same target", population="retreatment (between studies)",
        key="CR", group="different vs same", k=same.k + different.k, patients=same.total + different.total,
        events=same.events + different.events, per_1000=None, low_1000=None, high_1000=None, certainty=level,
        reasons=("single-arm, observational studies: start at low", why, indirect,
                 "risk of bias, publication bias: not assessed"),
        statement=statement_text, follow_up="best response after the infusion", effect=effect,
        rows=_rows_of(pooled, "same") + _rows_of(pooled, "different"))


def _se_proportion(estimate) -> float:
    """The standard error of a back-transformed pooled proportion, approximated from its CI (half
    its width / z): the interval of the difference is a draft's approximation, the subgroup test
    beside it is exact."""
    return (estimate.ci_high - estimate.ci_low) / (2 * Z_95)


def narrative_findings(book) -> list[Finding]:
    """Durability rows: each retreatment study's figure (median, rate at a time, or share relapsing),
    as its preferred report gives it, with what it counts; not pooled."""
    from evidence.outputs.cells import figure_text
    from evidence.outputs.studybook import row_id
    from evidence.studies.rules import unconfirmed

    retreated = {s.study: s for s in book.retreatment_studies}
    preferred = {v.preferred_row for v in book.verdicts}
    found = []
    for outcomes, measures, title in NARRATIVE_ROWS:
        parts, rows, studies = [], [], []
        for index, f in enumerate(book.figures):
            if (f.study not in retreated or f.outcome not in outcomes or f.measure not in measures
                    or f.infusion != "2" or f.derived or index not in preferred or unconfirmed(f.flag_set)):
                continue
            what = {"median": "", "rate_at": "rate ", "proportion": "share "}[f.measure]
            who = ", ".join(x for x in (f.disease if f.disease not in ("", "mixed") else "", f.subgroup) if x)
            label = f"{f.outcome} {what}{figure_text(f)}" + (f" ({who})" if who else "")
            if f"{f.study}: {label}" in parts:
                continue  # two reports' verdicts on one figure
            parts.append(f"{f.study}: {label}")
            rows.append(row_id(index))
            studies.append(f.study)
        if not parts:
            continue
        k = len(set(studies))
        n = sum(retreated[s].n_after_failure or 0 for s in set(studies))
        found.append(Finding(
            outcome=title, population="retreatment", key="narrative", group="", k=k, patients=n, events=0,
            per_1000=None, low_1000=None, high_1000=None, certainty=NARRATIVE,
            reasons=("narrative: study figures of different kinds (medians, rates at different times) are not "
                     "pooled; certainty not rated",),
            statement="; ".join(parts) + ".", follow_up=_follow_up(book, rows), effect="not pooled",
            rows=tuple(rows)))
    return found


def _follow_up(book, rows) -> str:
    from evidence.outputs.studybook import row_index

    figures = [book.figures[row_index(r)] for r in rows]
    times = sorted({f.timepoint_months for f in figures if f.measure == "rate_at"} - {None})
    kinds = (["medians"] if any(f.measure == "median" for f in figures) else []) + (
        ["rates at " + ", ".join(f"{t:g}" for t in times) + " months"] if times else []) + (
        ["share of responders"] if any(f.measure == "proportion" for f in figures) else [])
    return "; ".join(kinds)


def sof_to_markdown(sof: SummaryOfFindings) -> str:
    from evidence.outputs.markdown import escape, table

    lines = ["# Summary of findings (DRAFT)", "",
             "Patients: people with a B-cell cancer whose first CAR-T therapy failed. "
             "Intervention: a second CAR-T infusion, against the same or a different target. "
             "Comparison: none within studies (single-arm studies); the different-versus-same row compares "
             "studies with each other. Absolute figures are per 1,000 of the denominator each row names.", "",
             f"**{sof.note}**", ""]
    letters = sof.footnotes()
    headers = ["Outcome", "Population", "Follow-up", "Effect (95% CI)", "Studies (denominator)",
               "Certainty (draft)", "What it means"]
    rows = []
    for f in sof.findings:
        marks = ",".join(letters[r] for r in f.reasons)
        effect = (f"{f.per_1000} per 1,000 ({f.low_1000} to {f.high_1000})" if f.per_1000 is not None else f.effect)
        denominator = f"{f.k} ({f.patients} {f.per})" if f.key != "narrative" else f"{f.k} ({f.patients} {PATIENTS})"
        rows.append([escape(f.outcome), escape(f.population), escape(f.follow_up), escape(effect), escape(denominator),
                     f"{f.certainty_text} <sup>{marks}</sup>", escape(f.statement)])
    lines.append(table(headers, rows, ["l", "l", "l", "r", "r", "l", "l"]))
    lines.append("")
    if sof.missing:
        lines.append("No pooled data for: " + "; ".join(sof.missing) + ".")
        lines.append("")
    lines += [f"{letter}. {escape(reason[0].upper() + reason[1:])}." for reason, letter in letters.items()]
    lines += ["", escape(sof.thresholds), "",
              "CI: confidence interval. Certainty: ⊕⊕⊕⊕ high, ⊕⊕⊕◯ moderate, ⊕⊕◯◯ low, ⊕◯◯◯ very low."]
    return "\n".join(lines) + "\n"
