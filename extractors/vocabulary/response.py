"""Response outcomes: complete/partial/overall response, stable/progressive disease, no response, MRD."""

_DISEASE_WORD = r"(?:leuk(?:a)?emias?|cancers?|lymphomas?|tumou?rs?|disease|myeloma|blasts|CLL|ALL)"

# what stands before an "SD" that is a standard deviation, not stable disease ("mean (SD)", "± SD")
_NOT_AFTER_MEAN = "".join(f"(?<!{w})" for w in (r"[Mm]ean\s", r"[Mm]eans\s", r"[Mm]ean\s\(", r"[Mm]eans\s\(",
                                                  r"[Mm]ean,\s", r"[Mm]ean\s\[", "±", r"±\s", r"\+/-", r"\+/-\s",
                                                  r"deviation\s\(", r"[Mm]ean/"))

# (outcome, pattern). Overlapping matches keep the longest, so longer phrasings win.
RESPONSE_TERMS = (
    ("MRD_NEG", r"\b(?:MRD|measurable residual disease|minimal residual disease)(?: \(MRD\))?[- ]?(?:negative|negativity|neg)\b"),
    ("MRD_NEG", r"\bundetectable (?:measurable |minimal )?(?:residual )?disease\b|\buMRD\b"),
    ("MRD_NEG", r"\b(?:MRD|measurable residual disease|minimal residual disease)[- ]negative (?:complete )?(?:response|remission|CR)s?(?: rates?)?\b"),
    ("MRD_NEG", r"\bnegative for (?:minimal |measurable )?(?:residual disease|MRD)\b|\bno (?:measurable|minimal|detectable) residual disease\b"),
    ("ORR", r"\b(?:overall|objective|best overall) (?:response|remission)(?: rates?)?\b|\bORRs?\b"),
    # "overall and complete response rates were 90% and 82%": the noun is said once, after the second
    ("ORR", r"\b(?:best )?(?:overall|objective)(?= and complete (?:response|remission))"),
    ("ORR", r"\bCR/PR\b|\bCR or PR\b|\bcomplete or partial (?:response|remission)s?\b|\bany response\b"),
    ("CR", r"\bcomplete (?:response|remission)s?(?: rates?)?\b"),
    ("CR", r"(?-i:(?<![\w-])CR(?:/CRi|i)?s?\b)|\bCR rates?\b|(?-i:\bCRR\b)"),  # "CRR": complete response rate
    ("CR", r"(?-i:\bMRD-negative CR\b)"),
    ("PR", r"\bpartial (?:response|remission)s?\b|(?-i:(?<![\w-])PRs?\b(?!-))"),
    # "SD" alone, unless it is a standard deviation: "mean (SD)", "mean ± SD", "standard deviation (SD)",
    # "SD = 4.2", "SD, standard deviation"
    ("SD", r"\bstable disease\b|(?-i:(?<![\w-])" + _NOT_AFTER_MEAN + r"SD\b(?!-)(?!s?\s*[=:]\s*\d*\.\d)(?![,:]?\s*[Ss]tandard deviation))"),
    ("PD", r"\bprogressive disease\b|\bdisease progression\b(?= (?:at|by|was|were|occurred|in \d))|(?-i:(?<![\w-])PD\b(?![-\d]))"),
    ("NR", r"\bno(?:n-?| )response\b|\bnon-?responsive\b|\bdid not respond\b|\bfailed to respond\b|\brefractory to\b"),
    ("ORR", r"\bresponded\b|\b(?:achieved|had|showed) (?:a |an )?response\b|\bresponse rates?\b"
            r"|\bresponses? (?:were|was) (?:observed|seen|noted|documented|achieved|reported)\b|\bto respond\b|\brespond(?:ed)? again\b"),
)

# Lay wording in news and advocacy writing: the disease is the subject of the verb.
LAY_RESPONSE_TERMS = (
    ("CR", r"\b" + _DISEASE_WORD + r"\b(?:(?!\bCD\d|\bmarkers?\b|\bantigens?\b|\bwhich\b|\btargets?\b)[^.;:]){0,40}?\b(?P<term>(?:had |has |have )?(?:disappeared|vanished|went away|cleared|could no longer be (?:found|detected)))\b"),
    ("CR", r"(?<!never\s)(?<!not\s)(?<!n't\s)\b(?:went|gone|go|going|back) into (?:complete )?remission\b|\bin (?:complete )?remission\b|\bcancer[- ]free\b"),
    ("CR", r"\b(?:became|was|were|is) undetectable\b|\bno (?:remaining|detectable|remaining detectable) " + _DISEASE_WORD + r"\b"
           r"|\bno (?:sign|signs|trace|traces|evidence) of (?:the |any )?(?:remaining )?" + _DISEASE_WORD + r"\b"),
    ("PR", r"\b(?:shrank|shrunk|got smaller|shrinking)\b"),
    ("ORR", r"\b(?:shrank|shrunk|shrinking) or (?:cleared|disappeared|eliminated|vanished)\b"),
    ("PD", r"\b(?:still|kept|continued) (?:growing|to grow|spreading)\b|\bgot worse\b"),
)
