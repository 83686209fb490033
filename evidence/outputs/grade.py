"""A GRADE-style summary of findings, as a DRAFT for human judgement.

    sof = summary_of_findings(pools)           # at most 7 rows
    sof_to_markdown(sof)

Each row is one pooled proportion (an outcome, for one target relation or for all retreated
patients) in absolute terms: per 1,000 patients with its 95% interval, the number of studies and
patients, and a draft certainty computed from signals in the data:

- Start: single-arm and observational studies start at LOW certainty.
- Imprecision: serious when the interval spans at least SERIOUS_WIDTH (20 percentage points) or
  the outcome has fewer than FEW_EVENTS events; very serious when it spans at least
  VERY_SERIOUS_WIDTH or fewer than FEW_PATIENTS patients were assessed.
- Inconsistency: serious when I² is at least SERIOUS_I2 or the prediction interval spans at least
  SERIOUS_PI_WIDTH; very serious when both I² >= VERY_SERIOUS_I2 and the prediction interval spans
  at least VERY_SERIOUS_PI_WIDTH. Not assessable from one study.
- Risk of bias, indirectness and publication bias are not judged: a reviewer must.

Each level down lowers certainty one step, never below VERY LOW. Statements use GRADE's
standard wording ("may result in", "the evidence is very uncertain").
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
LEVELS = ("very low", "low", "moderate", "high")
SYMBOLS = {"high": "⊕⊕⊕⊕", "moderate": "⊕⊕⊕◯", "low": "⊕⊕◯◯", "very low": "⊕◯◯◯"}
START = "low"
DRAFT_NOTE = ("DRAFT for human judgement: certainty was computed from signals in the data "
              "(design, interval width, event counts, I² and prediction intervals). Risk of bias, "
              "indirectness and publication bias were not assessed; a reviewer must judge them and "
              "may change every rating.")
# (pooled key, group, what the row is about)
ROWS = (
    ("CR", "same", "Complete response", "retreatment with the same target"),
    ("CR", "different", "Complete response", "retreatment with a different target"),
    ("ORR", "same", "Overall response", "retreatment with the same target"),
    ("ORR", "different", "Overall response", "retreatment with a different target"),
    ("CRS3", "", "Cytokine release syndrome, grade 3 or higher", "retreatment"),
    ("ICANS3", "", "Neurotoxicity (ICANS), grade 3 or higher", "retreatment"),
    ("ANTIGEN_NEG", "", "Relapse with loss of the target antigen", "retreatment"),
)


@dataclass(frozen=True)
class Finding:
    outcome: str                    # "Complete response"
    population: str                 # "retreatment with the same target"
    key: str
    group: str
    k: int
    patients: int
    events: int
    per_1000: int
    low_1000: int
    high_1000: int
    certainty: str                  # one of LEVELS
    reasons: tuple[str, ...]        # why, one phrase per domain
    statement: str                  # GRADE wording

    @property
    def certainty_text(self) -> str:
        return f"{SYMBOLS[self.certainty]} {self.certainty.capitalize()}"

    @property
    def absolute(self) -> str:
        return f"{self.per_1000} per 1,000 (95% CI {self.low_1000} to {self.high_1000})"


@dataclass(frozen=True)
class SummaryOfFindings:
    findings: tuple[Finding, ...]
    missing: tuple[str, ...]        # rows without data, in words
    note: str = DRAFT_NOTE


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


def statement(outcome: str, population: str, certainty: str, estimate) -> str:
    """GRADE's standard wording for an absolute effect at each certainty."""
    thing = outcome[0].lower() + outcome[1:]
    interval = f"95% CI {per_1000(estimate.ci_low)} to {per_1000(estimate.ci_high)}"
    if certainty == "very low":
        return (f"The evidence is very uncertain about {thing} after {population} "
                f"({per_1000(estimate.proportion)} per 1,000 patients; {interval}).")
    verb = {"high": "results in", "moderate": "likely results in", "low": "may result in"}[certainty]
    return (f"{population[0].upper() + population[1:]} {verb} {thing} in about "
            f"{per_1000(estimate.proportion)} per 1,000 patients ({interval}).")


def summary_of_findings(pools: dict[str, Pooled]) -> SummaryOfFindings:
    findings, missing = [], []
    for key, group, outcome, population in ROWS[:MAX_ROWS]:
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
            certainty=certainty, reasons=reasons, statement=statement(outcome, population, certainty, estimate),
        ))
    return SummaryOfFindings(tuple(findings), tuple(missing))


def sof_to_markdown(sof: SummaryOfFindings) -> str:
    from evidence.outputs.markdown import table

    lines = ["# Summary of findings (DRAFT)", "",
             "Patients: people with a B-cell cancer whose first CAR-T therapy failed. "
             "Intervention: a second CAR-T infusion, against the same or a different target. "
             "Comparison: none (single-arm studies); absolute figures per 1,000 patients retreated.", "",
             f"**{sof.note}**", ""]
    headers = ["Outcome", "Population", "Per 1,000 (95% CI)", "Studies (patients)", "Certainty (draft)",
               "Why", "What it means"]
    rows = [[f.outcome, f.population, f"{f.per_1000} ({f.low_1000} to {f.high_1000})",
             f"{f.k} ({f.patients})", f.certainty_text, "; ".join(f.reasons[1:3]), f.statement]
            for f in sof.findings]
    lines.append(table(headers, rows, ["l", "l", "r", "r", "l", "l", "l"]))
    lines.append("")
    if sof.missing:
        lines.append("No pooled data for: " + "; ".join(sof.missing) + ".")
        lines.append("")
    lines.append("CI: confidence interval. Certainty: ⊕⊕⊕⊕ high, ⊕⊕⊕◯ moderate, ⊕⊕◯◯ low, ⊕◯◯◯ very low.")
    return "\n".join(lines) + "\n"
