"""One figure of one study, as a table cell: the preferred report, the others, where each came from.

    reports_to_item(reports, book) -> Item   # the reports of one figure, linking's preferred first
    item.text        "9/44 (20%)†"   († when reports disagree)
    item.source      the preferred report's document, page, offsets and sentence
    item.others      the other reports, each with its own source

Numbers are written the same way everywhere (`percent`, `counts`, `months`), so a reader who
sees "20%" in one output finds "20%" in the next.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.schema import Figure

CONFLICT_MARK = "†"
DERIVED_MARK = "‡"
MISSING = "–"
_SPLIT_OPERATOR = re.compile(r"(?P<op>[<>])\s+=|=\s+(?P<rev>[<>])")


def joined_operators(text: str) -> str:
    """A label's comparison operators as one token: "dose > =1x10^6 cells/kg" -> "dose >=1x10^6
    cells/kg", "< = 3" -> "<= 3", "= >" -> ">=" (a table written elsewhere may split them)."""
    return _SPLIT_OPERATOR.sub(lambda m: (m.group("op") or m.group("rev")) + "=", text)


@dataclass(frozen=True)
class Source:
    """Where a figure came from: a sentence of a document, and the evidence table's row."""

    document: str
    quote: str
    start: int
    end: int
    page: int | None = None
    row: int | None = None          # 0-based row of the evidence table
    derived_from: str = ""

    @classmethod
    def of(cls, figure: Figure, row: int | None = None) -> "Source":
        return cls(figure.document, figure.quote, figure.start, figure.end, figure.page, row,
                   figure.derived_from if figure.derived else "")

    @property
    def place(self) -> str:
        """ "holland2023_results.pdf, p. 2, characters 1040-1045" """
        page = f", p. {self.page}" if self.page else ""
        return f"{self.document}{page}, characters {self.start}-{self.end}"

    def describe(self) -> str:
        """One line a reader can check: where, and the sentence."""
        quote = " ".join(self.quote.split())
        text = f"{self.place}: “{quote}”" if quote else self.place
        if self.derived_from:
            text += f" (derived: {self.derived_from})"
        return text


@dataclass(frozen=True)
class Report:
    """One report of a figure: the figure and its table row."""

    figure: Figure
    row: int

    @property
    def source(self) -> Source:
        return Source.of(self.figure, self.row)


@dataclass(frozen=True)
class Item:
    """A figure of a study as shown: the preferred report and the rest."""

    label: str                      # "", or "PFS median", "OS 24 mo", "ALL" ...
    preferred: Report
    others: tuple[Report, ...] = ()
    conflict: bool = False
    why: str = ""                   # why the preferred report was chosen, when reports disagree
    counted: Report | None = None   # when the preferred report gives no counts: one that agrees and does

    @property
    def figure(self) -> Figure:
        return self.preferred.figure

    @property
    def source(self) -> Source:
        return self.preferred.source

    @property
    def value_text(self) -> str:
        """ "20%", or "9/44‡ (20%)" when an agreeing report (here derived) gives the counts."""
        if self.counted is None:
            return figure_text(self.figure)
        c = self.counted.figure
        mark = DERIVED_MARK if c.derived else ""
        return f"{counts(c.events, c.total)}{mark} ({percent(self.figure.value)}){ci_text(self.figure)}"

    @property
    def text(self) -> str:
        marks = (CONFLICT_MARK if self.conflict else "") + (DERIVED_MARK if self.figure.derived else "")
        label = f"{self.label} " if self.label else ""
        return f"{label}{self.value_text}{marks}"

    @property
    def sources(self) -> tuple[Source, ...]:
        return (self.source,) + tuple(r.source for r in self.others)


@dataclass(frozen=True)
class Cell:
    """What a table shows for one study and one column: zero or more items."""

    items: tuple[Item, ...] = ()

    @property
    def text(self) -> str:
        return "; ".join(i.text for i in self.items) if self.items else MISSING

    @property
    def conflict(self) -> bool:
        return any(i.conflict for i in self.items)

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(s for i in self.items for s in i.sources)


# -- choosing -----------------------------------------------------------------------------------------

def report_rank(report: Report) -> tuple:
    """Which report to show when linking has no verdict: read before derived, with counts, the
    largest total, the fewest flags, the first in the table."""
    f = report.figure
    return (f.derived, f.events is None or f.total is None, -(f.total or 0), len(f.flag_set), report.row)


def reports_to_item(reports: list[Report], book, label: str = "") -> Item:
    """The reports of one figure as an item, the one linking preferred first.

    Linking (`book.verdict`) gives each figure of a study a preferred report, the reason, and
    whether reports conflict; reports without a verdict (derived rows) follow `report_rank`.
    """
    ordered = sorted(reports, key=report_rank)
    verdicts = [v for v in (book.verdict(r.row) for r in ordered) if v is not None]
    verdict = max(verdicts, key=lambda v: (v.conflict, len(v.values)), default=None) if verdicts else None
    if verdict is not None:
        chosen = [r for r in ordered if r.row == verdict.preferred_row]
        if chosen:
            ordered = chosen + [r for r in ordered if r is not chosen[0]]
    conflict = any(v.conflict for v in verdicts)
    best, rest = ordered[0], tuple(ordered[1:])
    counted = None
    if best.figure.measure == "proportion" and (best.figure.events is None or best.figure.total is None):
        from evidence.outputs.studybook import values_agree

        counted = next((r for r in sorted(rest, key=lambda r: (r.figure.document != best.figure.document, r.figure.derived))
                        if r.figure.events is not None and r.figure.total and values_agree(best.figure, r.figure)), None)
    return Item(label=label, preferred=best, others=rest, conflict=conflict,
                why=verdict.why if verdict is not None and conflict else "", counted=counted)


# -- writing numbers ------------------------------------------------------------------------------------

def percent(value: float | None) -> str:
    """20%, 7.5% below 10%, <1% and >99% at the ends."""
    if value is None:
        return MISSING
    pct = 100 * value
    if 0 < pct < 1:
        return "<1%"
    if 99 < pct < 100:
        return ">99%"
    if pct < 10 and round(pct, 1) != round(pct):
        return f"{pct:.1f}%"
    return f"{pct:.0f}%"


def counts(events: int | None, total: int | None) -> str:
    return f"{events}/{total}" if events is not None and total is not None else ""


def months(value: float) -> str:
    return f"{value:.1f} mo" if value < 100 else f"{value:.0f} mo"


def timepoint(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}-mo" if value != int(value) else f"{int(value)}-mo"


def ci_text(figure: Figure) -> str:
    """ " [95% CI 54–91%]", " [95% CI 13.0–22.7 mo]" when the article gives the interval, else "". """
    if figure.ci_low is None or figure.ci_high is None:
        return ""
    if figure.unit == "months":
        return f" [95% CI {figure.ci_low:.1f}–{months(figure.ci_high)}]"
    if figure.unit != "proportion":
        return f" [95% CI {figure.ci_low:g}–{figure.ci_high:g}]"
    return f" [95% CI {percent(figure.ci_low).rstrip('%')}–{percent(figure.ci_high)}]"


def figure_text(figure: Figure) -> str:
    """ "9/44 (20%)", "20%", "median 9.4 mo", "24-mo 19%" (a median is never shown as a rate), with
    the reported 95% CI when there is one ("median 15.0 mo [95% CI 13.0–22.7 mo]")."""
    if figure.measure == "median":
        text = "median " + (months(figure.value) if figure.unit == "months" else f"{figure.value:g}")
    elif figure.measure == "rate_at":
        text = f"{timepoint(figure.timepoint_months)} {percent(figure.value)}".strip()
    else:
        pair = counts(figure.events, figure.total)
        text = f"{pair} ({percent(figure.value if not pair else figure.events / figure.total)})" if pair else percent(figure.value)
    return text + ci_text(figure)
