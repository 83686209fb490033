"""Subgroup labels: the documented vocabulary of populations narrower than a whole cohort.

A figure's `subgroup` is one of these labels (empty for the whole cohort):

| label | who |
| --- | --- |
| `responders` / `non-responders` | patients who did / did not respond to the infusion the figure follows |
| `complete responders` | patients who reached CR, when a figure is reported among them only ("EFS among the 13 complete responders") |
| `with CR` / `without CR` | the two sides of a comparison by CR status ("relapse 29% with CR vs 61% without"); also "Month 3 CR yielded ..." |
| `with CRi` | patients whose (best) response was CR with incomplete hematologic recovery |
| `after first CR`, `after first PR`, `after first SD`, `after first NR` | by best response to the first CAR-T |
| `after first response` | responded (CR or PR) to the first CAR-T |
| `after relapse` | retreated for relapse (overt or MRD) after responding to the first CAR-T |
| `after non-response` | retreated because the first CAR-T never worked |
| `relapse prevention` | reinfused pre-emptively, in remission (not retreatment after failure) |
| `bridged to transplant` | went on to allogeneic transplant after the CAR-T |
| `not bridged to transplant` | did not go on to transplant after the CAR-T ("eight were not bridged to allo-HSCT") |
| `all enrolled` | the denominator is everyone enrolled (intention to treat), not the evaluable patients |
| `with prior therapy` / `without prior therapy` | had / had not received an earlier therapy the article names ("those with prior BCMA-targeted therapy and those without") |
| `comparator` | a comparison arm that did not receive the CAR-T (other salvage treatment) |
| `consolidated` | received a planned consolidation infusion while in remission |
| `completed sequence` | completed a planned sequence of CAR-T products |
| `Cy-Flu` / `non-Cy-Flu` | by lymphodepletion before the first CAR-T |
| `with CRi` | patients whose best response was CR with incomplete count recovery |
| `MRD-negative responders` | responders whose disease was MRD-negative |
| `CAR-naive` | patients who had never received a CAR-T (their infusion is the first) |
| `cohort 1`, `cohort B`, ... | one numbered or lettered cohort of a trial ("in cohort 2") |
| `dose >=1x10^6 cells/kg` | by dose level (comparator, mantissa x 10^exponent, unit as printed) |
| `CD19-negative`, `CD19-dim or CD19-negative`, ... | by antigen status of the disease before the infusion |

Labels with "{...}" are templates: the named group of the same name is turned into text by
`extractors.mentions` (a response term into its code, a dose into "dose >=AxB^C cells/kg",
antigen statuses into "CD19-dim or CD19-negative"). "without" stands alone in "27.8% with CAR-T vs
7.9% without": the sentence decides between `without CR` and `comparator`.
"""

_WHO = r"(?:patients?|pts|people|persons?|children|adults|participants|subjects|cases|those|ones|one|them)"
_FIRST = (r"(?:(?:(?:the|their|a) )?(?:first|initial|prior|previous|earlier|index)(?: (?:CAR[- ]?T(?:[- ]cells?)?|[a-z]{2,8}-cel|CAR T[- ]cell))?"
          r"(?: (?:infusion|dose|treatment|therapy|product|course|round|time))?|CAR-?T-?1\b|CART-?A\b)")
_RESPONSE = (r"(?P<response>CR(?:/CRi)?|PR|SD|PD|NR|complete (?:response|remission)|partial (?:response|remission)|stable disease"
             r"|progressive disease|no response|non-?response)")
_DISEASE_WORD = r"(?:leuk(?:a)?emia|cancer|disease|lymphoma|tumou?r|myeloma|blasts)"
# "who had a best overall response of CR": the response named as the best one
_BEST_OF = r"(?:(?:best (?:overall )?response|BOR) of (?:an? )?)?"
# a response category as the subject of a clause: "Month 3 CR yielded ...", "CRi showed ..."
_AT_TIME = r"(?<![\w/-])(?:(?:(?:at |by )?(?:month|day|week)[- ]?\d+|(?:day|week|month)[- ]\d+)\s+)?"
_SUBJECT_VERB = r"(?:yielded|showed|had|gave|was associated with)\b"
# a group term that ends in its verb is the subject of its clause: every value of the clause is its
CLAUSE_SUBJECT_END = r"\b(?:yielded|showed|had|gave|was associated with)$"
# an allogeneic transplant as authors abbreviate it: "allo-HSCT", "allo-SCT", "HCT"
_TRANSPLANT = r"(?:allo(?:geneic)?[- ]?)?(?:HSCT|HCT|SCT)\b"

SUBGROUP_TERMS = (
    ("after first {response}",
     r"(?:\b" + _WHO + r"|\d)\s+(?:whose|with a|with an|with) (?:best )?(?:first|initial|prior|previous) (?:overall )?response (?:was|had been|of) (?:an? )?" + _RESPONSE),
    ("after first {response}",
     _WHO + r"\s+(?:who (?:had|achieved|reached|attained|obtained)|with|in|whose best response was) (?:only )?(?:an? )?" + _RESPONSE
     + r"(?: (?:after|to|with|following|on|at) " + _FIRST + r"| the first time)"),
    ("after first {response}", r"\b(?:best )?response to " + _FIRST + r" (?:was|of) (?:an? )?" + _RESPONSE),
    ("after first response", r"\b" + _WHO + r"\s+who (?:had )?responded to " + _FIRST),
    ("after first CR", _WHO + r"\s+whose " + _DISEASE_WORD + r" had (?:completely )?(?:disappeared|cleared|gone away|vanished) after " + _FIRST),
    ("MRD-negative responders", r"\b(?:MRD|minimal residual disease|measurable residual disease)[-–— ]?negative responders\b"),
    ("CAR-naive", r"\bCAR[- ]?(?:T[- ])?na[iï]ve\b(?: patients)?"),
    ("{cohort}", r"\bin cohort (?P<cohort>\d+|[A-Z])\b"),
    ("non-responders", r"\bnon-?responders?\b|\bwho did not respond\b|\bwhose (?:cancers?|disease|" + _DISEASE_WORD + r") (?:had|did) not(?: (?:seem to )?respond(?:ed)?)?\b"
                       r"|\bwithout (?:a )?response\b|\bnot responding\b"),
    ("responders", r"\bresponders?\b|\bresponding (?:patients?|" + _WHO + r")\b|\b" + _WHO + r" who (?:had )?responded\b|\bresponding\b"
                   r"|\b" + _WHO + r" whose (?:cancers?|" + _DISEASE_WORD + r") (?:had )?responded\b"),
    ("complete responders", r"\bcomplete responders?\b|\b" + _WHO + r"\s+(?:who (?:were|are|remained) (?:still )?)?in (?:complete )?(?:remission|CR)\b"
                            r"|\b" + _WHO + r"\s+whose " + _DISEASE_WORD + r" (?:had )?(?:cleared|disappeared)\b"
                            r"|\b" + _WHO + r"\s+who (?:went|had gone|go) into (?:complete )?remission\b"),
    ("with CRi", r"\b" + _WHO + r"\s+(?:with|in|who (?:achieved|reached|got|attained|had)) (?:an? )?" + _BEST_OF
                 + r"(?:(?-i:CRi)\b|CR with incomplete (?:ha?ematologic |blood )?(?:count )?recovery(?: \(CRi\))?)"),
    ("with CRi", _AT_TIME + r"(?-i:CRi)\s+" + _SUBJECT_VERB),
    # "RFS in those achieving CR" (not "two of those reaching CR": there reaching CR is the outcome)
    ("with CR", r"\b(?:in|among|for) (?:the )?" + _WHO + r"\s+(?:achieving|reaching|attaining) (?:an? )?(?:CR|complete (?:response|remission))\b"),
    ("with CR", r"\b" + _WHO + r"\s+(?:with|who (?:achieved|reached|got|attained|had)) (?:an? )?" + _BEST_OF + r"(?:CR|complete (?:response|remission))\b"),
    ("with CR", _AT_TIME + r"(?-i:CR)\s+" + _SUBJECT_VERB),
    ("without CR", r"\b" + _WHO + r"\s+(?:without (?:an? )?(?:CR|complete (?:response|remission))|who did not (?:get|achieve|reach|attain|have) (?:an? )?(?:CR|complete (?:response|remission)))\b"
                   r"|\bwho did not reach CR\b"),
    ("with prior therapy", r"\b" + _WHO + r"\s+(?:with|who had(?: received)?) (?:a )?prior (?:[\w/-]+[- ](?:targeted|directed) )?(?:therapy|therapies|treatment|exposure)\b"),
    ("without", r"\b(?:(?:those|patients|ones) )?without(?: (?:it|them|CAR[- ]?T(?: cells)?))?(?=\s*(?:[(;,.)]|$|P\b))"),
    ("comparator", r"\b(?:comparison|control|comparator|reference) (?:group|arm|cohort)\b|\bcomparator\b"
                   r"|\b(?:without|no|non-?) ?CAR[- ]?T(?:[- ]cells?)?(?: (?:therapy|treatment))?\b|\bother salvage (?:treatments?|therap(?:y|ies)|regimens?)\b"),
    ("Cy-Flu", r"\b(?:Cy-?Flu|Cy/Flu|Flu/?Cy|Flu-Cy|cyclophosphamide (?:and|with|plus) fludarabine|fludarabine (?:and|with|plus) cyclophosphamide)\b"),
    ("non-Cy-Flu", r"\bnon-?Cy-?Flu\b"),
    ("not bridged to transplant", r"\bnot (?:bridged|proceeding|going on) to (?:an? )?" + _TRANSPLANT),
    ("bridged to transplant", r"(?<!not\s)\bbridged to (?:an? )?" + _TRANSPLANT + r"|(?<!not\s)\bbridged to (?:allogeneic )?(?:hematopoietic )?(?:stem[- ]cell )?transplant(?:ation)?\b"
                              r"|\b(?:who (?:went on to|proceeded to|underwent)|as a bridge to) (?:an? )?(?:allogeneic |donor )?(?:hematopoietic )?(?:stem[- ]cell )?transplant(?:ation)?\b"),
    ("relapse prevention", r"\b(?:for|as) relapse prevention\b|\brelapse[- ]prevention\b|\bpre-?emptive(?:ly)?\b|\bto (?:try to )?(?:prevent|stop) (?:a )?relapse\b"
                           r"|\bsafety[- ]net\b"),
    ("after non-response", r"\b(?:after|for) (?:a |primary )?non-?response(?: to " + _FIRST + r")?\b|\bnon-?response to " + _FIRST
                           + r"|\bprimary (?:non-?responders?|refractory (?:patients|disease))\b|\b" + _WHO + r" who (?:had )?(?:never|not) responded to " + _FIRST
                           + r"|\b(?:when|whose|their) (?:the )?" + _DISEASE_WORD + r" had never (?:responded|gone away)(?: to " + _FIRST + r")?"),
    ("after relapse", r"\b(?:after|for) (?:an? )?(?:MRD or overt |overt |MRD |molecular )?relapse\b|\bMRD or overt relapse\b"
                      r"|\b(?:reinfused|retreated|treated|given) for (?:MRD or overt |overt |MRD )?(?:CD\d+[- ]?(?:positive|negative|dim) |antigen[- ]?(?:positive|negative) )?relapse\b"
                      r"|\b(?:when|whose|their) (?:the )?" + _DISEASE_WORD + r" had (?:come back|returned|relapsed)\b"),
    ("all enrolled", r"\ball (?:\d+ |[a-z]+-?[a-z]* )?(?:enrolled|leukapheresed|apheresed)(?: patients)?\b|\ball patients enrolled\b|\beveryone (?:who )?(?:was )?enrolled\b|\bintention[- ]to[- ]treat\b"),
    ("consolidated", r"\bconsolidated\b|\bafter (?:the )?(?:planned )?consolidation\b"),
    ("completed sequence", r"\bcompleted the (?:planned )?sequence\b"),
    ("{dose}", r"(?P<dose>(?:≥|>=|=>|at least|more than|>|≤|<=|at most|less than|<)\s*(?:[\d.]+\s*(?:×|x|\*)\s*10\s*\^?\s*\d+|[\d.]+e\d+|(?:one|two|three|five|ten|[\d.]+) million|10\s*\^\s*\d+)"
               r"\s*(?:CAR[+]?[- ]?T[- ]?(?:cells)?\s*|(?:T )?cells\s*|CAR\+\s*T cells\s*)?(?:/|per)\s*(?:kg|kilogram)(?: of body weight)?)"),
    ("{status}", r"\b" + _WHO + r"\s+(?:whose (?:blasts|leuk(?:a)?emia|disease|tumou?rs?|cells|lymphoma) (?:was|were|had been|are)|with)\s+"
                 r"(?P<status>CD\d+[- ]?(?:dim|negative|neg|positive|low)(?:(?:,\s*|\s+or\s+|\s+and\s+|/)CD\d+[- ]?(?:dim|negative|neg|positive|low))*)"),
)

# "x for those with A and y for those without": what a bare "without" is the other side of
WITHOUT_SIDE = {"with CR": "without CR", "complete responders": "without CR", "with prior therapy": "without prior therapy"}
# the other side of a two-sided comparison
COMPLEMENTS = {
    "responders": "non-responders", "non-responders": "responders",
    "with CR": "without CR", "without CR": "with CR", "complete responders": "without CR",
    "Cy-Flu": "non-Cy-Flu", "non-Cy-Flu": "Cy-Flu",
}
# a subgroup that says which infusion its patients had last
SUBGROUP_INFUSION = {"CAR-naive": 1, "consolidated": 2, "completed sequence": 2, "after relapse": 2, "after non-response": 2,
                     **{f"after first {r}": 2 for r in ("CR", "PR", "SD", "PD", "NR", "response")}}
# outcomes counted among responders only: a responder subgroup adds nothing to them
CONDITIONAL_OUTCOMES = frozenset({"RELAPSE", "ANTIGEN_NEG", "ANTIGEN_DIM", "ANTIGEN_POS", "LINEAGE_SWITCH", "DOR"})
RESPONDER_GROUPS = frozenset({"responders", "complete responders"})
# a subgroup that received no CAR-T infusion at all
NO_INFUSION = frozenset({"comparator"})
