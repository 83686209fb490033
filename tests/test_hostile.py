"""Hostile and broken input: every file gives a result or a clear per-file error, within a
per-file time bound (the run's --timeout) and a memory bound, and never stops the run.

The files are made here in tmp_path (nothing large is committed). PDFs are made with reportlab, or
byte by byte by `raw_pdf` where the attack lives in the file's syntax (deep nesting, a stream that
inflates to many megabytes, a page tree that repeats one page tens of thousands of times). The
main corpus is extracted once, in a subprocess with two worker processes, so its memory is
measured apart from the test runner's.
"""
from __future__ import annotations

import codecs
import io
import json
import os
import random
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest

from evidence.errors import NoInputError

SENTENCE = "Complete remission was achieved in 12 of 20 patients (60%) after the second infusion."
WORDS = ("patients cohort remission infusion relapse antigen response lymphoma leukemia toxicity "
         "cytokine neurotoxicity median survival months retreatment second first target expansion "
         "persistence marrow blast disease progression durable partial complete overall grade").split()


def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from object bodies (object n is objects[n-1]), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _one_page_pdf(content: bytes, page_extra: bytes = b"", compress: bool = False) -> bytes:
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + page_extra + b">>",
        _stream(content, compress),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


TEXT_CONTENT = b"BT /F1 11 Tf 72 700 Td (" + SENTENCE.encode() + b") Tj ET"


def deep_nesting_pdf(folder: Path, depth: int = 100_000) -> Path:
    """A page whose dictionary holds an array nested `depth` deep (a parser's recursion limit)."""
    nested = b"[" * depth + b"]" * depth
    path = folder / "deep_nesting.pdf"
    path.write_bytes(_one_page_pdf(TEXT_CONTENT, b"/Annots " + nested + b" "))
    return path


def deep_dictionary_pdf(folder: Path, depth: int = 50_000) -> Path:
    nested = b"<< /A " * depth + b"1" + b" >>" * depth
    path = folder / "deep_dictionary.pdf"
    path.write_bytes(_one_page_pdf(TEXT_CONTENT, b"/Extra " + nested + b" "))
    return path


def huge_stream_pdf(folder: Path, megabytes: int = 64) -> Path:
    """A content stream that inflates from a few kilobytes to `megabytes` of blank space."""
    content = TEXT_CONTENT + b"\n" + b" " * (megabytes << 20)
    path = folder / "huge_stream.pdf"
    path.write_bytes(_one_page_pdf(content, compress=True))
    return path


def many_pages_pdf(folder: Path, pages: int, lines: int = 2, name: str = "") -> Path:
    """A long PDF: `pages` pages of `lines` lines of varied words each (running heads are not)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = folder / (name or f"pages_{pages}.pdf")
    pdf = canvas.Canvas(str(path), pagesize=letter)
    rnd = random.Random(pages)
    for page in range(pages):
        pdf.setFont("Helvetica", 10)
        for line in range(lines):
            words = " ".join(rnd.choice(WORDS) for _ in range(8)).capitalize()
            pdf.drawString(54, 740 - 14 * line, f"{words} in {rnd.randint(1, 20)} of 20 patients ({rnd.randint(1, 99)}%).")
        pdf.showPage()
    pdf.save()
    return path


def good_pdf(folder: Path, name: str = "good.pdf", encrypt: str | None = None) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = folder / name
    pdf = canvas.Canvas(str(path), pagesize=letter, encrypt=encrypt)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 720, "Retreatment with CD19 CAR T cells")
    pdf.drawString(72, 690, SENTENCE)
    pdf.showPage()
    pdf.save()
    return path


def password_pdf(folder: Path) -> Path:
    return good_pdf(folder, "password.pdf", encrypt="secret")


def truncated_pdf(folder: Path) -> Path:
    data = good_pdf(folder, "whole.pdf").read_bytes()
    (folder / "whole.pdf").unlink()
    path = folder / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt_pdf(folder: Path) -> Path:
    """The envelope of a PDF ("%PDF-" ... "%%EOF") around random bytes."""
    path = folder / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + random.Random(7).randbytes(20_000) + b"\n%%EOF\n")
    return path


def scanned_pdf(folder: Path) -> Path:
    """A page that is one picture of text, with no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (800, 200), 255)
    ImageDraw.Draw(image).text((10, 80), SENTENCE, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    path = folder / "scanned.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.drawImage(ImageReader(buffer), 36, 500, width=540, height=135)
    pdf.showPage()
    pdf.save()
    return path


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<article><body><p>&lol9;</p></body></article>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE article [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<article><body><p>&secret;</p></body></article>
"""

MALFORMED_XML = """<?xml version="1.0"?>
<article>
<body><p>Complete remission in 5 of 10 patients.</b></body>
</article>
"""

JATS = """<?xml version="1.0" encoding="UTF-8"?>
<article><front><article-meta><title-group><article-title>Retreatment</article-title></title-group>
</article-meta></front><body><sec><title>Results</title><p>{sentence}</p></sec></body></article>
"""


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def long_line_text(folder: Path, megabytes: int = 50) -> Path:
    """One line of `megabytes` MB: the same sentence over and over, no line break."""
    unit = (SENTENCE + " ").encode()
    path = folder / "long_line.txt"
    with open(path, "wb") as handle:
        chunk = unit * ((1 << 20) // len(unit) + 1)
        for _ in range(megabytes):
            handle.write(chunk[: 1 << 20])
    return path


def tiny_files(folder: Path, count: int) -> Path:
    """`count` tiny articles in nested folders (100 a folder)."""
    root = folder / "tiny"
    for i in range(count):
        sub = root / f"d{i // 100:03d}"
        if i % 100 == 0:
            sub.mkdir(parents=True)
        (sub / f"t{i:05d}.txt").write_text(f"Note {i}\nCR in {i % 9 + 1} of 10.\n")
    return root


def symlink_loop(folder: Path) -> Path:
    """A folder linking to itself, and a file link in a two-link cycle."""
    loop = folder / "loop"
    loop.mkdir()
    os.symlink(loop, loop / "again")
    os.symlink(folder / "cycle_b.txt", folder / "cycle_a.txt")
    os.symlink(folder / "cycle_a.txt", folder / "cycle_b.txt")
    return loop


def page_bomb_pdf(folder: Path, pages: int = 20_000) -> Path:
    """A few megabytes holding `pages` page objects that all draw one small content stream:
    cheap to make, long to read."""
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>")
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    path = folder / "page_bomb.pdf"
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        _stream(TEXT_CONTENT),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ] + [page] * pages))
    return path


# ---------------------------------------------------------------------------------------------
# The corpus and what each file must give: "ok" (read, with the sentence's CR figure where
# `figure`), or the exact reason of its per-file failure.

NOT_READABLE = "not a readable PDF (truncated or corrupt)"
PASSWORD = "password-protected PDF: remove the password and try again"
NO_TEXT = "no text layer: needs OCR"
REFUSED = "XML declares entities; refused (entity expansion and external entities are off)"
TIMEOUT = 60.0  # seconds a file may take in the hostile run: none needs it
BOMB_TIMEOUT = 3.0  # the page bomb would take minutes: it is stopped after this
TIMED_OUT = "took longer than {seconds:g} s to read: stopped (allow more with --timeout)"
MAX_WORKER_RSS_MB = 1024  # every worker process's peak resident memory stays under this


def build_corpus(folder: Path) -> dict[str, str]:
    """Write the hostile corpus into `folder`; return {file name: expected outcome}."""
    expected = {}

    def add(path: Path, outcome: str) -> None:
        expected[path.relative_to(folder).as_posix()] = outcome

    add(good_pdf(folder), "figure")
    add(deep_nesting_pdf(folder), "figure")
    add(deep_dictionary_pdf(folder), "figure")
    add(huge_stream_pdf(folder), "figure")
    add(password_pdf(folder), PASSWORD)
    add(truncated_pdf(folder), NOT_READABLE)
    add(corrupt_pdf(folder), NOT_READABLE)
    add(scanned_pdf(folder), NO_TEXT)
    add(write(folder, "empty.pdf", b""), "empty file")
    add(write(folder, "billion_laughs.xml", BILLION_LAUGHS), REFUSED)
    add(write(folder, "external_entity.xml", EXTERNAL_ENTITY), REFUSED)
    add(write(folder, "malformed.xml", MALFORMED_XML), "read, no figure")  # recovered, flagged recovered_xml
    add(write(folder, "malformed_sentence.xml", JATS.format(sentence=SENTENCE).replace("</p>", "</b>")), "figure")
    add(write(folder, "not_xml.xml", "<<<< not xml >>>>"),
        "malformed XML at line 1, column 2: StartTag: invalid element name; nothing could be recovered: "
        "the file may be truncated or not XML: re-download it or check it in an XML validator")
    add(write(folder, "article.xml", JATS.format(sentence=SENTENCE)), "figure")
    add(long_line_text(folder), "too long to analyse: 52,428,800 characters of text (at most 20,000,000); "
                                "split the file")
    add(write(folder, "nul_bytes.txt", ("Text with a NUL\x00 byte.\n" + SENTENCE).encode()), "figure")
    add(write(folder, "mixed_encodings.txt", SENTENCE.encode() + "\nCaf\u00e9 ".encode()
              + "na\u00efve\n".encode("latin-1")), "figure")
    add(write(folder, "utf16.txt", codecs.BOM_UTF16_LE + (SENTENCE + "\n").encode("utf-16-le")), "figure")
    add(write(folder, "utf16_no_bom.txt", (SENTENCE + "\n").encode("utf-16-le")), "figure")
    add(write(folder, "latin1.txt", ("Caf\u00e9 \u00b1 2. " + SENTENCE + "\n").encode("latin-1")), "figure")
    add(write(folder, "empty.txt", b""), "empty file")
    add(write(folder, "junk.txt", random.Random(3).randbytes(5000)), "binary data, not text")
    add(write(folder, "junk.html", random.Random(4).randbytes(5000)), "binary data, not text")
    add(write(folder, "with spaces and \u00fcnïcode \u6587\u732e/r\u00e9sum\u00e9 du patient.md", SENTENCE), "figure")
    symlink_loop(folder)
    expected["cycle_a.txt"] = expected["cycle_b.txt"] = "broken link or symlink loop"
    return expected


RUN = textwrap.dedent("""
    import json, resource, sys, time
    from evidence.pipeline import extract_paths
    started = time.monotonic()
    result = extract_paths([sys.argv[1]], jobs=2, timeout=float(sys.argv[2]))
    print(json.dumps({
        "seconds": time.monotonic() - started,
        "documents": [d.name for d in result.documents],
        "figures": [[f.document, f.outcome, f.value] for f in result.figures],
        "failures": {f.name: f.reason for f in result.failures},
        "self_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))
""")


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    expected = build_corpus(folder)
    done = subprocess.run([sys.executable, "-c", RUN, str(folder), str(TIMEOUT)], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return expected, json.loads(done.stdout)


def outcome_of(run: dict, name: str) -> str:
    if name in run["failures"]:
        return run["failures"][name]
    read = [d for d in run["documents"] if d == name or d.startswith(name + "#")]
    assert read, f"{name}: neither read nor failed"
    found = [f for f in run["figures"] if f[0] == name and f[1] == "CR" and abs(f[2] - 0.6) < 1e-9]
    return "figure" if found else "read, no figure"


CASES = ["good.pdf", "deep_nesting.pdf", "deep_dictionary.pdf", "huge_stream.pdf",
         "password.pdf", "truncated.pdf", "corrupt.pdf", "scanned.pdf", "empty.pdf", "billion_laughs.xml",
         "external_entity.xml", "malformed.xml", "malformed_sentence.xml", "not_xml.xml", "article.xml",
         "long_line.txt", "nul_bytes.txt",
         "mixed_encodings.txt", "utf16.txt", "utf16_no_bom.txt", "latin1.txt", "empty.txt", "junk.txt",
         "junk.html", "with spaces and \u00fcnïcode \u6587\u732e/r\u00e9sum\u00e9 du patient.md",
         "cycle_a.txt", "cycle_b.txt"]


@pytest.mark.slow
@pytest.mark.parametrize("name", CASES)
def test_each_file_gives_a_result_or_a_clear_error(hostile_run, name):
    expected, run = hostile_run
    assert outcome_of(run, name) == expected[name]


@pytest.mark.slow
def test_no_case_is_left_out(hostile_run):
    expected, run = hostile_run
    assert sorted(expected) == sorted(CASES)
    assert set(run["failures"]) | {d.split("#")[0] for d in run["documents"]} == set(expected)


@pytest.mark.slow
def test_the_run_stays_within_its_bounds(hostile_run):
    """Each file within the per-file timeout, each worker under MAX_WORKER_RSS_MB at its peak;
    the whole run bounded by what the timeout allows."""
    expected, run = hostile_run
    assert not [name for name, reason in run["failures"].items() if reason.startswith("took longer")]
    assert run["worker_rss_mb"] < MAX_WORKER_RSS_MB
    assert run["self_rss_mb"] < MAX_WORKER_RSS_MB
    assert run["seconds"] < 5 * TIMEOUT  # generous: a hang would show here, not slowness


@pytest.mark.slow
def test_a_page_bomb_is_stopped_by_the_timeout_and_the_run_goes_on(tmp_path):
    """20,000 pages in 3 MB would take minutes: the worker reading it is stopped, the file is
    listed as failed, and the file after it is read."""
    from evidence.pipeline import extract_paths

    page_bomb_pdf(tmp_path)
    write(tmp_path, "zz_after.txt", SENTENCE)
    result = extract_paths([tmp_path], jobs=1, timeout=BOMB_TIMEOUT)
    assert [(f.name, f.reason) for f in result.failures] == [
        ("page_bomb.pdf", TIMED_OUT.format(seconds=BOMB_TIMEOUT))]
    assert [d.name for d in result.documents] == ["zz_after.txt"]


PAGES_RUN = textwrap.dedent("""
    import json, resource, sys
    from evidence.readers import read_file
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    document, = read_file(sys.argv[1])
    print(json.dumps({"pages": document.pages, "chars": len(document.text),
                      "growth_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}))
""")


@pytest.mark.slow
def test_a_long_pdf_streams(tmp_path):
    """600 pages read one at a time: peak memory grows by far less than holding every page's
    objects would take (a page's characters alone are some hundreds of kilobytes in pdfplumber)."""
    path = many_pages_pdf(tmp_path, 600, lines=1)
    done = subprocess.run([sys.executable, "-c", PAGES_RUN, str(path)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    measured = json.loads(done.stdout)
    assert measured["pages"] == 600
    assert measured["growth_mb"] < 150


@pytest.mark.slow
def test_ten_thousand_tiny_files(tmp_path):
    from evidence.pipeline import extract_paths

    root = tiny_files(tmp_path, 10_000)
    result = extract_paths([root], jobs=2)
    assert not result.failures
    assert len(result.documents) == 10_000
    assert [d.name for d in result.documents] == sorted(d.name for d in result.documents)
    assert len(result.figures) == 10_000


def test_a_symlink_loop_given_as_the_path(tmp_path):
    from evidence.errors import NoInputError
    from evidence.pipeline import extract_paths

    loop = symlink_loop(tmp_path)
    (loop / "note.txt").write_text(SENTENCE)
    result = extract_paths([loop / "again" / "again"], jobs=1)
    assert [d.name for d in result.documents] == ["note.txt"]
    result = extract_paths([tmp_path / "cycle_a.txt", loop], jobs=1)
    assert [(f.name, f.reason) for f in result.failures] == [(str(tmp_path / "cycle_a.txt"),
                                                              "broken link or symlink loop")]
    with pytest.raises(NoInputError, match="cycle_a.txt: broken link or symlink loop"):
        extract_paths([tmp_path / "cycle_a.txt"], jobs=1)  # nothing else to read: nothing is written


# ---------------------------------------------------------------------------------------------
# Processes and resources (issue 10): workers die with their parent, a signal to a worker fails
# its file only, and a worker's memory is bounded.

WORKER_DIED = "its worker process died while reading it (out of memory, killed, or a crash in a library)"
OUT_OF_MEMORY = "needed more than 1,024 MB of memory to read: stopped (allow more with --max-memory)"


def children_of(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is `pid`, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


LONG_RUN = textwrap.dedent("""
    import sys
    from evidence.pipeline import extract_paths
    extract_paths([sys.argv[1]], jobs=2, timeout=600)
""")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")
def test_workers_die_with_their_parent(tmp_path):
    """SIGKILL to the main process: its workers (reading files that take minutes) end within
    seconds, instead of living on and holding the caller's pipes open."""
    import signal

    page_bomb_pdf(tmp_path)
    (tmp_path / "page_bomb_2.pdf").write_bytes((tmp_path / "page_bomb.pdf").read_bytes())
    main = subprocess.Popen([sys.executable, "-c", LONG_RUN, str(tmp_path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        assert wait_for(lambda: len(children_of(main.pid)) >= 2, 120), "the workers never started"
        workers = children_of(main.pid)
        main.kill()
        main.wait()
        assert wait_for(lambda: not any(alive(w) for w in workers), 15), \
            f"workers {[w for w in workers if alive(w)]} outlived their parent"
    finally:
        main.kill()
        for worker in workers:
            if alive(worker):
                os.kill(worker, signal.SIGKILL)


SIGTERM_RUN = textwrap.dedent("""
    import json, os, signal, sys, time
    from evidence.cli.common import interrupts_as_keyboard_interrupt
    from evidence.pipeline import extract_paths

    def children():
        found = []
        for entry in os.listdir("/proc"):
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == os.getpid():
                        found.append(int(entry))
            except (OSError, ValueError):
                pass
        return found

    first_seen = []

    def stop_workers(signum, frame):  # once a worker has lived 10 s, SIGTERM it: it is reading the
        if not children():             # bomb by then (a worker's warm-up, a few seconds on a loaded
            return                     # machine, is no file's: a worker killed then is only replaced)
        first_seen.append(time.monotonic())
        if first_seen[-1] - first_seen[0] >= 10:
            signal.setitimer(signal.ITIMER_REAL, 0)
            for pid in children():
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGALRM, stop_workers)
    signal.setitimer(signal.ITIMER_REAL, 0.5, 0.5)
    with interrupts_as_keyboard_interrupt():  # as the command line runs it
        result = extract_paths([sys.argv[1]], jobs=1, timeout=float(sys.argv[2]))
    print(json.dumps({"documents": [d.name for d in result.documents],
                      "failures": [[f.name, f.reason] for f in result.failures]}))
""")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")
def test_sigterm_to_a_worker_fails_that_file_only(tmp_path):
    page_bomb_pdf(tmp_path)
    write(tmp_path, "zz_after.txt", SENTENCE)
    done = subprocess.run([sys.executable, "-c", SIGTERM_RUN, str(tmp_path), str(TIMEOUT)], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout) == {"documents": ["zz_after.txt"],
                                       "failures": [["page_bomb.pdf", WORKER_DIED]]}


def inflating_stream(prefix: bytes, megabytes: int) -> bytes:
    """A zlib stream of `prefix` and `megabytes` MiB of spaces, about 1 KB per MiB, made without
    compressing it all: blocks flushed in full are the same bytes every time."""
    chunk = b" " * (1 << 20)
    compressor = zlib.compressobj(9)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = zlib.adler32(prefix)
    for _ in range(megabytes):
        checksum = zlib.adler32(chunk, checksum)
    return head + block * megabytes + b"\x03\x00" + checksum.to_bytes(4, "big")  # an empty final block


def decompression_bomb_pdf(folder: Path, megabytes: int = 1024) -> Path:
    """About 1 MB of PDF whose page inflates to `megabytes` MiB."""
    data = inflating_stream(TEXT_CONTENT + b"\n", megabytes)
    path = folder / "decompression_bomb.pdf"
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]))
    return path


BOMB_RUN = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    import evidence.pipeline as pipeline
    from evidence.discover import InputFile

    extractors = pipeline._warm_up()
    pipeline.limit_memory(1024)  # what a worker does with --max-memory 1024
    pipeline._WORKER_MEMORY_MB = 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    result = pipeline.process_file(InputFile(Path(sys.argv[1]), "bomb.pdf"), extractors)
    print(json.dumps({"reason": result.failure.reason if result.failure else None,
                      "seconds": time.monotonic() - started,
                      "growth_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before}))
""")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS bounds memory on Linux")
def test_a_decompression_bomb_meets_the_memory_bound(tmp_path):
    """A 1 MB PDF inflating to 1 GiB: the process reading it stays under its bound (1,024 MB of
    address space beyond what it held before), and the file fails with a reason that says so,
    in seconds."""
    path = decompression_bomb_pdf(tmp_path)
    assert path.stat().st_size < 2 << 20
    done = subprocess.run([sys.executable, "-c", BOMB_RUN, str(path)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    measured = json.loads(done.stdout)
    assert measured["reason"] == OUT_OF_MEMORY
    assert measured["growth_mb"] < 1024
    assert measured["seconds"] < TIMEOUT


@pytest.mark.slow
def test_a_decompression_bomb_fails_alone_from_the_command_line(tmp_path):
    from click.testing import CliRunner

    from evidence.cli import main

    papers = tmp_path / "papers"
    papers.mkdir()
    decompression_bomb_pdf(papers)
    write(papers, "zz_after.txt", SENTENCE)
    result = CliRunner().invoke(main, ["extract", str(papers), "-o", str(tmp_path / "t.csv"), "-j", "1",
                                       "--no-cache", "--max-memory", "1024", "-q"])
    assert result.exit_code == 1, result.output
    assert result.output.endswith(f"1 files failed:\n  decompression_bomb.pdf: {OUT_OF_MEMORY}\n")
