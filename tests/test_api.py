"""The package's public API (issue 17): what ``pipeline.__all__`` names is there, typed as said,
and importing the package loads none of the machinery."""

from __future__ import annotations

import subprocess
import sys

import pipeline

PUBLIC = {
    "PRODUCT", "__version__", "load_config", "parse_config", "load_editorial", "Runner", "CycleReport",
    "SourceReport", "Config", "Source", "Selectors", "AreaDef", "Site", "PublishSettings", "SourceState",
    "RawItem", "Item", "AreaMatch", "Story", "PipelineError", "ConfigError", "ConfigProblem",
    "SourceError", "FetchError", "ParseError", "StoreError", "LockError", "PublishError",
}  # fmt: skip


def test_the_public_api_is_what_all_names() -> None:
    assert set(pipeline.__all__) == PUBLIC
    for name in pipeline.__all__:
        assert getattr(pipeline, name) is not None, name
    assert issubclass(pipeline.FetchError, pipeline.SourceError)
    assert issubclass(pipeline.ConfigError, pipeline.PipelineError)
    assert callable(pipeline.load_config) and isinstance(pipeline.Runner, type)


def test_importing_the_package_loads_no_machinery() -> None:
    code = (
        "import sys, pipeline; print(sorted(m for m in sys.modules if m.startswith(('pipeline.', 'httpx'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
