"""Derived figures: subgroups by subtraction from cohort facts, events from percents (GRIM)."""
import pytest

from evidence.studies import link_studies
from evidence.studies.derive import facts_to_splits

from test_studies_support import doc, fig, holland, size_fact, split_fact


def test_holland_same_and_different_target_cr():
    document, figures = holland()
    report = link_studies(figures, [document])
    same, different = report.derived
    assert (same.target_relation, same.events, same.total) == ("same", 5, 13)
    assert (different.target_relation, different.events, different.total) == ("different", 35, 48)
    assert same.derived and same.flags == "derived" and same.value == 5 / 13
    assert same.derived_from == (
        "CR 5/13 same-target; events: CR 40/61 (row 1) minus different-target CR 35 of 40 (fact at 1975): "
        "40 - 35 = 5; n: cohort 61 (row 1) minus different-target 48 of 61 (fact at 1781): 61 - 48 = 13; "
        "check: same-target without CR 8 of 21 (fact at 2136) = 13 - 5 ✓")
    assert different.derived_from == (
        "CR 35/48 different-target; events: different-target CR 35 of 40 (fact at 1975); "
        "n: different-target 48 of 61 (fact at 1781); check: without CR 21 of 61 (row 1) minus same-target without "
        "CR 8 of 21 (fact at 2136): 21 - 8 = 13 = 48 - 35 ✓")
    assert (same.start, same.quote) == (1975, "35 of 40 different")  # the fact the events rest on
    assert report.studies[0].study == "Holland 2023" and same.study == "Holland 2023"


SPLITS = [
    # id, facts, expected (relation, events, total) rows
    ("size-and-split", [size_fact("h", "different", 48, 61), split_fact("h", "different", 35, 40)],
     [("same", 5, 13), ("different", 35, 48)]),
    ("same-size-given", [size_fact("h", "same", 13, 61), split_fact("h", "same", 5, 40, outcome="CR")],
     [("same", 5, 13), ("different", 35, 48)]),
    ("no-size-but-both-splits", [split_fact("h", "different", 35, 40), split_fact("h", "same", 8, 21, "CR", True)],
     [("same", 5, 13), ("different", 35, 48)]),
    ("split-without-size-is-not-enough", [split_fact("h", "different", 35, 40)], []),
    ("size-alone-is-not-enough", [size_fact("h", "different", 48, 61)], []),
    ("another-cohort", [size_fact("h", "different", 48, 70), split_fact("h", "different", 35, 45)], []),
    ("responders-need-a-count", [size_fact("h", "different", 48, 61), split_fact("h", "different", 35, None)], []),
    ("another-outcome", [size_fact("h", "different", 48, 61), split_fact("h", "different", 35, 40, outcome="ORR")], []),
]


@pytest.mark.parametrize("facts,expected", [c[1:] for c in SPLITS], ids=[c[0] for c in SPLITS])
def test_splits(facts, expected):
    row = fig("h", "CR", 40 / 61, 40, 61, disease="ALL", relation="mixed")
    derived, problems = facts_to_splits([(1, row)], facts)
    assert [(f.target_relation, f.events, f.total) for f in derived] == expected
    assert not problems


def test_contradicting_facts_derive_nothing_and_say_so():
    row = fig("h", "CR", 40 / 61, 40, 61, disease="ALL")
    facts = [size_fact("h", "different", 48, 61), split_fact("h", "different", 35, 40),
             split_fact("h", "same", 9, 21, outcome="CR", negated=True)]
    derived, problems = facts_to_splits([(1, row)], facts)
    assert derived == []
    assert problems == ["h: cohort facts about CR 40/61 (row 1) disagree (check same: same-target without CR 9 of 21 "
                        "(fact at 200) != 13 - 5 ✗; check different: without CR 21 of 61 (row 1) minus same-target "
                        "without CR 9 of 21 (fact at 200): 21 - 9 = 12 != 48 - 35 ✗); no split derived"]


def test_subgroup_and_first_infusion_rows_are_not_split():
    facts = [size_fact("h", "different", 48, 61), split_fact("h", "different", 35, 40)]
    rows = [(1, fig("h", "CR", 40 / 61, 40, 61, infusion="1")), (2, fig("h", "CR", 40 / 61, 40, 61, subgroup="Cy-Flu"))]
    assert facts_to_splits(rows, facts) == ([], [])


GAUTHIER = ("Forty-four patients received CART2: 14 with acute lymphoblastic leukemia (ALL), 21 with non-Hodgkin "
            "lymphoma (NHL) and 9 with chronic lymphocytic leukemia (CLL).")


def gauthier_report(*figures, text=GAUTHIER):
    return link_studies(list(figures), [doc("g.xml", text, kind="journal", authors=("Gauthier J",), year=2021)])


def test_events_from_the_cohort_size():
    report = gauthier_report(fig("g.xml", "CR", 0.20), fig("g.xml", "ORR", 0.39))
    assert [(f.outcome, f.events, f.total) for f in report.derived] == [("CR", 9, 44), ("ORR", 17, 44)]
    assert report.derived[0].derived_from == ("CR 20% (row 1) of 44 (cohort size stated in g.xml): "
                                              "only 9/44 = 20.5% rounds to 20%")


@pytest.mark.parametrize("quote, disease", [
    pytest.param("After the second infusion the complete response rate was 20%.", "mixed", id="names-no-disease"),
    pytest.param("The complete response rate was 21% in ALL.", "ALL", id="names-its-disease"),
    pytest.param("In acute lymphoblastic leukemia, 21% had a complete response.", "ALL", id="names-it-in-words"),
])
def test_a_figure_of_a_mixed_cohort_that_names_no_disease_is_about_everyone(quote, disease):
    """Issue 11 item 3: in a cohort of several diseases, a figure whose sentence names none is the
    whole cohort's, whatever disease it was given: it stays mixed (and is flagged so)."""
    report = gauthier_report(fig("g.xml", "CR", 0.20, disease="ALL", quote=quote))
    (figure,) = report.figures
    assert figure.disease == disease
    assert ("mixed_cohort" in figure.flag_set) is (disease == "mixed")


def test_a_single_disease_cohort_keeps_its_disease():
    report = link_studies([fig("h.md", "CR", 0.66, 40, 61, disease="ALL", quote="CR was reached by 40 of 61.")],
                          [doc("h.md", "Sixty-one children with ALL were treated.", kind="journal")])
    assert report.figures[0].disease == "ALL"


def test_a_denominator_per_disease_when_the_counts_add_up():
    report = gauthier_report(fig("g.xml", "CR", 0.21, disease="ALL"), fig("g.xml", "CR", 0.19, disease="NHL"),
                             fig("g.xml", "CR", 0.22, disease="CLL"))
    assert [(f.disease, f.events, f.total) for f in report.derived] == [("ALL", 3, 14), ("NHL", 4, 21), ("CLL", 2, 9)]
    assert report.derived[0].derived_from.endswith("of 14 (ALL patients: 14 ALL + 9 CLL + 21 NHL = 44): "
                                                   "only 3/14 = 21.4% rounds to 21%")


NOT_DERIVED = [
    # id, figures, text
    ("counts-do-not-add-up", [fig("g.xml", "CR", 0.21, disease="ALL"), fig("g.xml", "CR", 0.19, disease="NHL")],
     "Forty-four patients received CART2: 14 with ALL and 21 with NHL and 3 with CLL."),
    ("no-cohort-size", [fig("g.xml", "CR", 0.20)], "CR was 20%."),
    ("no-count-fits", [fig("g.xml", "CR", 0.21)], GAUTHIER.replace("Forty-four", "Nine").replace("14", "2")
     .replace("21 with", "4 with").replace("9 with", "3 with")),
    ("approximate", [fig("g.xml", "CR", 0.20, flags="approximate")], GAUTHIER),
    ("first-infusion", [fig("g.xml", "CRS", 0.07, infusion="1")], GAUTHIER),
    ("subgroup", [fig("g.xml", "CR", 0.20, subgroup="Cy-Flu")], GAUTHIER),
    ("counts-given", [fig("g.xml", "CR", 8 / 44, 8, 44)], GAUTHIER),
    ("median", [fig("g.xml", "DOR", 4.0, measure="median", unit="months")], GAUTHIER),
]


@pytest.mark.parametrize("figures,text", [c[1:] for c in NOT_DERIVED], ids=[c[0] for c in NOT_DERIVED])
def test_never_a_guessed_denominator(figures, text):
    assert gauthier_report(*figures, text=text).derived == ()


def test_no_events_derived_when_a_report_gives_the_counts():
    documents = [doc("g.xml", GAUTHIER, kind="journal", authors=("Gauthier J",)),
                 doc("cll.md", "Gauthier J et al. Nine of them had CLL.", kind="advocacy")]
    figures = [fig("g.xml", "CR", 0.22, disease="CLL"), fig("cll.md", "CR", 2 / 9, 2, 9, disease="CLL")]
    assert link_studies(figures, documents, mapping={"g.xml": "G", "cll.md": "G"}).derived == ()
