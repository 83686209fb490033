"""Start-up, PDFs against bare pdfplumber, re-runs and big tables: paired measurements (a script).

    .venv/bin/python bench/bench_startup.py [--runs 5] [--rerun-files 1000] [--only NAME ...]
                                            [--results bench/RESULTS.md] [--readme README.md]

Each figure is measured against its baseline in the same run, turn by turn (ours, baseline, ours,
baseline, ...), and reported as the median of the runs and the median of the per-pair ratios, so
that a machine shared with other work moves both sides alike. Wall time, CPU time (user + system)
and peak memory come from the child's own resource usage (`os.wait4`). The commands run as an
installed Python runs them, with compiled bytecode cached (`PYTHONDONTWRITEBYTECODE` is removed
from their environment and each command runs once, untimed, before the pairs): otherwise every
run would compile the project's modules from source again. `--readme` replaces the table under
`<!-- performance -->` in the README with the one measured.

- help: `evidence --help` (target <= 0.3 s) against a bare `python -c pass`;
- pool: `evidence pool` on a 10-study CSV (target <= 0.5 s) against `Rscript` loading metafor and
  fitting the same `rma` (target: at least 4x faster); skipped, saying so, without R or metafor;
- one-file: `evidence extract` of one small text file (target <= 1.0 s);
- seed-pdfs: the five ../shared/seeds texts typeset five ways in two columns (tests/pdfmaker.py),
  `extract --jobs 1 --no-cache`, against bare pdfplumber `extract_text()` of the same pages
  (target <= 1.15x); real-pdfs: the PDFs of ../shared/realpdf (target <= 1.1x);
- rerun: `evidence extract` on N generated text files with a fresh cache, then the same command
  again (target: the re-run <= 5% of the first run);
- tables: each table command on a million-row table (refused at once) and at the row limit
  (`evidence.tablesize.MAX_TABLE_ROWS`; target: within 60 s and 2 GB).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
PYTHON = sys.executable
EVIDENCE = [str(Path(PYTHON).with_name("evidence"))]
TABLE_COMMANDS = ("pool", "compare", "summarize", "report", "studies", "eval")

BARE_PDFPLUMBER = """
import sys, pdfplumber
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
"""
R_POOL = ("suppressMessages(library(metafor)); d <- read.csv('{csv}'); "
          "print(rma(measure='PLO', xi=events, ni=total, data=d, method='REML'))")


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float
    code: int


ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(argv: list[str], cwd: Path | None = None) -> Run:
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENVIRONMENT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


def paired(sides: dict[str, list[str]], runs: int, cwd: Path | None = None, before=None,
           warm: bool = True) -> dict[str, list[Run]]:
    """Run each side in turn, `runs` times; `before(label)` runs before each (not timed). With
    `warm`, each side runs once untimed first (bytecode cached, as an installed package has it)."""
    results: dict[str, list[Run]] = {label: [] for label in sides}
    for label, argv in sides.items() if warm else ():
        if before:
            before(label)
        run(argv, cwd)
    for _ in range(runs):
        for label, argv in sides.items():
            if before:
                before(label)
            results[label].append(run(argv, cwd))
    return results


def median(values) -> float:
    return statistics.median(values)


def ratio(ours: list[Run], base: list[Run]) -> float:
    """Median of the per-pair ratios of wall times."""
    return median(a.wall / b.wall for a, b in zip(ours, base))


# -- inputs ------------------------------------------------------------------------------------------

def ten_study_csv(folder: Path) -> Path:
    rows = [(9, 44), (35, 48), (5, 13), (13, 19), (24, 30), (15, 54), (4, 13), (17, 44), (11, 27), (21, 33)]
    path = folder / "ten.csv"
    path.write_text("study,events,total\n" + "".join(f"Study {i + 1},{e},{n}\n" for i, (e, n) in enumerate(rows)))
    return path


def seed_pdfs(folder: Path) -> list[Path]:
    """The seed texts typeset five ways each, in two columns."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pdfmaker import make_pdf

    styles = [dict(font_size=9.5), dict(font_size=9.0, justify=False), dict(font_size=10.0, hyphenate=False),
              dict(font_size=8.5, header="Journal of Retreatment"), dict(font_size=9.5, footer=None)]
    paths = []
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        blocks = [b.strip() for b in seed.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        for i, style in enumerate(styles):
            path = folder / f"{seed.stem}_{i}.pdf"
            make_pdf(path, blocks[1:], columns=2, title=blocks[0], **style)
            paths.append(path)
    return paths


def text_files(folder: Path, count: int) -> Path:
    sys.path.insert(0, str(HERE))
    import random

    from bench import make_texts

    make_texts(folder, count, random.Random(15), chars=2000)
    return folder


# -- figures -----------------------------------------------------------------------------------------

def figure_help(runs: int, work: Path) -> list[str]:
    got = paired({"ours": EVIDENCE + ["--help"], "python": [PYTHON, "-c", "pass"]}, runs)
    w = median(r.wall for r in got["ours"])
    return [f"| `evidence --help` | | {w:.2f} s (interpreter alone {median(r.wall for r in got['python']):.2f} s) "
            f"| CPU {median(r.cpu for r in got['ours']):.2f} s | <= 0.3 s: {'met' if w <= 0.3 else 'not met'} |"]


def figure_pool(runs: int, work: Path) -> list[str]:
    csv = ten_study_csv(work)
    ours = EVIDENCE + ["pool", str(csv), "--outcome", "CR", "--json", "--no-plot"]
    sides = {"ours": ours}
    rscript = shutil.which("Rscript")
    has_metafor = rscript and run([rscript, "-e", "suppressMessages(library(metafor))"]).code == 0
    if has_metafor:
        sides["R"] = [rscript, "-e", R_POOL.format(csv=csv)]
    got = paired(sides, runs)
    w = median(r.wall for r in got["ours"])
    line = (f"| `evidence pool`, 10-study CSV, `--json --no-plot` | | {w:.2f} s | CPU "
            f"{median(r.cpu for r in got['ours']):.2f} s |")
    if not has_metafor:
        return [line + f" <= 0.5 s: {'met' if w <= 0.5 else 'not met'}; Rscript with metafor not installed: "
                       "the pair with R was skipped |"]
    faster = 1 / ratio(got["ours"], got["R"])
    return [line + f" <= 0.5 s: {'met' if w <= 0.5 else 'not met'} |",
            f"| `Rscript`: library(metafor) + rma, same CSV | | {median(r.wall for r in got['R']):.2f} s | "
            f"ours {faster:.1f}x faster (median of paired ratios) | at least 4x: {'met' if faster >= 4 else 'not met'} |"]


def figure_one_file(runs: int, work: Path) -> list[str]:
    article = work / "one.txt"
    article.write_text("Retreatment\n\nOf 20 patients given a second infusion, 9 (45%) achieved complete remission.\n")
    got = paired({"ours": EVIDENCE + ["extract", str(article), "-o", str(work / "one.csv"), "-q", "--no-cache"],
                  "python": [PYTHON, "-c", "pass"]}, runs)
    w = median(r.wall for r in got["ours"])
    return [f"| `evidence extract` one small text file (`--no-cache`) | | {w:.2f} s | CPU "
            f"{median(r.cpu for r in got['ours']):.2f} s, peak {max(r.rss_mb for r in got['ours']):.0f} MB "
            f"| <= 1.0 s: {'met' if w <= 1.0 else 'not met'} |"]


def _pdf_pair(label: str, pdfs: list[Path], runs: int, work: Path, target: float) -> list[str]:
    folder = work / "pdfs"
    folder.mkdir()
    for pdf in pdfs:
        shutil.copy(pdf, folder / pdf.name)
    got = paired({"ours": EVIDENCE + ["extract", str(folder), "-o", str(work / "pdfs.csv"), "-q",
                                      "--jobs", "1", "--no-cache"],
                  "pdfplumber": [PYTHON, "-c", BARE_PDFPLUMBER, *map(str, sorted(folder.glob("*.pdf")))]}, runs,
                 warm=False)  # long runs: bytecode is cached by the first, at a cost lost in the median
    r = ratio(got["ours"], got["pdfplumber"])
    cpu = median(a.cpu / b.cpu for a, b in zip(got["ours"], got["pdfplumber"]))  # ours: both processes
    return [f"| `evidence extract --jobs 1 --no-cache` vs bare pdfplumber `extract_text()` | {label} | "
            f"{median(x.wall for x in got['ours']):.2f} s vs {median(x.wall for x in got['pdfplumber']):.2f} s | "
            f"{r:.2f}x (CPU {cpu:.2f}x) | <= {target}x: {'met' if r <= target else 'not met'} |"]


def figure_seed_pdfs(runs: int, work: Path) -> list[str]:
    if not (SHARED / "seeds").is_dir():
        return ["| seed PDFs | ../shared/seeds not found: skipped | | | |"]
    made = work / "made"
    made.mkdir()
    return _pdf_pair("25 two-column seed PDFs", seed_pdfs(made), runs, work, 1.15)


def figure_real_pdfs(runs: int, work: Path) -> list[str]:
    pdfs = sorted((SHARED / "realpdf").glob("*.pdf"))
    if not pdfs:
        return ["| real PDFs | ../shared/realpdf not found: skipped | | | |"]
    return _pdf_pair(f"{len(pdfs)} real PDFs (../shared/realpdf)", pdfs, runs, work, 1.1)


def figure_rerun(runs: int, work: Path, files: int) -> list[str]:
    folder = text_files(work / "texts", files)
    cache = work / "cache"
    command = EVIDENCE + ["extract", str(folder), "-o", str(work / "texts.csv"), "-q", "--cache-dir", str(cache)]

    def fresh(label):
        if label == "first":
            shutil.rmtree(cache, ignore_errors=True)

    got = paired({"first": command, "again": command}, runs, before=fresh)
    r = ratio(got["again"], got["first"])
    return [f"| whole `evidence extract` re-run on unchanged files vs its first run | {files} text files, "
            f"~2,000 chars | {median(x.wall for x in got['again']):.2f} s vs {median(x.wall for x in got['first']):.2f} s "
            f"| {100 * r:.1f}% | <= 5%: {'met' if r <= 0.05 else 'not met'} |"]


def figure_tables(runs: int, work: Path) -> list[str]:
    from evidence.tablesize import MAX_TABLE_ROWS

    lines = []
    for rows, compact in ((1_000_000, True), (MAX_TABLE_ROWS, False)):
        table = work / f"rows{rows}.csv"
        gold = work / f"rows{rows}.gold.jsonl"
        args = ["--compact"] if compact else []
        subprocess.run([PYTHON, str(HERE / "bigtable.py"), str(rows), str(table), "--gold", str(gold), *args],
                       check=True)
        for name in TABLE_COMMANDS:
            extra = {"pool": ["--outcome", "CR", "--no-plot", "--json"], "report": ["-o", str(work / "r.html")],
                     "compare": ["-o", str(work / "c.md")], "summarize": ["-o", str(work / "s.md")],
                     "eval": ["--gold", str(gold)], "studies": ["--json"]}[name]
            got = paired({"ours": EVIDENCE + [name, str(table), *extra]}, 1 if not compact else runs)["ours"]
            w, rss = median(r.wall for r in got), max(r.rss_mb for r in got)
            what = "refused at once" if got[0].code == 1 and compact else f"exit {got[0].code}"
            ok = w <= 60 and rss <= 2048
            lines.append(f"| `evidence {name}` | {rows:,} rows, {table.stat().st_size / 2**20:.0f} MB | {w:.1f} s, "
                         f"peak {rss:.0f} MB | {what} | within 60 s and 2 GB: {'met' if ok else 'not met'} |")
    return lines


FIGURES = {"help": figure_help, "pool": figure_pool, "one-file": figure_one_file, "seed-pdfs": figure_seed_pdfs,
           "real-pdfs": figure_real_pdfs, "rerun": None, "tables": figure_tables}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rerun-files", type=int, default=1000)
    parser.add_argument("--rerun-runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", choices=list(FIGURES), default=list(FIGURES))
    parser.add_argument("--results", type=Path, default=None, help="Also write the table into this Markdown file.")
    parser.add_argument("--readme", type=Path, default=None,
                        help="Also replace the table under '<!-- performance -->' in this README.")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    lines = ["| what | input | ours (median) | vs baseline | target |", "| --- | --- | --- | --- | --- |"]
    with tempfile.TemporaryDirectory(prefix="evidence-bench-") as tmp:
        for name in args.only:
            work = Path(tmp) / name
            work.mkdir()
            if name == "rerun":
                got = figure_rerun(args.rerun_runs, work, args.rerun_files)
            else:
                got = FIGURES[name](args.runs, work)
            lines += got
            print("\n".join(got), flush=True)
    header = (f"`bench/bench_startup.py --runs {args.runs}`: medians of {args.runs} paired runs "
              f"(re-runs: {args.rerun_runs} pairs), load average {load:.1f} at the start, "
              f"{os.getloadavg()[0]:.1f} at the end, {os.cpu_count()} cores.")
    if args.results:
        write_section(args.results, header, lines)
    if args.readme:
        write_readme_table(args.readme, header, lines)


SECTION = "## Start-up, PDFs, re-runs and big tables (bench/bench_startup.py)"


def write_section(path: Path, header: str, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    text = text.split("\n" + SECTION)[0].rstrip("\n")
    path.write_text(f"{text}\n\n{SECTION}\n\n{header}\n\n" + "\n".join(lines) + "\n", encoding="utf-8")


README_MARK = "<!-- performance -->"


def write_readme_table(path: Path, header: str, lines: list[str]) -> None:
    """The README's performance table (and the line saying how it was measured) replaced."""
    text = path.read_text(encoding="utf-8")
    before, mark, after = text.partition(README_MARK + "\n")
    if not mark:
        raise SystemExit(f"{path}: no {README_MARK} line to put the table under")
    paragraphs = after.split("\n\n")
    table = next((i for i, p in enumerate(paragraphs) if p.startswith("|")), -1)  # the old one, with its header
    rest = "\n\n".join(paragraphs[table + 1:])
    measured = {_key(line) for line in lines}
    kept = [line for line in paragraphs[table].splitlines()[2:] if _key(line) not in measured] if table >= 0 else []
    if kept:  # rows of figures not measured in this run stay, marked as from an earlier one
        kept = [line if "(earlier run)" in line else line.replace(" |", " (earlier run) |", 1) for line in kept]
        header += " Rows marked (earlier run) are from an earlier run of the script."
    path.write_text(f"{before}{mark}{header}\n\n" + "\n".join(lines[:2] + kept + lines[2:]) + "\n\n" + rest,
                    encoding="utf-8")


def _key(line: str) -> tuple[str, str]:
    """A table row's figure: its first two cells (what, input)."""
    cells = [c.strip().replace(" (earlier run)", "") for c in line.strip("|").split("|")]
    return tuple((cells + ["", ""])[:2])


if __name__ == "__main__":
    main()
