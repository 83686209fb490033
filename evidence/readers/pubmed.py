"""PubMed / MEDLINE XML: one document per record, its title and abstract.

The text is the title, a blank line, then the abstract, one paragraph per <AbstractText>;
a structured abstract's paragraphs read "RESULTS: ..." with the label PubMed gives. Each document
is named "<file>#<PMID>".
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from evidence.document import Document, Metadata
from evidence.errors import EmptyFileError
from evidence.readers import reader
from evidence.readers.builder import Flow, TextBuilder
from evidence.readers.common import author_name, find_identifiers, iso_date, parse_date
from evidence.readers.markup import TreeWalker, local_name
from evidence.readers.xmlsafe import parse_xml

MISSING_TITLE = "[Not Available]."
TRIAL_REGISTRIES = frozenset((
    "clinicaltrials.gov", "isrctn", "eudract", "anzctr", "chictr", "ctri", "drks", "jprn", "ntr",
    "pactr", "rebec", "rpcec", "slctr", "tctr", "umin-ctr", "irct",
))
LANGUAGES = {"eng": "en", "fre": "fr", "ger": "de", "spa": "es", "ita": "it", "jpn": "ja", "chi": "zh",
             "rus": "ru", "por": "pt", "pol": "pl", "dut": "nl", "kor": "ko", "tur": "tr"}


def find(element, *path: str):
    """The first element along `path` of child names, or None."""
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if local_name(c) == name), None)
    return element


def find_all(element, name: str) -> list:
    return [] if element is None else [c for c in element if local_name(c) == name]


def text_at(element, *path: str) -> str:
    found = find(element, *path)
    return " ".join("".join(found.itertext()).split()) if found is not None else ""


def title_of(article, walker: TreeWalker) -> str:
    title = walker.text_of(find(article, "ArticleTitle"))
    if not title or title == MISSING_TITLE:
        title = walker.text_of(find(article, "VernacularTitle"))
    return title


def record_to_builder(citation, walker: TreeWalker) -> TextBuilder:
    builder = walker.flow.builder
    article = find(citation, "Article")
    builder.add(title_of(article, walker), "title")
    abstracts = [(find(article, "Abstract"), "Abstract")] + [
        (other, f"Other abstract ({other.get('Type', 'other')})")
        for other in find_all(citation, "OtherAbstract")
        if other.get("Language", "eng") == "eng"
    ]
    for abstract, section in abstracts:
        for part in find_all(abstract, "AbstractText"):
            label = " ".join((part.get("Label") or "").split())
            text = walker.text_of(part)
            builder.add(f"{label}: {text}" if label and text else text, "abstract",
                        f"{section} > {label}" if label else section)
    return builder


def authors_of(article) -> tuple[str, ...]:
    authors = []
    for author in find_all(find(article, "AuthorList"), "Author"):
        if author.get("ValidYN", "Y") == "N":
            continue
        surname = text_at(author, "LastName")
        if surname:
            authors.append(author_name(surname, text_at(author, "Initials") or text_at(author, "ForeName")))
        elif text_at(author, "CollectiveName"):
            authors.append(text_at(author, "CollectiveName"))
    return tuple(dict.fromkeys(authors))


def date_of(article) -> str:
    published = find(article, "Journal", "JournalIssue", "PubDate")
    if published is None:
        return ""
    year = text_at(published, "Year")
    if year:
        return iso_date(year, text_at(published, "Month") or text_at(published, "Season"), text_at(published, "Day"))
    return parse_date(text_at(published, "MedlineDate"))  # "2019 Dec-2020 Jan" -> "2019-12"


def doi_of(record, article) -> str:
    for location in find_all(article, "ELocationID"):
        if location.get("EIdType") == "doi" and location.get("ValidYN", "Y") != "N" and location.text:
            return location.text.strip()
    for identifier in find_all(find(record, "PubmedData", "ArticleIdList"), "ArticleId"):
        if identifier.get("IdType") == "doi" and identifier.text:
            return identifier.text.strip()
    return ""


def registrations_of(article, text: str) -> tuple[str, ...]:
    accessions = [
        " ".join(number.itertext())
        for bank in find_all(find(article, "DataBankList"), "DataBank")
        if text_at(bank, "DataBankName").lower() in TRIAL_REGISTRIES
        for number in find_all(find(bank, "AccessionNumberList"), "AccessionNumber")
    ]
    nct = find_identifiers(" ".join(accessions) + " " + text)["registrations"]
    others = [a.strip() for a in accessions if a.strip() and not find_identifiers(a)["registrations"]]
    return tuple(dict.fromkeys((*nct, *others)))


def kind_of(article) -> str:
    types = {" ".join(t.itertext()).strip().lower() for t in find_all(find(article, "PublicationTypeList"), "PublicationType")}
    if "news" in types or "newspaper article" in types:
        return "news"
    if types & {"congress", "meeting abstract", "clinical conference"}:
        return "abstract"
    return "journal"


def record_to_metadata(record, citation, walker: TreeWalker, text: str) -> Metadata:
    article = find(citation, "Article")
    date = date_of(article)
    return Metadata(
        title=title_of(article, walker),
        authors=authors_of(article),
        journal=text_at(article, "Journal", "Title") or text_at(article, "Journal", "ISOAbbreviation")
        or text_at(citation, "MedlineJournalInfo", "MedlineTA"),
        year=int(date[:4]) if date else None,
        date=date,
        doi=doi_of(record, article),
        pmid=text_at(citation, "PMID"),
        registrations=registrations_of(article, text),
        language=LANGUAGES.get(text_at(article, "Language").lower(), "en"),
        kind=kind_of(article),
    )


def root_to_records(root) -> list:
    """(record, MedlineCitation) pairs: PubmedArticles, or bare MedlineCitations."""
    if local_name(root) in ("PubmedArticle", "MedlineCitation"):
        candidates = [root]
    else:
        candidates = [e for e in root if local_name(e) in ("PubmedArticle", "MedlineCitation")]
    pairs = []
    for record in candidates:
        citation = record if local_name(record) == "MedlineCitation" else find(record, "MedlineCitation")
        if citation is not None and find(citation, "Article") is not None:
            pairs.append((record, citation))
    return pairs


def root_to_documents(root, name: str) -> list[Document]:
    documents, names = [], set()
    for index, (record, citation) in enumerate(root_to_records(root), start=1):
        walker = TreeWalker(Flow(TextBuilder()))
        builder = record_to_builder(citation, walker)
        if not builder.text.strip():
            continue
        metadata = record_to_metadata(record, citation, walker, builder.text)
        document_name = f"{name}#{metadata.pmid or index}"
        if document_name in names:
            document_name = f"{document_name}-{index}"
        names.add(document_name)
        documents.append(builder.document(document_name, "pubmed", metadata))
    if not documents:
        raise EmptyFileError(name, "no PubMed record in this file has a title or an abstract")
    return documents


@reader("pubmed")
def read_pubmed(path: Path, name: str) -> list[Document]:
    parsed = parse_xml(path.read_bytes(), name)
    return [replace(d, flags=parsed.flags, warnings=parsed.warnings)
            for d in root_to_documents(parsed.root, name)]
