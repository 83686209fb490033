"""JATS / PMC XML: front matter to metadata; title, abstracts, body, back matter and floats to text.

Reading order is the article's: title, abstract(s), body sections (each "Title" on its own line,
its region's section the path of titles, "Results > Efficacy"), tables where they stand, then
appendices and notes. References are not evidence and stay out of the text. A structured
abstract's sections read "Results: ..." as PubMed writes them. Several <article>s in one file
(a <pmc-articleset>) give one document each, named "file.xml#1", "file.xml#2", ...
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from evidence.document import Document, Metadata
from evidence.errors import CorruptFileError, EmptyFileError
from evidence.readers import reader
from evidence.readers.builder import LINE, PARAGRAPH, Flow, TableSource, TextBuilder
from evidence.readers.common import author_from_text, author_name, find_identifiers, iso_date
from evidence.readers.markup import TreeWalker, local_name
from evidence.readers.xmlsafe import parse_xml

SKIP = frozenset((
    "ref-list", "sub-article", "response", "tex-math", "alt-text", "long-desc", "graphic",
    "inline-graphic", "media", "object-id", "permissions", "license", "copyright-statement",
    "processing-meta", "bio", "trans-abstract", "x",
))
PARAGRAPHS = frozenset((
    "p", "disp-quote", "statement", "speech", "verse-group", "def-list", "list", "fn-group",
    "disp-formula", "array", "chem-struct-wrap", "supplementary-material", "attrib", "caption",
    "title", "table-wrap-group", "fig-group", "preformat", "code",
))
LINES = frozenset(("verse-line", "def-item", "term", "def"))
SECTIONS = {"sec": "", "app": "Appendix", "ack": "Acknowledgments", "notes": "Notes",
            "glossary": "Abbreviations", "boxed-text": "", "abstract": "Abstract"}
ARTICLE_KINDS = {"abstract": "abstract", "meeting-report": "abstract", "news": "news"}


def child(element, name: str):
    """The first child named `name` (any namespace), or None."""
    return next((c for c in element if local_name(c) == name), None)


def descendants(element, name: str):
    return [e for e in element.iter() if local_name(e) == name]


def sentences(parts: list[str]) -> str:
    """Caption parts (a title, paragraphs) joined as sentences: "Outcomes. Data are n (%)."."""
    parts = [p for p in parts if p]
    return " ".join(p if p[-1] in ".:;?!" or i == len(parts) - 1 else p + "." for i, p in enumerate(parts))


class JatsWalker(TreeWalker):
    skip = SKIP
    paragraphs = PARAGRAPHS
    lines = LINES

    def __init__(self, flow: Flow) -> None:
        super().__init__(flow)
        self.path: list[str] = []
        self.compact = 0
        self.handlers.update({name: self.visit_section for name in SECTIONS})
        self.handlers.update({
            "p": self.visit_paragraph, "list-item": self.visit_compact, "fn": self.visit_compact,
            "label": self.visit_label, "break": lambda element: self.flow.brk(LINE),
            "table-wrap": self.visit_table_wrap, "fig": self.visit_figure,
        })

    def set_context(self, kind: str) -> None:
        self.flow.kind = kind
        self.flow.section = " > ".join(self.path) or None

    def visit_section(self, element) -> None:
        name = local_name(element)
        label = self.text_of(child(element, "label"))
        title = self.text_of(child(element, "title"))
        heading = f"{label} {title}".strip()  # as the source writes it; a default name is not written
        section = title or label or SECTIONS[name]
        kind = self.flow.kind
        self.flow.brk(PARAGRAPH)
        if section:
            self.path.append(section)
        self.set_context("abstract" if name == "abstract" else kind)
        if heading and kind == "abstract" and name == "sec":
            self.flow.prefix(f"{heading}: ")  # structured abstract: "Results: ..."
        elif heading:
            self.flow.write(heading)
            self.flow.brk(PARAGRAPH)
        self.children(element, skip=("label", "title"))
        self.flow.brk(PARAGRAPH)
        self.flow.clear_prefix()
        if section:
            self.path.pop()
        self.set_context(kind)

    def visit_paragraph(self, element) -> None:
        self.block(element, LINE if self.compact else PARAGRAPH)

    def visit_compact(self, element) -> None:
        self.compact += 1
        try:
            self.block(element, LINE)
        finally:
            self.compact -= 1
            self.flow.clear_prefix()

    def visit_label(self, element) -> None:
        text = self.text_of(element)
        if text:
            self.flow.prefix(text + " ")

    def caption(self, element) -> str:
        caption = child(element, "caption")
        if caption is None:
            return ""
        return sentences([self.text_of(part) for part in caption if isinstance(part.tag, str)])

    def visit_table_wrap(self, element) -> None:
        label, caption = self.text_of(child(element, "label")), self.caption(element)
        rows = tuple(row for table in descendants(element, "table") for row in self.cell_rows(table))
        footer = tuple(
            self.text_of(note)
            for foot in descendants(element, "table-wrap-foot")
            for note in _notes(foot)
        )
        if rows:
            self.flow.table(TableSource(label, caption, rows, footer))
        else:  # a table given only as an image: its caption is what there is
            self.float_caption(label, caption, footer)

    def visit_figure(self, element) -> None:
        self.float_caption(self.text_of(child(element, "label")), self.caption(element), ())

    def float_caption(self, label: str, caption: str, notes: tuple[str, ...]) -> None:
        kind, section = self.flow.kind, self.flow.section
        self.flow.brk(PARAGRAPH)
        self.flow.kind, self.flow.section = "caption", label or section
        self.flow.write(sentences([label, caption]) if label and caption else label or caption)
        for note in notes:
            self.flow.brk(LINE)
            self.flow.write(note)
        self.flow.brk(PARAGRAPH)
        self.flow.kind, self.flow.section = kind, section


def _notes(foot) -> list:
    """A table footer's notes, one per line: its fns and paragraphs, those of an fn-group too."""
    notes = []
    for note in foot:
        if local_name(note) == "fn-group":
            notes.extend(_notes(note))
        elif isinstance(note.tag, str) and local_name(note) not in ("title", "label"):
            notes.append(note)
    return notes


def article_to_builder(article, walker: JatsWalker) -> TextBuilder:
    """Title, abstracts, body, back matter (no references) and floats, in that order.

    A recovered malformed file can leave a paragraph or section beside <body> rather than in it
    (the lenient parser closes <body> early): whatever text stands after <front> is read in order.
    """
    flow = walker.flow
    front = child(article, "front")
    meta = child(front, "article-meta") if front is not None else None
    if meta is not None:
        title = title_of(meta, walker)
        if title:
            flow.kind = "title"
            flow.write(title)
            flow.brk(PARAGRAPH)
        for abstract in (e for e in meta if local_name(e) == "abstract"):
            flow.kind = "abstract"
            walker.visit(abstract)
    for element in article:  # body, back, floats-group; in a recovered file also strays such as a <p>
        if isinstance(element.tag, str) and local_name(element) not in ("front", *SKIP):
            walker.set_context("body")
            walker.visit(element)
    flow.brk(PARAGRAPH)
    return flow.builder


def title_of(meta, walker: JatsWalker) -> str:
    group = child(meta, "title-group")
    if group is None:
        return ""
    title = walker.text_of(child(group, "article-title"))
    subtitle = walker.text_of(child(group, "subtitle"))
    return f"{title}: {subtitle}" if title and subtitle and title[-1] not in ".:?!" else title or subtitle


def authors_of(meta, walker: JatsWalker) -> tuple[str, ...]:
    authors = []
    for contrib in descendants(meta, "contrib"):
        if contrib.get("contrib-type", "author") != "author" or any(
            local_name(a) == "contrib" for a in contrib.iterancestors()
        ):
            continue
        name = next(iter(descendants(contrib, "name")), None)  # also inside <name-alternatives>
        string_name = child(contrib, "string-name")
        collab = child(contrib, "collab")
        if name is not None:
            given = child(name, "given-names")
            initials = given.get("initials") if given is not None else None
            authors.append(author_name(walker.text_of(child(name, "surname")), initials or walker.text_of(given)))
        elif string_name is not None and child(string_name, "surname") is not None:
            authors.append(author_name(walker.text_of(child(string_name, "surname")),
                                       walker.text_of(child(string_name, "given-names"))))
        elif string_name is not None:
            authors.append(author_from_text(walker.text_of(string_name)))
        elif collab is not None:
            authors.append(walker.text_of(collab, skip=("contrib-group",)))
    return tuple(dict.fromkeys(a for a in authors if a))


def date_of(meta) -> str:
    """The earliest publication date given (electronic usually precedes print), most specific first."""
    dates = []
    for pub_date in (e for e in meta if local_name(e) == "pub-date"):
        parts = {local_name(e): (e.text or "").strip() for e in pub_date if isinstance(e.tag, str)}
        iso = iso_date(parts.get("year"), parts.get("month") or parts.get("season"), parts.get("day"))
        if iso:
            dates.append(iso)
    return min(dates, key=lambda d: (d[:4], -len(d), d), default="")


def registrations_of(article, text: str) -> tuple[str, ...]:
    """NCT numbers in the front matter (custom-meta, notes, related objects, links) and the text."""
    front = child(article, "front")
    values = [" ".join(front.itertext())] if front is not None else []
    for element in article.iter():
        if isinstance(element.tag, str) and local_name(element) in ("ext-link", "related-object", "uri"):
            if not any(local_name(a) == "ref-list" for a in element.iterancestors()):
                values.extend(str(v) for v in element.attrib.values())
    return find_identifiers(" ".join(values) + " " + text)["registrations"]


def article_to_metadata(article, walker: JatsWalker, text: str) -> Metadata:
    front = child(article, "front")
    meta = child(front, "article-meta") if front is not None else None
    journal_meta = child(front, "journal-meta") if front is not None else None
    if meta is None:
        return Metadata(registrations=registrations_of(article, text))
    ids = {e.get("pub-id-type", ""): (e.text or "").strip() for e in meta if local_name(e) == "article-id"}
    journal = ""
    if journal_meta is not None:
        titles = descendants(journal_meta, "journal-title") or descendants(journal_meta, "abbrev-journal-title")
        journal = walker.text_of(titles[0]) if titles else ""
        if not journal:
            journal_ids = {e.get("journal-id-type", ""): (e.text or "").strip() for e in journal_meta
                           if local_name(e) == "journal-id"}
            journal = journal_ids.get("nlm-ta") or journal_ids.get("iso-abbrev") or ""
    date = date_of(meta)
    language = (article.get("{http://www.w3.org/XML/1998/namespace}lang") or "en").lower()[:2]
    return Metadata(
        title=title_of(meta, walker),
        authors=authors_of(meta, walker),
        journal=journal,
        year=int(date[:4]) if date else None,
        date=date,
        doi=ids.get("doi", ""),
        pmid=ids.get("pmid", ""),
        registrations=registrations_of(article, text),
        language=language if language.isalpha() else "en",
        kind=ARTICLE_KINDS.get(article.get("article-type", ""), "journal"),
    )


def root_to_articles(root) -> list:
    """The <article>s of a file: the root itself, or those inside a wrapper such as <pmc-articleset>."""
    if local_name(root) == "article":
        return [root]
    return [
        element for element in root.iter()
        if local_name(element) == "article"
        and not any(local_name(a) == "article" for a in element.iterancestors())
    ]


def article_to_document(article, name: str) -> Document | None:
    walker = JatsWalker(Flow(TextBuilder()))
    builder = article_to_builder(article, walker)
    if not builder.text.strip():
        return None
    return builder.document(name, "jats", article_to_metadata(article, walker, builder.text))


@reader("jats", (".xml", ".nxml"))
def read_jats(path: Path, name: str) -> list[Document]:
    parsed = parse_xml(path.read_bytes(), name)
    root = parsed.root
    if local_name(root) in ("PubmedArticleSet", "PubmedArticle", "MedlineCitationSet"):
        from evidence.readers.pubmed import root_to_documents

        documents = root_to_documents(root, name)
    else:
        documents = root_to_jats_documents(root, name)
    return [replace(d, flags=parsed.flags, warnings=parsed.warnings) for d in documents]


def root_to_jats_documents(root, name: str) -> list[Document]:
    articles = root_to_articles(root)
    if not articles:
        raise CorruptFileError(
            name, f"the XML root is <{local_name(root)}>, not a JATS <article> or a PubMed "
            "<PubmedArticleSet>; evidence reads only these two XML formats",
        )
    names = [name] if len(articles) == 1 else [f"{name}#{i}" for i in range(1, len(articles) + 1)]
    documents = [d for d in map(article_to_document, articles, names) if d is not None]
    if not documents:
        raise EmptyFileError(name, "the JATS article has no title, abstract or body text")
    return documents
