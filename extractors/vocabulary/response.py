"""Response outcomes: complete/partial/overall response, stable/progressive disease, no response, MRD."""

# (outcome, pattern). Order matters only for overlapping alternatives: longer first.
RESPONSE_TERMS = (
    ("MRD_NEG", r"\b(?:MRD|measurable residual disease|minimal residual disease)[- ]?(?:negative|negativity|neg)\b"),
    ("MRD_NEG", r"\bundetectable (?:measurable |minimal )?(?:residual )?disease\b|\buMRD\b"),
    ("MRD_NEG", r"\bMRD[- ]negative (?:complete )?(?:response|remission|CR)s?\b"),
    ("ORR", r"\b(?:overall|objective|best overall) response(?: rates?)?\b|\bORRs?\b"),
    ("ORR", r"\bCR/PR\b|\bCR or PR\b|\bcomplete or partial (?:response|remission)s?\b"),
    ("CR", r"\bcomplete (?:response|remission)s?(?: rates?)?(?: with incomplete (?:count|hematologic) recovery)?\b"),
    ("CR", r"(?-i:\bCR(?:/CRi|i)?s?\b)|\bCR rates?\b"),
    ("CR", r"(?-i:\bMRD-negative CR\b)"),
    ("PR", r"\bpartial (?:response|remission)s?\b|(?-i:\bPRs?\b)"),
    ("SD", r"\bstable disease\b|(?-i:\bSD\b)"),
    ("PD", r"\bprogressive disease\b|(?-i:\bPD\b)"),
    ("NR", r"\bno(?:n-?| )response\b|\bnon-?responsive\b|\bdid not respond\b|\bfailed to respond\b|\brefractory to\b"),
    ("ORR", r"\bresponded\b|\b(?:achieved|had|showed) (?:a |an )?response\b|\bresponse rates?\b"),
)

# Lay wording in news and advocacy writing.
LAY_RESPONSE_TERMS = (
    ("CR", r"\b(?:disappeared|vanished|went away|could no longer be (?:found|detected))\b"),
    ("CR", r"\bwent into (?:complete )?remission\b|\bin (?:complete )?remission\b|\bcancer[- ]free\b"),
    ("PR", r"\b(?:shrank|shrunk|got smaller|shrinking)\b"),
    ("PD", r"\b(?:still|kept|continued) (?:growing|to grow|spreading)\b|\bgot worse\b"),
)
