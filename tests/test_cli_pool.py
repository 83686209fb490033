"""`evidence pool`: the JSON against metafor, the human output, errors and exit codes, start-up."""
from __future__ import annotations

import io
import json
import math
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence.cli import main

REFERENCE = json.loads((Path(__file__).parent / "reference" / "metafor" / "seeds_cr.json").read_text())
REL, FLOOR = 1e-6, 1e-9  # as for the inverse-variance fits in test_meta_metafor.py

CONTRACT_TOP = {"outcome", "transform", "method", "ci", "overall", "subgroups", "between", "moderator", "studies"}
CONTRACT_ESTIMATE = {"k", "events", "total", "estimate", "se", "proportion", "ci_low", "ci_high",
                     "pi_low", "pi_high", "tau2", "I2", "H2", "Q", "Q_df", "Q_p"}
CONTRACT_STUDY = {"study", "group", "events", "total", "proportion", "ci_low", "ci_high", "weight"}


def close(got, want):
    return math.isclose(got, want, rel_tol=REL, abs_tol=FLOOR)


@pytest.fixture
def plain_csv(tmp_path):
    path = tmp_path / "plain.csv"
    lines = ["study,events,total,group"] + [f"{r['study']},{r['xi']},{r['ni']},{r['group']}" for r in REFERENCE["data"]]
    path.write_text("\n".join(lines) + "\n")
    return path


def invoke(*args):
    return CliRunner().invoke(main, ["pool", *map(str, args)])


def test_json_matches_metafor_for_the_seeds(plain_csv):
    result = invoke(plain_csv, "--outcome", "CR", "--by", "group", "--json", "--no-plot")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = json.loads(result.stdout)
    assert CONTRACT_TOP <= set(out)
    assert (out["outcome"], out["transform"], out["method"], out["ci"]) == ("CR", "logit", "REML", "z")

    fit = REFERENCE["fits"]["PLO"]["REML"]["z"]
    overall = out["overall"]
    assert CONTRACT_ESTIMATE <= set(overall)
    assert (overall["k"], overall["events"], overall["total"], overall["Q_df"]) == (3, 49, 105, 2)
    for key in ("estimate", "se", "proportion", "tau2", "I2", "H2", "Q", "Q_p"):
        assert close(overall[key], fit[key]), key
    for ours, theirs in (("ci_low", 0), ("ci_high", 1)):
        assert close(overall[ours], fit["proportion_ci"][theirs])
    for ours, theirs in (("pi_low", 0), ("pi_high", 1)):
        assert close(overall[ours], fit["proportion_pi"][theirs])

    separate = REFERENCE["subgroup"]["REML"]["separate_tau2"]
    assert list(out["subgroups"]) == ["same", "different"]
    for group, ref in separate["groups"].items():
        ours = out["subgroups"][group]
        assert CONTRACT_ESTIMATE <= set(ours)
        assert ours["k"] == ref["k"]
        for key in ("estimate", "se", "proportion"):
            assert close(ours[key], ref[key]), (group, key)
        assert close(ours["ci_low"], ref["proportion_ci"][0]) and close(ours["ci_high"], ref["proportion_ci"][1])
    assert close(out["subgroups"]["same"]["tau2"], separate["groups"]["same"]["tau2"])
    single = out["subgroups"]["different"]
    assert [single[k] for k in ("tau2", "I2", "H2", "Q", "Q_df", "Q_p")] == [None] * 6
    assert close(out["between"]["Q"], separate["Q_between"]) and close(out["between"]["p"], separate["Q_between_p"])
    assert out["between"]["df"] == 1
    common = REFERENCE["subgroup"]["REML"]["common_tau2"]
    for key in ("QM", "QM_p", "tau2"):
        assert close(out["moderator"][key], common[key]), key

    assert [s["study"] for s in out["studies"]] == [r["study"] for r in REFERENCE["data"]]
    for study, (low, high), row in zip(out["studies"], REFERENCE["study_clopper_pearson"], REFERENCE["data"]):
        assert CONTRACT_STUDY <= set(study)
        assert (study["events"], study["total"], study["group"]) == (row["xi"], row["ni"], row["group"])
        assert close(study["ci_low"], low) and close(study["ci_high"], high)
        assert study["proportion"] == row["xi"] / row["ni"]
    assert math.isclose(sum(s["weight"] for s in out["studies"]), 100.0)
    assert any("one study" in note for note in out["notes"])


@pytest.mark.parametrize("method, ci, measure, test", [
    pytest.param("DL", "hksj", "PLO", "knha", id="DL-hksj"),
    pytest.param("PM", "z", "PAS", "z", id="PM-arcsine"),
    pytest.param("SJ", "hksj", "PFT", "knha", id="SJ-freeman-tukey-hksj"),
    pytest.param("EB", "z", "PR", "z", id="EB-raw"),
])
def test_json_options_reach_the_model(plain_csv, method, ci, measure, test):
    transform = {"PLO": "logit", "PAS": "arcsine", "PFT": "freeman-tukey", "PR": "raw"}[measure]
    result = invoke(plain_csv, "--outcome", "CR", "--json", "--no-plot", "--method", method, "--ci", ci,
                    "--transform", transform)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["method"], out["ci"], out["transform"]) == (method, ci, transform)
    fit = REFERENCE["fits"][measure][method][test]
    for key in ("estimate", "se", "tau2", "proportion"):
        assert close(out["overall"][key], fit[key]), key
    assert close(out["overall"]["pi_high"], fit["proportion_pi"][1])
    assert out["subgroups"] == {} and out["between"] is None and out["moderator"] is None


def test_json_glmm(plain_csv):
    result = invoke(plain_csv, "--outcome", "CR", "--json", "--no-plot", "--method", "GLMM")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)["overall"]
    for key in ("estimate", "se", "tau2", "proportion"):
        assert math.isclose(out[key], REFERENCE["glmm"][key], rel_tol=1e-4), key
    assert all(s["weight"] is None for s in json.loads(result.stdout)["studies"])


def test_json_stdout_is_one_object_even_when_plotting(plain_csv, tmp_path):
    stem = tmp_path / "plots" / "forest"
    result = invoke(plain_csv, "--outcome", "CR", "--by", "group", "--json", "--plot", stem)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["plots"] == [str(stem) + ".png", str(stem) + ".svg"]
    assert Path(out["plots"][0]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in Path(out["plots"][1]).read_text()


def test_default_plot_goes_beside_the_table_not_into_the_working_directory(plain_csv, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke(plain_csv, "--outcome", "CR", "--by", "group")
    assert result.exit_code == 0, result.output
    assert (plain_csv.parent / "forest_CR_by_group.png").exists()
    assert (plain_csv.parent / "forest_CR_by_group.svg").exists()
    assert (plain_csv.parent / "pooled_CR_by_group.R").exists()  # the metafor script beside the plot
    assert list(elsewhere.iterdir()) == []
    assert result.stdout.endswith(f"Forest plot: {plain_csv.parent / 'forest_CR_by_group.png'}\n"
                                  f"Forest plot: {plain_csv.parent / 'forest_CR_by_group.svg'}\n")


def test_plot_as_one_pdf_when_asked(plain_csv, tmp_path):
    target = tmp_path / "figures" / "cr.pdf"
    result = invoke(plain_csv, "--outcome", "CR", "--by", "group", "--plot", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in target.parent.iterdir()) == ["cr.pdf", "pooled_CR_by_group.R"]


@pytest.mark.parametrize("spelled", ["cr", "Cr", " CR "])
def test_outcome_in_any_case(plain_csv, spelled):
    result = invoke(plain_csv, "--outcome", spelled, "--no-plot", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outcome"] == "CR"


def test_rows_are_grouped_by_subgroup(tmp_path):
    """Studies of one subgroup together, in the order of the pooled subgroups, a rule between groups."""
    path = tmp_path / "mixed.csv"
    path.write_text("study,events,total,group\nA,3,10,same\nB,5,10,different\nC,4,10,same\nD,6,10,different\n")
    result = invoke(path, "--outcome", "CR", "--by", "group", "--no-plot")
    assert result.exit_code == 0, result.output
    lines = [line.split()[0] for line in result.stdout.splitlines() if line.strip()[:2] in ("A ", "B ", "C ", "D ")]
    assert lines == ["A", "C", "B", "D"]
    between = result.stdout[result.stdout.index(" C "):result.stdout.index(" B ")].splitlines()
    assert len(between) == 2 and between[1].strip() == ""  # a blank line ends each group


GOLDEN = """\
CR: random-effects meta-analysis (REML, logit, z 95% CI)                        
 study                       group       events/n     % [95% exact CI]   weight 
────────────────────────────────────────────────────────────────────────────────
 Gauthier 2021 (CD19 after   same            9/44    20.5% [9.8, 35.3]    34.3% 
 CD19)                                                                          
 Holland 2023 same-target    same            5/13   38.5% [13.9, 68.4]    30.5% 
                                                                                
 Holland 2023                different      35/48   72.9% [58.2, 84.7]    35.1% 
 different-target                                                               
Pooled                                                                          
             k           % [95% CI]     prediction      τ²    I²           Q (p)
────────────────────────────────────────────────────────────────────────────────
 overall     3   43.5% [16.0, 75.7]    [5.1, 91.7]    1.35   89%   23.0 (<0.001)
 same        2   26.5% [13.4, 45.7]   [10.2, 53.5]   0.162   41%     1.7 (0.193)
 different   1   72.9% [58.8, 83.6]              –       –     –               –
Subgroup differences, τ² within groups: Q = 13.83, df = 1, p < 0.001
Subgroup differences, one shared τ² (0.162): QM = 8.89, df = 1, p = 0.003
Note: The group 'different' has one study: its estimate is that study's own (a 
fixed-effect fit), and heterogeneity (tau², I², H², Q) cannot be estimated from 
a single study, so none is reported.
"""


def test_human_output_is_the_golden_table(plain_csv):
    from rich.console import Console

    from evidence.cli.pool import render
    from evidence.meta import pool, read_pool_table

    console = Console(file=io.StringIO(), width=80, color_system=None)
    render(pool(read_pool_table(plain_csv, "CR", "group"), outcome="CR", by="group"), console)
    assert console.file.getvalue() == GOLDEN


BAD_TABLES = [
    pytest.param("study,events,total\nA,3,10\nB,4,20\nSmith 2020,12,10\n",
                 "table.csv row 3 (Smith 2020): events 12 > total 10", id="events-over-total"),
    pytest.param("study,events,total\nSmith 2020,-1,10\n",
                 "table.csv row 1 (Smith 2020): events -1 is negative", id="negative-events"),
    pytest.param("study,events,total\nA,3,10\nSmith 2020,2.5,10\n",
                 "table.csv row 2 (Smith 2020): events 2.5 is not a whole number", id="fractional-events"),
    pytest.param("study,events,total\nSmith 2020,3,10.5\n",
                 "table.csv row 1 (Smith 2020): total 10.5 is not a whole number", id="fractional-total"),
    pytest.param("study,events,total\nSmith 2020,three,10\n",
                 "table.csv row 1 (Smith 2020): events 'three' is not a number", id="text-count"),
    pytest.param("study,events,total\nSmith 2020,,10\n",
                 "table.csv: no studies to pool (every row lacks a count: events missing (row 1))", id="empty-count"),
    pytest.param("study,events,total\nSmith 2020,0,0\n",
                 "table.csv row 1 (Smith 2020): total is 0; a study needs at least one patient", id="zero-total"),
    pytest.param("study,events\nSmith 2020,3\n",
                 "table.csv: missing column total; give a plain table with columns study,events,total[,group] "
                 "or an evidence table (columns outcome, measure, events, total, study or document)",
                 id="missing-column"),
    pytest.param("study,events,total\n", "table.csv: no studies to pool (the table has no rows)", id="no-studies"),
    pytest.param("study,events,total\nA,3,10\nA,4,12\n",
                 "table.csv row 2 (A): study 'A' already appears in row 1; give each study or subgroup "
                 "its own label so none is counted twice", id="duplicate-study"),
    pytest.param("document,outcome,measure,events,total,infusion\na.txt,ORR,proportion,3,10,2\n",
                 "table.csv: no studies to pool for outcome CR: no row has measure proportion, events and "
                 "total, infusion 2 and no subgroup; outcomes with poolable rows: ORR",
                 id="evidence-table-without-the-outcome"),
    pytest.param("document,study,outcome,measure,events,total\na.txt,Holland 2023,CR,proportion,41,40\n",
                 "table.csv row 1 (Holland 2023): events 41 > total 40", id="evidence-table-bad-row"),
]


@pytest.mark.parametrize("content, message", BAD_TABLES)
def test_bad_tables_give_one_error_line_and_exit_1(tmp_path, monkeypatch, content, message):
    monkeypatch.chdir(tmp_path)
    Path("table.csv").write_text(content)
    result = invoke("table.csv", "--outcome", "CR", "--no-plot")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"


@pytest.mark.parametrize("args, fragment", [
    pytest.param(["--method", "XX"], "Invalid value for '--method'", id="unknown-method"),
    pytest.param(["--transform", "probit"], "Invalid value for '--transform'", id="unknown-transform"),
    pytest.param(["--ci", "t"], "Invalid value for '--ci'", id="unknown-ci"),
    pytest.param(["--level", "1.5"], "Invalid value for '--level'", id="level-out-of-range"),
], )
def test_usage_errors_exit_2(plain_csv, args, fragment):
    result = invoke(plain_csv, "--outcome", "CR", "--no-plot", *args)
    assert result.exit_code == 2
    assert fragment in result.stderr


def test_missing_outcome_and_missing_file_are_usage_errors(plain_csv, tmp_path):
    assert invoke(plain_csv).exit_code == 2
    result = invoke(tmp_path / "nope.csv", "--outcome", "CR")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_incompatible_options_are_library_errors(plain_csv):
    result = invoke(plain_csv, "--outcome", "CR", "--no-plot", "--method", "GLMM", "--ci", "hksj")
    assert result.exit_code == 1
    assert result.stderr == ("Error: Hartung-Knapp intervals apply to inverse-variance models; "
                             "with --method GLMM use --ci z\n")


def test_unknown_by_column(plain_csv):
    result = invoke(plain_csv, "--outcome", "CR", "--no-plot", "--by", "target_relation")
    assert result.exit_code == 1
    assert result.stderr == ("Error: plain.csv: no column 'target_relation' to group by; "
                             "the columns are study, events, total, group\n")


def test_leave_one_out_in_json(plain_csv):
    result = invoke(plain_csv, "--outcome", "CR", "--json", "--no-plot", "--leave-one-out")
    out = json.loads(result.stdout)
    assert [item["omitted"] for item in out["leave_one_out"]] == [r["study"] for r in REFERENCE["data"]]
    assert all(item["k"] == 2 for item in out["leave_one_out"])


def test_pool_starts_without_the_nlp_and_pdf_stack(plain_csv):
    script = textwrap.dedent(f"""
        import json, sys
        import evidence.cli
        from click.testing import CliRunner
        result = CliRunner().invoke(evidence.cli.main, ["pool", {str(plain_csv)!r}, "--outcome", "CR", "--no-plot"])
        assert result.exit_code == 0, result.output
        heavy = sorted(m for m in sys.modules
                       if m.split(".")[0] in ("spacy", "pdfplumber", "matplotlib") or m.startswith("evidence.readers"))
        print(json.dumps(heavy))
    """)
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == []


def test_meta_package_imports_nothing_heavy():
    script = ("import sys, evidence.meta, evidence.cli.pool; "
              "print(sorted(m for m in ('numpy', 'scipy', 'pandas', 'matplotlib', 'spacy') if m in sys.modules))")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"


@pytest.mark.parametrize("content", [
    "study,events,total,group\nA 2020,9,44,same\nB 2021,35,48,different\nC 2022,5,13,same\n",
    "study,events,total\nA 2020,9,44\nB 2021,35,48\nC 2022,5,13\n",
    "study,events,total,outcome\nA 2020,9,44,CR\nB 2021,35,48,CR\nC 2022,5,13,ORR\nD,4,9,CR\n",
], ids=["grouped", "plain", "with-outcome"])
def test_a_small_plain_csv_pools_alike_without_pandas(tmp_path, monkeypatch, content):
    """The csv-module path for small plain tables gives exactly the rows pandas' path gives."""
    import evidence.pool_input as pool_input
    from evidence.meta.data import read_pool_table

    path = tmp_path / "studies.csv"
    path.write_text(content)
    by = "group" if "group" in content else None
    fast = pool_input.rows_to_pool(path, "CR", by)
    assert fast == read_pool_table(path, "CR", by)
    script = ("import sys; from evidence.pool_input import rows_to_pool; "
              f"rows_to_pool({str(path)!r}, 'CR'); print('pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


@pytest.mark.parametrize("content", [
    "study,events,total\n007,9,44\n",           # pandas reads the label as the number 7
    "study,events,total\nA, 9,44\n",            # a space
    "study,events,total\nA,9.0,44\n",           # not a plain count
    "study,events,total\n\"A, B\",9,44\n",      # quoted
    "study,events,total\nA,9,44\n\nB,3,10\n",   # a blank line
    "study,events,total,group\nA,9,44,\n",      # an empty cell
    "study,events,total\nTrue,9,44\n",          # a boolean
], ids=["numeric-label", "space", "decimal", "quoted", "blank-line", "empty-cell", "boolean"])
def test_tables_the_csv_path_could_misread_are_left_to_pandas(tmp_path, content):
    from evidence.pool_input import _simple_plain_csv

    path = tmp_path / "studies.csv"
    path.write_text(content)
    assert _simple_plain_csv(path) is None
# -- exclusions, diagnostics and the metafor script ----------------------------------------------

@pytest.mark.parametrize("cell", ["", "NA", "N/A"])
def test_a_row_without_a_count_is_left_out_with_a_reason(tmp_path, cell):
    path = tmp_path / "t.csv"
    path.write_text(f"study,events,total\nA,9,44\nB,{cell},13\nC,35,48\n")
    out = json.loads(invoke(path, "--outcome", "CR", "--json", "--no-plot").stdout)
    assert out["overall"]["k"] == 2
    assert out["excluded"] == [{"study": "B", "row": 2, "reason": "events missing (row 2)"}]
    assert any("B (events missing (row 2))" in note for note in out["notes"])
    human = invoke(path, "--outcome", "CR", "--no-plot")
    assert "Left out: B: events missing (row 2)" in human.stdout


def test_the_library_still_refuses_a_missing_count_when_no_one_collects_exclusions(tmp_path):
    from evidence.errors import TableError
    from evidence.meta import read_pool_table

    path = tmp_path / "t.csv"
    path.write_text("study,events,total\nA,9,44\nB,NA,13\n")
    with pytest.raises(TableError, match="row 2 \\(B\\): events is empty"):
        read_pool_table(path, "CR")


def test_diagnostics_reach_the_json_and_the_plots(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("study,events,total,group,year\nA,9,44,x,2019\nB,5,13,x,2021\nC,35,48,y,2020\n"
                    "D,12,40,y,2018\nE,20,31,y,2022\n")
    stem = tmp_path / "plots" / "forest"
    result = invoke(path, "--outcome", "CR", "--by", "group", "--json", "--plot", stem, "--leave-one-out",
                    "--influence", "--small-study", "--cumulative", "--pi", "hts")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["pi"] == "hts" and out["overall"]["pi"] == "hts"
    assert [out["overall"]["pi_low"], out["overall"]["pi_high"]] == out["overall"]["pi_hts"]
    assert set(out["overall"]["heterogeneity_ci"]) == {"tau2", "I2", "H2"}
    assert out["common"]["Q"] == pytest.approx(out["overall"]["Q"])
    assert set(out["leave_one_out_groups"]) == {"x", "y"} and len(out["leave_one_out_groups"]["y"]["estimate"]) == 3
    assert len(out["influence"]["rstudent"]) == 5 and isinstance(out["influence"]["flagged"], list)
    assert "caution" in out["regtest"]  # five studies
    assert out["cumulative"]["study"] == ["D", "A", "C", "B", "E"]
    names = {Path(p).name for p in out["plots"]}
    assert {"forest_baujat.svg", "forest_funnel.svg", "forest_leave_one_out.svg"} <= names
    assert Path(out["r_script"]).name == "pooled_CR_by_group.R" and Path(out["r_script"]).exists()


SCRIPT_SETTINGS = {  # settings -> relative tolerance of the comparison
    ("--method", "REML", "--ci", "z"): REL,
    ("--method", "PM", "--ci", "hksj", "--transform", "freeman-tukey"): REL,
    ("--method", "GLMM"): 1e-4,
}


def script_numbers(stdout: str) -> dict:
    """{"overall": {...}, "subgroups/x": {...}, "moderator": {...}} from the script's `#> ` lines."""
    out = {}
    for line in stdout.splitlines():
        if line.startswith("#> "):
            part, *pairs = line[3:].split()
            out[part] = {key: float(value) for key, value in (pair.split("=", 1) for pair in pairs)}
    return out


@pytest.mark.parametrize("settings", list(SCRIPT_SETTINGS), ids=lambda s: "-".join(s[1::2]))
def test_the_metafor_script_reproduces_the_json(tmp_path, settings):
    """The written pooled_*.R, run by R's metafor, gives every number it reports (overall, each
    group, the moderator test) as `--json` does; skipped, saying why, where R or metafor is missing."""
    import shutil

    data = json.loads((Path(__file__).parent / "reference" / "metafor" / "extended" / "random9.json").read_text())["data"]
    table = tmp_path / "nine.csv"
    table.write_text("study,events,total,group\n" + "".join(f"{r['study']},{r['xi']},{r['ni']},{r['group']}\n" for r in data))
    script = tmp_path / "pooled.R"
    out = json.loads(invoke(table, "--outcome", "CR", "--by", "group", *settings, "--json", "--no-plot",
                            "--r-script", script).stdout)
    text = script.read_text()
    assert "rma.glmm(" in text if "GLMM" in settings else f'method = "{settings[1]}"' in text
    if shutil.which("Rscript") is None:
        pytest.skip("Rscript not found: the script was written but not run")
    probe = subprocess.run(["Rscript", "-e", "library(metafor)"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("R's metafor is not installed: the script was written but not run")
    run = subprocess.run(["Rscript", str(script)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    numbers = script_numbers(run.stdout)
    assert set(numbers) == {"overall", "subgroups/x", "subgroups/y", "moderator"}
    compared = 0
    for part, values in numbers.items():
        ours = out["moderator"] if part == "moderator" else out["overall"] if part == "overall" else out["subgroups"][part.split("/", 1)[1]]
        for key, want in values.items():
            assert ours[key] is not None, (part, key)
            assert math.isclose(ours[key], want, rel_tol=SCRIPT_SETTINGS[settings], abs_tol=1e-8), (part, key, ours[key], want)
            compared += 1
    assert compared >= 27


def test_pooling_never_imports_scipy_stats(plain_csv):
    """Issue 15: the engine's tails and quantiles come from scipy.special (scipy.stats costs seconds)."""
    code = textwrap.dedent(f"""
        import sys
        from evidence.meta import pool, read_pool_table
        rows = read_pool_table({str(plain_csv)!r}, "CR", "group")
        for method in ("REML", "PM", "GLMM"):
            pool(rows, method=method, ci="z").to_json()
        pool(rows, ci="hksj", pi="hts").to_json()
        print(sorted(m for m in sys.modules if m.startswith(("scipy.stats", "statsmodels"))))
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def json_keys(value, prefix="") -> set:
    """Every key of a JSON value, nested keys too (group names and list items' keys included)."""
    keys = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            keys.add(key)
            keys |= json_keys(inner)
    elif isinstance(value, list):
        for inner in value:
            keys |= json_keys(inner)
    return keys


def test_the_readme_lists_every_json_key(tmp_path):
    """README's pool section names every key `evidence pool --json` can print (issue 14)."""
    table = tmp_path / "t.csv"
    table.write_text("study,events,total,group,year\nA,10,40,g1,2001\nB,15,50,g1,2003\nC,30,60,g2,2002\n"
                     "D,12,45,g2,2005\nE,20,41,g2,2004\nF,NA,30,g2,2006\n")
    keys = set()
    for method in ("REML", "GLMM"):
        result = invoke(table, "--outcome", "CR", "--by", "group", "--method", method, "--json", "--no-plot",
                        "--leave-one-out", "--influence", "--small-study", "--cumulative")
        assert result.exit_code == 0, result.output
        keys |= json_keys(json.loads(result.stdout))
    keys -= {"g1", "g2"}  # group names
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    section = readme[readme.index("## Meta-analysis (`evidence pool`)"):readme.index("## The evidence table")]
    listed = {word for span in re.findall(r"`([^`]*)`", section) for word in re.findall(r"[A-Za-z_][\w.]*", span)}
    assert keys >= {"baujat", "x", "excluded", "converged", "heterogeneity_ci"}
    assert not keys - listed, f"README's pool section does not list {sorted(keys - listed)}"
