"""`evidence pool` on a linked evidence table pools what linking chose (seeds: metafor's seeds_cr)."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence.cli import main

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = Path(__file__).parent / "reference" / "metafor" / "seeds_cr.json"

needs_seeds = pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="needs ../shared/seeds (not in the repo)")


@needs_seeds
@pytest.mark.seeds
def test_linked_seeds_pool_as_metafor_seeds_cr(tmp_path):
    runner = CliRunner()
    table = tmp_path / "seeds.csv"
    extracted = runner.invoke(main, ["extract", str(SHARED / "seeds"), "-o", str(table), "-q", "-j", "1", "--no-cache"])
    assert extracted.exit_code == 0, extracted.output
    pooled = runner.invoke(main, ["pool", str(table), "--outcome", "CR", "--by", "target_relation", "--json", "--no-plot"])
    assert pooled.exit_code == 0, pooled.output
    result = json.loads(pooled.output)
    reference = json.loads(REFERENCE.read_text())
    assert sorted((s["events"], s["total"], s["group"]) for s in result["studies"]) == sorted(
        (d["xi"], d["ni"], d["group"]) for d in reference["data"])
    expected = reference["fits"]["PLO"]["REML"]["z"]
    assert result["overall"]["estimate"] == pytest.approx(expected["estimate"], rel=1e-6)
    assert result["overall"]["tau2"] == pytest.approx(expected["tau2"], rel=1e-6)
