"""Markdown to blocks of plain text: headings, paragraphs (lines kept), pipe tables.

Markup that is not text goes: link targets ("[text](url)" -> "text"), emphasis markers, heading
hashes, image lines, link definitions, HTML comments and tags, code fences. What remains is the
article's wording, line by line, so sentence splitting sees the author's paragraphs and lists.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from evidence.readers.builder import CellSource, TableSource
from evidence.readers.markup import split_table_label, superscript_text

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_PROTECT = 0xF0000  # escaped characters hide in a private-use plane until markup is gone
_CODE = re.compile(r"(`{1,8})(.{1,1000}?)\1")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]{0,1000})\](?:\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)|\[[^\]]*\])")
_LINK = re.compile(r"\[([^\]]{0,1000})\]\(\s*[^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REFERENCE_LINK = re.compile(r"\[([^\]^][^\]]{0,1000})\]\[[^\]]{0,200}\]")
_FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_SUPERSCRIPT = re.compile(r"<sup>(.*?)</sup>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(
    r"</?(?:sub|sup|br|span|em|strong|b|i|u|a|small|mark|abbr|cite|code|kbd|s|del|ins|font|p|div)\b[^<>]*>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_EMPHASIS = (  # spans are bounded so that a line of stray markers stays linear
    re.compile(r"(?<![\w*])(\*\*)(?=\S)(.{1,500}?)(?<=\S)\*\*(?![\w*])"),
    re.compile(r"(?<![\w_])(__)(?=\S)(.{1,500}?)(?<=\S)__(?![\w_])"),
    re.compile(r"(~~)(?=\S)(.{1,500}?)(?<=\S)~~"),
    re.compile(r"(?<![\w*])(\*)(?=[^\s*])(.{1,500}?)(?<=[^\s*])\*(?![\w*])"),
    re.compile(r"(?<![\w_])(_)(?=[^\s_])(.{1,500}?)(?<=[^\s_])_(?![\w_])"),
)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_DELIMITER = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]^][^\]]*\]:\s*\S+")
_IMAGE_LINE = re.compile(r"^\s*(?:\[?!\[[^\]]*\][^\s]*\s*)+$")
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class Block:
    """A heading (one line, with its level), a paragraph or list (its lines), or a table."""

    kind: str  # "heading", "lines", "table"
    lines: tuple[str, ...] = ()
    level: int = 0
    table: TableSource | None = None


def strip_inline(text: str) -> str:
    """One line of Markdown as plain text: links to their text, emphasis, tags and escapes gone."""
    text = _ESCAPE.sub(lambda m: chr(_PROTECT + ord(m.group(1))), text)
    text = _CODE.sub(lambda m: m.group(2).strip(), text)
    text = _COMMENT.sub("", text)
    text = _IMAGE.sub("", text)
    for _ in range(2):  # a link inside a link's text
        text, inline = _LINK.subn(r"\1", text)
        text, referenced = _REFERENCE_LINK.subn(r"\1", text)
        if not inline + referenced:
            break
    text = _FOOTNOTE_MARK.sub(lambda m: "^" + m.group(1), text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _SUPERSCRIPT.sub(lambda m: superscript_text(m.group(1)), text)
    text = _TAG.sub(lambda m: " " if m.group(0).lower().startswith("<br") else "", text)
    text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    for _ in range(3):  # ***nested*** emphasis
        changed = 0
        for pattern in _EMPHASIS:
            text, count = pattern.subn(r"\2", text)
            changed += count
        if not changed:
            break
    return "".join(chr(ord(ch) - _PROTECT) if ord(ch) >= _PROTECT and ord(ch) - _PROTECT < 128 else ch for ch in text)


def split_row(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [strip_inline(cell.strip()) for cell in _CELL_SPLIT.split(line)]


def front_matter(lines: list[str]) -> tuple[dict[str, str | list[str]], list[str]]:
    """YAML-style front matter ("---" ... "---" of "key: value" lines) as a dict, and the lines after it."""
    if not lines or lines[0].strip() != "---":
        return {}, lines
    found: dict[str, str | list[str]] = {}
    key = None
    for i, line in enumerate(lines[1:60], start=1):
        if line.strip() in ("---", "...") and found:
            return found, lines[i + 1:]
        item = re.match(r"^\s+-\s+(.*)$", line)
        pair = re.match(r"^([A-Za-z_][\w-]*):\s*(.*)$", line)
        if item and key:
            found[key] = [*(found[key] if isinstance(found[key], list) else []), item.group(1).strip("\"' ")]
        elif pair:
            key = pair.group(1).lower()
            found[key] = pair.group(2).strip().strip("\"'")
        elif line.strip():
            return {}, lines  # not front matter after all: a rule, then text
    return {}, lines


def _table_at(lines: list[str], i: int) -> tuple[TableSource, int] | None:
    """The pipe table whose header is lines[i], and the index after it; None if there is none."""
    if "|" not in lines[i] or i + 1 >= len(lines):
        return None
    delimiter = lines[i + 1]
    if "|" not in delimiter or not _DELIMITER.match(delimiter):
        return None
    header = split_row(lines[i])
    if len(header) != len(split_row(delimiter)):
        return None
    rows = [tuple(CellSource(text, header=True) for text in header)]
    j = i + 2
    while j < len(lines) and lines[j].strip() and "|" in lines[j]:
        rows.append(tuple(CellSource(text) for text in split_row(lines[j])))
        j += 1
    return TableSource("", "", tuple(rows)), j


def lines_to_blocks(lines: list[str]) -> list[Block]:
    """Headings, paragraphs and tables, in order; a "Table n." line just above a table is its caption."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    fence = ""

    def flush() -> None:
        kept = tuple(line for line in paragraph if line.strip())
        if kept:
            blocks.append(Block("lines", kept))
        paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if fence:
            if line.strip().startswith(fence):
                fence = ""
                flush()
            else:
                paragraph.append(line.rstrip())
            i += 1
            continue
        line = _QUOTE.sub("", line)
        opening = _FENCE.match(line)
        atx = _ATX.match(line)
        if opening:
            flush()
            fence = opening.group(1)[0] * 3
        elif not line.strip():
            flush()
        elif line.lstrip().startswith("<!--"):
            flush()
            while i < len(lines) and "-->" not in lines[i]:
                i += 1
        elif atx:
            flush()
            blocks.append(Block("heading", (strip_inline(atx.group(2) or ""),), level=len(atx.group(1))))
        elif paragraph and _SETEXT.match(line) and not _table_at(lines, i - 1):
            text = " ".join(paragraph)
            paragraph.clear()
            blocks.append(Block("heading", (text,), level=1 if line.strip()[0] == "=" else 2))
        elif _RULE.match(line) or _DEFINITION.match(line) or _IMAGE_LINE.match(line):
            flush()
        elif (found := _table_at(lines, i)) is not None:
            flush()
            table, i = found
            blocks.append(_with_caption(blocks, table))
            continue
        else:
            paragraph.append(strip_inline(line))
        i += 1
    flush()
    return blocks


def _with_caption(blocks: list[Block], table: TableSource) -> Block:
    """Take a "Table 2. Caption" line ending the paragraph just before the table as its caption."""
    if blocks and blocks[-1].kind == "lines":
        label, caption = split_table_label(blocks[-1].lines[-1])
        if label:
            rest = blocks[-1].lines[:-1]
            blocks[-1:] = [Block("lines", rest)] if rest else []
            return Block("table", table=TableSource(label, caption, table.rows))
    return Block("table", table=table)
