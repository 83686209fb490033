"""Time-to-event outcomes: duration of response and the survival family."""

SURVIVAL_TERMS = (
    ("DOR", r"\b(?:median )?durations? of (?:the )?(?:response|remission)s?\b|(?-i:\bDORs?\b)|\bresponse durations?\b|\bremission durations?\b|\bmedian remission\b"
            r"|\b(?:responses?|remissions?) lasted\b|\blength of (?:the )?(?:response|remission)s?\b|\bremissions?\b[^.;]{0,40}?\blasting\b"
            r"|\b(?:responses?|remissions?) (?:were|was) (?:short|brief|short-lived|durable|long-lasting)\b"),
    ("PFS", r"\bprogression[- ]free survival\b|(?-i:\bPFS\b)"),
    ("RFS", r"\brelapse[- ]free survival\b|(?-i:\bRFS\b)"),
    ("EFS", r"\bevent[- ]free survival\b|(?-i:\bEFS\b)"),
    ("LFS", r"\bleuk(?:a)?emia[- ]free survival\b|(?-i:\bLFS\b)"),
    ("OS", r"\boverall survival\b|(?-i:\bOS\b)|\bsurvival (?:rates?|probabilit(?:y|ies))\b"),
    ("OS", r"\b(?:\d+|one|two|three|four|five)[- ]year (?P<term>survival)\b(?! (?:rates?|probabilit))"),  # "1-year survival": OS at 1 year
)

LAY_SURVIVAL_TERMS = (
    ("PFS", r"\balive\b[^.;]{0,60}?\bwithout (?:further |their )?(?:cancer|disease|tumou?r) (?:growth|progression|getting worse|coming back)\b"),
    ("EFS", r"\balive\b[^.;]{0,30}?\bwithout (?:the |their |any )?(?:disease|cancer|leuk(?:a)?emia|lymphoma) (?:coming back|returning|progressing) or (?:another|any other|other|an?) (?:event|problem)\b"),
    ("LFS", r"\balive and leuk(?:a)?emia[- ]free\b"),
    ("RFS", r"\balive and relapse[- ]free\b"),
    ("RFS", r"\b(?:remain(?:ing|ed|s)?|stay(?:ing|ed)?) relapse[- ]free\b"),
    ("PFS", r"\balive and progression[- ]free\b"),
    ("OS", r"\b(?:were|was|remained|still|be) alive\b"),
)

# a survival-type figure that is a median when one of these is near
MEDIAN_CUES = r"\bmedian\b|\bon average\b|\baverage\b"
