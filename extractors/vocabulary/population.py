"""Who a figure is about: disease and infusion; and what a document says about its cohort
(CAR targets, retreatment after failure, planned sequences, CAR-naive patients).

Subgroup labels live in `subgroups.py`.
"""

# (disease code, pattern). "lymphoma" is the generic word: it stands for the document's one
# specific lymphoma (LBCL in an LBCL trial) or else NHL; "mixed" names several diseases at once.
DISEASE_TERMS = (
    ("ALL", r"\b(?:B[- ]?cell )?(?:precursor )?acute lymphoblastic leuk(?:a)?emia\b|(?-i:\b(?:B-?)?ALL\b)"),
    ("CLL", r"\bchronic lymphocytic leuk(?:a)?emia\b|(?-i:\bCLL\b)"),
    ("LBCL", r"\b(?:diffuse )?large B[- ]cell lymphomas?\b|(?-i:\b(?:DLBCL|LBCL)\b)"),
    ("MCL", r"\bmantle[- ]cell lymphomas?\b|(?-i:\bMCL\b)"),
    # not a lymphoma another arose from ("LBCL arising from follicular lymphoma"), not a state in an
    # address (", FL"), not an author's initials ("Smith FL, Jones D")
    ("FL", r"(?<!arising\sfrom\s)(?<!transformed\sfrom\s)\bfollicular lymphomas?\b|(?-i:(?<!,\s)\bFL\b(?!,\s[A-Z][a-z]+\s[A-Z]{1,2}\b))"),
    ("BL", r"\bBurkitt(?:'s)? lymphomas?\b|(?-i:\bBL\b)"),
    ("MM", r"\bmultiple myeloma\b|(?-i:\bMM\b)|\bmyeloma\b"),
    ("PCL", r"\b(?:primary )?plasma[- ]cell leuk(?:a)?emia\b|(?-i:\bp?PCL\b)"),
    ("NHL", r"\b(?:aggressive )?(?:B[- ]cell )?non[- ]Hodgkin(?:'s)? lymphomas?\b|(?-i:\b(?:B-)?NHL\b)"),
    ("lymphoma", r"\b(?:aggressive )?(?:B[- ]cell )?lymphomas?\b"),
    ("mixed", r"\bB[- ]cell (?:cancers|malignancies|neoplasms)\b|\bblood cancers\b|\bha?ematologic(?:al)? malignancies\b"
              r"|\bleuk(?:a)?emias? (?:or|and) lymphomas?\b|\blymphomas? (?:or|and) leuk(?:a)?emias?\b"),
)
SPECIFIC_LYMPHOMAS = ("LBCL", "MCL", "FL", "BL")

_PRODUCT = r"(?:infusion|dose|construct|product|treatment|CAR[- ]?T(?:[- ]cells?)?|CART|therapy|course|round|cycle)"
# a CAR-T product by its short nonproprietary name: "axi-cel", "liso-cel" (the INN stem -cel)
_SHORT_PRODUCT = r"[a-z]{2,8}-cel"
# which infusion: (1 or 2, pattern)
INFUSION_TERMS = (
    (1, r"(?-i:\bCAR-?T-?1\b)|\bCART-?A\b|\bCAR-?T-?A\b"),
    (1, r"\b(?:prior to|before) (?:the )?(?:CAR-?T-?2|CART-?B|second (?:CAR[- ]?T )?(?:infusion|dose|construct))\b"),
    (1, r"\b(?:the )?(?:first|initial|prior|previous|earlier|index|1st) (?:CAR[- ]?T(?:[- ]cells?)? |" + _SHORT_PRODUCT + r" )?" + _PRODUCT + r"s?\b"),
    (1, r"\bthe first time\b|\b(?:after|following|with) the first\b(?=\s*[,;)])"),
    # "7% of first and 9% of second infusions": the noun is said once, after the second
    (1, r"\bfirst\b(?=(?:\s+(?:and|or|vs\.?|versus)\s+|[^.;]{0,30}?\band\b[^.;]{0,20}?)\bsecond " + _PRODUCT + r"s?\b)"),
    (2, r"(?-i:\bCAR-?T-?2\b)|\bCART-?B\b|\bCAR-?T-?B\b"),
    (2, r"\b(?:the )?(?:second|repeat(?:ed)?|2nd) (?:CAR[- ]?T(?:[- ]cells?)? |" + _SHORT_PRODUCT + r" )?" + _PRODUCT + r"s?\b"
        r"|\b(?:the )?(?:subsequent|salvage|later) (?:CAR[- ]?T(?:[- ]cells?)?|CART)(?: " + _PRODUCT + r"s?)?\b"
        r"|\bre-?infusions?\b|\bre-?treatment\b|\bre-?treated\b|\bthe second time\b|\b(?:after|following|with) the second\b(?=\s*[,;)])"),
    (2, r"\b(?:the )?(?:planned |scheduled )?(?:CD\d+ )?consolidati(?:on|ng)(?: (?:CAR[- ]?T|infusion))?\b"),
)

# antigens that CAR-T cells target
TARGET_TERM = r"(?-i:\b(CD19(?:/CD22|/CD20)?|CD22|CD20|BCMA|CD7|CD30|CD33|CD123|GPRC5D)\b)"
# "after CD19 CAR-T failure": a target named as history, not as the infusion a figure is about
TARGET_HISTORY_AFTER = r"^[- ]?(?:directed |targeted |targeting |CAR[- ]?T?[- ]?|CAR T[- ]cells? |therapy |cell |product )*(?:therapy |treatment )?(?:failure|failed|fail|relapse|escape|resist|progress|refractor)"
TARGET_HISTORY_BEFORE = r"(?:failure of|failed|resistant to|refractory to|previously (?:received|treated with)|after failing)\s+(?:the\s+)?(?:a\s+)?$"
TARGET_PRODUCT_AFTER = r"^[- ]?(?:[A-Za-z]{1,4}-)?(?:directed |targeted |targeting )?(?:CAR[- ]?T(?:[- ]cells?)?|CART|CAR T[- ]cells?|product|infusion|cells|construct)\b"

# retreatment after failure, and planned sequences or CAR-naive cohorts that are not
RETREATMENT_CUES = (
    r"\bsecond (?:CAR[- ]?T|CD\d+[- ]?(?:targeted )?CAR|infusion|dose|construct|product|(?:round|course) of (?:the same )?(?:CD\d+ )?CAR)|\bre-?infusion|\bre-?treat"
    r"|\bsecond[- ]time\b|\bsalvage (?:CAR[- ]?T|CD\d+)|\b(?:after )?fail(?:ed|ing|ure of) (?:a |their |the )?(?:prior |previous |first |initial )?(?:CD\d+[- ]?(?:directed |targeted )?)?CAR"
    r"|\bafter (?:the )?(?:first |initial |prior )?(?:CAR[- ]?T|CD\d+[- ]?(?:directed |targeted )?CAR[- ]?T?)[^.]{0,30}\bfail"
    r"|\bpost[- ]CAR[- ]?T(?:[- ]cells?)?(?: therapy)? (?:failure|relapse|progression)|\bCART-?B\b|\bCAR-?T-?2\b|\bfailed (?:a |their |the )?(?:first|prior|previous|initial)|\bprior CD\d+[- ]?(?:directed|targeted)?"
    r"|\b(?:relapsed?|progressed|failure) (?:again )?(?:after|on|following) (?:their |the |a )?(?:murine |commercial |autologous )?(?:anti-?)?(?:CD\d+[- ]?)?CAR"
    r"|(?<!non-)(?<!non–)\bCAR[- ]?T(?:[- ]cells?)? salvage\b"
    r"|\b(?:resistant|refractory) to (?:prior )?CD\d+[- ]?(?:directed|targeted)? (?:CAR|immunotherapy|therapy)"
    r"|\bpreviously (?:received|been treated with|treated with) (?:murine )?CD\d+|\balready (?:been through|failed|received) CD\d+"
    r"|\bafter (?:an? )?(?:inadequate|insufficient|poor|suboptimal) response\b|\bresponse-adapted\b"
)
# a response-adapted sequence reported over its whole cohort: every patient began with the first product
# and the next ones were given by response, so a figure that names no product is the whole sequence's
WHOLE_SEQUENCE_CUES = (
    r"\b(?:started|began|entered|initiated) (?:the |a |this )?(?:treatment )?sequence\b"
    r"|\b(?:over|across|throughout) the (?:whole|entire|full) (?:treatment )?sequence\b"
    r"|\bresponse-adapted (?:treatment )?sequence\b"
)
LOOKALIKE_CUES = (
    r"\bnot (?:a )?re-?treat(?:ment|ed)|\bwere not re-?treated\b|\bas planned from the outset\b|\bby protocol\b"
    r"|\bfixed (?:in advance|schedule)|\bscheduled (?:in advance|second|CD\d+)|\bplanned (?:CD\d+ )?(?:consolidation|sequen)"
    r"|\bco-?administ|\bCAR[- ]?(?:T[- ])?naive\b|\bnew to CAR|\b(?:had|have) (?:not|never) received CAR[- ]?T"
    r"|\bnone of the patients had received CAR"
)
NAIVE_CUES = r"\bCAR[- ]?(?:T[- ])?naive\b|\bnew to CAR|\b(?:had|have) (?:not|never) received CAR[- ]?T|\bnone of the patients had received CAR|\bfirst CAR[- ]?T(?: cell)? treatment\b"
SAME_TARGET_CUES = (
    r"\bsame (?:antigen|target|CAR|product|construct|CAR T cells)\b|\bidentical (?:product|antigen|target|construct)\b|\bhumani[sz]ed CD\d+\b"
    r"|\bsecond CD\d+|\bre-?infusion of (?:the same|CD\d+)|\brepeated the (?:\S+ )?target\b|\bre-?dos(?:e|ing) (?:of )?the same\b"
)
DIFFERENT_TARGET_CUES = (
    r"\bdifferent (?:antigen|target|marker)s?\b|\bnew (?:antigen|target|marker)s?\b|\balternative (?:antigen|target)s?\b"
    r"|\b(?:antigen|target) other than\b|\bdifferent B[- ]cell antigens?\b|\bswitching (?:antigens?|targets?)\b"
)

# a sentence about the study an approval rests on, in an article about another cohort: the
# figures are that study's ("approved on the basis of the phase II trial, which showed ...")
OTHER_STUDY_CUES = r"\bapproved (?:on the basis of|based on)\b|\bapproval was based on\b"
