"""Write a synthetic evidence table of N rows (for the table commands' size benchmark).

    python bench/bigtable.py ROWS OUT.csv [--per-document 8] [--gold OUT.jsonl] [--compact]

Rows follow the contract (columns, vocabularies); each document reports `--per-document` figures
of one study (CR, ORR, severe CRS, median OS, ...), with quotes of a realistic length (with
`--compact`, quotes of a few characters: a million rows in well under 100 MB). `--gold` also
writes a gold file of one line per document for `evidence eval`.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evidence.schema import ALL_COLUMNS  # noqa: E402

TARGETS = ("CD19", "CD22", "CD20", "CD19/CD22")
DISEASES = ("ALL", "LBCL", "MCL", "FL", "mixed")


def document_rows(number: int, per_document: int, rng: random.Random, compact: bool = False) -> list[dict]:
    name = f"reports/study{number // 3:06d}_report{number % 3}.txt"
    total = rng.randint(8, 120)
    prior, target = rng.choice(TARGETS), rng.choice(TARGETS)
    relation = "same" if prior == target else "different"
    disease = rng.choice(DISEASES)
    rows, offset = [], 0
    for i in range(per_document):
        kind = i % 4
        events = rng.randint(0, total)
        if kind == 3:
            value, outcome, measure, unit, events_, total_ = round(rng.uniform(2, 30), 1), "OS", "median", "months", "", ""
            quote = f"Median overall survival was {value} months (95% CI, {value / 2:.1f} to {value * 1.5:.1f})."
        else:
            outcome = ("CR", "ORR", "CRS")[kind]
            value, measure, unit, events_, total_ = events / total, "proportion", "proportion", events, total
            quote = (f"After a second infusion of {target} CAR T cells, {events} of {total} patients "
                     f"({100 * events / total:.0f}%) had a {outcome} in this {disease} cohort.")
        if compact:
            quote = f"{events}/{total}" if unit == "proportion" else f"{value} mo"
        start = offset + quote.index(str(events) if unit == "proportion" else str(value))
        rows.append({
            "document": name, "outcome": outcome, "measure": measure, "value": value, "unit": unit,
            "events": events_, "total": total_, "grade": ">=3" if outcome == "CRS" else "", "disease": disease,
            "infusion": 2, "prior_target": prior, "target": target, "target_relation": relation,
            "derived": False, "quote": quote, "page": "", "start": start, "end": start + 2, "flags": "",
            "section": "results", "extractor": "outcomes",
        })
        offset += len(quote) + 1
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-document", type=int, default=8)
    parser.add_argument("--gold", type=Path, default=None)
    parser.add_argument("--compact", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(15)
    written, number = 0, 0
    gold = open(args.gold, "w", encoding="utf-8") if args.gold else None
    with open(args.out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ALL_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        while written < args.rows:
            rows = document_rows(number, args.per_document, rng, args.compact)[: args.rows - written]
            writer.writerows(rows)
            if gold:
                first = rows[0]
                gold.write(json.dumps({k: first[k] for k in ("document", "outcome", "measure", "value")}
                                      | {"level": "core"}) + "\n")
            written += len(rows)
            number += 1
    if gold:
        gold.close()


if __name__ == "__main__":
    main()
