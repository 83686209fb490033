"""Other clinical outcomes (outcome `OTHER`): the article's own short name, lightly normalised.

Each label is "OTHER:<name>"; the figure's `outcome` is OTHER and its `outcome_text` the name.
These terms also keep a value from being read as a neighbouring outcome it is not about
("VGPR 33%" is not a partial response; "hypocalcemia (63%)" is not CRS).
Never baseline characteristics, questionnaire rates or analysis statistics.
"""

OTHER_PREFIX = "OTHER:"

_TRANSPLANT = (r"(?:allo(?:geneic)?[- ]?(?:HSCT|HCT|SCT|BMT|(?:hematopoietic |haematopoietic )?(?:stem[- ]cell )?transplant(?:ation)?)"
               r"|HSCT|SCT|(?:hematopoietic |haematopoietic )?stem[- ]cell transplant(?:ation)?)\b")

OTHER_TERMS = (
    ("OTHER:death", r"\bdied\b|(?<!risk\sof\s)(?<!risk\sof\sa\s)\bdeaths?\b(?! (?:unrelated|not related))|\bwere dead\b"),
    ("OTHER:non-relapse mortality", r"\bnon-?relapse mortality\b|(?-i:\bNRM\b)|\btreatment-related mortality\b"),
    ("OTHER:disease-specific survival", r"\bdisease[- ]specific survival\b|(?-i:\bDSS\b)"),
    ("OTHER:serious adverse events", r"\bserious adverse events?\b|(?-i:\bSAEs?\b)|\bserious (?-i:AEs?)\b"),
    # stopping because of harms is its own outcome, not the harms: "discontinuation due to AEs", "withdrew because of side effects"
    ("OTHER:discontinuation due to adverse events", r"\b(?:discontinu\w*|withdr[ae]w\w*|withdrawals?)\s+(?:\w+\s+){0,3}?"
                                                    r"(?:due to|because of|owing to|for)\s+(?:an?\s+)?(?:adverse events?|(?-i:T?AEs?)|side effects?)\b"),
    ("OTHER:adverse events", r"\badverse events?\b|(?-i:\bAEs?\b)|\btreatment-emergent adverse events?\b|(?-i:\bTEAEs?\b)"),
    ("OTHER:infection", r"\b(?:viral |bacterial |fungal |severe |serious )?infections?\b"),
    ("OTHER:neutropenia", r"\b(?:febrile )?neutropenia\b"),
    ("OTHER:anemia", r"\ban(?:a)?emia\b"),
    ("OTHER:thrombocytopenia", r"\bthrombocytopenia\b"),
    ("OTHER:cytopenia", r"\b(?:prolonged |persistent )?cytopenias?\b"),
    ("OTHER:hypocalcemia", r"\bhypocalc(?:a)?emia\b"),
    ("OTHER:hypogammaglobulinemia", r"\bhypogammaglobulin(?:a)?emia\b"),
    ("OTHER:B-cell aplasia", r"\bB[- ]cell aplasia\b"),
    ("OTHER:B-cell recovery", r"\bB[- ]cell recovery\b"),
    ("OTHER:detectable B cells", r"\bB[- ]cells (?:were|was|became) (?:again )?(?:detectable|detected)\b"),
    ("OTHER:HLH", r"(?-i:\bHLH\b)|\bhemophagocytic lymphohistiocytosis\b|\bmacrophage activation syndrome\b"),
    ("OTHER:encephalopathy", r"\bencephalopathy\b"),
    ("OTHER:delayed neurotoxicity", r"\bdelayed neuro-?toxicit(?:y|ies)\b"),
    ("OTHER:CRi", r"(?<!/)\bcomplete (?:response|remission)s? with incomplete (?:count|hematologic|blood count) recovery\b"),
    ("OTHER:VGPR", r"\bvery good partial (?:response|remission)s?\b|(?-i:\bVGPRs?\b)"),
    ("OTHER:VGPR or better", r"\b(?:very good partial (?:response|remission)|VGPR) or better\b|≥\s*VGPR\b"),
    ("OTHER:sustained remission", r"\b(?:remained|remaining|stayed|staying|sustained) in (?:complete )?remission\b|\bsustained (?:complete )?remissions?\b"),
    ("OTHER:ongoing response", r"\bongoing responses?\b|\bresponses? (?:were|was|remained) ongoing\b|\bin ongoing response\b"),
    ("OTHER:T-cell neoplasm", r"\b(?:secondary |second |new )?T[- ]cell neoplasms?\b|\b(?:secondary|second|new) T[- ]cell (?:malignanc(?:y|ies)|lymphomas?)\b"),
    # a transplant after the CAR-T (never one before it, a baseline): "went on to receive a SCT";
    # "After the infusion, 10 patients received allo-HSCT"; "underwent allo-HSCT after CAR-T"
    ("OTHER:transplant after CAR-T", r"\bwent on to (?:receive|undergo|have) (?:an? )?(?:consolidative |subsequent )?" + _TRANSPLANT
     + r"|\b(?:after|following) (?:the )?(?:first |initial )?[\w-]*\s?(?:infusion|CAR[- ]?T(?: cells?)?(?: therapy)?|response|remission)s?,"
       r"[^.;]{0,40}?(?P<term>(?<!not\s)(?<!never\s)(?:received|underwent|proceeded to) (?:an? )?" + _TRANSPLANT + r")"
     + r"|(?<!not\s)(?<!never\s)\b(?:received|underwent|proceeded to) (?:an? )?(?:consolidative |subsequent )?" + _TRANSPLANT
     + r"(?= (?:after|following|post)[- ](?:the )?(?:CAR|infusion|response|remission))"),
    ("OTHER:second primary malignancy", r"\bsecond(?:ary)? primary (?:non-hematological )?malignanc(?:y|ies)\b|\bsecond (?:primary )?cancers?\b|(?-i:\bSPMs?\b)"),
)

# outcomes whose figures carry a grade when the text gives one ("Grade >=3 AEs in 45/74")
GRADED_OTHER = frozenset({"adverse events", "serious adverse events", "infection", "neutropenia", "anemia",
                          "thrombocytopenia", "cytopenia", "hypocalcemia", "encephalopathy"})
# outcomes reported as a rate at a time ("non-relapse mortality at 1 year")
TIMED_OTHER = frozenset({"non-relapse mortality", "disease-specific survival"})
