"""Powiązane wiadomości: news aggregation and publishing for Wrocław's Intercultural Dialogue team.

The public API is what ``__all__`` names: load a configuration, run cycles, read the records and
catch the errors. Everything else is internal and may change (bench/ and the tests reach in on
purpose). Names are imported on first use (PEP 562), so ``import pipeline`` stays cheap and the
command line does not load the whole package to print its help.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
PRODUCT = "PowiazaneWiadomosci"

_PUBLIC = {
    "load_config": "config",
    "parse_config": "config",
    "load_editorial": "editorial",
    "Runner": "runner",
    "CycleReport": "records",
    "SourceReport": "records",
    "Config": "records",
    "Source": "records",
    "Selectors": "records",
    "AreaDef": "records",
    "Site": "records",
    "PublishSettings": "records",
    "SourceState": "records",
    "RawItem": "records",
    "Item": "records",
    "AreaMatch": "records",
    "Story": "records",
    "PipelineError": "errors",
    "ConfigError": "errors",
    "ConfigProblem": "errors",
    "SourceError": "errors",
    "FetchError": "errors",
    "ParseError": "errors",
    "StoreError": "errors",
    "LockError": "errors",
    "PublishError": "errors",
}
__all__ = ["PRODUCT", "__version__", *sorted(_PUBLIC)]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
