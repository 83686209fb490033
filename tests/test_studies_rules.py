"""The text cues linking reads, as tables of texts that must and must not give each answer."""
import pytest

from evidence.studies.genre import text_to_genre
from evidence.studies.people import text_to_names
from evidence.studies.profile import (
    citation_line, text_to_cohort_sizes, text_to_counts, text_to_disease_counts, text_to_identifiers,
    text_to_retreatment,
)
from evidence.studies.rules import LOOKALIKE_MIN_WEIGHT

GENRES = [
    # id, text, metadata kind, expected kind, expected basis
    ("pubmed-record", "Results: CR 20%.", "journal", "journal", "journal"),
    ("meeting-abstract-metadata", "Results", "abstract", "conference", "conference"),
    ("conference-header", "American Society of Hematology, 61st Annual Meeting\nCategory: (conference abstract)\n\n"
     "Methods\nWe went back through the records.", "", "conference", "conference"),
    ("peer-review-portal", "Research output: Contribution to journalArticlepeer-review\nThe rate of CR was 65%.", "",
     "journal", "journal"),
    ("structured-abstract", "Background: x.\nMethods: We retrospectively analysed 19 patients.\nResults: y.\n"
     "Conclusions: z.", "", "journal", "journal"),
    ("news-byline-about-meeting", "Second chances\n\nMarch 3, 2021 By Anna Lindqvist\n\nThe work was presented "
     "on 5 December 2020 at the annual meeting of the American Society of Hematology. \"Worth it,\" she said.", "",
     "news", "conference"),
    ("news-about-journal", "CHILDREN'S CANCER NEWS\n\nThe analysis was published in the journal Transplantation "
     "and Cellular Therapy in 2023.", "", "news", "journal"),
    ("group-summary", "From the Moreno lab and partners\n\nDr. Moreno and colleagues studied this question. "
     "Their findings were recently published in Blood.", "", "summary", "journal"),
    ("blog-key-points", "Key points on repeat CAR-T infusions:\n\nSources\npubmed.ncbi.nlm.nih.gov", "",
     "summary", "journal"),
    ("advocacy", "Myeloma Families Society, Inc.\n\nNothing here should be taken as medical advice.\n"
     "The full abstract is in the journal Blood.", "", "advocacy", "journal"),
    ("advocacy-care-team", "Our support group's page on relapse\n\nTalk with your care team before deciding. "
     "The study appeared in the journal Blood.", "", "advocacy", "journal"),
    ("advocacy-about-meeting", "From the Lymphoma Patients' Forum\n\nThe results were presented at the ASCO meeting "
     "in 2018. Not medical advice.", "", "advocacy", "conference"),
    ("nothing-to-say", "CR was 20%.", "", "", ""),
]


@pytest.mark.parametrize("text,metadata_kind,kind,basis", [c[1:] for c in GENRES], ids=[c[0] for c in GENRES])
def test_kind_of_report(text, metadata_kind, kind, basis):
    genre = text_to_genre(text, metadata_kind)
    assert (genre.kind, genre.basis) == (kind, basis)


def test_a_report_for_patients_is_not_advocacy_for_saying_for_patients():
    assert text_to_genre("This offers hope for patients out of options. By Susan Keown\n").kind != "advocacy"


NAMES = [
    # id, text, metadata authors, first authors, people that must be named, people that must not
    ("metadata", "", ("Gauthier J", "Bezerra ED"), ("Gauthier",), ("Bezerra",), ()),
    ("citation-list", "Gauthier J, Bezerra ED, Hirayama AV, Turtle CJ. Factors associated. Blood. 2020.", (),
     ("Gauthier",), ("Bezerra", "Hirayama"), ()),
    ("elided-list", "Study: Holland EM, Yates B, Steinberg SM, ..., Shah NN. Title.", (), ("Holland",), ("Shah",), ()),
    ("et-al-initials", "Source: Pan J et al. CD22 CAR T-cell therapy.", (), ("Pan",), (), ()),
    ("et-al-surname", "Design after: Pan et al., Blood 2020;135:387.", (), ("Pan",), (), ()),
    ("full-names-line", "Elizabeth M. Holland, Bonnie Yates, Hao Wei Wang, Nirali N. Shah*\n", (), ("Holland",),
     ("Yates", "Wang", "Shah"), ("Nirali",)),
    ("named-not-first", "Fred Hutch physician-scientist Jordan Gauthier, MD, said. Bezerra, Gauthier and colleagues "
     "took a close look.", (), (), ("Gauthier", "Bezerra"), ()),
    ("team-including", "The work came from a team including Fry, Shah and Orentas.", (), (), ("Fry", "Shah", "Orentas"),
     ()),
    ("dr-group", "according to a phase 1 study from Dr Pan's group", (), (), ("Pan",), ()),
    ("byline-is-not-an-author", "January 15, 2020 By Susan Keown\n\nGauthier said so.", (), (), ("Gauthier",),
     ("Keown",)),
    ("acronyms-are-not-authors", "Severe CRS was rare. Higher CAR doses helped. Refractory B-cell cancers.", (), (),
     (), ("Severe", "Higher", "Refractory")),
]


@pytest.mark.parametrize("text,authors,first,named,not_named", [c[1:] for c in NAMES], ids=[c[0] for c in NAMES])
def test_names(text, authors, first, named, not_named):
    names = text_to_names(text, authors)
    assert names.first_authors[:len(first)] == first
    assert set(named) <= set(names.people)
    assert not set(not_named) & set(names.people + names.first_authors)


IDENTIFIERS = [
    ("doi-markdown-tail", "Source: BMC Cancer 2022, doi:10.1186/s12885-022-09489-1.*", "dois",
     ("10.1186/s12885-022-09489-1",)),
    ("pmid", "Nat Med 2018;24(1):20-28. PMID 29155426.", "pmids", ("29155426",)),
    ("nct", "(NCT03827343)", "registrations", ("NCT03827343",)),
    ("citation-key", "Blood Adv 2024;8(9):2182.", "citation_keys", ("2024;8:2182",)),
    ("citation-key-supplement", "J Clin Oncol 2018;36(15_suppl):8012", "citation_keys", ("2018;36:8012",)),
    ("citation-key-elocator", "Transplant Cell Ther 2023;29(9):574.e1-574.e10", "citation_keys", ("2023;29:574",)),
    ("trial-name", "the ZUMA-1 trial", "trial_names", ("ZUMA-1",)),
    ("not-a-trial-name", "during COVID-19; CART-B after CART-A", "trial_names", ()),
]


@pytest.mark.parametrize("text,field,expected", [c[1:] for c in IDENTIFIERS], ids=[c[0] for c in IDENTIFIERS])
def test_identifiers(text, field, expected):
    assert text_to_identifiers(text)[field] == expected


COHORTS = [
    # id, text, the cohort size that must weigh most
    ("patients-received", "Forty-four patients received CART2. CD19 was lost in 1 of 20 patients.", 44),
    ("denominators", "CR in 40 of 61; CR after the first in 54 of 61. Of 135 patients, 61 (45.1%) were given", 61),
    ("n-equals", "Table 1 (n = 61). In 48 patients (78.7%) the target differed.", 61),
    ("who-got", "Doctors looked back at 44 adults who got a second infusion.", 44),
    ("counts-of-the", "Only three of nine patients responded; six of the nine had bulky disease.", 9),
    ("percent-of-patients-is-not-a-cohort", "Thirty-four percent of patients had no response; 44 patients received "
     "CART2.", 44),
]


@pytest.mark.parametrize("text,n", [c[1:] for c in COHORTS], ids=[c[0] for c in COHORTS])
def test_cohort_size(text, n):
    sizes = text_to_cohort_sizes(text)
    assert max(sizes, key=lambda k: (sizes[k], k)) == n


def test_counts_are_pairs_of_whole_numbers_with_a_real_denominator():
    assert text_to_counts("Seven of 13 responded; five of the ten; none of the eight; 24/30 (80%); phase 1/2") == [
        (0, 8), (5, 10), (7, 13), (24, 30)]


DISEASE_COUNTS = [
    ("had-list", "Forty-four patients: 14 had acute lymphoblastic leukemia (ALL), 21 non-Hodgkin lymphoma (NHL) and "
     "9 chronic lymphocytic leukemia (CLL).", [("ALL", 14), ("CLL", 9), ("NHL", 21)]),
    ("with-list", "14 with ALL, 21 with NHL and 9 with CLL", [("ALL", 14), ("CLL", 9), ("NHL", 21)]),
    ("of-them-had", "44 adults. Nine of them had CLL.", [("CLL", 9)]),
    ("no-count", "patients with CLL and ALL", []),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in DISEASE_COUNTS], ids=[c[0] for c in DISEASE_COUNTS])
def test_disease_counts(text, expected):
    assert text_to_disease_counts(text) == expected


RETREATMENT = [
    # id, text, is a look-alike (not retreatment after failure)
    ("consolidation", "Those in CR went on, as planned from the outset, to a consolidating infusion of CD22 CAR T "
     "cells while still in remission. Patients were not retreated because the first product failed.", True),
    ("planned-sequence", "A second, CD22-directed infusion by protocol. No patient received the second infusion "
     "because the first had failed; the sequence was fixed in advance.", True),
    ("co-administration", "CD19 and CD22 CAR T cells co-administered to CAR-naive patients. This is a first CAR T "
     "treatment, not a retreatment after failure.", True),
    ("retreatment", "Patients who relapsed after CD19 CAR T cells received a second infusion after failure of the "
     "first. Response after retreatment was assessed.", False),
    ("prevention-and-failure", "63 reinfusions aimed to prevent relapse in patients still in remission. The other 18 "
     "were given after failure of the first infusion: 10 for relapse and 8 for non-response. After failure, "
     "responses were confined to relapse. Because these patients had not failed treatment, the 63 differ.", False),
    ("failure-without-because", "Reasons for failure of initial CAR T cell infusions are not completely understood. "
     "A second infusion after failure was given.", False),
]


@pytest.mark.parametrize("text,lookalike", [c[1:] for c in RETREATMENT], ids=[c[0] for c in RETREATMENT])
def test_retreatment_after_failure_or_look_alike(text, lookalike):
    after, not_after, _ = text_to_retreatment(text)
    assert (not_after >= LOOKALIKE_MIN_WEIGHT and not_after > after) is lookalike


def test_citation_line_shortens_author_lists_and_drops_labels():
    text = ("Body.\n\nSource: Gauthier J, Bezerra ED, Hirayama AV, Turtle CJ. Factors associated with outcomes. "
            "Blood 2021;137(3):323-335. doi:10.1182/blood.2020006770.")
    assert citation_line(text) == ("Gauthier J et al. Factors associated with outcomes. Blood 2021;137(3):323-335. "
                                   "doi:10.1182/blood.2020006770.")
