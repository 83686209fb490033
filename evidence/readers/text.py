"""Plain text and Markdown.

Plain text is kept exactly as it is apart from normalisation and the lines that are only a
repository's margin label ("Author Manuscript", copied out of a PDF between the words of a
sentence; `MARGIN_LABELS`): its lines and blank lines are the
article's paragraphs and headings, which sentence splitting needs. Standard headings on a line of
their own ("Results", "2. Methods") start sections. Markdown loses the markup that is not text
and keeps its pipe tables as tables.
"""
from __future__ import annotations

import re
from pathlib import Path

from evidence.document import Document, Region
from evidence.errors import EmptyFileError
from evidence.readers import reader
from evidence.readers.builder import LINE, PARAGRAPH, TextBuilder
from evidence.readers.common import (
    author_from_text, decode, kind_of_section, metadata_from_text, normalise, parse_date, section_heading,
)
from evidence.readers.markdown import front_matter, lines_to_blocks


# labels a repository prints down the margin of every page of an accepted manuscript; copied out of
# a PDF, each lands on a line of its own in the middle of a sentence ("the median event-free /
# Author Manuscript / survival was 6.1 months")
MARGIN_LABELS = re.compile(r"^[ \t]*(?:(?:NIH-PA |Europe PMC Funders )?Author Manuscripts?|HHS Public Access)[ \t]*\n",
                           re.IGNORECASE | re.MULTILINE)


def read_normalised(path: Path, name: str) -> str:
    text = MARGIN_LABELS.sub("", normalise(decode(path.read_bytes(), name)))
    if not text.strip():
        raise EmptyFileError(name, "the file holds only whitespace: there is no text to read")
    return text


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def text_to_regions(text: str) -> tuple[Region, ...]:
    """Title (the first non-empty line, with the blank lines before it), then sections by heading."""
    builder = TextBuilder()
    section: str | None = None
    title_done = False
    for line in text.splitlines(keepends=True):
        if not title_done:
            title_done = bool(line.strip())
            builder.add_raw(line, "title" if title_done else "body")
            continue
        heading = section_heading(line) if len(line) < 80 else None
        if heading:
            section = heading
        builder.add_raw(line, kind_of_section(section) if section else "body", section)
    return builder.regions()


@reader("text", (".txt", ".text"))
def read_text(path: Path, name: str) -> list[Document]:
    text = read_normalised(path, name)
    metadata = metadata_from_text(text, title=first_line(text))
    return [Document(path=name, text=text, format="text", metadata=metadata, regions=text_to_regions(text))]


def blocks_to_builder(blocks) -> TextBuilder:
    """Headings, paragraphs (line by line) and tables into text; the first line is the title."""
    builder = TextBuilder()
    headings: list[tuple[int, str]] = []
    section: str | None = None
    for block in blocks:
        titled = builder.length > 0
        if block.kind == "table":
            builder.add_table(block.table, sep=PARAGRAPH)
        elif block.kind == "heading" and titled:
            level, text = block.level, block.lines[0].strip()
            if not text:
                continue
            while headings and headings[-1][0] >= level:
                headings.pop()
            headings.append((level, text))
            section = " > ".join(heading for _, heading in headings)
            builder.add(text, kind_of_section(section), section, sep=PARAGRAPH)
        else:
            for i, line in enumerate(block.lines):
                kind = "title" if builder.length == 0 else kind_of_section(section)
                builder.add(line, kind, None if kind == "title" else section, sep=LINE if i else PARAGRAPH)
    return builder


def _listed(value) -> list[str]:
    if isinstance(value, list):
        return value
    return [part for part in (value or "").replace(";", ",").split(",") if part.strip()] if value else []


@reader("markdown", (".md", ".markdown"))
def read_markdown(path: Path, name: str) -> list[Document]:
    matter, lines = front_matter(read_normalised(path, name).split("\n"))
    builder = blocks_to_builder(lines_to_blocks(lines))
    text = builder.text
    if not text.strip():
        raise EmptyFileError(name, "no text in this Markdown file once its markup is removed")
    known: dict = {}
    date = parse_date(str(matter.get("date", "")))
    if date:
        known.update(date=date, year=int(date[:4]))
    authors = _listed(matter.get("authors") or matter.get("author"))
    if authors:
        known["authors"] = tuple(author_from_text(a) for a in authors)
    for key in ("doi", "pmid", "journal"):
        if isinstance(matter.get(key), str) and matter[key]:
            known[key] = matter[key]
    title = matter.get("title") if isinstance(matter.get("title"), str) and matter.get("title") else first_line(text)
    metadata = metadata_from_text(text, title=title, **known)
    return [builder.document(name, "markdown", metadata)]
