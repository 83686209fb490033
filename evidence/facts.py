"""Cohort facts: statements about who is in a cohort, which are not outcomes but let outcomes be derived.

"CART-B targeted a different antigen than CART-A in 48 patients (78.7%)" says a subgroup's size;
"35 of 40 CART-B responders had a different target" splits the patients with an outcome between
subgroups. Linking uses them to derive a same-target subgroup's figures by subtraction.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

SUBGROUP_SIZE = "subgroup_size"  # `count` of the `of` patients in the cohort are in the subgroup
OUTCOME_SPLIT = "outcome_split"  # of the `of` patients with `outcome`, `count` are in the subgroup
FACT_KINDS = (SUBGROUP_SIZE, OUTCOME_SPLIT)


@dataclass(frozen=True)
class CohortFact:
    document: str
    kind: str
    relation: str  # the subgroup, by target relation: "same" or "different"
    count: int
    of: int | None  # the cohort (or outcome group) the count is out of, when stated or confirmed by a percent
    quote: str
    start: int
    end: int
    outcome: str = ""  # OUTCOME_SPLIT: the outcome whose patients are split ("CR"), "" when named only as responders
    negated: bool = False  # OUTCOME_SPLIT: the group is the patients *without* the outcome ("partial or no response")
    page: int | None = None

    def __post_init__(self):
        if self.kind not in FACT_KINDS:
            raise ValueError(f"unknown fact kind {self.kind!r}")
        if self.of is not None and not 0 <= self.count <= self.of:
            raise ValueError(f"count {self.count} out of {self.of}")

    def to_json(self) -> dict:
        return asdict(self)
