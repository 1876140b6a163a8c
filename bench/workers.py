"""Subprocesses of the benchmark, each printing one JSON line on stdout.

    <reader venv>/bin/python bench/workers.py reader-update --db D --feeds F [--workers 16] [--again]
    <project venv>/bin/python bench/workers.py build-state --config C --state S --count N ...
    <project venv>/bin/python bench/workers.py cycle --config C --state S --output O

Run as separate processes so that each side pays its own start-up and its peak RSS is its own
(the orchestrator reads it with ``os.wait4``). Only the standard library is imported at module
level: the reader worker runs in reader's virtual environment, which has no ``pipeline``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _emit(payload: dict[str, Any]) -> None:
    payload["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    print(json.dumps(payload), flush=True)


# --- reader ---------------------------------------------------------------------------------------


def reader_update(args: argparse.Namespace) -> None:
    """reader's cold (or, with ``--again``, repeated) update of every feed in ``--feeds``."""
    started = time.perf_counter()
    from reader import make_reader  # type: ignore[import-not-found]

    imported = time.perf_counter()
    reader = make_reader(args.db)
    urls = Path(args.feeds).read_text().split()
    for url in urls:
        reader.add_feed(url, exist_ok=True)
    ready = time.perf_counter()
    # scheduled=False: update every feed now, like our ``run --force`` (reader 3.x otherwise
    # skips feeds updated less than an update interval ago, which would make --again a no-op).
    reader.update_feeds(workers=args.workers, scheduled=False)
    done = time.perf_counter()
    broken = sum(1 for _ in reader.get_feeds(broken=True))
    counts = reader.get_entry_counts()
    reader.close()
    _emit(
        {
            "startup_s": round(ready - started, 3),
            "import_s": round(imported - started, 3),
            "update_s": round(done - ready, 3),
            "entries": counts.total,
            "feeds": len(urls),
            "broken": broken,
        }
    )


# --- ours: building a large stored state ----------------------------------------------------------


def build_state(args: argparse.Namespace) -> None:
    """Store ``--count`` synthetic older items quickly, through the real normalise / tag / key code
    but without the per-item duplicate search (the history has no duplicates by construction), in
    transactions of 5,000 items. The stored rows, story keys and representatives are what the
    ingest path writes, so the timed cycle afterwards meets a realistic database."""
    sys.path.insert(0, str(ROOT))
    import synthetic

    from pipeline.config import load_config
    from pipeline.dedupe import KEYS_VERSION, candidate_keys, feature_day, profile_of
    from pipeline.normalise import content_hash, normalise
    from pipeline.records import RawItem
    from pipeline.store import Store
    from pipeline.stories import story_guid
    from pipeline.tagging import Tagger

    started = time.perf_counter()
    config = load_config(args.config)
    now = datetime.fromisoformat(args.now)
    specs = synthetic.build_sources(args.sources, args.items, now=now, prefix=args.prefix)
    tagger = Tagger(config.areas)
    history = synthetic.history_stories(
        args.count,
        specs,
        newest=now - timedelta(days=args.gap_days),
        per_day=args.per_day,
        first_story_id=args.first_story_id,
    )
    with Store(args.state) as store:
        batch: list[tuple[Any, Any]] = []

        def flush() -> None:
            with store.transaction():
                for spec, story in batch:
                    source = config.source(spec.source_id)
                    assert source is not None
                    raw = RawItem(
                        title=story.title,
                        link=story.link,
                        guid=story.guid,
                        summary=story.summary,
                        published=story.published,
                        image_url=story.image_url,
                    )
                    item = normalise(raw, source, first_seen=story.published, language=spec.language)
                    areas = tagger.tag(
                        title=item.title, summary=item.summary, language=item.language, source_areas=()
                    )
                    item = replace(item, areas=areas)
                    story_id = store.create_story(
                        guid=story_guid(source.id, item.key),
                        created=story.published,
                        published=item.published,
                    )
                    row = store.insert_item(
                        item, story_id=story_id, first_seen=story.published, content_hash=content_hash(item)
                    )
                    profile = profile_of(item)
                    store.add_story_keys(
                        (key, story_id, item.source_id, item.published) for key in candidate_keys(profile)
                    )
                    day = feature_day(item.published)
                    store.add_feature_days({(feature, day): 1 for feature in profile.features})
                    store.set_representative(story_id, row, item.published)
            batch.clear()

        with store.transaction():
            store.set_meta("keys_version", str(KEYS_VERSION))  # filed under the current keys
        for pair in history:
            batch.append(pair)
            if len(batch) >= 5000:
                flush()
        if batch:
            flush()
        stored = store.count_items()
    _emit({"seconds": round(time.perf_counter() - started, 3), "items": stored})


# --- ours: one timed cycle ------------------------------------------------------------------------


def cycle(args: argparse.Namespace) -> None:
    """One ``run --force`` cycle in-process, timed without the interpreter's start-up, split into
    prepare (normalise + language + tag), store (dedupe + write) and publish; the rest of the
    cycle is fetching and parsing."""
    started = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    # Count the candidate stories each new item is compared with: the figure that explains the
    # store/dedupe time (the ingestor calls rank_candidates once per new item).
    import pipeline.ingest
    from pipeline.config import load_config
    from pipeline.fetch import FetchLimits
    from pipeline.runner import Runner

    lookups = {"calls": 0, "candidates": 0}
    original = pipeline.ingest.rank_candidates

    def counting(*a: Any, **kw: Any) -> list[int]:
        ids = original(*a, **kw)
        lookups["calls"] += 1
        lookups["candidates"] += len(ids)
        return ids

    pipeline.ingest.rank_candidates = counting  # type: ignore[assignment]
    limits = FetchLimits(deadline_s=args.deadline_s) if args.deadline_s else None
    runner = Runner(
        load_config(args.config), output_dir=args.output, state_path=args.state, fetch_limits=limits
    )
    ready = time.perf_counter()
    spent: dict[str, float] = {"prepare": 0.0, "store": 0.0, "publish": 0.0}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        # The wrapped calls are synchronous, so summing their wall time is exact even though the
        # cycle runs sources concurrently on one event loop.
        def wrapper(*a: Any, **kw: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return function(*a, **kw)
            finally:
                spent[name] += time.perf_counter() - t0

        return wrapper

    ingestor = runner._ingestor
    ingestor.prepare = timed("prepare", ingestor.prepare)  # type: ignore[method-assign]
    ingestor.store_items = timed("store", ingestor.store_items)  # type: ignore[method-assign]
    runner.publish = timed("publish", runner.publish)  # type: ignore[method-assign]
    t0 = time.perf_counter()
    report = runner.run_cycle(force=True)
    cycle_s = time.perf_counter() - t0
    outcomes: dict[str, int] = {}
    for r in report.sources:
        outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
    _emit(
        {
            "startup_s": round(ready - started, 3),
            "cycle_s": round(cycle_s, 3),
            **{f"{k}_s": round(v, 3) for k, v in spent.items()},
            "fetch_parse_s": round(cycle_s - sum(spent.values()), 3),
            "items_new": report.items_new,
            "items_updated": sum(r.items_updated for r in report.sources),
            "items_found": sum(r.items_found for r in report.sources),
            "outcomes": outcomes,
            "published": report.published,
            "candidates_per_new_item": round(lookups["candidates"] / max(lookups["calls"], 1), 1),
        }
    )


def tagging(args: argparse.Namespace) -> None:
    """Issue 14's figures: the tagger's start-up (import + vocabulary) and items per second on the
    real labelled items of tests/data/real (each item's language detected from its text)."""
    started = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    from pipeline.tagging import Tagger

    tagger = Tagger()
    startup = time.perf_counter() - started
    from tests.realdata import load_tagging

    items = load_tagging()
    rounds = max(1, args.items // len(items))
    begun = time.perf_counter()
    for _ in range(rounds):
        for item in items:
            tagger.tag(title=item.title, summary=item.summary, language=item.language)
    seconds = time.perf_counter() - begun
    _emit({"startup_s": round(startup, 3), "items_per_s": round(rounds * len(items) / seconds)})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    r = commands.add_parser("reader-update")
    r.add_argument("--db", required=True)
    r.add_argument("--feeds", required=True, help="a file of feed URLs, one a line")
    r.add_argument("--workers", type=int, default=16)
    b = commands.add_parser("build-state")
    for name in ("--config", "--state", "--now", "--prefix"):
        b.add_argument(name, required=True)
    for name, default in (
        ("--count", 10_000),
        ("--sources", 40),
        ("--items", 30),
        ("--per-day", 300),
        ("--gap-days", 2),
        ("--first-story-id", 10_000_000),
    ):
        b.add_argument(name, type=int, default=default)
    c = commands.add_parser("cycle")
    for name in ("--config", "--state", "--output"):
        c.add_argument(name, required=True)
    c.add_argument(
        "--deadline-s", type=float, default=None, help="override FetchLimits.deadline_s (profiling)"
    )
    t = commands.add_parser("tagging")
    t.add_argument("--items", type=int, default=50_000)
    args = parser.parse_args(argv)
    commands_ = {
        "reader-update": reader_update,
        "build-state": build_state,
        "cycle": cycle,
        "tagging": tagging,
    }
    commands_[args.command](args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
