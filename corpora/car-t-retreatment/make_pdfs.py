"""Render the corpus's PDF articles with reportlab.

Run from anywhere:  /work/venv/bin/python corpora/car-t-retreatment/make_pdfs.py
The PDFs are written next to this file and committed; output is byte-stable
(reportlab's invariant mode fixes the creation date and document id).

Three articles, each a retelling of published figures written for testing `evidence`:
  holland2023_results.pdf  two-column journal page: running header, page numbers in the footer,
                           results tables drawn as tables, a word hyphenated across a line end
  xue2024_abstract.pdf     single-column structured abstract
  liu2022_abstract.pdf     single-column structured abstract (Kaplan-Meier estimates, not counts)

The texts live in ARTICLES so tests can read them without parsing PDFs. Markup is reportlab's
paragraph mini-language (<i>, <b>, <br/>); `plain_text()` strips it.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CORPUS_NOTE = ("Corpus note: this document retells published figures in new words and was written for "
               "testing the evidence tool. It is not the text of the published article.")

HOLLAND = {
    "file": "holland2023_results.pdf",
    "running_header": "Holland et al. | CAR T cells as salvage after CAR T-cell failure | "
                      "Transplant Cell Ther 2023;29(9):574.e1-574.e10",
    "title": "A second CAR T-cell construct after CAR T-cell failure in children and young adults "
             "with B-ALL: results",
    "authors": "Holland EM, Yates B, Steinberg SM, ..., Shah NN",
    "citation": "Chimeric antigen receptor T cells as salvage therapy for post-chimeric antigen "
                "receptor T cell failure. Transplant Cell Ther 2023;29(9):574.e1-574.e10. "
                "ClinicalTrials.gov NCT03827343.",
    "sections": [
        ("2. Methods", [
            "We reviewed, retrospectively and across several centres, the records of young "
            "patients with B-cell acute lymphoblastic leukemia (B-ALL), children and young adults "
            "alike, who had been treated with two or more distinct CAR T-cell constructs "
            "(NCT03827343). The first distinct construct a patient received "
            "is called CART-A and the second CART-B. Reinfusions of an identical product between "
            "two constructs were not treated as a new construct. Remission status, toxicity, "
            "the immunophenotype of any later relapse and survival were abstracted from the "
            "records of each centre.",
            "Relapse-free survival (RFS) after CR to CART-B and overall survival (OS) after "
            "CART-B are summarised as medians with 95% confidence intervals (CI). Remission "
            "after CART-B was compared with remission after CART-A in the same patients.",
        ]),
        ("3. Results", [
            "<b>3.1 Patients.</b> Of 135 patients with B-ALL who received CAR T cells, 61 (45.1%) "
            "were later given a second distinct construct and form the subject of this analysis; "
            "13 of the 61 eventually received more than two constructs. Fourteen different "
            "constructs directed at CD19, CD22 or both antigens were used. Patients were a median "
            "of 12.6 years old when they received CART-A (range, 3.3-30.4), and CART-B followed "
            "CART-A after a median of 302 days (range, 53-1183). In 48 patients (78.7%) CART-B was "
            "directed at an antigen other than the CART-A target, most often because that target "
            "had been lost from the leukemia.",
            "<b>3.2 Response to CART-B.</b> Complete remis-<br/>sion (CR) after CART-B was "
            "achieved in 40 of 61 patients (65.5%), significantly fewer than the 54 of 61 (88.5%) "
            "who had achieved CR after CART-A (P = .0043; Table 1). The choice of target was "
            "closely tied to response: 35 of the 40 patients in CR had received a CART-B directed "
            "at a new antigen, whereas 8 of the 21 patients with a partial response or no response "
            "had been given a CART-B that repeated the CART-A target.",
            "<b>3.3 Relapse after CART-B.</b> Remissions were often lost. Of the 40 patients in CR "
            "after CART-B, 29 (72.5%) relapsed. The immunophenotype at relapse could be determined "
            "in 21 patients (Table 2): the leukemia was antigen-negative in 3 (14.3%), antigen-dim "
            "in 7 (33.3%) and antigen-positive in 10 (47.6%), and 1 patient (4.8%) relapsed with a "
            "lineage switch. Antigen-positive relapse was therefore the commonest pattern, which "
            "may point to limited persistence of CART-B rather than to antigen escape alone.",
            "<b>3.4 Survival.</b> For patients in CR after CART-B, median RFS was 9.4 months "
            "(95% CI, 6.1 to 13.2 months). Median OS after CART-B reached 15.0 months (95% CI, "
            "13.0-22.7).",
        ]),
        ("4. Discussion", [
            "A second, distinct CAR T-cell construct induced remission in most patients whose "
            "first CAR T-cell therapy had failed, but remission was less frequent than with the "
            "first construct and was often short-lived. Choosing a CART-B that targets an antigen "
            "the leukemia still expresses appears to be central; repeating the original target "
            "was common among patients who did not respond.",
            "Because relapse after CART-B was frequent and mostly antigen-positive, consolidation "
            "after remission, for example with allogeneic transplantation, and strategies that "
            "prolong CAR T-cell persistence deserve prospective study. The retrospective design, "
            "the variety of constructs and the differences between centres limit the conclusions "
            "that can be drawn; the numbers of patients in several subgroups are small.",
            "Even so, post-CART relapse is now a common problem and the options after it are few. "
            "These data describe what can be expected when a second construct is used and should "
            "help families and clinicians weigh it against the alternatives.",
        ]),
    ],
    "tables": {
        "3.2": ("Table 1. Remission, relapse and survival after CART-A and CART-B (n = 61)",
                [["Outcome", "CART-A", "CART-B"],
                 ["Complete remission, n/N (%)", "54/61 (88.5)", "40/61 (65.5)"],
                 ["Relapse after CR, n/N (%)", "-", "29/40 (72.5)"],
                 ["Median RFS after CR, months (95% CI)", "-", "9.4 (6.1-13.2)"],
                 ["Median OS, months (95% CI)", "-", "15.0 (13.0-22.7)"]],
                "P = .0043 for complete remission, CART-B versus CART-A."),
        "3.3": ("Table 2. Immunophenotype at relapse after CR to CART-B (n = 21 evaluable)",
                [["Relapse phenotype", "n", "%"],
                 ["Antigen-negative", "3", "14.3"],
                 ["Antigen-dim", "7", "33.3"],
                 ["Antigen-positive", "10", "47.6"],
                 ["Lineage switch", "1", "4.8"]],
                ""),
    },
}

XUE = {
    "file": "xue2024_abstract.pdf",
    "running_header": "Frontiers in Oncology 2024;14:1376490 | doi:10.3389/fonc.2024.1376490",
    "title": "Salvage CD20-directed CAR T cells for aggressive B-cell lymphoma after failure of "
             "CD19 CAR T cells: a comparative cohort",
    "authors": "Xue F, Zheng P, Yang F, et al.",
    "citation": "Salvage CD20-SD-CART therapy in aggressive B-cell lymphoma after CD19 CART treatment "
                "failure. Front Oncol 2024;14:1376490. doi:10.3389/fonc.2024.1376490.",
    "sections": [
        ("Background", [
            "Aggressive B-cell non-Hodgkin lymphoma that progresses after CD19-directed CAR T-cell "
            "therapy has a dismal outlook, and there is no standard next step. CD20 is an "
            "attractive second target because it usually persists when CD19 is lost.",
        ]),
        ("Methods", [
            "We compared adults with aggressive B-cell lymphoma who, after failure of CD19 CAR T "
            "cells, received CD20-directed CAR T cells (CD20-SD-CART) with a group "
            "who received other salvage treatment without CAR T cells. Response, progression-free "
            "survival (PFS) and overall survival (OS) were compared between the groups.",
        ]),
        ("Results", [
            "Fifty-four patients received CD20-SD-CART and 38 formed the comparison group. "
            "Complete response (CR) was reached by 27.8% (15/54) of patients treated with "
            "CD20-SD-CART and by 7.9% (3/38) of the comparison group (P = .03). Median PFS was "
            "4.04 months versus 2.27 months, and median OS 8.15 months versus 3.02 months, for "
            "CD20-SD-CART and the comparison group, respectively. The risk of death was lower with "
            "CD20-SD-CART (hazard ratio 0.28; 95% CI, 0.16-0.51).",
        ]),
        ("Conclusions", [
            "CD20-directed CAR T cells are a feasible salvage option after CD19 CAR T-cell failure "
            "in aggressive B-cell lymphoma and were associated with more complete responses and "
            "longer survival than salvage without CAR T cells.",
        ]),
    ],
}

LIU = {
    "file": "liu2022_abstract.pdf",
    "running_header": "Blood Advances 2022;6(3):717-730 | doi:10.1182/bloodadvances.2021004557",
    "title": "Sequential CAR T cells directed at different B-cell antigens for children with "
             "relapsed or refractory Burkitt lymphoma",
    "authors": "Liu Y, Deng B, Hu B, et al.",
    "citation": "Sequential different B-cell antigen-targeted CAR T-cell therapy for pediatric "
                "refractory/relapsed Burkitt lymphoma. Blood Adv 2022;6(3):717-730. "
                "doi:10.1182/bloodadvances.2021004557.",
    "sections": [
        ("Key points", [
            "A response-adapted sequence of CAR T cells aimed at CD19, then CD22, then CD20 was "
            "feasible in children with relapsed or refractory Burkitt lymphoma.",
            "Switching antigen after an inadequate response was the core of the strategy.",
        ]),
        ("Abstract", [
            "Children with Burkitt lymphoma that relapses or resists chemotherapy rarely survive, "
            "and single-antigen CAR T cells are undermined by antigen escape. In this prospective, "
            "single-arm study, children with relapsed or refractory Burkitt lymphoma began with "
            "CD19-directed CAR T cells, and the next products in the sequence, CD22-directed and "
            "then CD20-directed CAR T cells, were given according to response. "
            "Twenty-three children started the sequence with CD19 CAR T cells.",
            "The estimated complete response (CR) rate at 18 months was 78% (95% CI, 54%-91%), "
            "and the estimated progression-free survival (PFS) at 18 months was 78% (95% CI, "
            "55%-90%). Both figures are Kaplan-Meier estimates over the whole sequence, not "
            "counts of patients in CR at a fixed visit.",
            "Sequential CAR T cells against different B-cell antigens may overcome antigen escape "
            "in pediatric Burkitt lymphoma and merit confirmation in larger studies.",
        ]),
    ],
}

ARTICLES = {a["file"]: a for a in (HOLLAND, XUE, LIU)}


def plain_text(article: dict) -> str:
    """The article's words without markup, for text checks in tests (hyphen breaks rejoined)."""
    parts = [article["running_header"], article["title"], article["authors"], article["citation"]]
    for heading, paragraphs in article["sections"]:
        parts.append(heading)
        parts.extend(paragraphs)
    for caption, rows, foot in article.get("tables", {}).values():
        parts.append(caption)
        parts.extend(" ".join(r) for r in rows)
        parts.append(foot)
    parts.append(CORPUS_NOTE)
    text = "\n".join(parts).replace("-<br/>", "")
    return re.sub(r"<[^>]+>", "", text)


def _styles():
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("t", parent=base["Title"], fontName="Times-Bold", fontSize=15,
                                leading=18, spaceAfter=6),
        "authors": ParagraphStyle("a", parent=base["Normal"], fontName="Times-Roman", fontSize=10,
                                  leading=12, alignment=1, spaceAfter=2),
        "cite": ParagraphStyle("c", parent=base["Normal"], fontName="Times-Italic", fontSize=8.5,
                               leading=10.5, alignment=1, spaceAfter=4),
        "note": ParagraphStyle("n", parent=base["Normal"], fontName="Helvetica", fontSize=7.5,
                               leading=9, alignment=1, spaceAfter=10),
        "h": ParagraphStyle("h", parent=base["Normal"], fontName="Helvetica-Bold", fontSize=10,
                            leading=12, spaceBefore=6, spaceAfter=3),
        "body": ParagraphStyle("b", parent=base["Normal"], fontName="Times-Roman", fontSize=10,
                               leading=12.6, alignment=TA_JUSTIFY, spaceAfter=5),
        "cell": ParagraphStyle("cell", parent=base["Normal"], fontName="Helvetica", fontSize=7.5,
                               leading=9),
        "caption": ParagraphStyle("cap", parent=base["Normal"], fontName="Helvetica-Bold",
                                  fontSize=8, leading=10, spaceBefore=4, spaceAfter=3),
        "foot": ParagraphStyle("f", parent=base["Normal"], fontName="Helvetica", fontSize=7,
                               leading=8.5, spaceAfter=6),
    }


def _page_decorations(header: str):
    from reportlab.lib.units import inch

    def draw(canvas, doc):
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(0.75 * inch, height - 0.5 * inch, header)
        canvas.setLineWidth(0.4)
        canvas.line(0.75 * inch, height - 0.56 * inch, width - 0.75 * inch, height - 0.56 * inch)
        canvas.drawCentredString(width / 2, 0.45 * inch, f"Page {doc.page}")
        canvas.restoreState()

    return draw


def _table(rows, styles, width):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [[Paragraph(("<b>%s</b>" % c) if i == 0 else c, styles["cell"]) for c in r]
            for i, r in enumerate(rows)]
    first = width * 0.5
    rest = (width - first) / (len(rows[0]) - 1)
    t = Table(data, colWidths=[first] + [rest] * (len(rows[0]) - 1), repeatRows=1)
    t.setStyle(TableStyle([
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
        ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return t


def _front_matter(article, styles):
    from reportlab.platypus import Paragraph

    return [Paragraph(article["title"], styles["title"]),
            Paragraph(article["authors"], styles["authors"]),
            Paragraph(article["citation"], styles["cite"]),
            Paragraph(CORPUS_NOTE, styles["note"])]


def build_two_column(article: dict, out: Path) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.units import inch
    from reportlab.platypus import (BaseDocTemplate, Frame, FrameBreak, KeepTogether,
                                    NextPageTemplate, PageTemplate, Paragraph, Spacer)

    styles = _styles()
    width, height = letter
    margin, gap = 0.75 * inch, 0.3 * inch
    col = (width - 2 * margin - gap) / 2
    top, bottom = height - 0.75 * inch, 0.75 * inch
    title_h = 1.9 * inch

    def columns(y_top):
        return [Frame(margin, bottom, col, y_top - bottom, id="left", leftPadding=0, rightPadding=0),
                Frame(margin + col + gap, bottom, col, y_top - bottom, id="right", leftPadding=0,
                      rightPadding=0)]

    decorate = _page_decorations(article["running_header"])
    first = PageTemplate(id="first", onPage=decorate, frames=[
        Frame(margin, top - title_h, width - 2 * margin, title_h, id="title", leftPadding=0,
              rightPadding=0)] + columns(top - title_h))
    later = PageTemplate(id="later", onPage=decorate, frames=columns(top))
    doc = BaseDocTemplate(str(out), pagesize=letter, pageTemplates=[first, later],
                          title=article["title"], author=article["authors"],
                          subject="Retelling of published figures for testing the evidence tool")

    story = _front_matter(article, styles) + [FrameBreak(), NextPageTemplate("later")]
    for heading, paragraphs in article["sections"]:
        story.append(Paragraph(heading.upper(), styles["h"]))
        for p in paragraphs:
            story.append(Paragraph(p, styles["body"]))
            key = re.match(r"<b>(\d\.\d)", p)
            if key and key.group(1) in article.get("tables", {}):
                caption, rows, foot = article["tables"][key.group(1)]
                block = [Paragraph(caption, styles["caption"]), _table(rows, styles, col),
                         Paragraph(foot, styles["foot"]) if foot else Spacer(1, 6)]
                story.append(KeepTogether(block))
    doc.build(story)


def build_single_column(article: dict, out: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = _styles()
    decorate = _page_decorations(article["running_header"])
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=1 * inch, rightMargin=1 * inch,
                            topMargin=0.9 * inch, bottomMargin=0.9 * inch, title=article["title"],
                            author=article["authors"],
                            subject="Retelling of published figures for testing the evidence tool")
    story = _front_matter(article, styles)
    for heading, paragraphs in article["sections"]:
        story.append(Paragraph(heading, styles["h"]))
        story += [Paragraph(p, styles["body"]) for p in paragraphs]
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)


def main(argv: list[str] | None = None) -> int:
    from reportlab import rl_config

    rl_config.invariant = 1  # fixed dates and ids: the committed PDFs do not change on rebuild
    outdir = Path(argv[0]) if argv else HERE
    build_two_column(HOLLAND, outdir / HOLLAND["file"])
    build_single_column(XUE, outdir / XUE["file"])
    build_single_column(LIU, outdir / LIU["file"])
    for a in ARTICLES.values():
        print(outdir / a["file"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
