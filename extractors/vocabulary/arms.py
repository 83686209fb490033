"""Arms: the groups an article compares, as authors name them.

A CAR-T arm is named by a product ("axi-cel", "tisagenlecleucel") or by the therapy itself
("the CAR-T group"); a comparator arm by what it received instead ("standard of care", "SOC",
"standard regimens", "chemotherapy", "bispecific antibodies"). An article that sets two of
these against each other ("A vs B", "A compared with B") reports more than one group.
"""

CAR_T_ARM = (r"\b[a-z]{3,}-cel\b|\b[a-z]{4,}leucel\b|\b(?<!non-)(?<!non–)(?<!non )CAR[- ]?T(?:[- ]cells?)?(?: (?:therapy|group|arm|cohort))?\b"
             r"|\bCARTs?\b(?: (?:group|arm|cohort))?")
COMPARATOR_ARM = (r"\bstandard[- ]of[- ]care(?: (?:therapy|treatment|arm|group|regimens?))?\b(?! (?:[a-z]+-cel|CAR))|(?-i:\bSOC\b)(?! (?:[a-z]+-cel|CAR))"
                  r"|\bstandard (?:salvage )?(?:regimens?|care|therapy|treatments?)\b|(?-i:\bSRs?\b)"
                  r"|\b(?:salvage |intensified |conventional |standard )?chemotherapy(?:[ -][\w-]+){0,3}? (?:arm|group)\b"
                  r"|\b(?:salvage |intensified |conventional |standard )?chemotherapy\b|\b(?:patients|those) who did not(?= \()|\b(?:control|comparator) (?:group|arm|cohort)\b"
                  r"|\bbispecific (?:antibod(?:y|ies)|T[- ]cell engagers?)\b|\bnon[- –]?CAR[- ]?T(?:[- ]cells?)?(?: (?:therapy|regimens?|salvage regimens?|group))?\b")
# "A vs B", "A versus B", "A compared with B", "A over B": two arms set against each other
COMPARISON = r"\s*(?:,\s*)?(?:vs\.?|versus|compared (?:with|to)|over|than|against)\s+(?:those (?:receiving|treated with|given)\s+|the\s+)?"
# a value said of one arm: "41% for patients receiving axi-cel", "85% of cilta-cel", "54.6% in the axi-cel arm"
ATTACHED = (r"\s*(?:%|percent)?\s*(?:months?)?\s*(?:\([^()]{0,60}\))?\s*(?:of|in|with|for|among)\s+(?:the\s+)?"
            r"(?:(?:patients|those|people|participants|cases)\s+(?:receiving|treated with|given|who received|in)\s+(?:the\s+)?)?")
# a pair of values across two arms: "13.3 vs 4.4 months", "78.6% vs. 89.3%", "8/27 vs. 2/34"
PAIR = r"\s*(?:%|percent)?\s*(?:months?|mo)?\s*(?:\((?:95%\s*)?CI[^()]{0,60}(?:\([^()]*\)[^()]{0,20})?\))?\s*(?:,\s*)?(?:vs\.?|versus)\s+$"
# a value said of every arm
BOTH_ARMS = r"\s*(?:%|percent)?\s*(?:months?)?\s*in both (?:groups|arms)\b"
_GROUP_KIND = r"(?:(?:study|treatment|trial|randomi[sz]ed|dose)\s+)?"
# a sentence whose values are the compared groups' own: "similar in both groups (...)",
# "did not differ between the groups", "comparable in the two arms", "in either arm"
GROUPS_COMPARED = (r"\b(?:in|between|across|among|for)\s+(?:both|the\s+two|two|2|the\s+2|the)\s+" + _GROUP_KIND + r"(?:groups|arms|cohorts)\b"
                   r"|\b(?:in|for)\s+(?:either|each)\s+" + _GROUP_KIND + r"(?:group|arm|cohort)\b"
                   r"|\b(?:between|across|among)\s+" + _GROUP_KIND + r"(?:groups|arms|cohorts)\b")
# a sentence that names no outcome of its own before comparing the groups: "The rate was similar ...",
# "Similar rates were seen ...", "It did not differ ...", "No difference was found ..."
ANAPHORIC_SUBJECT = (r"\W*(?:(?:similar|comparable)\s+|(?:the|this|that|these|those|such|its|their)\s+)?"
                     r"(?:(?:overall|corresponding|respective|two|both)\s+)?"
                     r"(?:rates?|proportions?|percentages?|incidences?|frequenc(?:y|ies)|risks?|figures?|numbers?|results?|it|they|this|these)\b"
                     r"(?!\s+(?:of|for|in)\b)"
                     r"|\W*no\s+(?:(?:significant|statistically significant|apparent)\s+)?differences?\s+(?:was|were|(?=(?:between|across|among|in\s+(?:both|the\s+two|either|each))\b))")
