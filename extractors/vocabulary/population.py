"""Who a figure is about: disease, infusion, subgroup; and the CAR targets of a cohort."""

# (disease code, pattern)
DISEASE_TERMS = (
    ("ALL", r"\b(?:B[- ]?cell )?acute lymphoblastic leuk(?:a)?emia\b|(?-i:\b(?:B-?)?ALL\b)"),
    ("CLL", r"\bchronic lymphocytic leuk(?:a)?emia\b|(?-i:\bCLL\b)"),
    ("LBCL", r"\b(?:diffuse )?large B[- ]cell lymphomas?\b|(?-i:\b(?:DLBCL|LBCL)\b)"),
    ("MCL", r"\bmantle[- ]cell lymphomas?\b|(?-i:\bMCL\b)"),
    ("FL", r"\bfollicular lymphomas?\b|(?-i:\bFL\b)"),
    ("BL", r"\bBurkitt(?:'s)? lymphomas?\b|(?-i:\bBL\b)"),
    ("MM", r"\bmultiple myeloma\b|(?-i:\bMM\b)|\bmyeloma\b"),
    ("NHL", r"\bnon[- ]Hodgkin(?:'s)? lymphomas?\b|(?-i:\b(?:B-)?NHL\b)|\baggressive B[- ]cell lymphomas?\b|\bB[- ]cell lymphomas?\b|\blymphomas?\b"),
)

# which infusion: (1 or 2, pattern)
INFUSION_TERMS = (
    (1, r"(?-i:\bCAR-?T-?1\b)|\bCART-?A\b|\bCAR-?T-?A\b"),
    (1, r"\b(?:prior to|before) (?:the )?(?:CAR-?T-?2|CART-?B|second (?:CAR[- ]?T )?(?:infusion|dose|construct))\b"),
    (1, r"\b(?:the )?(?:first|initial|prior|previous|earlier|index) (?:CAR[- ]?T(?:[- ]cells?)? )?(?:infusion|dose|construct|product|treatment|CAR[- ]?T|CART|therapy)s?\b"),
    (2, r"(?-i:\bCAR-?T-?2\b)|\bCART-?B\b|\bCAR-?T-?B\b"),
    (2, r"\b(?:the )?(?:second|repeat(?:ed)?|subsequent|salvage|later) (?:CAR[- ]?T(?:[- ]cells?)? )?(?:infusion|dose|construct|product|treatment|CAR[- ]?T|CART|therapy)s?\b|\bre-?infusions?\b|\bre-?treatment\b"),
)

# subgroup label and pattern
SUBGROUP_TERMS = (
    ("non-responders", r"\bnon-?responders?\b|\bwho did not respond\b|\bwhose (?:cancers?|disease) did not (?:seem to )?respond\b|\bwithout (?:a )?response\b"),
    ("responders", r"\bresponders?\b|\bresponding patients?\b|\bpatients? who responded\b|\bresponding\b"),
    ("Cy-Flu", r"\b(?:Cy-?Flu|cyclophosphamide (?:and|with|plus) fludarabine)\b"),
    ("non-Cy-Flu", r"\bnon-?Cy-?Flu\b"),
    ("bridged to transplant", r"\bbridged to (?:allogeneic )?(?:hematopoietic )?(?:stem[- ]cell )?transplant(?:ation)?\b|\bwho (?:went on to|proceeded to|underwent) (?:allogeneic )?transplant(?:ation)?\b"),
    ("relapse prevention", r"\b(?:for|as) relapse prevention\b|\bpre-?emptive(?:ly)?\b"),
    ("after non-response", r"\bafter (?:a )?non-?response\b|\bafter primary non-?response\b"),
    ("after relapse", r"\bafter (?:an? )?(?:MRD or overt |overt |MRD )?relapse\b"),
)

# antigens that CAR-T cells target
TARGET_TERM = r"(?-i:\b(CD19(?:/CD22|/CD20)?|CD22|CD20|BCMA|CD7|CD30|CD33|CD123|GPRC5D)\b)"

# retreatment after failure, and planned sequences that are not
RETREATMENT_CUES = r"\bsecond (?:CAR[- ]?T|CD\d+[- ]?(?:targeted )?CAR|infusion|dose|construct)|\bre-?infusion|\bre-?treat|\bsalvage\b|\bafter (?:CAR[- ]?T|CD\d+[- ]?(?:directed |targeted )?CAR[- ]?T?)[^.]{0,30}\bfail|\bpost[- ]CAR[- ]?T|\bCART-?B\b|\bCAR-?T-?2\b|\bfailed (?:a |their |the )?(?:first|prior|previous|initial)|\bprior CD\d+[- ]?(?:directed|targeted)?"
SAME_TARGET_CUES = r"\bsame (?:antigen|target)\b|\bsame (?:CAR|product|construct)\b|\bhumani[sz]ed CD\d+\b|\bsecond CD\d+|\bre-?infusion of (?:the same|CD\d+)"
DIFFERENT_TARGET_CUES = r"\bdifferent (?:antigen|target)\b|\bnew (?:antigen|target)\b|\balternative (?:antigen|target)\b"
