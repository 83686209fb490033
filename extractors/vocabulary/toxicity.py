"""Toxicity outcomes and their grades."""

TOXICITY_TERMS = (
    ("CRS", r"\bcytokine[- ]release syndrome\b|(?-i:\bCRS\b)"),
    ("ICANS", r"\bimmune effector cell[- ]associated neurotoxicity(?: syndrome)?\b|(?-i:\bICANS\b)|\bneuro-?toxicit(?:y|ies)\b"
              r"|\bneurologic(?:al)? (?:toxicit(?:y|ies)|events?|complications?|adverse events?)\b|\b(?:central nervous system|CNS) toxicit(?:y|ies)\b"),
)

# Lay wording in news and advocacy writing
LAY_TOXICITY_TERMS = (
    ("ICANS", r"\bneurologic(?:al)? (?:problems?|side[- ]effects?|effects?|symptoms?|trouble)\b|\bbrain (?:side[- ]effects?|problems?)\b"),
)

# (grade, pattern): ">=3" for severe, "any" for any grade, "<3" for mild or grade 1-2 only
GRADE_TERMS = (
    (">=3", r"\bgrades?\s*(?:≥|>=|=>)\s*3\b|\bgrades?\s*3\s*(?:or|and)\s*(?:higher|above|greater|more)\b|\bgrades?\s*3\s*(?:-|–|to)\s*[45]\b|\bgrades?\s*3\+|\bsevere\b|\bgrade\s*[345]\b|\bserious\b"),
    ("any", r"\bany[- ]grade\b|\ball grades?\b|\bgrades?\s*1\s*(?:-|–|to)\s*[45]\b|\bof any grade\b"),
    ("<3", r"\bgrades?\s*[12]\b(?!\s*(?:-|–|to)\s*[345])|\bgrades?\s*(?:≤|<=)\s*2\b|\bmild\b|\blow[- ]grade\b"),
)
