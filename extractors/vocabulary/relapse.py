"""Relapse and its immunophenotype (antigen loss, dim, positive; lineage switch), CAR-T persistence."""

RELAPSE_TERMS = (
    ("ANTIGEN_NEG", r"\b(?:antigen|CD\d{1,3}|target)[- ]?negative\b|\bloss of (?:the )?(?:CD\d{1,3}|antigen|target)\b|\b(?:CD\d{1,3}|antigen)[- ]?(?:loss|escape)\b"
                    r"|\blost (?:CD\d{1,3}|the (?:target )?antigen)\b|\b(?:CD\d{1,3}|antigen) negativity\b|\b(?:CD\d{1,3}|the antigen|the target) (?:had been|was|were) lost\b"),
    ("ANTIGEN_DIM", r"\b(?:antigen|CD\d{1,3}|target)[- ]?dim\b|\bdim (?:CD\d{1,3}|antigen)\b|\b(?:antigen|CD\d{1,3}) (?:downregulation|down-regulation|low)\b|\breduced (?:CD\d{1,3}|antigen) (?:expression|site density)\b"),
    ("ANTIGEN_POS", r"\b(?:antigen|CD\d{1,3}|target)[- ]?positive\b(?=[^.;]{0,40}\b(?:relapse|recurrence|in \d|in [a-z]+ \())|\b(?:antigen|CD\d{1,3}|target)[- ]?positive relapses?\b|\bantigen[- ]?positive\b"),
    ("LINEAGE_SWITCH", r"\blineage switch(?:es|ed)?\b|\bmyeloid switch\b|\bswitched (?:its |their )?lineage\b|\brelapsed with (?:a )?(?:lineage|myeloid) switch\b"),
    ("ANTIGEN_NEG", r"\brelapsed with (?:CD\d{1,3}|antigen|target)[- ]?negative\b"),
    ("ANTIGEN_DIM", r"\brelapsed with (?:CD\d{1,3}|antigen|target)[- ]?dim\b"),
    # "treated in first relapse", "relapsed/refractory": a disease state at treatment, not an outcome
    ("RELAPSE", r"\brelapsed\b(?!\s*(?:/|or\s+refractory|and\s+refractory))|(?<!first\s)(?<!second\s)(?<!third\s)\brelapses?\b(?![- ]free)|\brecurred\b|\bcame back\b|\bcumulative incidence of relapse\b"),
    ("CAR_DETECTED", r"\bdetect(?:ed|able)?\b[^.;]{0,30}\bCAR[- ]?T(?:[- ]cells?)?\b|\bCAR[- ]?T(?:[- ]cells?)?\b[^.;]{0,30}\b(?:detectable|detected|persist(?:ed|ence)?)\b|\bpersistence\b"),
)
