"""What a report states about its study (age, product, interval, lymphodepletion, follow-up) and the
design in one vocabulary: sentences (our own words) that must and must not give a value."""
import pytest

from evidence.studies.characteristics import design_type, text_to_characteristics

MUST = [
    # id, text, field, value
    ("age-words", "We treated 30 children and young adults with relapsed leukaemia.", "age", "children and young adults"),
    ("age-adults", "Twelve adults with lymphoma received a second product.", "age", "adults"),
    ("age-both", "Children and adults were eligible for the study.", "age", "children and adults"),
    ("median-age", "The median age was 41 years (range 19-70).", "age", "median age 41 y (range 19-70)"),
    ("median-age-old", "Patients were a median of 9.5 years old at the first infusion (range 2-21).", "age",
     "median age 9.5 y (range 2-21)"),
    ("product-inn", "All patients were given tisagenlecleucel again.", "product", "tisagenlecleucel"),
    ("product-short-name", "Retreatment with liso-cel was feasible.", "product", "liso-cel"),
    ("construct", "A humanized CD19 CAR T-cell product was used for the second infusion.", "product", "humanized CD19"),
    ("construct-and-the-earlier-one", "Humanized anti-CD19 CAR T cells after failure of murine CD19 CAR T cells.",
     "product", "Humanized CD19; earlier: murine CD19"),
    ("short-name-beside-its-full-name", "Axicabtagene ciloleucel (axi-cel) was given again.", "product",
     "Axicabtagene ciloleucel"),
    ("interval-after", "The second infusion followed the first after a median of 5.2 months (range 1.1-19).",
     "interval", "median 5.2 months (range 1.1-19)"),
    ("interval-median-time", "The median time from the first to the second infusion was 120 days.", "interval",
     "median 120 days"),
    ("lymphodepletion-agents", "Before retreatment, patients received fludarabine and cyclophosphamide "
     "lymphodepletion.", "lymphodepletion", "fludarabine + cyclophosphamide"),
    ("lymphodepletion-abbreviated", "Lymphodepletion with Flu/Cy preceded each infusion.", "lymphodepletion",
     "fludarabine + cyclophosphamide"),
    ("lymphodepletion-unnamed", "Most patients had lymphodepleting chemotherapy again.", "lymphodepletion",
     "yes, regimen not named"),
    ("follow-up", "At a median follow-up of 40·3 months (IQR 37·8-43·8), eleven were alive.", "follow_up",
     "median 40.3 months (IQR 37·8-43·8)"),
    ("follow-up-was", "The median follow-up was 13 months.", "follow_up", "median 13 months"),
    ("follow-up-wrapped-line", "The median follow-up\nwas 2 years.", "follow_up", "median 2 years"),
]
MUST_NOT = [
    # id, text, field
    ("pediatric-as-a-word", "Leukaemia is the most common pediatric cancer.", "age"),
    ("pre-lymphodepletion", "Pre-lymphodepletion tumour burden predicted relapse.", "lymphodepletion"),
    ("lymphodepletion-as-a-risk-factor", "Cy-Flu lymphodepletion before the first infusion was associated with "
     "response.", "lymphodepletion"),
    ("follow-up-of-another-study", "Our previous reports showed responses at a median follow-up of 2 years.",
     "follow_up"),
    ("follow-up-without-median", "Follow-up visits were monthly for 12 months.", "follow_up"),
    ("interval-without-first", "A median of 3 months later, most had relapsed.", "interval"),
]


def stated(text: str) -> dict[str, str]:
    return {s.field: s.value for s in text_to_characteristics(text)}


@pytest.mark.parametrize("text,field,value", [c[1:] for c in MUST], ids=[c[0] for c in MUST])
def test_stated(text, field, value):
    assert stated(text).get(field) == value


@pytest.mark.parametrize("text,field", [c[1:] for c in MUST_NOT], ids=[c[0] for c in MUST_NOT])
def test_not_stated(text, field):
    assert field not in stated(text)


def test_offsets_point_at_the_sentence():
    text = "Background sentence here. The median follow-up was 13 months. Another one."
    (found,) = text_to_characteristics(text)
    assert text[found.start:found.end] == "The median follow-up was 13 months."


@pytest.mark.parametrize("cues,design", [
    (("randomised", "multicentre"), "randomised trial (multicentre)"),
    (("retrospective", "phase 1/2"), "retrospective cohort (phase 1/2)"),
    (("comparative cohort",), "comparative cohort"),
    (("phase 1", "single-arm"), "prospective single-arm trial (phase 1)"),
    (("single-centre",), "not reported (single-centre)"),
    ((), ""),
])
def test_design_in_one_vocabulary(cues, design):
    assert design_type(cues) == design


def test_study_takes_the_best_reports_statement():
    """The journal's statement wins over the news story's; every statement keeps its document."""
    from evidence.studies import link_studies

    from test_studies_support import doc

    documents = [doc("n.txt", "Second infusions for adults.\n\nThe median follow-up was 9 months.\n\nSource: Trial "
                              "of retreatment. Blood 2021;1:2.", kind="news"),
                 doc("j.txt", "Trial of retreatment. Blood 2021;1:2.\n\nThe median follow-up was 11 months.",
                     kind="journal")]
    study = link_studies([], documents, mapping={"n.txt": "S", "j.txt": "S"}).studies[0]
    chosen = {s.field: (d, s.value) for d, s in study.characteristics}
    assert chosen["follow_up"] == ("j.txt", "median 11 months")
    assert chosen["age"] == ("n.txt", "adults")


def test_reference_list_states_nothing_about_this_study():
    """A cited title ("Tisagenlecleucel in children and young adults ...") in the reference list is
    another study's population and product."""
    from evidence.studies.profile import document_to_profile

    from test_studies_support import doc

    body = ("Results of a second infusion.\n\n" + "Nine patients responded. " * 40 + "\n\nReferences\n\n"
            "1. Smith A. Tisagenlecleucel in children and young adults with leukemia. N Engl J Med 2018;378:439.\n")
    assert document_to_profile(doc("a.txt", body)).characteristics == ()
    assert document_to_profile(doc("a.txt", body.replace("References", "More"))).characteristics != ()
