"""Why an analysis left a study out (PRISMA 2020 items 13a, 16b and 20a), in words a reviewer checks.

    left_out_reason(book, study, spec)   # "reports complete response only for subgroups (...)"

The reasons are tried in the order a reviewer would ask them: is the study about retreatment after
a failed CAR-T at all; does it report the outcome; for the CAR-T after a prior CAR-T; as patients
with the outcome out of those treated; for the whole after-failure population; with counts.
"""
from __future__ import annotations

from evidence.outputs.cells import joined_operators
from evidence.studies.rules import unconfirmed

NOT_AFTER_FAILURE = "not retreatment after a failed CAR-T"


def left_out_reason(book, study, spec) -> str:
    """Why the analysis of `spec` (a `pooled.PooledOutcome`) pools nothing from `study`."""
    if not study.retreatment:
        cues = "; ".join(study.retreatment_cues)
        return NOT_AFTER_FAILURE + (f" ({cues})" if cues else "")
    title = spec.title
    own = [f for f in book.figures if f.study == study.study and f.outcome == spec.outcome]
    if spec.grade:
        graded = [f for f in own if f.grade == spec.grade]
        if not graded and own:
            grades = sorted({f.grade or "not stated" for f in own})
            return f"reports {spec.outcome} only at other grades ({', '.join(grades)}), not grade {spec.grade}"
        own = graded
    if not own:
        return f"does not report {title}"
    after = [f for f in own if f.infusion == "2"]
    if not after:
        kinds = sorted({_infusion_words(f.infusion) for f in own})
        return f"reports {title} only for {' and '.join(kinds)}"
    proportions = [f for f in after if f.measure == "proportion"]
    if not proportions:
        return (f"reports {title} only as a rate at a timepoint or a median, not as patients with the "
                "outcome out of those treated")
    usable = [f for f in proportions if not unconfirmed(f.flag_set)]
    if not usable:
        return f"its {title} figures are flagged uncertain and were not confirmed by a reviewer"
    whole = [f for f in usable if not f.subgroup]
    if not whole:
        groups = sorted({joined_operators(f.subgroup) for f in usable})
        return (f"reports {title} only for subgroups ({'; '.join(groups)}) that are not the whole "
                "population retreated after failure")
    if not any(f.events is not None and f.total for f in whole):
        return f"gives {title} as a percent without counts, and no stated denominator fits it exactly"
    return f"no report of {title} could be pooled without counting a patient twice"


def _infusion_words(infusion: str) -> str:
    return {"1": "the first CAR-T", "mixed": "a cohort mixing CAR-naive and CAR-exposed patients",
            "": "a group that received no CAR-T"}.get(infusion, f"infusion {infusion}")
