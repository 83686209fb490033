"""Linking reports into studies: pairs that must and must not be one study, the chain guard, maps, labels."""
import pytest

from evidence.studies import LinkSettings, link_studies
from evidence.studies.cluster import pairs_to_clusters
from evidence.studies.scoring import PairScore, score_pair
from evidence.studies.profile import document_to_profile

from test_studies_support import doc, fig

ABSTRACT = """Salvage CAR T cells after CAR T failure in children with B-ALL

Background: Relapse after CAR T cells is common.
Methods: We retrospectively reviewed 61 patients given a second construct.
Results: CR after the second construct was 65.5% (40/61) versus 88.5% (54/61) after the first; 29 of 40 relapsed.
"""
NEWS = """CHILDREN'S CANCER NEWS

When the first CAR T product fails, a second one can still work

A review of 61 children and young adults who were given a second product. The leukaemia disappeared in 40 of the
61 patients (66%), short of the first round, when 54 of the same 61 had gone into remission.
"""


def pair_same_doi():
    a = doc("a.txt", "Humanized CD19 CAR T cells: results in 19 patients.", doi="10.1186/s12885-022-09489-1")
    b = doc("b.md", "A report in BMC Cancer (doi:10.1186/s12885-022-09489-1) describes 19 patients.")
    return [a, b], []


def pair_genres_no_author():
    """A structured journal abstract and a news story that names no author: one study by its figures."""
    a, b = doc("abstract.md", ABSTRACT), doc("news.txt", NEWS)
    figures = [fig("abstract.md", "CR", 40 / 61, 40, 61, disease="ALL"),
               fig("abstract.md", "CR", 54 / 61, 54, 61, disease="ALL", infusion="1"),
               fig("abstract.md", "RELAPSE", 29 / 40, 29, 40, disease="ALL"),
               fig("news.txt", "CR", 40 / 61, 40, 61, disease="ALL"),
               fig("news.txt", "CR", 54 / 61, 54, 61, disease="ALL", infusion="1")]
    return [a, b], figures


def pair_same_first_author_two_studies():
    a = doc("pan2019.txt", "CD22 CAR T cells after CD19 failure. Thirty-four patients were enrolled.\n\n"
                           "Source: Pan J et al. CD22 CAR T-cell therapy in B-ALL. Leukemia 2019;33:2854-2866.")
    b = doc("pan2020.md", "Planned consolidation. Sixteen children received the CD19 product.\n\n"
                          "Design after: Pan et al., Blood 2020;135:387.")
    figures = [fig("pan2019.txt", "CR", 0.8, 24, 30, disease="ALL"), fig("pan2020.md", "CR", 15 / 16, 15, 16, disease="ALL")]
    return [a, b], figures


def pair_same_cohort_size_only():
    a = doc("one.txt", "Forty-four patients received a second CD19 infusion.")
    b = doc("two.txt", "Forty-four patients received CD22 CAR T cells.")
    figures = [fig("one.txt", "CR", 8 / 44, 8, 44), fig("two.txt", "CR", 30 / 44, 30, 44)]
    return [a, b], figures


def pair_same_registration():
    a = doc("a.txt", "Retrospective review (NCT03827343) of 61 patients.")
    b = doc("b.pdf", "Results section. ClinicalTrials.gov NCT03827343.")
    return [a, b], []


def pair_same_citation():
    a = doc("a.txt", "Source: Reinfusion of CD19 CAR T cells. Blood Adv 2024;8(9):2182.")
    b = doc("b.md", "Source study: Reinfusion of CD19 CAR T cells. Blood Advances 2024;8(9):2182 (review).")
    return [a, b], []


def pair_shared_coauthor_only():
    a = doc("fry.txt", "Twenty-one patients were infused.\n\nSource: Fry TJ, Shah NN, Orentas RJ et al. CD22-targeted CAR "
                       "T cells. Nat Med 2018;24(1):20-28.")
    b = doc("holland.txt", "61 patients.\n\nStudy: Holland EM, Yates B, ..., Shah NN. Salvage therapy. Transplant Cell "
                           "Ther 2023;29(9):574.")
    return [a, b], []


def pair_author_named_in_news():
    a = doc("summary.txt", "44 patients received CART2.\n\nGauthier J, Bezerra ED, Turtle CJ. Factors associated. "
                           "Blood. 2020.")
    b = doc("news.txt", "The study of 44 patients was presented at the meeting. \"It works,\" Jordan Gauthier, MD, said.")
    return [a, b], []


def pair_different_dois():
    a = doc("a.txt", "44 patients received CART2. Gauthier J et al. doi:10.1182/blood.2020006770")
    b = doc("b.txt", "44 patients received CART2. Gauthier J et al. doi:10.1038/s41375-019-0488-7")
    return [a, b], []


PAIRS = [
    # id, builder, one study?
    ("same-doi", pair_same_doi, True),
    ("journal-abstract-and-news-without-author", pair_genres_no_author, True),
    ("same-registration", pair_same_registration, True),
    ("same-citation", pair_same_citation, True),
    ("first-author-named-in-news", pair_author_named_in_news, True),
    ("same-first-author-different-studies", pair_same_first_author_two_studies, False),
    ("same-cohort-size-alone", pair_same_cohort_size_only, False),
    ("shared-co-author-only", pair_shared_coauthor_only, False),
    ("different-dois-same-author-and-size", pair_different_dois, False),
]


@pytest.mark.parametrize("builder,linked", [c[1:] for c in PAIRS], ids=[c[0] for c in PAIRS])
def test_pairs_that_must_and_must_not_link(builder, linked):
    documents, figures = builder()
    report = link_studies(figures, documents)
    assert (len(report.studies) == 1) is linked
    if linked:
        link = report.studies[0].links[0]
        assert link.reasons and 0.5 <= link.confidence <= 1


def test_links_say_why():
    documents, figures = pair_genres_no_author()
    study = link_studies(figures, documents).studies[0]
    reasons = study.links[0].reasons
    assert "same cohort size 61" in reasons
    assert any(r.startswith("shares figures: CR 40/61") for r in reasons)


def test_same_doi_reason_names_the_doi():
    documents, figures = pair_same_doi()
    assert "same DOI 10.1186/s12885-022-09489-1" in link_studies(figures, documents).studies[0].links[0].reasons


def _pair(a, b, score):
    return PairScore(a, b, score, ())


def test_chain_guard_keeps_apart_what_disagrees():
    """a-b and b-c are strong enough, but a and c cannot be one study: c stays out."""
    pairs = {("a", "b"): _pair("a", "b", 3.0), ("b", "c"): _pair("b", "c", 1.2), ("a", "c"): _pair("a", "c", -2.5)}
    clusters, blocked = pairs_to_clusters(["a", "b", "c"], pairs)
    assert clusters == [("a", "b"), ("c",)]
    assert [(x.pair.a, x.pair.b, x.because.a, x.because.b) for x in blocked] == [("b", "c", "a", "c")]


def test_weak_links_chain_when_nothing_disagrees():
    pairs = {("a", "b"): _pair("a", "b", 1.1), ("b", "c"): _pair("b", "c", 1.0), ("a", "c"): _pair("a", "c", 0.0)}
    assert pairs_to_clusters(["a", "b", "c"], pairs)[0] == [("a", "b", "c")]


def test_map_joins_and_separates():
    documents, figures = pair_same_cohort_size_only()
    joined = link_studies(figures, documents, mapping={"one.txt": "Trial X", "two.txt": "Trial X"}, map_name="fix.csv")
    assert [(s.study, s.documents) for s in joined.studies] == [("Trial X", ("one.txt", "two.txt"))]
    assert joined.studies[0].links[0].reasons[0] == "linked by fix.csv: Trial X"
    documents, figures = pair_same_doi()
    apart = link_studies(figures, documents, mapping={"a.txt": "A", "b.md": "B"})
    assert [s.study for s in apart.studies] == ["A", "B"]
    assert len(apart.blocked) == 1 and apart.blocked[0].because is None


def test_unknown_document_in_map_is_an_error():
    from evidence.errors import TableError

    documents, figures = pair_same_doi()
    with pytest.raises(TableError, match="document 'c.txt' is not in the table"):
        link_studies(figures, documents, mapping={"c.txt": "C"}, map_name="fix.csv")


LABELS = [
    # id, documents, label
    ("surname-year-from-metadata", [doc("p.xml", "Results.", authors=("Gauthier J",), year=2021, kind="journal")],
     "Gauthier 2021"),
    ("surname-year-from-citation", [doc("s.txt", "Gauthier J, Bezerra ED, Turtle CJ. Factors. Blood. 2020 Sep 23. "
                                                 "doi:10.1182/blood.2020006770")], "Gauthier 2020"),
    ("title-when-no-author", [doc("n.md", "Reinfusion: what a review tells families\n\nBody text here.\n\nSource: "
                                          "Reinfusion of CD19 CAR T cells for relapse prevention and treatment in "
                                          "children. Blood Adv 2024;8(9):2182.")],
     "Blood Adv 2024"),
    ("trial-name-year", [doc("t.txt", "Giving the product twice\n\nBody text here.\n\nSource: Retreatment of "
                                      "patients with lymphoma with a CAR T-cell product in ALPHA-2. J Clin Oncol "
                                      "2018;36(15_suppl):8012.")],
     "ALPHA-2 2018"),
    ("trial-named-only-in-the-body-is-not-the-label",
     [doc("b.txt", "Second infusions\n\nAs in ALPHA-2, some responded.\n\nSource: Second infusions of CAR T cells "
                   "in adults. BMC Cancer 2022. doi:10.1186/s1-022-0.")],
     "BMC Cancer 2022"),
    ("title-cut-at-a-whole-word-with-an-ellipsis",
     [doc("w.md", "Second infusions\n\nBody text here.\n\nSource: Reinfusion of CD19 CAR T cells for relapse "
                  "prevention and treatment in children. 2024;8(9):2182.")],
     "Reinfusion of CD19 CAR T cells for relapse… (2024)"),
]


@pytest.mark.parametrize("documents,label", [c[1:] for c in LABELS], ids=[c[0] for c in LABELS])
def test_labels(documents, label):
    assert link_studies([], documents).studies[0].study == label


def test_labels_are_unique_and_stable():
    documents, figures = pair_same_first_author_two_studies()
    first = [s.study for s in link_studies(figures, documents).studies]
    assert first == [s.study for s in link_studies(figures, documents).studies]
    assert len(set(first)) == 2


def test_table_alone_links_by_figures_and_names():
    """No document text: the figures, their quotes and the document names are the evidence."""
    _, figures = pair_genres_no_author()
    report = link_studies(figures, source="table")
    assert len(report.studies) == 1 and not report.profiles[0].from_text


def test_settings_are_validated():
    from evidence.errors import EvidenceError

    with pytest.raises(EvidenceError, match="unknown link setting"):
        LinkSettings.resolve({"treshold": 2})
    with pytest.raises(EvidenceError, match="below the link threshold"):
        LinkSettings(threshold=1.0, cannot_link=1.5)
    assert LinkSettings.resolve({"threshold": 2.0}).threshold == 2.0


def test_score_is_symmetric():
    documents, figures = pair_genres_no_author()
    a, b = (document_to_profile(d, [f for f in figures if f.document == d.name]) for d in documents)
    fa = [f for f in figures if f.document == "abstract.md"]
    fb = [f for f in figures if f.document == "news.txt"]
    assert score_pair(a, b, fa, fb).score == score_pair(b, a, fb, fa).score


def test_many_unrelated_reports_are_not_compared_pair_by_pair():
    """Evidence held by hundreds of documents (the same count, the same cohort size) proposes no pair."""
    documents = [doc(f"d/t{i:05d}.txt", f"Note {i}\nCR in {i % 9 + 1} of 10.\n") for i in range(2000)]
    figures = [fig(d.name, "CR", (i % 9 + 1) / 10, i % 9 + 1, 10) for i, d in enumerate(documents)]
    report = link_studies(figures, documents)
    assert len(report.studies) == 2000 and report.pairs == ()


def test_proposing_pairs_by_shared_evidence_loses_no_link():
    """Scoring only pairs that share some evidence links as scoring every pair would."""
    import itertools

    from evidence.studies.cluster import pair_key

    documents, figures = [], []
    for builder, _ in [(c[1], c[2]) for c in PAIRS]:
        more_documents, more_figures = builder()
        prefix = builder.__name__ + "/"
        documents += [doc(prefix + d.name, d.text, kind=d.metadata.kind, authors=d.metadata.authors,
                          doi=d.metadata.doi) for d in more_documents]
        figures += [f.__class__(**{**f.to_row(), "document": prefix + f.document}) for f in more_figures]
    report = link_studies(figures, documents)
    profiles = {p.document: p for p in report.profiles}
    by_doc = {}
    for f in figures:
        by_doc.setdefault(f.document, []).append(f)
    every = {pair_key(a, b): score_pair(profiles[a], profiles[b], by_doc.get(a, ()), by_doc.get(b, ()))
             for a, b in itertools.combinations(profiles, 2)}
    clusters, _ = pairs_to_clusters(list(profiles), every)
    assert sorted(clusters) == sorted(s.documents for s in report.studies)
