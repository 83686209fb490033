"""Toxicity outcomes and their grades."""

TOXICITY_TERMS = (
    ("CRS", r"\bcytokine[- ]release syndrome\b|(?-i:\bCRS\b)"),
    ("ICANS", r"\bimmune effector cell[- ]associated neurotoxicity(?: syndrome)?\b|(?-i:\bICANS\b)|\bneuro-?toxicit(?:y|ies)\b|\bneurologic(?:al)? (?:toxicit(?:y|ies)|events?)\b"),
)

# (grade, pattern) — ">=3" for severe, "any" for any grade
GRADE_TERMS = (
    (">=3", r"\bgrades?\s*(?:≥|>=|=>)\s*3\b|\bgrades?\s*3\s*(?:or|and)\s*(?:higher|above|greater|more)\b|\bgrades?\s*3\s*(?:-|–|to)\s*[45]\b|\bgrades?\s*3\+|\bsevere\b|\bgrade\s*[34]\b"),
    ("any", r"\bany[- ]grade\b|\ball grades?\b|\bgrades?\s*1\s*(?:-|–|to)\s*[45]\b|\bof any grade\b"),
)
