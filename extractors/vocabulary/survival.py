"""Time-to-event outcomes: duration of response and the survival family."""

SURVIVAL_TERMS = (
    ("DOR", r"\b(?:median )?durations? of (?:the )?(?:response|remission)s?\b|(?-i:\bDORs?\b)|\bresponse duration\b|\bremission duration\b|\bmedian remission\b|\bremissions? lasted\b"),
    ("PFS", r"\bprogression[- ]free survival\b|(?-i:\bPFS\b)"),
    ("RFS", r"\brelapse[- ]free survival\b|(?-i:\bRFS\b)"),
    ("EFS", r"\bevent[- ]free survival\b|(?-i:\bEFS\b)"),
    ("LFS", r"\bleuk(?:a)?emia[- ]free survival\b|(?-i:\bLFS\b)"),
    ("OS", r"\boverall survival\b|(?-i:\bOS\b)"),
)

LAY_SURVIVAL_TERMS = (
    ("PFS", r"\balive\b[^.;]{0,60}?\bwithout (?:further |their )?(?:cancer|disease|tumou?r) (?:growth|progression|getting worse|coming back)\b"),
    ("OS", r"\b(?:were|was|remained|still) alive\b"),
)

# a survival-type figure that is a median when one of these is near
MEDIAN_CUES = r"\bmedian\b|\bon average\b|\baverage\b"
