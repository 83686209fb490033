"""The linked-result cache: an unchanged re-run links nothing and writes the same table; a changed
input links again; an entry is data checked on reading (altered, foreign, malformed or symlinked:
a miss, never a crash), written privately."""
from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

import evidence.studies
from evidence.extraction import run_extract
from evidence.linkcache import FOLDER, LinkCache
from evidence.schema import Figure

ARTICLE = """Retreatment with CD19 CAR T cells

Of 20 patients given a second infusion, 9 (45%) achieved complete remission.
Grade 3 or higher cytokine release syndrome occurred in 2 of 20 patients (10%).
"""
FIGURES = [
    Figure(document="a.txt", outcome="CR", measure="proportion", value=0.45, quote="9 (45%)", start=3, end=10,
           events=9, total=20, study="A 2020", flags="conflict"),
    Figure(document="b.txt", outcome="OS", measure="median", value=7.5, unit="months", quote="7.5 months",
           start=0, end=10, ci_low=4.25, ci_high=None, derived=True, derived_from="row 1"),
]


@pytest.fixture
def links(monkeypatch):
    """Counts the calls of link_extraction."""
    calls = []
    real = evidence.studies.link_extraction

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(evidence.studies, "link_extraction", counting)
    return calls


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    (folder / "b.md").write_text(ARTICLE.replace("9 (45%)", "10 (50%)"))
    return folder


def test_an_unchanged_rerun_links_nothing_and_writes_the_same_table(articles, tmp_path, links):
    cache = tmp_path / "cache"
    first = run_extract([articles], tmp_path / "first.csv", cache_dir=cache)
    assert len(links) == 1 and first.studies is not None
    again = run_extract([articles], tmp_path / "again.csv", cache_dir=cache)
    assert len(links) == 1 and again.studies is None
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "first.csv").read_bytes()
    assert (tmp_path / "again.documents.json").read_bytes() == (tmp_path / "first.documents.json").read_bytes()


def test_a_changed_article_links_again(articles, tmp_path, links):
    cache = tmp_path / "cache"
    run_extract([articles], tmp_path / "first.csv", cache_dir=cache)
    (articles / "b.md").write_text(ARTICLE.replace("9 (45%)", "11 (55%)"))
    run_extract([articles], tmp_path / "again.csv", cache_dir=cache)
    assert len(links) == 2
    run_extract([articles], tmp_path / "third.csv", cache_dir=cache, use_cache=False)
    assert len(links) == 3  # no cache: linked every time


def test_entries_round_trip_exactly_and_are_private(tmp_path):
    store = LinkCache(tmp_path)
    store.put("k1", FIGURES)
    assert LinkCache(tmp_path).get("k1") == FIGURES
    folder = tmp_path / FOLDER
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "k1.json").stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["k1.json"]  # no temporary file left


def _rewrite(path: Path, change, rehash: bool = False) -> None:
    """Change a stored entry (header line, then payload); with `rehash` its hash is made to match
    again, so only the reader's own checks of the content can refuse it."""
    header, _, payload = path.read_bytes().partition(b"\n")
    header, payload = json.loads(header), json.loads(payload)
    change(header, payload)
    payload = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    if rehash:
        header["sha256"] = hashlib.sha256(payload).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def _flip_a_digit(header, payload):
    payload["figures"][0]["events"] = 8


def _other_key(header, payload):
    header["key"] = "k2"


def _wrong_type(header, payload):
    payload["figures"][0]["events"] = "9"


def _not_a_list(header, payload):
    payload["figures"] = {"a": 1}


def _other_linker(header, payload):
    payload["linker"] = "0"


@pytest.mark.parametrize("change, rehash", [(_flip_a_digit, False), (_other_key, False), (_wrong_type, True),
                                           (_not_a_list, True), (_other_linker, True)],
                         ids=["altered-value", "another-key", "wrong-type", "wrong-shape", "other-linker"])
def test_an_altered_or_malformed_entry_is_a_miss(tmp_path, change, rehash):
    store = LinkCache(tmp_path)
    store.put("k1", FIGURES)
    _rewrite(tmp_path / FOLDER / "k1.json", change, rehash)
    assert store.get("k1") is None
    assert (store.hits, store.misses) == (0, 1)


@pytest.mark.parametrize("content", [b"", b"\x80\x81 not json", b"[1, 2]", b'{"key": "k1"}', b"null"],
                         ids=["empty", "binary", "list", "no-figures", "null"])
def test_a_garbage_entry_is_a_miss(tmp_path, content):
    store = LinkCache(tmp_path)
    (tmp_path / FOLDER).mkdir(mode=0o700)  # a private folder: only the content can make it a miss
    (tmp_path / FOLDER / "k1.json").write_bytes(content)
    assert store.get("k1") is None


def test_an_entry_is_never_read_through_a_symlink(tmp_path):
    elsewhere = LinkCache(tmp_path / "elsewhere")
    elsewhere.put("k1", FIGURES)
    (tmp_path / FOLDER).mkdir(mode=0o700)
    os.symlink(tmp_path / "elsewhere" / FOLDER / "k1.json", tmp_path / FOLDER / "k1.json")
    assert LinkCache(tmp_path).get("k1") is None
