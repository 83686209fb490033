"""scipy.special's compiled distribution functions, without scipy.special's start-up.

    from evidence.meta.special import betaincinv, ndtri   # as `from scipy.special import ...`
    ndtri(0.975)

`import scipy.special` runs the package's `__init__`, which since scipy 1.15 builds array-API
wrappers for every function: it clones numpy's whole namespace (importing numpy.f2py,
numpy.testing, numpy.ma, ...) and parses 90 docstrings, about a third of a second of CPU, more
than numpy itself and the whole fit. The functions the engine uses (`ndtri`, `stdtrit`, `chdtrc`,
`betaincinv`, `expit`, ...) are the compiled ufuncs of `scipy.special._ufuncs`; with
`SCIPY_ARRAY_API` unset (the default) the names of `scipy.special` are those very objects, so the
numbers are the same to the last bit (`tests/test_meta_special.py` checks both).

`ufuncs()` imports that extension alone: the package module is created from its spec but not
executed, stays in `sys.modules` only while the extension loads, and is removed afterwards, so a
later `import scipy.special` (or one made before) runs as usual and finds the same extension.
Should scipy's layout ever change, it falls back to `scipy.special` itself.
"""
from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
from types import ModuleType

PACKAGE = "scipy.special"
EXTENSION = "scipy.special._ufuncs"


def __getattr__(name: str):
    """`from evidence.meta.special import ndtri` is scipy.special's `ndtri` (PEP 562)."""
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(ufuncs(), name)


@functools.cache
def ufuncs() -> ModuleType:
    """The module whose attributes are scipy.special's ufuncs (`ndtri`, `chdtrc`, `betaincinv`, ...)."""
    if PACKAGE in sys.modules or EXTENSION in sys.modules:
        return importlib.import_module(EXTENSION)
    try:
        return _extension_alone()
    except (ImportError, AttributeError):
        return importlib.import_module(PACKAGE)


def _extension_alone() -> ModuleType:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None:
        raise ImportError(f"{PACKAGE} not found")
    package = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = package
    loaded = set(sys.modules)
    try:
        return importlib.import_module(EXTENSION)
    except BaseException:
        for name in set(sys.modules) - loaded:  # a half-loaded extension is not left behind
            if name.startswith(PACKAGE + "."):
                del sys.modules[name]
        raise
    finally:
        if sys.modules.get(PACKAGE) is package:
            del sys.modules[PACKAGE]
