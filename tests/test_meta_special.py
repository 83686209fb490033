"""evidence.meta.special: scipy.special's own ufuncs, loaded without scipy.special's start-up.

Each case runs in a fresh interpreter, since what is imported (and in which order) is the point.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

NAMES = ("ndtri", "ndtr", "stdtrit", "stdtr", "chdtrc", "chdtri", "chdtr", "fdtrc", "betaincinv", "expit")


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


@pytest.mark.parametrize("scipy_first", [False, True], ids=["ours first", "scipy.special first"])
def test_the_functions_are_scipy_specials_own(scipy_first):
    """The very objects `scipy.special` exports, so every number is the same to the last bit."""
    out = run(f"""
        import importlib
        if {scipy_first}:
            import scipy.special
        import evidence.meta.special as ours
        mine = {{name: getattr(ours, name) for name in {NAMES!r}}}
        import scipy.special
        print([name for name, f in mine.items() if f is not getattr(scipy.special, name)])
        print(scipy.special.ndtri(0.975) == mine["ndtri"](0.975), scipy.special.logsumexp([0.0, 0.0]) > 0)
    """)
    assert out.splitlines() == ["[]", "True True"]


def test_pooling_skips_scipy_specials_start_up(tmp_path):
    """Pooling loads the compiled ufuncs only, not scipy.special's package (its array-API layer
    imports numpy.f2py, numpy.testing, ... and costs more than the whole fit)."""
    table = tmp_path / "studies.csv"
    table.write_text("study,events,total\nA,9,44\nB,35,48\nC,5,13\nD,13,19\n")
    out = run(f"""
        import sys
        from evidence.meta import pool
        from evidence.pool_input import rows_to_pool
        pool(rows_to_pool({str(table)!r}, "CR"), ci="hksj").to_json()
        print(sorted(m for m in ("scipy.special", "scipy._lib._array_api", "numpy.f2py", "scipy.stats",
                                 "evidence.pipeline", "pandas") if m in sys.modules))
        print("scipy.special._ufuncs" in sys.modules)
    """)
    assert out.splitlines() == ["[]", "True"]


def test_an_unknown_name_is_an_attribute_error():
    import evidence.meta.special as special

    with pytest.raises(AttributeError):
        special.no_such_function  # noqa: B018
