"""The reviewers' report: one self-contained HTML page (no outside requests, opens from disk).

    html = build_report(takeaways)      # evidence.outputs.takeaways.Takeaways
    write_report(takeaways, "outputs/report.html")

Sections: the plain summary; pooled results with their forest plots (PNG, base64); the draft
summary of findings; the studies side by side (hover a figure for its source); the studies, how
their reports were linked, and where reports conflict; the evidence table, filterable and
sortable, each figure's quote shown with its number highlighted; the methods text.

Article text is untrusted input: it reaches the page only through `html_parts.esc`. The page's
Content-Security-Policy allows no source but inline data images, inline styles and the one
script whose hash it names, so even a tag that slipped through could not run.
"""
from __future__ import annotations

import base64
import hashlib
from importlib import resources
from string import Template

from evidence.outputs.cells import Cell, figure_text
from evidence.outputs.compare import STUDY_FIELDS
from evidence.outputs.compare_files import item_source_text
from evidence.outputs.html_parts import attrs, esc, table
from evidence.outputs.report_evidence import evidence_section, row_link
from evidence.outputs.summary import summary_to_html_fragment
from evidence.outputs.trace import pooled_rows, rows_in_analyses

TITLE = "Evidence report: a second CAR-T infusion after the first one failed"
SECTIONS = (("summary", "Plain summary"), ("pooled", "Pooled results"), ("sof", "Summary of findings"),
            ("compare", "Studies side by side"), ("studies", "Studies and reports"),
            ("conflicts", "Conflicts"), ("evidence", "Evidence table"), ("methods", "Methods"))
FOREST_DPI = 110


def template(name: str) -> str:
    return resources.files("evidence.outputs").joinpath("templates", name).read_text(encoding="utf-8")


def audit_html(lines) -> str:
    """The audit trail: the date, command and version on show, each input's SHA-256 folded in a
    <details> element (a run of many articles would otherwise fill the page's first screen)."""
    inputs = [line for line in lines if line.startswith("Input ")]
    shown = [line for line in lines if not line.startswith("Input ")]
    html = '<p class="note audit">' + "<br>".join(esc(line) for line in shown) + "</p>"
    if inputs:
        items = "".join(f"<li>{esc(line.removeprefix('Input '))}</li>" for line in inputs)
        html += (f'<details class="note audit"><summary>SHA-256 of the {len(inputs)} input files</summary>'
                 f"<ul>{items}</ul></details>")
    return html


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def build_report(takeaways) -> str:
    """The whole page as one string."""
    from evidence import __version__

    book = takeaways.book
    script = template("report.js")
    sections = [
        section("summary", "Plain summary", summary_section(takeaways)),
        section("pooled", "Pooled results", pooled_section(takeaways)),
        section("sof", "Summary of findings (draft)", sof_section(takeaways)),
        section("compare", "Studies side by side", compare_section(takeaways)),
        section("studies", "Studies and their reports", studies_section(book)),
        section("conflicts", "Where reports disagree", conflicts_section(book)),
        section("evidence", "Evidence table", evidence_section(book, rows_in_analyses(takeaways.pools))),
        section("methods", "Methods (PRISMA 2020 items 9, 10b, 13a and 13d)", methods_section(takeaways)),
    ]
    read = sum(1 for f in book.figures if not f.derived)
    documents = len({f.document for f in book.figures} | {getattr(d, "name", "") for d in book.documents} - {""})
    header = (f"<p>{documents} documents, {len(book.studies)} studies "
              f"({len(book.retreatment_studies)} of retreatment after failure), {read} figures read and "
              f"{len(book.figures) - read} derived." + ("" if takeaways.methods.audit else
                                                        f" Made by evidence {esc(__version__)}.") + "</p>")
    if takeaways.methods.audit:
        header += audit_html(takeaways.methods.audit)
    if book.failures:
        header += ("<p>Files that could not be read: "
                   + "; ".join(f"{esc(name)} ({esc(reason)})" for name, reason in book.failures) + "</p>")
    nav = " ".join(f'<a href="#{key}">{esc(label)}</a>' for key, label in SECTIONS)
    return Template(template("report.html")).substitute(
        title=esc(TITLE), generator=esc(f"evidence {__version__}"), style=template("report.css"),
        script=script, script_hash=script_hash(script), header=header, nav=nav,
        sections="\n".join(sections),
    )


def write_report(takeaways, path):
    from evidence.tableio import write_text

    write_text(path, build_report(takeaways))
    return path


def section(key: str, heading: str, body: str) -> str:
    return f'<section id="{key}">\n<h2>{esc(heading)}</h2>\n{body}\n</section>'


# -- sections -------------------------------------------------------------------------------------------

def summary_section(takeaways) -> str:
    return ('<div class="plain">\n' + summary_to_html_fragment(takeaways.summary, heading_level=2)
            + "\n</div>")


def _pct(value) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _cohorts(pooled) -> str:
    """ "9 cohorts from 7 studies": a study's after-relapse and after-non-response cohorts, or its
    same- and different-target parts, are cohorts of one study (its label, as linking gives it)."""
    k, m = len(pooled.studies()), pooled.n_studies()
    studies = "study" if m == 1 else "studies"
    return f"{m} {studies}" if k == m else f"{k} cohorts from {m} {studies}"


def pooled_section(takeaways) -> str:
    from evidence.outputs.takeaways import MAX_FOREST_STUDIES, drawable

    book = takeaways.book
    parts = []
    for key in ("CR", "ORR"):
        pooled = takeaways.pools.get(key)
        if pooled is None:
            continue
        title = pooled.spec.title.capitalize()
        if pooled.result is None:
            parts.append(f'<h3 id="pooled-{esc(key)}">{esc(title)}</h3><p class="note">Not pooled: {esc(pooled.reason)}.</p>')
            continue
        result = pooled.result
        settings = result.settings
        level = f"{100 * settings.level:g}%"
        rows = []
        groups = [("all retreated", result.overall)] + list(result.subgroups.items())
        for group, estimate in groups:
            rows.append([esc(group), (str(estimate.k), {"class": "num"}),
                         (f"{estimate.events}/{estimate.total}", {"class": "num"}),
                         (f"{_pct(estimate.proportion)} [{_pct(estimate.ci_low)}, {_pct(estimate.ci_high)}]",
                          {"class": "num", "data_sort": f"{estimate.proportion:.6f}"}),
                         (f"[{_pct(estimate.pi_low)}, {_pct(estimate.pi_high)}]", {"class": "num"}),
                         ("–" if estimate.I2 is None else f"{estimate.I2:.0f}%", {"class": "num"})])
        body = [f'<h3 id="pooled-{esc(key)}">{esc(title)} ({esc(key)}) by target relation</h3>',
                f"<p>{esc(_cohorts(pooled))}; each study's rows of the evidence table are linked below.</p>",
                table(["group", "cohorts", "events/patients", f"pooled % [{level} CI]",
                       "prediction interval", "I²"], rows, class_="sortable"),
                study_inputs_table(book, pooled, level)]
        if result.between is not None:
            b = result.between
            body.append(f"<p>Test for subgroup differences: Q = {b.Q:.2f}, df = {b.df}, "
                        f"p {'< 0.001' if b.p < 0.001 else f'= {b.p:.3f}'}.</p>")
        body += [f'<p class="note">{esc(note)}</p>' for note in result.notes]
        left_out = getattr(pooled, "left_out", ())
        if left_out:
            body.append("<details class=\"left-out\"><summary>Studies left out of this analysis "
                        f"({len(left_out)})</summary><ul>"
                        + "".join(f"<li>{esc(item.study)}: {esc(item.reason)}</li>" for item in left_out)
                        + "</ul></details>")
        png = takeaways.forest_png.get(key)
        if not png and not drawable(result):
            body.append(f'<p class="note">No forest plot: {len(result.studies):,} studies are more than a plot '
                        f"can show legibly (at most {MAX_FOREST_STUDIES}); their numbers are in the table above.</p>")
        if png:
            data = base64.b64encode(png).decode("ascii")
            body.append(f'<figure class="forest"><img alt="Forest plot of {esc(title.lower())} by target relation" '
                        f'src="data:image/png;base64,{data}"><figcaption>Random-effects meta-analysis '
                        f"({esc(settings.method)}, {esc(settings.transform)} scale); squares are studies, "
                        f"diamonds pooled estimates, red lines prediction intervals. The numbers it shows are "
                        f"in the table above.</figcaption></figure>")
        parts.append("\n".join(body))
    return "\n".join(parts) or '<p class="note">Nothing could be pooled.</p>'


def study_inputs_table(book, pooled, level: str) -> str:
    """What each study put into the pooled result, with links to its evidence rows and, folded
    away, their sentences with the number marked."""
    from evidence.outputs.html_parts import quote_html

    traced = pooled_rows(pooled)
    headers = ["study", "group", "events/n", f"% [{level} exact CI]", "weight", "evidence rows"]
    rows = []
    for s in pooled.result.studies:
        numbers = traced.get((s.study, s.group), ())
        numbers = tuple(n for n in numbers if 0 < n <= len(book.figures))
        links = ", ".join(row_link(n) + (" (derived)" if book.figures[n - 1].derived else "") for n in numbers)
        sentences = "".join(f"<li>{row_link(n)}: {quote_html(book.figures[n - 1], book.texts.get(book.figures[n - 1].document))}</li>"
                            for n in numbers)
        source = (links or "–") + (f"<details><summary>sentences</summary><ul>{sentences}</ul></details>"
                                   if sentences else "")
        cells = [(esc(s.study), {"class": "col-study"}), (esc(s.group or "–"), {}),
                 (f"{s.events}/{s.total}", {"class": "num"}),
                 (f"{_pct(s.proportion)} [{_pct(s.ci_low)}, {_pct(s.ci_high)}]",
                  {"class": "num", "data_sort": f"{s.proportion:.6f}"}),
                 ("–" if s.weight is None else f"{s.weight:.1f}%", {"class": "num"}),
                 (source, {"class": "sources"})]
        rows.append([(content, {**extra, "data_label": header}) for (content, extra), header in zip(cells, headers)])
    return table(headers, rows, class_="sortable study-inputs")


SOF_HEADERS = ("Outcome", "Population", "Follow-up", "Effect (95% CI)", "Studies (denominator)",
               "Certainty (draft)", "What it means")


def sof_section(takeaways) -> str:
    sof = takeaways.sof
    letters = sof.footnotes()
    rows = []
    for f in sof.findings:
        effect = (f"{f.per_1000} per 1,000 {f.per} ({f.low_1000} to {f.high_1000})" if f.per_1000 is not None
                  else f.effect)
        marks = ",".join(letters[r] for r in f.reasons)
        rows.append(_labelled([esc(f.outcome), esc(f.population), esc(f.follow_up), (esc(effect), {"class": "num"}),
                               (f"{f.k} ({f.patients})", {"class": "num"}),
                               f"{esc(f.certainty_text)} <sup>{esc(marks)}</sup>", esc(f.statement)], SOF_HEADERS))
    out = [f'<p class="draft">{esc(sof.note)}</p>',
           '<div class="scroll">' + table(list(SOF_HEADERS), rows, class_="cards", id_="sof-table") + "</div>"]
    if sof.missing:
        out.append(f'<p class="note">No pooled data for: {esc("; ".join(sof.missing))}.</p>')
    out.append('<ol class="note footnotes" type="a">'
               + "".join(f"<li>{esc(reason[0].upper() + reason[1:])}.</li>" for reason in letters) + "</ol>")
    out.append(f'<p class="note">{esc(sof.thresholds)}</p>')
    return "\n".join(out)


def _cell_html(cell: Cell) -> tuple[str, dict]:
    """A comparison cell: each figure links to its evidence row (its sentence), the source also
    in the title for a mouse."""
    if not cell.items:
        return "–", {}
    texts = []
    for item in cell.items:
        klass = ' class="conflict"' if item.conflict else ""
        row = item.source.row
        text = esc(item.text)
        if row is not None:
            text = f'<a href="#row-{row + 1}"{attrs(title=item_source_text(item))}>{text}</a>'
        texts.append(f"<span{klass}>{text}</span>")
    return "<br>".join(texts), {}


def _labelled(cells, labels) -> list:
    """Cells with their column's name (shown above each value when a narrow screen makes rows cards);
    the first cell (the study) spans the card."""
    out = []
    for i, (cell, label) in enumerate(zip(cells, labels)):
        content, extra = cell if isinstance(cell, tuple) else (cell, {})
        out.append((content, {**extra, "data_label": label, **({"class_": "card-head"} if i == 0 else {})}))
    return out


def compare_section(takeaways) -> str:
    """Two tables, so that neither needs the page's whole width: the studies (design, n, who, which
    product and how), then their results, one row per study in the same order."""
    from evidence.outputs.compare import STATED_FIELDS
    from evidence.outputs.compare_files import stated_source

    comparison = takeaways.comparison
    study_rows = []
    for row in comparison.rows:
        cells = []
        for name, _ in STUDY_FIELDS:
            stated = row.study.stated(name) if name in STATED_FIELDS else None
            text = esc(row.field(name))
            if stated is not None:  # the sentence that states it, on hover and below the value
                text = (f'<details class="stated"><summary{attrs(title=stated_source(*stated))}>{text}</summary>'
                        f'<span class="note">{esc(stated_source(*stated))}</span></details>')
            elif text == "not reported":
                text = '<span class="missing">not reported</span>'
            cells.append(text)
        study_rows.append(_labelled(cells, [label for _, label in STUDY_FIELDS]))
    headers = [esc(label) for _, label in STUDY_FIELDS]
    result_headers = [esc("Study")] + [esc(c.heading) for c in comparison.columns]
    result_rows = [_labelled([esc(row.study.study)] + [_cell_html(c) for c in row.cells],
                             ["Study"] + [c.heading for c in comparison.columns]) for row in comparison.rows]
    out = ['<h3>The studies</h3>',
           '<p class="note">A characteristic a report states opens to show its sentence; '
           '"not reported" when no report of the study states it.</p>',
           '<div class="scroll">' + table(headers, study_rows, class_="sortable cards", id_="compare-studies") + "</div>",
           '<h3>Their results</h3>',
           '<p class="note">Each figure links to its row of the evidence table, where its sentence is '
           'shown with the number marked (a mouse also shows the source on hover).</p>',
           '<div class="scroll">' + table(result_headers, result_rows, class_="sortable cards", id_="compare-table")
           + "</div>"]
    out += [f'<p class="note">{esc(line)}</p>' for line in comparison.legend]
    if comparison.left_out:
        out.append('<p class="note">Left out, not retreatment after a failed CAR-T: '
                   + ", ".join(esc(s.study) for s in comparison.left_out) + ".</p>")
    return "\n".join(out)


def studies_section(book) -> str:
    out = []
    for study in book.studies:
        kinds = dict(study.kinds)
        documents = "".join(f"<li>{esc(d)}{' (' + esc(kinds[d]) + ')' if kinds.get(d) else ''}</li>"
                            for d in study.documents)
        pairs = {}  # a link is a pair of documents: listed once, whichever side names it
        for link in study.links:
            if link.linked_to:
                pairs.setdefault(frozenset((link.document, link.linked_to)), link)
        links = "".join(f"<li>{esc(link.document)} with {esc(link.linked_to)}: {esc('; '.join(link.reasons))} "
                        f"(confidence {link.confidence:.2f})</li>" for link in pairs.values())
        facts = [f"n = {study.n}" if study.n else "", study.population,
                 f"{study.prior_target} → {study.target}" if study.prior_target or study.target else "",
                 f"{study.target_relation} target" if study.target_relation else "", ", ".join(study.design)]
        lookalike = ("" if study.retreatment else
                     '<p class="conflict">Not retreatment after failure: left out of the analyses ('
                     + esc("; ".join(study.retreatment_cues)) + ").</p>")
        out.append(f'<div class="study"><h3>{esc(study.study)}</h3>'
                   f"<p>{esc(' · '.join(x for x in facts if x))}</p>"
                   + (f"<p class=\"note\">{esc(study.citation)}</p>" if study.citation else "")
                   + lookalike + f"<p>Reports:</p><ul>{documents}</ul>"
                   + (f"<p>Linked because:</p><ul>{links}</ul>" if links else "") + "</div>")
    return "\n".join(out) or '<p class="note">No studies.</p>'


def conflicts_section(book) -> str:
    if not book.conflicts:
        return '<p class="note">No figure is reported with conflicting values.</p>'
    rows = []
    for verdict in book.conflicts:
        values = "<br>".join(f"{esc(v.document)}: {esc(v.text)}" for v in verdict.values)
        preferred = next((v for v in verdict.values if v.row == verdict.preferred_row), None)
        rows.append([esc(verdict.study), esc(verdict.what), values,
                     esc(f"{preferred.document}: {preferred.text}") if preferred else "–", esc(verdict.why)])
    return table(["Study", "Figure", "Values reported", "Preferred", "Why"], rows, class_="sortable")


def methods_section(takeaways) -> str:
    from evidence.outputs.methods import methods_to_html

    return methods_to_html(takeaways.methods)
