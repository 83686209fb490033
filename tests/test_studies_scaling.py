"""Linking at corpus scale: time near-linear in the number of documents, and the shortcuts that make it so
(prefix-filtered candidates, the chain guard by signature, bounded best links, conflicts all at once) giving
exactly what the plain pair-by-pair paths give.

Growth is measured by counting the pairs of documents scored (2N documents against N), never by a
clock: timed tests fail on a busy machine, and bench/bench.py measures the seconds.
"""
import random

import pytest

from evidence.studies import LinkSettings, link_studies, profile_documents

from test_studies_support import doc, fig

SYLLABLES = ("ka", "lo", "mi", "ren", "sa", "to", "vel", "dor", "ne", "ri", "ba", "gu", "han", "pe", "zo", "lin")
DISEASES = (("ALL", "B-ALL"), ("LBCL", "large B-cell lymphoma"), ("CLL", "CLL"), ("MM", "multiple myeloma"),
            ("MCL", "mantle cell lymphoma"))
WORDS = ("durable", "remission", "toxicity", "infusion", "persistence", "relapse", "expansion", "antigen",
         "response", "cytokine", "neurotoxicity", "marrow", "refractory", "outcomes", "second", "product")
MAX_RATIO = 3.5  # pairs scored for 2N documents over those for N: 2 when linear, 4 when quadratic


def surname(rnd):
    return "".join(rnd.choice(SYLLABLES) for _ in range(3)).capitalize()


def study_reports(name, i, rnd):
    """Study `i`, its documents in folder `name`: a journal article with PMID, DOI and authors; perhaps a conference abstract naming its
    authors; perhaps a news story quoting its first author. Their figures agree, within rounding."""
    author, other = surname(rnd), surname(rnd)
    code, disease = rnd.choice(DISEASES)
    n = rnd.randint(10, 90)
    cr = rnd.randint(1, n)
    orr = min(n, cr + rnd.randint(0, 5))
    crs = rnd.randint(0, n // 3)
    title = f"{rnd.choice(WORDS).capitalize()} {rnd.choice(WORDS)} of CAR T cells in {disease}: {surname(rnd)} trial"
    noise = " ".join(rnd.choice(WORDS) for _ in range(12))
    results = (f"{n} patients with {disease} were treated. CR was reached in {cr} of {n} patients "
               f"({100 * cr / n:.1f}%); the ORR was {100 * orr / n:.0f}%. Grade 3 or higher CRS occurred in {crs} "
               f"of {n}. Median follow-up was {rnd.randint(6, 30)} months. {noise.capitalize()}.")
    article = doc(f"{name}/article.xml", f"{title}\n\n{author} {other[0]}, {other} K.\n\nResults: {results}",
                  kind="journal", title=title, authors=(f"{author} A", f"{other} K"), pmid=str(31000000 + i),
                  doi=f"10.1000/study.{i}", year=2015 + i % 10)
    figures = [fig(article.name, "CR", cr / n, cr, n, disease=code), fig(article.name, "ORR", orr / n, disease=code),
               fig(article.name, "CRS", crs / n, crs, n, disease=code, grade=">=3")]
    documents = [article]
    if rnd.random() < 0.5:
        abstract = doc(f"{name}/abstract.txt", f"Abstract {1000 + i}. {title}\n\n{author} A, {other} K.\n\n"
                                                 f"Presented at the annual meeting. {results}")
        documents.append(abstract)
        figures += [fig(abstract.name, "CR", round(cr / n, 2), disease=code),
                    fig(abstract.name, "ORR", orr / n, disease=code)]
    if rnd.random() < 0.4:
        news = doc(f"{name}/news.html", f"A second look at CAR T cells\n\nBy Pat Writer\n\n"
                                          f"{cr} of {n} patients went into remission, Dr. {author} said. {noise}.")
        documents.append(news)
        figures.append(fig(news.name, "CR", cr / n, cr, n, disease=code))
    return documents, figures


def corpus(n_documents, seed=7, prefix="s"):
    """Whole studies of one to three reports, about `n_documents` documents, and their figures."""
    rnd = random.Random(seed)
    documents, figures = [], []
    while len(documents) < n_documents:
        i = len(documents)
        more_documents, more_figures = study_reports(f"{prefix}{i:05d}", i, rnd)
        documents += more_documents
        figures += more_figures
    return documents, figures


def one_large_study(n_documents, seed=11):
    """`n_documents` records of one PubMed entry (one PMID) with figures that vary, as in
    bench/bench.py's abstracts: one study of many reports, many of them in conflict."""
    rnd = random.Random(seed)
    documents, figures = [], []
    for i in range(n_documents):
        n = rnd.randint(8, 60)
        events = rnd.randint(0, n)
        name = f"large/record_{i:04d}.xml"
        documents.append(doc(name, f"Retreatment with CAR T cells\n\nCR in {events} of {n} patients; "
                                   f"median OS {rnd.randint(3, 13)} months.", pmid="30000000", kind="journal"))
        figures += [fig(name, "CR", events / n, events, n, disease="NHL"),
                    fig(name, "OS", float(rnd.randint(3, 13)), measure="median", unit="months", disease="NHL"),
                    fig(name, "ORR", round(rnd.uniform(0.3, 0.9), 2), disease="NHL")]
    return documents, figures


def pairs_scored(documents, figures, monkeypatch) -> int:
    """How many pairs of documents linking scores (every score goes through report.score_features)."""
    from evidence.studies import report

    calls = []
    original = report.score_features

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(report, "score_features", counting)
    profiles = {p.document: p for p in profile_documents(documents, figures)}
    link_studies(figures, documents, profiles)
    monkeypatch.setattr(report, "score_features", original)
    return len(calls)


@pytest.mark.parametrize("build,n", [(corpus, 300), (one_large_study, 250)], ids=["many-small-studies", "one-large-study"])
def test_pairs_scored_grow_near_linearly(build, n, monkeypatch):
    """Before the shortcuts every candidate pair of small studies was scored, and every pair of one
    large study's reports (for its links and the chain guard): four times the pairs for twice the
    documents. Now the pairs scored grow about as the documents do."""
    small, large = pairs_scored(*build(n), monkeypatch), pairs_scored(*build(2 * n), monkeypatch)
    assert large <= MAX_RATIO * max(small, 1), f"{n} documents: {small} pairs scored; {2 * n}: {large}"


def test_synthetic_corpus_links_its_studies():
    """The scaling corpus is a fair one: its reports link into their studies, nothing more."""
    documents, figures = corpus(120)
    report = link_studies(figures, documents)
    assert {frozenset(s.documents) for s in report.studies} == (
        {frozenset(d.name for d in documents if d.name.startswith(prefix))
         for prefix in {d.name.split("/")[0] for d in documents}})


def plain_paths(monkeypatch):
    """Link as before the shortcuts: every candidate scored, every pair checked by the chain guard,
    every pair of a study scored for its links, conflicts found document pair by document pair."""
    from evidence.studies import blocking, conflicts, links, report

    monkeypatch.setattr(blocking, "usual_signs", lambda settings: False)
    monkeypatch.setattr(report, "usual_signs", lambda settings: False)
    monkeypatch.setattr(links, "SMALL_STUDY", 10 ** 9)
    monkeypatch.setattr(conflicts, "MANY_DOCUMENTS", 10 ** 9)


SHORTCUT_CASES = [
    # id, corpus, documents, with 40 documents of other small studies
    ("many-small-studies", corpus, 250, True),
    ("one-large-study-and-small-ones", one_large_study, 80, True),
    ("one-study-nothing-could-forbid-a-link", one_large_study, 80, False),
    ("one-study-its-identifier-too-common-to-propose", one_large_study, 260, False),
]


@pytest.mark.parametrize("build,n,mixed", [c[1:] for c in SHORTCUT_CASES], ids=[c[0] for c in SHORTCUT_CASES])
def test_shortcuts_link_exactly_as_the_plain_paths(build, n, mixed, monkeypatch):
    documents, figures = build(n)
    if mixed:
        more_documents, more_figures = corpus(40, seed=3, prefix="other")
        documents, figures = documents + more_documents, figures + more_figures
    fast = link_studies(figures, documents)
    with monkeypatch.context() as patch:
        plain_paths(patch)
        plain = link_studies(figures, documents)
    assert fast.to_json() == plain.to_json()
    assert [s.to_json() for s in fast.studies] == [s.to_json() for s in plain.studies]
    assert fast.to_frame().equals(plain.to_frame())
    assert {(p.a, p.b) for p in fast.pairs} <= {(p.a, p.b) for p in plain.pairs}


def test_large_study_uses_the_shortcuts():
    """One study of 300 reports: linking, links and the guard score a few pairs per document, not every pair."""
    documents, figures = one_large_study(300)
    report = link_studies(figures, documents)
    assert len(report.studies) == 1 and len(report.conflicts) >= 1
    assert len(report.pairs) < 10 * 300


def test_default_weights_have_the_usual_signs():
    """The shortcuts need evidence of one study weighing >= 0 and of two studies <= 0, as by default."""
    from evidence.studies.floors import NEGATIVE_WEIGHTS, usual_signs

    assert usual_signs(LinkSettings())
    assert all(getattr(LinkSettings(), name) < 0 for name in NEGATIVE_WEIGHTS)
    assert not usual_signs(LinkSettings(same_year=-0.1))


@pytest.mark.parametrize("build,n", [(corpus, 150), (one_large_study, 60)], ids=["many-small-studies", "one-large-study"])
def test_bounds_hold_for_every_pair(build, n):
    """No pair scores above its ceiling or below its floor, and the ceiling matrix is the pair ceiling."""
    import itertools

    import numpy as np

    from evidence.studies.ceilings import BoundMatrix, bounds, evidence_keys, pair_bound
    from evidence.studies.features import ProfileFeatures
    from evidence.studies.floors import least_score, veto_signature
    from evidence.studies.scoring import score_features

    documents, figures = build(n)
    more_documents, more_figures = corpus(30, seed=5, prefix="other")
    by_document = {}
    for f in figures + more_figures:
        by_document.setdefault(f.document, []).append(f)
    profiles = profile_documents(documents + more_documents, figures + more_figures)
    features = [ProfileFeatures(p, by_document.get(p.document, ())) for p in profiles]
    settings = LinkSettings()
    keys = [evidence_keys(f) for f in features]
    ceilings = BoundMatrix(keys, settings).rows(range(len(keys)))
    for i, j in itertools.combinations(range(len(features)), 2):
        score = score_features(features[i], features[j], settings).score
        ceiling = pair_bound(keys[i], keys[j], bounds(settings), settings)
        assert score <= ceiling + 1e-6, (features[i].document, features[j].document)
        assert np.isclose(ceilings[i, j], ceiling) and np.isclose(ceilings[j, i], ceiling)
        assert score >= least_score(veto_signature(features[i]), veto_signature(features[j]), settings) - 1e-6
