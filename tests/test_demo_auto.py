"""Issue 16: the demo with `selectors:` removed from every HTML source publishes the same stories.

The demo's own sources.yaml is left as it is (its sample sites are the network's shapes): the test
takes the demo's configuration (``demo_config``, so it follows edits of the demo), drops the
selectors of every HTML source — as a sources.yaml without `selectors:` reads — runs a forced cycle
of each configuration on its own state, and compares what was published.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.demo import SampleSites, demo_config
from pipeline.parse.auto_cards import FALLBACK_WARNING
from pipeline.records import Config
from pipeline.runner import Runner

pytestmark = pytest.mark.slow


def _published(config: Config, work: Path) -> tuple[set[tuple[str, str]], dict[str, Any]]:
    work.mkdir()
    Runner(config, output_dir=work / "out", state_path=work / "state.sqlite3").run_cycle(force=True)
    feed = json.loads((work / "out" / "feed.json").read_text(encoding="utf-8"))
    status = json.loads((work / "out" / "status.json").read_text(encoding="utf-8"))
    return {(item["title"], item["url"]) for item in feed["items"]}, status


def test_the_demo_without_selectors_publishes_the_same_stories(tmp_path: Path) -> None:
    with SampleSites() as sites:
        config = demo_config(sites.base_url, base_dir=tmp_path)
        html = [s.id for s in config.sources if s.kind == "html"]
        assert len(html) >= 2 and all(s.selectors for s in config.sources if s.kind == "html")
        stripped = dataclasses.replace(
            config,
            sources=tuple(
                dataclasses.replace(s, selectors=None) if s.kind == "html" else s for s in config.sources
            ),
        )
        with_selectors, _ = _published(config, tmp_path / "with")
        automatic, status = _published(stripped, tmp_path / "without")
    assert len(with_selectors) >= 10
    assert automatic == with_selectors, (
        sorted(with_selectors - automatic),
        sorted(automatic - with_selectors),
    )
    for source_id, report in status["sources"].items():
        assert report["outcome"] == "ok", (source_id, report)
        assert FALLBACK_WARNING not in (report["warning"] or "")
