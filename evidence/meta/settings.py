"""How to pool: the transform, the tau² estimator, the kind of interval and its level.

`PoolSettings` validates its fields at construction and `resolve` accepts `None`, a dict or an
instance (pdfplumber's `TableSettings` pattern), so every entry point shares one set of checks.
"""
from __future__ import annotations

from dataclasses import dataclass

from evidence.errors import PoolingError
from evidence.settings import resolve_settings

# Our names for the transforms, and metafor's `measure` for each.
TRANSFORMS = {"logit": "PLO", "arcsine": "PAS", "freeman-tukey": "PFT", "raw": "PR"}
# tau² estimators of rma.uni, then the binomial-normal model of rma.glmm.
IV_METHODS = ("REML", "DL", "ML", "PM", "HS", "SJ", "HE", "EB")
METHODS = IV_METHODS + ("GLMM",)
# Wald-type (normal) intervals, or Hartung-Knapp-Sidik-Jonkman (metafor's test="knha").
CI_KINDS = ("z", "hksj")

# Prediction intervals: metafor's `predict` (normal quantile, the default: it is the contract's
# and metafor's number, and defined from k = 2), or Higgins-Thompson-Spiegelhalter's t with k - 2
# df (`hts`, as meta::metaprop; wider with few studies, defined from k = 3). Both are reported.
PI_KINDS = ("normal", "hts")
DEFAULT_PI = "normal"

DEFAULT_TRANSFORM = "logit"
DEFAULT_METHOD = "REML"
DEFAULT_CI = "z"
DEFAULT_LEVEL = 0.95

_TRANSFORM_ALIASES = {
    **{name: name for name in TRANSFORMS},
    **{measure.lower(): name for name, measure in TRANSFORMS.items()},
    "freeman_tukey": "freeman-tukey", "ft": "freeman-tukey", "asin": "arcsine", "proportion": "raw",
}
_CI_ALIASES = {"z": "z", "wald": "z", "hksj": "hksj", "knha": "hksj", "hk": "hksj"}


@dataclass(frozen=True)
class PoolSettings:
    """A validated choice of transform, estimator, interval kind and confidence level."""

    transform: str = DEFAULT_TRANSFORM
    method: str = DEFAULT_METHOD
    ci: str = DEFAULT_CI
    level: float = DEFAULT_LEVEL
    pi: str = DEFAULT_PI

    def __post_init__(self):
        transform = _TRANSFORM_ALIASES.get(str(self.transform).lower())
        if transform is None:
            raise PoolingError(f"unknown transform {self.transform!r}; use one of {', '.join(TRANSFORMS)}")
        method = str(self.method).upper()
        if method not in METHODS:
            raise PoolingError(f"unknown method {self.method!r}; use one of {', '.join(METHODS)}")
        ci = _CI_ALIASES.get(str(self.ci).lower())
        if ci is None:
            raise PoolingError(f"unknown interval {self.ci!r}; use one of {', '.join(CI_KINDS)}")
        if not 0.5 <= float(self.level) < 1.0:
            raise PoolingError(f"confidence level {self.level} must lie in [0.5, 1), e.g. 0.95")
        if method == "GLMM" and transform != "logit":
            raise PoolingError("the GLMM (binomial-normal model) pools on the logit scale; "
                               "use --transform logit, or another --method for the "
                               f"{transform} transform")
        if method == "GLMM" and ci == "hksj":
            raise PoolingError("Hartung-Knapp intervals apply to inverse-variance models; "
                               "with --method GLMM use --ci z")
        object.__setattr__(self, "transform", transform)
        object.__setattr__(self, "method", method)
        object.__setattr__(self, "ci", ci)
        pi = {"t": "hts", "higgins": "hts", "z": "normal"}.get(str(self.pi).lower(), str(self.pi).lower())
        if pi not in PI_KINDS:
            raise PoolingError(f"unknown prediction interval {self.pi!r}; use one of {', '.join(PI_KINDS)}")
        object.__setattr__(self, "level", float(self.level))
        object.__setattr__(self, "pi", pi)

    @property
    def measure(self) -> str:
        """metafor's name of the transform (PLO, PAS, PFT, PR)."""
        return TRANSFORMS[self.transform]

    @property
    def metafor_test(self) -> str:
        return "knha" if self.ci == "hksj" else "z"

    @classmethod
    def resolve(cls, settings: "PoolSettings | dict | None") -> "PoolSettings":
        return resolve_settings(cls, settings, "pooling", PoolingError)
