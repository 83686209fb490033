"""The extraction accuracy the methods text reports (PRISMA 2020 item 9), as last measured.

Measured with `python3 ../shared/realdev/score.py ../shared/realdev/gold.jsonl TABLE.csv` on the
table `evidence extract ../shared/realdev/texts --no-link` wrote: 42 real abstracts, conference
abstracts, news stories, press releases and advocacy posts that no one on the team wrote, with
exhaustive, population-aware hand-extracted gold. Re-measure and update `MEASURED` whenever the
extractors change (their version is `extractor_version`): the methods text says which version
and date the figures belong to, and that a reviewer must check every row.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Accuracy:
    date: str
    extractor_version: str          # extractors' version the figures were measured with
    texts: int
    what: str
    core: tuple[int, int]           # gold figures stated plainly: found, of
    hard: tuple[int, int]           # figures needing lay reading, derivation or careful population binding
    precision: tuple[int, int]      # rows right in value and population, of rows written

    def sentence(self) -> str:
        def pct(pair):
            found, of = pair
            return f"{100 * found / of:.0f}% ({found} of {of})" if of else "not measured"

        return (f"Measured on {self.texts} {self.what} (on {self.date}, extractor version {self.extractor_version}), "
                f"the extraction found {pct(self.core)} of the plainly stated figures and {pct(self.hard)} of the "
                f"harder ones, with the right value and population; {pct(self.precision)} of the rows it wrote "
                "were right in value and population. Every extracted figure must therefore be checked against "
                "its source sentence before it is used.")


MEASURED = Accuracy(
    date="2026-12-02", extractor_version="8", texts=42,
    what="real articles, abstracts, news stories and advocacy posts not written for the tool",
    core=(127, 129), hard=(97, 117), precision=(268, 268),
)
