"""Outputs before and after a speed change are the same bytes: write them, then compare (a script).

    # the code before the change, from a copy (git archive BASE | tar -x -C /tmp/base):
    cd /tmp && PYTHONPATH=/tmp/base /path/to/.venv/bin/python /path/to/bench/same_outputs.py write /tmp/before
    .venv/bin/python bench/same_outputs.py write /tmp/after
    .venv/bin/python bench/same_outputs.py compare /tmp/before /tmp/after

`write FOLDER` runs, with `--no-cache`, into FOLDER (paths inside the outputs are relative to
it, so two folders compare): `evidence run` on the bundled corpus, `evidence extract` of the
../shared/seeds texts and of the 25 two-column seed PDFs (`bench_startup.seed_pdfs`), `--real-pdfs`
also of ../shared/realpdf, and `evidence pool --json` of CR and ORR by target relation of each
table. `compare A B` lists every file that differs or is missing, except the forest plots'
PNG and SVG files (drawn by matplotlib, they are not the numbers); exit status 1 when any does.
The time a report was made ("Made 2026-12-02 21:48 UTC", a summary's "Made on 2026-12-02") is
left out of the comparison, and an `.xlsx` workbook (which records when it was written) is
compared by its cells.
The `evidence` run is whatever `import evidence` finds (set PYTHONPATH, from another folder, to
run a copy of other code).
"""
from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpora" / "car-t-retreatment"
EVIDENCE = [sys.executable, "-c", "import sys; from evidence.cli import main; sys.exit(main())"]
NOT_COMPARED = (".png", ".svg")


def evidence(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(EVIDENCE + list(args), cwd=folder, capture_output=True, text=True)


def write(folder: Path, real_pdfs: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tables = []
    evidence(folder, "run", str(CORPUS), "-o", "corpus", "--no-cache", "--quiet")
    tables.append("corpus/evidence.csv")
    if (SHARED / "seeds").is_dir():
        evidence(folder, "extract", str(SHARED / "seeds"), "-o", "seeds.csv", "--no-cache", "-q")
        sys.path.insert(0, str(HERE))
        from bench_startup import seed_pdfs

        with tempfile.TemporaryDirectory(prefix="evidence-seed-pdfs-") as tmp:
            pdfs = Path(tmp) / "seed-pdfs"
            pdfs.mkdir()
            seed_pdfs(pdfs)
            evidence(folder, "extract", str(pdfs), "-o", "seed_pdfs.csv", "--no-cache", "-q")
        tables += ["seeds.csv", "seed_pdfs.csv"]
    if real_pdfs and (SHARED / "realpdf").is_dir():
        evidence(folder, "extract", str(SHARED / "realpdf"), "-o", "real_pdfs.csv", "--no-cache", "-q")
        tables.append("real_pdfs.csv")
    for table in tables:
        for outcome in ("CR", "ORR"):
            done = evidence(folder, "pool", table, "--outcome", outcome, "--by", "target_relation", "--json",
                            "--no-plot")
            name = table.replace("/", "_").removesuffix(".csv")
            (folder / f"pool_{name}_{outcome}.json").write_text(done.stdout + done.stderr, encoding="utf-8")


MADE_AT = re.compile(rb"Made (?:on )?\d{4}-\d\d-\d\d(?: \d\d:\d\d UTC)?")  # a report's, a summary's "Made on 2026-12-02."


def content(path: Path) -> bytes:
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        return repr([(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book.worksheets]).encode()
    return MADE_AT.sub(b"Made (time) UTC", path.read_bytes())


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(content(p)).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix not in NOT_COMPARED}


def compare(a: Path, b: Path) -> int:
    left, right = digests(a), digests(b)
    differ = sorted(name for name in set(left) | set(right) if left.get(name) != right.get(name))
    for name in differ:
        print(f"differs: {name}" if name in left and name in right else f"only in one: {name}")
    print(f"{len(set(left) & set(right)) - len([n for n in differ if n in left and n in right])} files "
          f"identical, {len(differ)} not")
    return 1 if differ else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    w = sub.add_parser("write")
    w.add_argument("folder", type=Path)
    w.add_argument("--real-pdfs", action="store_true")
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = parser.parse_args(argv)
    if args.action == "write":
        if args.folder.exists():
            shutil.rmtree(args.folder)
        write(args.folder.resolve(), args.real_pdfs)
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
