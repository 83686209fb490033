"""`evidence studies`: the terminal rendering (golden file), the JSON, --map, the table-alone note, errors."""
import io
import re
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from evidence.cli import main
from evidence.cli.studies import render
from evidence.schema import figures_to_frame
from evidence.studies import link_studies, profile_documents, studies_for_table

from test_studies_support import doc, fig, holland

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"  # rewrite the golden files instead of comparing

PUBMED = ("Factors associated with outcomes after a second CD19-targeted CAR T-cell infusion\n\n"
          "Methods: Within a phase 1/2 trial (NCT01865617) we analysed, retrospectively, every adult who received "
          "CART2 after CART1 had failed.\nResults: Forty-four patients received CART2: 14 with ALL, 21 with NHL and "
          "9 with CLL. The CR rate was 20%.")
ASH = ("American Society of Hematology, 61st Annual Meeting (conference abstract)\n\nRe-dosing the same CD19 CAR "
       "T-cell product after failure: 44 patients on trial NCT01865617\n\nResults: Forty-four patients were "
       "retreated. Eight patients (8/44) were in complete response.")
NEWS = ("A second helping of the same CAR T cells\n\nHEALTH NEWS\n\nDoctors looked back at 44 adults who got a second "
        "infusion after the first one failed. Their report appeared in the journal Blood. For about one in five "
        "patients (20%) the cancer became undetectable: 21% in ALL, 19% in NHL, 22% in CLL.")


def documents_and_figures():
    h_doc, h_figures = holland("holland.txt")
    documents = [doc("ash.txt", ASH), doc("pubmed.xml", PUBMED, kind="journal", authors=("Gauthier J",), year=2021,
                                          journal="Blood", title="Factors associated with outcomes after a second "
                                          "CD19-targeted CAR T-cell infusion", doi="10.1182/blood.2020006770"),
                 doc("news.html", NEWS), h_doc]
    figures = [fig("ash.txt", "CR", 8 / 44, 8, 44, relation="same", start=10,
                   quote="Forty-four patients were retreated on trial NCT01865617. Eight patients (8/44) were in "
                         "complete response."),
               fig("pubmed.xml", "CR", 0.20, relation="same", start=20,
                   quote="Forty-four patients received CART2 on trial NCT01865617. The CR rate was 20%."),
               fig("pubmed.xml", "CR", 0.21, disease="ALL", relation="same", start=30),
               fig("pubmed.xml", "CR", 0.19, disease="NHL", relation="same", start=40),
               fig("pubmed.xml", "CR", 0.22, disease="CLL", relation="same", start=50),
               fig("news.html", "CR", 0.20, relation="same", flags="approximate", start=60,
                   quote="Doctors looked back at 44 adults who got a second infusion. For about one in five patients "
                         "(20%) the cancer became undetectable."),
               fig("news.html", "CR", 0.21, disease="ALL", relation="same", start=70),
               fig("news.html", "CR", 0.19, disease="NHL", relation="same", start=80),
               fig("news.html", "CR", 0.21, disease="CLL", relation="same", start=90)] + h_figures
    return documents, figures


@pytest.fixture
def table(tmp_path):
    """An unlinked table and its documents sidecar, as `evidence extract --no-link` writes them."""
    documents, figures = documents_and_figures()
    path = tmp_path / "evidence.csv"
    figures_to_frame(figures).to_csv(path, index=False)
    sidecar = {"documents": [d.to_json() for d in documents], "failures": [],
               "profiles": [p.to_json() for p in profile_documents(documents, figures)]}
    (tmp_path / "evidence.documents.json").write_text(json.dumps(sidecar))
    return path


def rendered(report, note="") -> str:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    render(report, console, note)
    return console.file.getvalue()


def check_golden(name: str, text: str):
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_terminal_rendering_matches_the_golden_file():
    documents, figures = documents_and_figures()
    check_golden("studies_render.txt", rendered(link_studies(figures, documents)))


def test_terminal_rendering_of_a_table_alone_matches_the_golden_file():
    _, figures = documents_and_figures()
    report = link_studies(figures, source="table")
    check_golden("studies_table_alone.txt", rendered(report, "No documents sidecar x.documents.json: linked from "
                                                             "the table alone (figures, quotes and document names)."))


def test_command_reads_the_sidecar_and_renders_the_same(table):
    result = CliRunner().invoke(main, ["studies", str(table)])
    assert result.exit_code == 0, result.output
    assert result.output == rendered(studies_for_table(table))
    assert result.output.startswith("2 studies from 4 documents; 2 conflicting figures; 6 derived rows.\n")


def test_json_is_one_object_with_the_contract_keys(table):
    result = CliRunner().invoke(main, ["studies", str(table), "--json"])
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    assert set(data) >= {"studies", "conflicts", "derived"}
    gauthier, holland_study = data["studies"]
    assert {"study", "documents", "citation", "n", "disease", "prior_target", "target", "target_relation",
            "links"} <= set(gauthier)
    assert (gauthier["study"], gauthier["documents"], gauthier["n"]) == (
        "Gauthier 2021", ["ash.txt", "pubmed.xml", "news.html"], 44)
    assert {"document", "reasons", "confidence"} <= set(gauthier["links"][0])
    assert holland_study["study"] == "Holland 2023"
    whole = next(c for c in data["conflicts"] if c["disease"] == "mixed")
    assert whole["preferred"]["document"] == "pubmed.xml"
    assert "is a peer-reviewed article, preferred over the conference abstract ash.txt" in whole["preferred"]["why"]
    assert [(d["target_relation"], d["events"], d["total"]) for d in data["derived"] if d["document"] == "holland.txt"] \
        == [("same", 5, 13), ("different", 35, 48)]
    assert all(d["derived"] is True for d in data["derived"])


def test_map_file_fixes_links(table, tmp_path):
    """Documents mapped to different labels are never one study; unmapped ones still link as usual."""
    fixes = tmp_path / "fixes.csv"
    fixes.write_text("document,study\nnews.html,News only\npubmed.xml,Gauthier (Blood)\n")
    result = CliRunner().invoke(main, ["studies", str(table), "--json", "--map", str(fixes)])
    assert result.exit_code == 0, result.output
    studies = {s["study"]: s["documents"] for s in json.loads(result.stdout)["studies"]}
    assert studies["News only"] == ["news.html"]
    assert studies["Gauthier (Blood)"] == ["ash.txt", "pubmed.xml"]


def test_json_map_file(table, tmp_path):
    fixes = tmp_path / "fixes.json"
    fixes.write_text(json.dumps({"holland.txt": "Holland (map)"}))
    result = CliRunner().invoke(main, ["studies", str(table), "--json", "--map", str(fixes)])
    assert [s["study"] for s in json.loads(result.stdout)["studies"]] == ["Gauthier 2021", "Holland (map)"]


BAD_MAPS = [
    ("no-header", "fixes.csv", "news.html,News\n",
     "Error: fixes.csv: the first row must name the columns document and study; write one document,study pair a "
     "line under a header 'document,study', or a JSON object {document: study}\n"),
    ("unknown-document", "fixes.csv", "document,study\nmissing.txt,X\n",
     "Error: fixes.csv: document 'missing.txt' is not in the table; the table's documents are ash.txt, holland.txt, "
     "news.html, pubmed.xml\n"),
    ("two-labels", "fixes.json", '[{"document": "ash.txt", "study": "A"}, {"document": "ash.txt", "study": "B"}]',
     "Error: fixes.json: document 'ash.txt' is mapped to both 'A' and 'B'\n"),
    ("bad-json", "fixes.json", "{oops", "Error: fixes.json: not valid JSON (Expecting property name enclosed in double "
     "quotes at line 1); write one document,study pair a line under a header 'document,study', or a JSON object "
     "{document: study}\n"),
]


@pytest.mark.parametrize("name,content,error", [c[1:] for c in BAD_MAPS], ids=[c[0] for c in BAD_MAPS])
def test_bad_map_files_are_errors_a_person_can_act_on(table, tmp_path, name, content, error):
    path = tmp_path / name
    path.write_text(content)
    result = CliRunner().invoke(main, ["studies", str(table), "--map", str(path)])
    assert (result.exit_code, result.output) == (1, error)


def test_without_the_sidecar_it_links_from_the_table_and_says_so(table):
    table.with_name("evidence.documents.json").unlink()
    result = CliRunner().invoke(main, ["studies", str(table), "--json"])
    assert result.exit_code == 0
    assert result.stderr == ("No documents sidecar evidence.documents.json: linked from the table alone "
                             "(figures, quotes and document names).\n")
    assert json.loads(result.stdout)["linked_from"] == "table alone"
    human = CliRunner().invoke(main, ["studies", str(table)])
    assert human.output.startswith("No documents sidecar evidence.documents.json: linked from the table alone")


def test_not_an_evidence_table(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("study,events,total\nA,1,2\n")
    result = CliRunner().invoke(main, ["studies", str(path)])
    assert (result.exit_code, result.output) == (
        1, f"Error: {path}: not an evidence table (missing document, outcome, measure, value); give a table "
           "written by evidence extract\n")


def test_a_linked_table_links_the_same_again(table, tmp_path):
    """Linking reads what an earlier linking wrote (study, conflict flags, derived rows) and gives it back."""
    first = studies_for_table(table)
    linked = tmp_path / "linked.csv"
    first.to_frame().to_csv(linked, index=False)
    (tmp_path / "linked.documents.json").write_text(table.with_name("evidence.documents.json").read_text())
    second = studies_for_table(linked)
    assert second.to_json() == first.to_json()


ARTICLE = ("Second CAR T-cell infusions\n\nSource: Smith J, Jones K, Brown L. Second infusions. Blood 2021;137(3):323. "
           "doi:10.1182/blood.2020006770\n\nForty-four patients received a second infusion. Complete response was "
           "achieved in 8 of 44 patients (18%).\n")
NEWS_STORY = ("HEALTH NEWS\n\nA report in Blood (doi:10.1182/blood.2020006770) looked at 44 patients given a second "
              "infusion. Complete response was achieved in 8 of 44 patients (18%).\n")


@pytest.mark.parametrize("flag,linked", [(None, True), ("--link", True), ("--no-link", False)])
def test_extract_links_by_default(tmp_path, flag, linked):
    from evidence.tableio import read_table

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "article.txt").write_text(ARTICLE)
    (folder / "news.txt").write_text(NEWS_STORY)
    out = tmp_path / "evidence.csv"
    args = ["extract", str(folder), "-o", str(out), "-q", "--no-cache", "-j", "1"] + ([flag] if flag else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    frame = read_table(out)
    assert len(frame) >= 2
    studies = {"" if value != value else value for value in frame["study"]}  # an empty column reads as NaN
    assert studies == ({"Smith 2021"} if linked else {""})
    sidecar = json.loads(out.with_name("evidence.documents.json").read_text())
    assert [p["document"] for p in sidecar["profiles"]] == ["article.txt", "news.txt"]


def test_each_link_is_printed_once(table):
    result = CliRunner().invoke(main, ["studies", str(table)])
    links = result.output[result.output.index("Links"):result.output.index("Conflicts")]
    pairs = re.findall(r"│ (\S+)\s+│ (\S+)\s+│ \d\.\d\d", links)
    assert pairs and len({frozenset(p) for p in pairs}) == len(pairs)


def test_short_form_is_one_whole_line_per_study(table):
    result = CliRunner().invoke(main, ["studies", str(table), "--short"], env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Gauthier 2021: 3 reports, same, 44 patients retreated after failure",
        "Holland 2023: 1 report, mixed, 61 patients retreated after failure",
    ]


def test_a_narrow_terminal_gets_blocks_not_cut_columns(table):
    """Where the tables would not fit, each row is a block of 'column: value' lines: no word cut."""
    result = CliRunner().invoke(main, ["studies", str(table)], env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.output
    assert "Study: Gauthier 2021" in result.output
    assert "  Documents: ash.txt (conference) pubmed.xml (journal) news.html (news)" in result.output
    assert "┃" not in result.output and "…" not in result.output
