"""Leave-one-out sensitivity: the overall estimate with each study left out in turn
(metafor's `leave1out`)."""
from __future__ import annotations

from dataclasses import dataclass

from evidence.errors import PoolingError
from evidence.meta.results import PooledEstimate
from evidence.meta.settings import PoolSettings


@dataclass(frozen=True)
class LeaveOneOut:
    omitted: str
    pooled: PooledEstimate

    def to_json(self) -> dict:
        return {"omitted": self.omitted, **self.pooled.to_json()}


def leave_one_out(rows, transform: str = "logit", method: str = "REML", ci: str = "z", *,
                  level: float = 0.95) -> list[LeaveOneOut]:
    """Pool all studies but one, for each study (groups are ignored: this is the overall estimate)."""
    from evidence.meta.analysis import check_rows, effects_to_estimate, rows_to_counts
    from evidence.meta.transforms import get_transform

    settings = PoolSettings(transform=transform, method=method, ci=ci, level=level)
    rows = check_rows(rows)
    if len(rows) < 2:
        raise PoolingError("leaving one study out needs at least two studies")
    scale = get_transform(settings.transform)
    counts = rows_to_counts(rows, scale)
    results = []
    for i, row in enumerate(rows):
        keep = [j != i for j in range(len(rows))]
        pooled, _ = effects_to_estimate(counts.subset(keep), settings, scale)
        results.append(LeaveOneOut(omitted=row.study, pooled=pooled))
    return results
