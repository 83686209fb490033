"""`evidence studies TABLE`: which reports are one study, where they disagree, what follows from them."""
from __future__ import annotations

import json

import click

from evidence.cli.common import library_errors, print_table, stdout_console
from evidence.tableio import json_default

TABLE_ALONE_NOTE = ("No documents sidecar {sidecar}: linked from the table alone "
                    "(figures, quotes and document names).")


@click.command("studies")
@click.argument("table", type=click.Path(exists=True, dir_okay=True))
@click.option("--map", "map_path", type=click.Path(exists=True, dir_okay=False), default=None, metavar="FILE",
              help="Fix links: CSV (document,study) or JSON ({document: study}); same label = same study.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object and nothing else.")
@click.option("--short", is_flag=True, help="One line per study: its label, reports, n, targets, and whether it "
                                             "is retreatment after failure.")
def command(table, map_path, as_json, short):
    """Group the reports in TABLE into studies, show conflicting figures and derived ones.

    Reports are linked by what they share (DOI, PMID, trial registration, citation, title, authors,
    cohort size and disease mix, matching figures); each link lists its reasons. For every figure
    reported twice the preferred value is named with the reason (journal article over conference
    abstract over news, summaries and blogs; exact counts over rounded percents). The documents
    sidecar written by `evidence extract` is read when present.

    \b
    Examples:
      evidence studies outputs/evidence.csv
      evidence studies outputs/evidence.csv --short
      evidence studies outputs/evidence.csv --map fixes.csv --json
    """
    from evidence.studies import studies_for_table
    from evidence.studies.report import FROM_TABLE
    from evidence.studies.sources import documents_path_for

    with library_errors():
        report = studies_for_table(table, map_path)
    note = TABLE_ALONE_NOTE.format(sidecar=documents_path_for(table).name) if report.source == FROM_TABLE else ""
    if as_json:
        if note:
            click.echo(note, err=True)
        click.echo(json.dumps(report.to_json(), indent=1, ensure_ascii=False, default=json_default))
        return
    if short:
        render_short(report, stdout_console(), note)
        return
    render(report, stdout_console(), note)


def render_short(report, console, note: str = "") -> None:
    """One line per study, never cut: "Fry 2018: 2 reports, CD19 -> CD22 (different), 17 patients
    retreated after failure"."""
    if note:
        console.print(note, markup=False, soft_wrap=True)
    for s in report.studies:
        if s.retreatment_after_failure:
            n = s.n_after_failure
            after = ("retreated after failure: not reported" if n is None
                     else f"{n} {'patient' if n == 1 else 'patients'} retreated after failure")
        else:
            after = "not retreatment after failure: " + "; ".join(s.retreatment_cues[:1])
        reports = f"{len(s.documents)} report{'s' if len(s.documents) != 1 else ''}"
        targets = _targets(s) if _targets(s) != "-" else "targets not given"
        console.print(f"{s.study}: {reports}, {targets}, {after}", markup=False, soft_wrap=True)


def _after_failure(study) -> str:
    """ "18 patients", "n not reported", or "no: <why>" for a look-alike."""
    if not study.retreatment_after_failure:
        return "no: " + "; ".join(study.retreatment_cues[:2])
    n = study.n_after_failure
    return "n not reported" if n is None else f"{n} {'patient' if n == 1 else 'patients'}"


def _targets(study) -> str:
    if not (study.prior_target or study.target):
        return study.target_relation or "-"
    arrow = f"{study.prior_target or '?'} -> {study.target or '?'}"
    return f"{arrow} ({study.target_relation})" if study.target_relation else arrow


def _figure(item) -> str:
    outcome, measure, disease, infusion, subgroup, grade, timepoint, relation = item.key
    parts = [outcome]
    if grade == ">=3":
        parts.append("grade>=3")
    if measure != "proportion":
        parts.append(measure if timepoint is None else f"{measure} {timepoint:g} mo")
    parts.append(disease)
    if subgroup:
        parts.append(subgroup)
    if infusion == "1":
        parts.append("first infusion")
    if relation and relation != "mixed":
        parts.append(f"{relation} target")
    return " ".join(parts)


def render(report, console, note: str = "") -> None:
    from rich.table import Table

    if note:
        console.print(note)
    documents = sum(len(s.documents) for s in report.studies)
    console.print(f"{len(report.studies)} studies from {documents} documents; "
                  f"{len(report.conflicts)} conflicting figures; {len(report.derived)} derived rows.")

    studies = Table(title="Studies", show_lines=True)
    for column in ("Study", "Documents", "n", "Disease", "Targets", "Retreated after failure"):
        studies.add_column(column, overflow="fold")
    for s in report.studies:
        docs = "\n".join(f"{d} ({k or '?'})" for d, k in zip(s.documents, s.kinds))
        studies.add_row(s.study, docs, str(s.n or "-"), s.disease_mix or "-", _targets(s),
                        _after_failure(s))
    print_table(console, studies)

    links, seen = [], set()
    for s in report.studies:  # a link is a pair of documents: shown once, whichever side names it
        for link in s.links:
            pair = frozenset((link.document, link.linked_to or ""))
            if link.linked_to and pair in seen:
                continue
            seen.add(pair)
            links.append((s.study, link))
    if links:
        table = Table(title="Links", show_lines=True)
        for column in ("Document", "Linked to", "Conf.", "Reasons"):
            table.add_column(column, overflow="fold")
        for _, link in links:
            table.add_row(link.document, link.linked_to or "-", f"{link.confidence:.2f}", "\n".join(link.reasons))
        print_table(console, table)

    if report.conflicts:
        table = Table(title="Conflicts", show_lines=True)
        for column in ("Study", "Figure", "Reports", "Preferred: why"):
            table.add_column(column, overflow="fold")
        for item in report.conflicts:
            values = "\n".join(f"{v.document}: {v.shown()}" for v in sorted(item.values, key=lambda v: v.row))
            table.add_row(item.study, _figure(item), values, item.why)
        print_table(console, table)

    if report.derived:
        table = Table(title="Derived", show_lines=True)
        for column in ("Study", "Figure", "Value", "Arithmetic"):
            table.add_column(column, overflow="fold")
        for f in report.derived:
            where = f.disease if f.disease not in ("", "mixed") else "mixed"
            relation = f" {f.target_relation} target" if f.target_relation in ("same", "different") else ""
            table.add_row(f.study, f"{f.outcome} {where}{relation}\n{f.document}", f"{f.events}/{f.total}",
                          f.derived_from)
        print_table(console, table)

    for blocked in report.blocked:
        because = "the map file" if blocked.because is None else f"{blocked.because.a} and {blocked.because.b} disagree"
        console.print(f"Not linked: {blocked.pair.a} and {blocked.pair.b} ({because}).")
    for problem in report.problems:
        console.print(f"Problem: {problem}")
