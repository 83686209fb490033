"""The outcome extractor on tables written for these tests: outcome and population from row and
column labels, formats from headers ("n (%)", "%", "months (95% CI)"), totals from "(n = X)"."""
import pytest

from evidence.readers import read_file
from evidence.text.pipeline import analyse
from extractors.outcomes import OutcomeExtractor

BY_INFUSION = """# A second infusion after failure

Thirty patients with B-ALL or NHL received a second infusion (CART2) of the same CD19 product after CART1 failed.

Table 2. Outcomes after CART1 and CART2

| Outcome | CART1 (n = 30) | CART2 (n = 30) |
|---|---|---|
| CR, n (%) | 18 (60.0) | 9 (30.0) |
| Grade ≥3 CRS, n (%) | 3 (10.0) | 2 (6.7) |
| Median PFS, months (95% CI) | 5.1 (3.2-7.0) | 2.4 (1.8-3.9) |
| 12-month OS, % | 70 | 45 |
"""

BY_DISEASE = """# Retreatment by disease

Thirty adults with ALL or NHL were retreated with a second CD19 CAR-T infusion.

Table 3. Response to the second infusion by disease

| Disease | Patients | CR | ORR |
|---|---|---|---|
| ALL | 12 | 5/12 (41.7%) | 6/12 (50.0%) |
| NHL | 18 | 4/18 (22.2%) | 6/18 (33.3%) |
"""

BY_INDICATION = """# Reinfusion by indication

Reinfusions of the same CD19 product were given to 40 children with B-ALL.

Table 1. Complete response by indication

| Indication | Reinfusions | CR, n/N (%) |
|---|---|---|
| Relapse prevention (in remission) | 25 | 12/25 (48.0) |
| MRD or overt relapse | 9 | 4/9 (44.4) |
| Non-response to the first infusion | 6 | 1/6 (16.7) |

Table 2. Relapse phenotype after the second infusion (n = 10 evaluable)

| Phenotype | n | % |
|---|---|---|
| CD19-negative | 4 | 40.0 |
| CD19-positive | 6 | 60.0 |
"""


def extract(tmp_path, text: str):
    path = tmp_path / "article.md"
    path.write_text(text, encoding="utf-8")
    document = read_file(path, "article.md")[0]
    return OutcomeExtractor().extract(document, analyse(document.text))


def rows(figures):
    return {(f.outcome, f.measure, round(f.value, 4), f.events, f.total, f.ci_low, f.ci_high, f.timepoint_months,
             f.grade, f.disease, int(f.infusion) if f.infusion.isdigit() else f.infusion or None, f.subgroup)
            for f in figures}


@pytest.mark.parametrize("text,expected", [
    (BY_INFUSION, {
        ("CR", "proportion", 0.6, 18, 30, None, None, None, "", "mixed", 1, ""),
        ("CR", "proportion", 0.3, 9, 30, None, None, None, "", "mixed", 2, ""),
        ("CRS", "proportion", 0.1, 3, 30, None, None, None, ">=3", "mixed", 1, ""),
        ("CRS", "proportion", 0.0667, 2, 30, None, None, None, ">=3", "mixed", 2, ""),
        ("PFS", "median", 5.1, None, None, 3.2, 7.0, None, "", "mixed", 1, ""),
        ("PFS", "median", 2.4, None, None, 1.8, 3.9, None, "", "mixed", 2, ""),
        ("OS", "rate_at", 0.7, None, None, None, None, 12.0, "", "mixed", 1, ""),
        ("OS", "rate_at", 0.45, None, None, None, None, 12.0, "", "mixed", 2, ""),
    }),
    (BY_DISEASE, {
        ("CR", "proportion", 0.4167, 5, 12, None, None, None, "", "ALL", 2, ""),
        ("ORR", "proportion", 0.5, 6, 12, None, None, None, "", "ALL", 2, ""),
        ("CR", "proportion", 0.2222, 4, 18, None, None, None, "", "NHL", 2, ""),
        ("ORR", "proportion", 0.3333, 6, 18, None, None, None, "", "NHL", 2, ""),
    }),
    (BY_INDICATION, {
        ("CR", "proportion", 0.48, 12, 25, None, None, None, "", "ALL", 2, "relapse prevention"),
        ("CR", "proportion", 0.4444, 4, 9, None, None, None, "", "ALL", 2, "after relapse"),
        ("CR", "proportion", 0.1667, 1, 6, None, None, None, "", "ALL", 2, "after non-response"),
        ("ANTIGEN_NEG", "proportion", 0.4, 4, 10, None, None, None, "", "ALL", 2, ""),
        ("ANTIGEN_POS", "proportion", 0.6, 6, 10, None, None, None, "", "ALL", 2, ""),
    }),
], ids=["by-infusion", "by-disease", "by-indication"])
def test_table_figures(tmp_path, text, expected):
    assert rows(extract(tmp_path, text)) == expected
