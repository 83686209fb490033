"""Reconciling a study's reports: rounding, conflicts, the preferred value and why."""
import pytest

from evidence.studies import link_studies
from evidence.studies.genre import Genre
from evidence.studies.reconcile import reconcile_study
from evidence.studies.rounding import Printed, agree, counts_fitting, interval

from test_studies_support import doc, fig

AGREEMENT = [
    # id, a, b, agree?
    ("exact-and-its-rounding", Printed(2 / 9, 2, 9), Printed(0.22), True),
    ("exact-and-another-percent", Printed(2 / 9, 2, 9), Printed(0.21), False),
    ("neighbouring-percents", Printed(0.21), Printed(0.22), False),
    ("one-decimal-and-whole", Printed(0.655), Printed(0.66), True),
    ("count-and-rounded-percent", Printed(40 / 61, 40, 61), Printed(0.66), True),
    ("count-and-conference-count", Printed(8 / 44, 8, 44), Printed(0.20), False),
    ("half-way-rounds-either-way", Printed(0.205), Printed(0.21), True),
    ("days-in-months", Printed(61 / 30.4375, unit="months"), Printed(2.0, unit="months"), True),
    ("months", Printed(4.0, unit="months"), Printed(6.0, unit="months"), False),
]


@pytest.mark.parametrize("a,b,expected", [c[1:] for c in AGREEMENT], ids=[c[0] for c in AGREEMENT])
def test_agreement_within_rounding(a, b, expected):
    assert agree(a, b) is expected and agree(b, a) is expected


GRIM = [
    # id, printed proportion, denominator, whole numbers that fit
    ("unique", 0.20, 44, [9]),
    ("clll-22", 0.22, 9, [2]),
    ("none-fits", 0.21, 9, []),
    ("one-decimal", 0.705, 34, []),
    ("many-fit-a-large-denominator", 0.2, 400, [78, 79, 80, 81, 82]),
    ("zero", 0.0, 13, [0]),
]


@pytest.mark.parametrize("value,total,fits", [c[1:] for c in GRIM], ids=[c[0] for c in GRIM])
def test_grim_counts(value, total, fits):
    assert counts_fitting(Printed(value), total) == fits


def test_interval_of_a_printed_percent():
    low, high = interval(Printed(0.21))
    assert low == pytest.approx(0.205) and high == pytest.approx(0.215)


JOURNAL, CONFERENCE = Genre("journal", "journal"), Genre("conference", "conference")
NEWS_OF_MEETING = Genre("news", "conference")
SUMMARY_OF_JOURNAL, ADVOCACY_OF_JOURNAL = Genre("summary", "journal"), Genre("advocacy", "journal")


def reconcile(figures, genres):
    return reconcile_study("S", list(enumerate(figures, start=1)), genres)


def test_cll_cr_conflict_prefers_the_exact_count():
    figures = [fig("summary.txt", "CR", 0.21, disease="CLL"), fig("blog.txt", "CR", 0.22, disease="CLL"),
               fig("cll.txt", "CR", 2 / 9, 2, 9, disease="CLL")]
    genres = {"summary.txt": SUMMARY_OF_JOURNAL, "blog.txt": SUMMARY_OF_JOURNAL, "cll.txt": ADVOCACY_OF_JOURNAL}
    (item,) = reconcile(figures, genres)
    assert item.conflict and item.preferred.document == "cll.txt"
    assert item.why == ("cll.txt (2/9 (22.2%)) gives an exact count, preferred over the rounded percent of "
                        "summary.txt (21%); agrees with blog.txt (22%)")
    assert item.conflict_rows == (1, 2, 3)
    assert item.superseded_rows == (1,)


def test_whole_cohort_cr_prefers_the_journal_over_the_conference():
    figures = [fig("ash.txt", "CR", 8 / 44, 8, 44), fig("pubmed.xml", "CR", 0.20), fig("news.html", "CR", 0.20)]
    genres = {"ash.txt": CONFERENCE, "pubmed.xml": JOURNAL, "news.html": Genre("news", "journal")}
    (item,) = reconcile(figures, genres)
    assert item.conflict and item.preferred.document == "pubmed.xml"
    assert item.why.startswith("pubmed.xml (20%) is a peer-reviewed article, preferred over the conference abstract "
                               "ash.txt (8/44 (18.2%))")
    assert item.superseded_rows == (1,)


def test_a_report_of_the_journal_beats_a_report_of_the_meeting():
    figures = [fig("000.txt", "CR", 8 / 44, 8, 44), fig("002.txt", "CR", 0.20)]
    (item,) = reconcile(figures, {"000.txt": NEWS_OF_MEETING, "002.txt": SUMMARY_OF_JOURNAL})
    assert item.preferred.document == "002.txt"
    assert "retelling a journal publication, preferred over the news story retelling a conference presentation" in item.why


def test_a_primary_report_beats_a_retelling_of_the_journal():
    """Issue 11 item 4: sources rank as the methods text says (journal > conference abstract >
    news and advocacy); a retelling never inherits the rank of what it retells."""
    figures = [fig("ash.txt", "CR", 8 / 44, 8, 44), fig("news.html", "CR", 0.20)]
    (item,) = reconcile(figures, {"ash.txt": CONFERENCE, "news.html": Genre("news", "journal")})
    assert item.preferred.document == "ash.txt"
    assert item.why == ("ash.txt (8/44 (18.2%)) is a conference abstract, preferred over the news story "
                        "retelling a journal publication news.html (20%)")


def test_the_journal_record_wins_whenever_it_states_the_figure():
    figures = [fig("ash.txt", "CR", 8 / 44, 8, 44), fig("advocacy.md", "CR", 0.20), fig("pubmed.xml", "CR", 0.20)]
    genres = {"ash.txt": CONFERENCE, "advocacy.md": Genre("advocacy", "journal"), "pubmed.xml": Genre("journal", "journal")}
    (item,) = reconcile(figures, genres)
    assert item.preferred.document == "pubmed.xml"
    assert item.why.startswith("pubmed.xml (20%) is a peer-reviewed article, preferred over the conference abstract")


NOT_CONFLICTS = [
    ("rounding", [fig("a", "CR", 40 / 61, 40, 61, disease="ALL"), fig("b", "CR", 0.66, disease="ALL")]),
    ("other-denominators", [fig("a", "CR", 0.8, 24, 30, disease="ALL"), fig("b", "CR", 24 / 34, 24, 34, disease="ALL")]),
    ("a-document-reports-both-populations", [fig("a", "CR", 0.8, 24, 30, disease="ALL"),
                                              fig("a", "CR", 0.705, disease="ALL"), fig("b", "CR", 0.705, disease="ALL")]),
    ("percent-mismatch-inside-one-document", [fig("a", "ORR", 7 / 13, 7, 13, flags="percent_mismatch"),
                                              fig("b", "ORR", 7 / 13, 7, 13)]),
    ("other-populations", [fig("a", "CR", 0.21, disease="ALL"), fig("b", "CR", 0.19, disease="NHL"),
                           fig("b", "CR", 0.5, infusion="1"), fig("a", "CR", 0.2, subgroup="Cy-Flu")]),
]


@pytest.mark.parametrize("figures", [c[1] for c in NOT_CONFLICTS], ids=[c[0] for c in NOT_CONFLICTS])
def test_not_conflicts(figures):
    assert not any(item.conflict for item in reconcile(figures, {}))


def test_conflict_flags_reach_the_table():
    documents = [doc("ash.txt", "Abstract", kind="abstract"), doc("pubmed.xml", "Article", kind="journal")]
    figures = [fig("ash.txt", "CR", 8 / 44, 8, 44), fig("pubmed.xml", "CR", 0.20, flags="approximate")]
    mapping = {"ash.txt": "G", "pubmed.xml": "G"}
    report = link_studies(figures, documents, mapping=mapping)
    assert [f.flags for f in report.figures] == ["conflict;superseded", "approximate;conflict"]
    again = link_studies(report.figures, documents, mapping=mapping)
    assert [f.flags for f in again.figures] == ["conflict;superseded", "approximate;conflict"]


def test_without_kinds_exact_counts_win():
    figures = [fig("ash.txt", "CR", 8 / 44, 8, 44), fig("pubmed.xml", "CR", 0.20)]
    report = link_studies(figures, mapping={"ash.txt": "G", "pubmed.xml": "G"})
    assert report.conflicts[0].preferred.document == "ash.txt"


def test_conflict_json_has_the_contract_keys():
    figures = [fig("ash.txt", "CR", 8 / 44, 8, 44), fig("pubmed.xml", "CR", 0.20)]
    report = link_studies(figures, mapping={"ash.txt": "G", "pubmed.xml": "G"})
    (conflict,) = report.to_json()["conflicts"]
    assert {"study", "outcome", "measure", "disease", "infusion", "subgroup", "values", "preferred"} <= set(conflict)
    assert conflict["values"][0] == {"document": "ash.txt", "value": 8 / 44, "events": 8, "total": 44, "kind": "",
                                     "row": 1}
    assert set(conflict["preferred"]) >= {"document", "value", "why"}


def test_the_value_more_reports_agree_with_wins_among_equals():
    """Regression: the preference was sorted in place, and list.sort shows the key an empty list,
    so 'agrees with more reports' never counted and the first document name won."""
    figures = [fig("a.txt", "CR", 0.30), fig("b.txt", "CR", 0.25), fig("c.txt", "CR", 0.25)]
    genres = {name: SUMMARY_OF_JOURNAL for name in ("a.txt", "b.txt", "c.txt")}
    (item,) = reconcile(figures, genres)
    assert item.preferred.document == "b.txt"


def test_a_median_is_one_figure_whatever_timepoint_a_report_gave_it():
    """Issue 11 item 6: 'median OS 15 months' with a stray 15-month timepoint is the same median,
    not a second figure (nor a 15-month rate)."""
    figures = [fig("a.md", "OS", 15.0, measure="median", unit="months"),
               fig("b.txt", "OS", 15.0, measure="median", unit="months", timepoint_months=15.0)]
    (item,) = reconcile(figures, {"a.md": Genre("journal", "journal"), "b.txt": Genre("news", "journal")})
    assert item.preferred.document == "a.md" and len(item.values) == 2
