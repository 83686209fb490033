"""Benchmark of `evidence extract` on one machine (a script, not a test).

    /work/venv/bin/python bench/bench.py [--pdfs 20] [--pdf-pages 4] [--long-pages 1000]
                                         [--abstracts 1000] [--texts 200] [--jobs 2] [--profile]
                                         [--results bench/RESULTS.md]

Inputs are generated in a temporary folder (reportlab for PDFs); nothing large is kept. Machines
are noisy (and this one may be shared), so times that have a target are reported as ratios to a
baseline measured in the same run:

- PDF, text and XML (PubMed) throughput: pages/s and documents/s of `evidence extract` (CLI, a
  subprocess, cache off);
- `evidence extract` on generated PDFs relative to bare pdfplumber `extract_text()` of the same
  PDFs (target at most 1.5x); with --profile, cProfile of one process says where the time goes
  (reader layout vs spaCy vs extractors);
- 1,000 PubMed abstracts of ~2,000 characters (target under 20 s on 2 cores);
- a re-run on the unchanged corpus with the cache (target under 5% of the first run), both as
  the whole CLI (process start and imports included) and as the library call alone;
- peak memory (ru_maxrss) of reading one long PDF (--long-pages pages);
- pooling 10, 1,000 and 100,000 studies with `evidence.meta.pool` (bench_pool.py's data).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).parent
EVIDENCE = [str(Path(sys.executable).with_name("evidence"))]
WORDS = ("patients cohort remission infusion relapse antigen response lymphoma leukemia toxicity cytokine "
         "neurotoxicity median survival months retreatment second first target expansion persistence marrow "
         "blast disease progression durable partial complete overall grade event free").split()
RESULT_SENTENCES = [
    "Complete remission was achieved in {a} of {n} patients ({p}%) after the second infusion.",
    "The overall response rate was {p}% ({a}/{n}).",
    "Cytokine release syndrome of grade 3 or higher occurred in {b} of {n} patients.",
    "Median overall survival was {m} months (95% CI, {lo} to {hi} months).",
    "Relapse with CD19-negative disease occurred in {b} patients.",
]


# ---------------------------------------------------------------------------------------------
# the machine

def machine() -> dict:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.1f} GiB"
    except (ValueError, OSError):
        memory = "unknown"
    libraries = {}
    for name in ("evidence", "spacy", "pdfplumber", "pdfminer.six", "lxml", "pandas", "pyarrow", "numpy",
                 "scipy", "dask", "distributed", "reportlab"):
        try:
            libraries[name] = version(name)
        except Exception:
            libraries[name] = "-"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": memory, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "load": os.getloadavg()[0],
            "libraries": libraries}


# ---------------------------------------------------------------------------------------------
# inputs

def sentence(rnd: random.Random) -> str:
    n = rnd.randint(8, 60)
    a, b = rnd.randint(1, n), rnd.randint(0, n)
    lo = round(rnd.uniform(1, 10), 1)
    return rnd.choice(RESULT_SENTENCES).format(n=n, a=a, b=b, p=round(100 * a / n, 1), m=round(lo + 3, 1),
                                               lo=lo, hi=round(lo + 8, 1))


def prose(rnd: random.Random, chars: int) -> str:
    out = []
    while sum(map(len, out)) < chars:
        if rnd.random() < 0.3:
            out.append(sentence(rnd))
        else:
            out.append(" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 20))).capitalize() + ".")
    return " ".join(out)


def make_pdf(path: Path, pages: int, rnd: random.Random, lines: int = 48) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=letter)
    for page in range(pages):
        pdf.setFont("Helvetica", 10)
        text = prose(rnd, lines * 95)
        y = 740
        while text and y > 60:
            cut = text.rfind(" ", 0, 95) if len(text) > 95 else len(text)
            pdf.drawString(54, y, text[:cut])
            text, y = text[cut:].lstrip(), y - 14
        pdf.drawString(300, 30, str(page + 1))
        pdf.showPage()
    pdf.save()


def make_pubmed(path: Path, count: int, rnd: random.Random, chars: int = 2000, first: int = 0) -> None:
    """`count` PubMed records numbered from `first` (each its own PMID and title: its own study)."""
    from xml.sax.saxutils import escape

    records = []
    for i in range(first, first + count):
        records.append(
            f"<PubmedArticle><MedlineCitation><PMID>{30000000 + i}</PMID><Article>"
            f"<ArticleTitle>Retreatment with CAR T cells: cohort {i}</ArticleTitle>"
            f"<Abstract><AbstractText>{escape(prose(rnd, chars))}</AbstractText></Abstract>"
            f"</Article></MedlineCitation></PubmedArticle>")
    path.write_text("<?xml version=\"1.0\"?>\n<PubmedArticleSet>" + "\n".join(records) + "</PubmedArticleSet>\n")


def make_texts(folder: Path, count: int, rnd: random.Random, chars: int = 6000) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"article_{i:04d}.txt").write_text(f"Article {i}\n\nResults\n\n{prose(rnd, chars)}\n")


# ---------------------------------------------------------------------------------------------
# measurements

def run_cli(paths, output: Path, jobs: int, cache_dir: Path | None) -> float:
    command = EVIDENCE + ["extract", *map(str, paths), "-o", str(output), "-q", "-j", str(jobs)]
    command += ["--cache-dir", str(cache_dir)] if cache_dir else ["--no-cache"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"evidence extract failed: {done.stderr[-2000:]}")
    return seconds


BARE_PDFPLUMBER = """
import sys, time, pdfplumber
start = time.perf_counter()
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
print(time.perf_counter() - start)
"""

ONE_PROCESS_EXTRACT = """
import sys, time
from evidence.pipeline import extract_paths
from evidence.registry import load_extractors
from evidence.text.pipeline import get_nlp
get_nlp(); extractors = load_extractors()
start = time.perf_counter()
extract_paths(sys.argv[1:], extractors=extractors)
print(time.perf_counter() - start)
"""

LIBRARY_RERUN = """
import sys, time
from evidence.cache import ResultCache
from evidence.pipeline import extract_paths
from evidence.registry import extractor_versions
cache = ResultCache(sys.argv[1], extractor_versions())
start = time.perf_counter()
result = extract_paths(sys.argv[2:], cache=cache)
print(time.perf_counter() - start, cache.hits, cache.misses)
"""

PEAK_MEMORY = """
import json, resource, sys, time
from evidence.readers import read_file
from evidence.text.pipeline import get_nlp
get_nlp()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
document, = read_file(sys.argv[1])
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"pages": document.pages, "chars": len(document.text), "seconds": seconds,
                  "before_mb": before / 1024, "peak_mb": after / 1024}))
"""


def python(code: str, *args) -> str:
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return done.stdout.strip().splitlines()[-1]


def profile_extract(paths) -> list[tuple[str, float]]:
    """Where one process spends its time on `paths`: reader, spaCy (number layer), extractors."""
    import cProfile
    import pstats

    from evidence.pipeline import extract_paths
    from evidence.registry import load_extractors
    from evidence.text.pipeline import get_nlp

    get_nlp()
    extractors = load_extractors()
    profiler = cProfile.Profile()
    profiler.enable()
    extract_paths(paths, extractors=extractors)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = max(v[3] for v in stats.values())

    def cumulative(predicate) -> float:
        return max((v[3] for (file, _, name), v in stats.items() if predicate(file, name)), default=0.0)

    read = cumulative(lambda f, n: f.endswith("readers/__init__.py") and n == "read_file")
    analyse = cumulative(lambda f, n: f.endswith("text/pipeline.py") and n == "analyse")
    findings = cumulative(lambda f, n: f.endswith("evidence/pipeline.py") and n == "document_to_findings")
    return [("reader (pdfplumber + layout)", read), ("number layer (spaCy)", analyse),
            ("extractors", findings - analyse), ("other", total - read - findings), ("total", total)]


def pooling(sizes=(10, 1000, 100_000)) -> list[tuple[int, float, float]]:
    sys.path.insert(0, str(HERE))
    from bench_pool import best_of, simulate

    import numpy as np

    from evidence.meta import StudyRow, pool
    from evidence.meta.transforms import get_transform

    logit = get_transform("logit")
    rows_out = []
    pool([StudyRow("a", 3, 10), StudyRow("b", 5, 12), StudyRow("c", 7, 9)], "logit", "REML")  # warm
    for k in sizes:
        events, totals = simulate(k)
        effects = logit.counts_to_effects(events, totals)
        w = 1.0 / effects.vi
        base = best_of(20, lambda: np.sum(w * effects.yi) / np.sum(w))
        rows = [StudyRow(f"study {i}", int(x), int(n)) for i, (x, n) in enumerate(zip(events, totals))]
        seconds = best_of(3 if k < 100_000 else 1, lambda: pool(rows, "logit", "REML"))
        rows_out.append((k, seconds, seconds / base))
    return rows_out


# ---------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=int, default=20, help="generated PDFs for throughput and the pdfplumber ratio")
    parser.add_argument("--pdf-pages", type=int, default=4)
    parser.add_argument("--long-pages", type=int, default=1000, help="pages of the long PDF (peak memory)")
    parser.add_argument("--abstracts", type=int, default=1000)
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--profile", action="store_true", help="cProfile where extract spends its time on the PDFs")
    parser.add_argument("--results", type=Path, default=None, help="also write the results as Markdown here")
    args = parser.parse_args()
    rnd = random.Random(20260101)
    facts = machine()
    lines = [f"Machine: {facts['cpu']}, {facts['cores']} cores, {facts['memory']}, {facts['system']}, "
             f"Python {facts['python']}; load average at start {facts['load']:.1f}",
             "Libraries: " + ", ".join(f"{k} {v}" for k, v in facts["libraries"].items()), ""]

    def report(line: str = "") -> None:
        print(line, flush=True)
        lines.append(line)

    for line in lines:
        print(line)
    with tempfile.TemporaryDirectory(prefix="evidence-bench-") as tmp:
        tmp = Path(tmp)
        pdfs = tmp / "pdfs"
        pdfs.mkdir()
        for i in range(args.pdfs):
            make_pdf(pdfs / f"paper_{i:03d}.pdf", args.pdf_pages, rnd)
        pubmed = tmp / "pubmed"
        pubmed.mkdir()
        make_pubmed(pubmed / "abstracts.xml", args.abstracts, rnd)
        texts = tmp / "texts"
        make_texts(texts, args.texts, rnd)
        pdf_pages = args.pdfs * args.pdf_pages

        report("| what | input | seconds | throughput | vs baseline |")
        report("| --- | --- | ---: | ---: | ---: |")
        bare = float(python(BARE_PDFPLUMBER, *sorted(pdfs.iterdir())))
        report(f"| bare pdfplumber `extract_text()` (1 process) | {args.pdfs} PDFs, {pdf_pages} pages | {bare:.2f} | "
               f"{pdf_pages / bare:.1f} pages/s | 1.00 |")
        one = float(python(ONE_PROCESS_EXTRACT, pdfs))
        report(f"| extract, library, 1 process | same PDFs | {one:.2f} | {pdf_pages / one:.1f} pages/s | "
               f"{one / bare:.2f}x pdfplumber |")
        cli = run_cli([pdfs], tmp / "pdf.csv", args.jobs, None)
        report(f"| `evidence extract -j{args.jobs}` (CLI) | same PDFs | {cli:.2f} | {pdf_pages / cli:.1f} pages/s, "
               f"{args.pdfs / cli:.1f} docs/s | {cli / bare:.2f}x pdfplumber |")
        first = run_cli([texts], tmp / "text.csv", args.jobs, None)
        report(f"| `evidence extract -j{args.jobs}` | {args.texts} text files, ~6,000 chars | {first:.2f} | "
               f"{args.texts / first:.1f} docs/s | |")
        cache = tmp / "cache"
        first = run_cli([pubmed], tmp / "pubmed.csv", args.jobs, cache)
        report(f"| `evidence extract -j{args.jobs}` | {args.abstracts} PubMed abstracts, ~2,000 chars, one XML | "
               f"{first:.2f} | {args.abstracts / first:.1f} docs/s | target < 20 s |")
        many = tmp / "pubmed_files"
        many.mkdir()
        for i in range(args.abstracts):
            make_pubmed(many / f"record_{i:04d}.xml", 1, rnd, first=i)
        spread = run_cli([many], tmp / "many.csv", args.jobs, cache)
        report(f"| `evidence extract -j{args.jobs}` | {args.abstracts} PubMed abstracts, one XML each | "
               f"{spread:.2f} | {args.abstracts / spread:.1f} docs/s | target < 20 s |")
        again = run_cli([many], tmp / "many.csv", args.jobs, cache)
        report(f"| re-run, unchanged, cache (CLI, with start-up) | same {args.abstracts} files | {again:.2f} | | "
               f"{100 * again / spread:.1f}% of first run |")
        seconds, hits, misses = python(LIBRARY_RERUN, cache, many).split()
        report(f"| re-run, unchanged, cache (library call) | same, {hits} hits, {misses} misses | {float(seconds):.2f} | "
               f"| {100 * float(seconds) / spread:.1f}% of first run |")
        long_pdf = tmp / "long.pdf"
        make_pdf(long_pdf, args.long_pages, rnd, lines=6)
        peak = json.loads(python(PEAK_MEMORY, long_pdf))
        report(f"| peak memory, reading one {peak['pages']}-page PDF ({peak['chars']:,} chars) | "
               f"{long_pdf.stat().st_size / 2**20:.1f} MB file | {peak['seconds']:.2f} | "
               f"{peak['pages'] / peak['seconds']:.1f} pages/s | ru_maxrss {peak['before_mb']:.0f} MB before, "
               f"{peak['peak_mb']:.0f} MB peak |")
        for k, seconds, ratio in pooling():
            report(f"| `evidence.meta.pool` REML, logit | {k:,} studies | {seconds:.4f} | | "
                   f"{ratio:.0f}x numpy weighted mean |")
        if args.profile:
            report("")
            report(f"Where one process spends its time extracting the {args.pdfs} PDFs (cProfile, so slower):")
            report("")
            for what, seconds in profile_extract([pdfs]):
                report(f"- {what}: {seconds:.2f} s")
    if args.results:
        args.results.write_text("# Benchmark results\n\nMade by `bench/bench.py "
                                + " ".join(sys.argv[1:]) + "`.\n\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
