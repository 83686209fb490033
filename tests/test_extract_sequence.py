"""Which infusion a figure is about in an article on a response-adapted sequence of CAR-T products,
on passages written for these tests: a figure over everyone who began the sequence is the whole
sequence's (`mixed`), never the second infusion's; one whose sentence names the later product is
the second's; an article about retreatment with no such sequence keeps the second as its default."""
import pytest

from passages import assert_exactly, extract

SEQUENCE = ("Children with relapsed Burkitt lymphoma began with CD19 CAR T cells, and CD22 CAR T cells followed after "
            "an inadequate response. Thirty children started the sequence. ")
RETREATED = ("Adults whose mantle cell lymphoma relapsed after a first CD19 CAR T-cell infusion received a second "
             "CD19 CAR T-cell infusion. Thirty adults were retreated. ")

CASES = [
    pytest.param(SEQUENCE + "The 12-month progression-free survival was 60%.",
                 [{"outcome": "PFS", "value": 0.60, "infusion": "mixed"}], id="sequence-figure-is-the-whole-sequence"),
    pytest.param(SEQUENCE + "Of the 12 patients given CD22 CAR T cells, 6 reached a complete response.",
                 [{"outcome": "CR", "events": 6, "total": 12, "infusion": "2"}], id="later-product-named-is-the-second"),
    pytest.param(RETREATED + "The 12-month progression-free survival was 60%.",
                 [{"outcome": "PFS", "value": 0.60, "infusion": "2"}], id="retreatment-keeps-the-second"),
    pytest.param("Thirty adults with relapsed mantle cell lymphoma received CD19 CAR T cells. "
                 "The 12-month progression-free survival was 60%.",
                 [{"outcome": "PFS", "value": 0.60, "infusion": "1"}], id="first-car-t-article"),
    pytest.param("A response-adapted sequence of CAR T cells against CD19 and then CD22 was given to children with "
                 "relapsed leukaemia, the second product after an inadequate response. "
                 "Over the whole sequence, the 12-month event-free survival was 55%.",
                 [{"outcome": "EFS", "value": 0.55, "infusion": "mixed"}], id="response-adapted-sequence"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_infusion_in_a_sequence(text, expected):
    figures = [f for f in extract(text) if f.outcome != "OTHER"]
    assert_exactly(figures, expected)


def _figure(infusion, prior, target, relation):
    from evidence.schema import Figure

    return Figure(document="seq.txt", outcome="PFS", measure="rate_at", value=0.6, timepoint_months=12.0,
                  infusion=infusion, prior_target=prior, target=target, target_relation=relation,
                  quote="The 12-month progression-free survival was 60%.", start=44, end=47)


@pytest.mark.parametrize("figures, expected", [
    ([_figure("mixed", "CD19", "CD22", "different")], ("CD19", "CD22", "different")),
    ([_figure("mixed", "CD19", "CD22", "different"), _figure("2", "CD19", "CD19", "same")], ("CD19", "CD19", "same")),
    ([_figure("1", "", "CD19", "")], ("", "", "")),
], ids=["whole-sequence-only", "second-infusion-first", "first-infusion-only"])
def test_study_targets_from_a_whole_sequence(figures, expected):
    """A study whose figures are all over the whole sequence still says which targets followed which."""
    from evidence.studies.profile import DocumentProfile
    from evidence.studies.study import build_study

    study = build_study("Seq 2022", [DocumentProfile(document="seq.txt")], figures, ())
    assert (study.prior_target, study.target, study.target_relation) == expected
