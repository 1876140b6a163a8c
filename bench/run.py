"""Benchmarks of issue 10 (and issue 5's figures): ours against reader, on local synthetic sites.

    python bench/run.py              # everything: ~9 minutes on 2 cores today (our slow cold cycles)
    python bench/run.py --quick      # small sizes, one run each: a smoke test (~1 minute)
    python bench/run.py --only 1,4   # some scenarios (2 needs 1's cold runs of ours, 5 reads 1 and 4)

Scenarios (targets in brackets; figures are printed, not asserted):
  1. cold cycle, 200 feeds × 30 items: ``python -m pipeline run --force`` vs reader 3.x's
     ``update_feeds(workers=16)`` on the same feeds, each a fresh process and a fresh database,
     alternating A/B three times; medians of process wall time.            [ours ≤ 0.5× reader]
  2. the no-change cycle (every source answers 304) on the first cold run's state, three times;
     also timed in-process (the scheduler's case, no start-up).              [≤ 5 % of cold]
  3. 200 sources (150 feeds + 50 HTML listings), 300 ms added to every response: the cycle's
     wall time against the network bound sources ÷ concurrency × latency.    [≤ 1.3× the bound]
  4. a cycle bringing 1,000 new items (40 feeds × 25 new + 5 known) with 10,000 and with 100,000
     items stored: tag + dedupe + store + publish, and their ratio.          [100k/10k ≤ 1.5]
  5. peak RSS of the cold cycle's process and of the 100,000-item cycle's.   [≤ 300 MB]

How: the sites are served by ``bench/synthetic.py`` (asyncio, one 127.0.0.1 port per source, so
the fetcher's 2-requests-per-host limit never serialises sources; ETag/Last-Modified and 304),
with pl/en/uk items composed from domain phrases so tagging and dedupe do real work (~10 % of
items are stories republished by other sources). reader is installed by this script into
``bench/.venv-reader`` (git-ignored) and run in its own process by ``bench/workers.py``; reader
reads feeds only, so scenario 1 gives both sides the same 200 feeds, and HTML listings appear in
scenario 3. Each process's peak RSS comes from ``os.wait4``. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402  (a sibling module, importable only after the path above)

READER_VENV = HERE / ".venv-reader"
READER_SPEC = "reader>=3.12,<4"
# reader 3.26 vendors a feedparser that imports ``sgmllib`` (from sgmllib3k), but feedparser
# 6.0.14, which pip picks for reader's own ``feedparser>=6``, now depends on feedparser-sgmllib
# instead, so nothing installs sgmllib and reader fails on its first feed. Name it explicitly.
READER_EXTRA = "sgmllib3k"
WORKERS = HERE / "workers.py"
CONCURRENCY = 16  # pipeline.fetch.FetchLimits().concurrency; reader gets as many worker threads


# --- processes ------------------------------------------------------------------------------------


@dataclass
class Run:
    """One finished subprocess: wall time, its own peak RSS, and the JSON it printed (if any)."""

    wall_s: float
    peak_rss_mb: float
    payload: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # what the sites answered meanwhile


def run_process(cmd: Sequence[str], *, cwd: Path, timeout_s: float = 600) -> Run:
    """Run ``cmd`` to the end; raise with its stderr when it fails.

    ``os.wait4`` rather than ``Popen.wait`` because it returns the child's own rusage: the peak RSS
    of *that* process (RUSAGE_CHILDREN would give the maximum over every child so far).
    """
    out_path, err_path = cwd / "stdout.txt", cwd / "stderr.txt"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        killer = threading.Timer(timeout_s, proc.kill)  # a hung run must not hang the benchmark
        killer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen never waits for it again
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{err_path.read_text()[-3000:]}"
        )
    lines = out_path.read_text().strip().splitlines()
    payload = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return Run(wall, usage.ru_maxrss / 1024, payload)


def ours_python() -> str:
    """The project's interpreter: .venv when present (a clean clone after ``make``), else this one."""
    candidate = ROOT / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


def ensure_reader_venv(log: Callable[[str], None]) -> tuple[str, str]:
    """bench/.venv-reader with reader 3.x (created on first use); its python and reader's version."""
    python = READER_VENV / "bin" / "python"
    probe = [str(python), "-c", "import sgmllib, reader; print(reader.__version__)"]
    if python.exists():
        found = subprocess.run(probe, capture_output=True, text=True)
        if found.returncode == 0:
            return str(python), found.stdout.strip()
    log(f"installing {READER_SPEC} into {READER_VENV.relative_to(ROOT)} (once) …")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(READER_VENV)], check=True)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            READER_SPEC,
            READER_EXTRA,
        ],
        check=True,
    )
    return str(python), subprocess.run(probe, capture_output=True, text=True, check=True).stdout.strip()


def reader_command(reader_py: str, folder: Path, feeds: Sequence[str]) -> list[str]:
    """reader's update of ``feeds`` into a fresh database in ``folder`` (bench/workers.py)."""
    (folder / "feeds.txt").write_text("\n".join(feeds) + "\n")
    return [
        reader_py,
        str(WORKERS),
        "reader-update",
        "--db",
        str(folder / "reader.sqlite"),
        "--feeds",
        str(folder / "feeds.txt"),
        "--workers",
        str(CONCURRENCY),
    ]


# --- configuration and content --------------------------------------------------------------------


def write_config(path: Path, specs: Sequence[synthetic.SourceSpec], urls: Sequence[str]) -> Path:
    """A sources.yaml as an editor would write it: kind and language left to detection."""
    lines = ["contact: https://example.org/benchmark", "state: state.sqlite3", "sources:"]
    for spec, base in zip(specs, urls, strict=True):
        lines += [
            f"  - id: {spec.source_id}",
            f"    name: {json.dumps(spec.name, ensure_ascii=False)}",  # JSON strings are YAML
            f"    url: {base}{spec.path}",
        ]
        if spec.kind == "html":
            lines.append("    selectors:")
            lines += [f"      {key}: {json.dumps(css)}" for key, css in synthetic.LISTING_SELECTORS.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def serve(
    server: synthetic.SiteServer,
    specs: Sequence[synthetic.SourceSpec],
    stories: Sequence[Sequence[synthetic.Story]] | None = None,
) -> None:
    """Site i serves spec i's page (with ``stories[i]`` instead of its own items when given)."""
    for i, spec in enumerate(specs):
        server.sites[i].pages.clear()
        body, content_type = synthetic.render(spec, None if stories is None else stories[i])
        server.set_page(i, spec.path, body, content_type)


def status_summary(output: Path) -> dict[str, int]:
    """Outcomes and new items from status.json: proof that a run did what it is timed for."""
    status = json.loads((output / "status.json").read_text())
    summary: dict[str, int] = {"items_new": 0}
    for entry in status["sources"].values():
        summary[entry["outcome"]] = summary.get(entry["outcome"], 0) + 1
        summary["items_new"] += entry["items_new"]
    return summary


# --- the benchmark --------------------------------------------------------------------------------


@dataclass
class Sizes:
    sources: int = 200
    items: int = 30
    runs: int = 3
    latency_s: float = 0.3
    html_share: float = 0.25
    s4_sources: int = 40
    s4_new_per_source: int = 25
    s4_known_per_source: int = 5
    s4_stored: tuple[int, int] = (10_000, 100_000)
    s6_sources: tuple[int, ...] = (50, 100, 200)


QUICK = Sizes(sources=40, items=10, runs=1, s4_sources=10, s4_stored=(2_000, 20_000), s6_sources=(20, 40))


class Bench:
    """Runs the scenarios and keeps their figures for the table."""

    def __init__(self, sizes: Sizes, work: Path, *, verbose: bool = True):
        self.sizes = sizes
        self.work = work
        self.verbose = verbose
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.server = synthetic.SiteServer()
        self.urls = self.server.start(max(sizes.sources, sizes.s4_sources))
        self.ours = ours_python()
        self.figures: dict[str, Any] = {}
        self.checks: list[str] = []  # sanity problems: a figure measured the wrong thing

    def log(self, message: str) -> None:
        if self.verbose:
            print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    def check(self, ok: bool, message: str) -> None:
        if not ok:
            self.checks.append(message)
            self.log(f"CHECK FAILED: {message}")

    def folder(self, name: str) -> Path:
        path = self.work / name
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        return path

    def ours_run(self, folder: Path, config: Path) -> Run:
        """``python -m pipeline run --force`` as a user runs it (start-up included)."""
        self.server.reset_counts()
        run = run_process(
            [
                self.ours,
                "-m",
                "pipeline",
                "run",
                "--force",
                "--quiet",
                "--config",
                str(config),
                "--output",
                str(folder / "output"),
                "--state",
                str(folder / "state.sqlite3"),
            ],
            cwd=folder,
        )
        run.counts = dict(self.server.reset_counts())
        run.payload = status_summary(folder / "output")
        return run

    def ours_cycle(self, folder: Path, config: Path) -> Run:
        """One cycle timed in-process by bench/workers.py (start-up excluded, stages split)."""
        self.server.reset_counts()
        run = run_process(
            [
                self.ours,
                str(WORKERS),
                "cycle",
                "--config",
                str(config),
                "--state",
                str(folder / "state.sqlite3"),
                "--output",
                str(folder / "output"),
            ],
            cwd=folder,
        )
        run.counts = dict(self.server.reset_counts())
        return run

    def settle(self, folder: Path, config: Path, first: dict[str, Any]) -> None:
        """After a cold cycle in which sources failed (so far: the fetch deadline, see the table's
        notes), store the rest in an untimed cycle with a long deadline and no added latency, so
        that the no-change runs that follow measure only 304s, as they claim to."""
        failed = first.get("error", 0) or first.get("outcomes", {}).get("error", 0)
        if not failed:
            return
        latency, self.server.latency_s = self.server.latency_s, 0.0
        try:
            run_process(
                [
                    self.ours,
                    str(WORKERS),
                    "cycle",
                    "--config",
                    str(config),
                    "--deadline-s",
                    "900",
                    "--state",
                    str(folder / "state.sqlite3"),
                    "--output",
                    str(folder / "output"),
                ],
                cwd=folder,
            )
        finally:
            self.server.latency_s = latency
        self.server.reset_counts()
        self.log(f"settled the {failed} sources that failed in the cold cycle (untimed)")

    # --- 1 and 2 --------------------------------------------------------------------------------

    def cold_and_no_change(self, *, with_reader: bool) -> None:
        s = self.sizes
        specs = synthetic.build_sources(s.sources, s.items, now=self.now, html_share=0.0)
        serve(self.server, specs)
        self.server.latency_s = 0.0
        feeds = [f"{base}{spec.path}" for spec, base in zip(specs, self.urls, strict=False)]
        expected = s.sources * s.items
        reader_py, reader_version = ensure_reader_venv(self.log) if with_reader else ("", "")
        ours_cold: list[Run] = []
        ours_again: list[Run] = []
        ours_again_cycle: list[Run] = []
        reader_cold: list[Run] = []
        reader_again: list[Run] = []

        def ours(rep: int) -> None:
            folder = self.folder(f"s1/ours-{rep}")
            config = write_config(folder / "sources.yaml", specs, self.urls[: len(specs)])
            cold = self.ours_run(folder, config)
            self.log(f"ours cold #{rep + 1}: {cold.wall_s:.2f} s, {cold.peak_rss_mb:.0f} MB, {cold.payload}")
            self.check(cold.payload.get("ok") == s.sources, f"ours cold #{rep + 1}: not every source ok")
            self.check(cold.payload["items_new"] == expected, f"ours cold: {cold.payload['items_new']} new")
            ours_cold.append(cold)
            if rep:
                return
            # The no-change cycles run on the first cold run's state only: a cold cycle whose
            # sources failed needs a settle cycle first (~40 s today), once is enough.
            self.settle(folder, config, cold.payload)
            for again_rep in range(s.runs):
                again = self.ours_run(folder, config)
                self.log(f"ours no-change #{again_rep + 1}: {again.wall_s:.2f} s, answers {again.counts}")
                self.check(
                    again.payload.get("not_modified") == s.sources, "ours no-change: not every source 304"
                )
                # The same no-change cycle timed in-process: what it costs inside scheduler.py,
                # which pays the interpreter's start-up and imports once, not every cycle.
                in_process = self.ours_cycle(folder, config)
                self.log(f"ours no-change in-process #{again_rep + 1}: {in_process.payload.get('cycle_s')} s")
                ours_again.append(again)
                ours_again_cycle.append(in_process)

        def reader(rep: int) -> None:
            folder = self.folder(f"s1/reader-{rep}")
            cmd = reader_command(reader_py, folder, feeds)
            self.server.reset_counts()
            cold = run_process(cmd, cwd=folder)
            cold.counts = dict(self.server.reset_counts())
            self.log(
                f"reader cold #{rep + 1}: {cold.wall_s:.2f} s, {cold.peak_rss_mb:.0f} MB, {cold.payload}"
            )
            self.check(
                cold.payload.get("entries") == expected, f"reader: {cold.payload.get('entries')} entries"
            )
            self.check(cold.payload.get("broken") == 0, "reader: some feeds failed")
            again = run_process(cmd, cwd=folder)
            again.counts = dict(self.server.reset_counts())
            self.log(f"reader no-change #{rep + 1}: {again.wall_s:.2f} s, answers {again.counts}")
            reader_cold.append(cold)
            reader_again.append(again)

        for rep in range(s.runs):
            # A B, B A, A B…: alternating which side goes first evens out drift (cache, other load).
            order = (ours, reader) if rep % 2 == 0 else (reader, ours)
            for side in order:
                if side is ours or with_reader:
                    side(rep)
        self.figures["s1"] = {
            "ours_cold": ours_cold,
            "ours_again": ours_again,
            "ours_again_cycle": ours_again_cycle,
            "reader_cold": reader_cold,
            "reader_again": reader_again,
            "reader_version": reader_version,
        }

    # --- 7 --------------------------------------------------------------------------------------

    def tagging(self) -> None:
        """Issue 14: the tagger's start-up and throughput on the real labelled items."""
        runs = [
            run_process([self.ours, str(WORKERS), "tagging"], cwd=self.folder("s7"))
            for _ in range(self.sizes.runs)
        ]
        self.figures["s7"] = runs

    # --- 6 --------------------------------------------------------------------------------------

    def shared_vocabulary(self) -> None:
        """Issue 13's case: feeds whose texts draw on ~30 words; cold cycles at growing sizes,
        ours and reader side by side (alternating), to show linear growth and the ratio."""
        s = self.sizes
        reader_py, reader_version = ensure_reader_venv(self.log)
        results: dict[int, dict[str, list[Run]]] = {}
        for count in s.s6_sources:
            specs = synthetic.build_sources(count, s.items, now=self.now, vocabulary="shared")
            serve(self.server, specs)
            self.server.latency_s = 0.0
            feeds = [f"{base}{spec.path}" for spec, base in zip(specs, self.urls, strict=False)]
            runs: dict[str, list[Run]] = {"ours": [], "reader": [], "stages": []}
            for rep in range(s.runs):
                sides = ("ours", "reader") if rep % 2 == 0 else ("reader", "ours")
                for side in sides:
                    folder = self.folder(f"s6/{count}-{side}-{rep}")
                    if side == "ours":
                        config = write_config(folder / "sources.yaml", specs, self.urls[: len(specs)])
                        run = self.ours_run(folder, config)
                        self.check(run.payload.get("ok") == count, f"shared {count}: not every source ok")
                        self.check(
                            run.payload["items_new"] == count * s.items,
                            f"shared {count}: {run.payload['items_new']} new",
                        )
                    else:
                        run = run_process(reader_command(reader_py, folder, feeds), cwd=folder)
                        self.check(run.payload.get("broken") == 0, f"shared {count}: reader feeds failed")
                    self.log(
                        f"shared {count} {side} #{rep + 1}: {run.wall_s:.2f} s, {run.peak_rss_mb:.0f} MB"
                    )
                    runs[side].append(run)
            # One in-process cycle for the split of our time into stages (not part of the medians).
            folder = self.folder(f"s6/{count}-stages")
            config = write_config(folder / "sources.yaml", specs, self.urls[: len(specs)])
            stages = self.ours_cycle(folder, config)
            self.log(f"shared {count} stages: {stages.payload}")
            runs["stages"].append(stages)
            results[count] = runs
        self.figures["s6"] = {"by_size": results, "reader_version": reader_version}

    # --- 3 --------------------------------------------------------------------------------------

    def latency(self) -> None:
        s = self.sizes
        specs = synthetic.build_sources(s.sources, s.items, now=self.now, html_share=s.html_share)
        serve(self.server, specs)
        self.server.latency_s = s.latency_s
        cold: list[Run] = []
        again: list[Run] = []
        try:
            # One cold cycle (it costs as much as scenario 1's), then the repeated no-change ones.
            folder = self.folder("s3/ours")
            config = write_config(folder / "sources.yaml", specs, self.urls[: len(specs)])
            first = self.ours_cycle(folder, config)
            self.log(
                f"latency cold: {first.payload.get('cycle_s')} s, answers {first.counts}, {first.payload}"
            )
            self.check(first.payload.get("outcomes", {}).get("ok") == s.sources, "latency cold: not all ok")
            cold.append(first)
            self.settle(folder, config, first.payload)
            for rep in range(s.runs):
                second = self.ours_cycle(folder, config)
                self.log(f"latency no-change #{rep + 1}: {second.payload.get('cycle_s')} s, {second.counts}")
                self.check(
                    second.payload.get("outcomes", {}).get("not_modified") == s.sources,
                    "latency no-change: not every source 304",
                )
                again.append(second)
        finally:
            self.server.latency_s = 0.0
        self.figures["s3"] = {"cold": cold, "again": again, "feeds": sum(sp.is_feed for sp in specs)}

    # --- 4 --------------------------------------------------------------------------------------

    def growth(self) -> None:
        s = self.sizes
        fresh = synthetic.build_sources(
            s.s4_sources, s.s4_new_per_source, now=self.now, prefix="s4", first_story_id=1
        )
        # The newest stored items of each source, which its feed still lists (known, unchanged):
        # history item n belongs to source n mod sources, newest first, as build-state stores it.
        gap_days = 7  # history ends before the new items begin (build_sources dates ≤ 6 days back)
        known: dict[str, list[synthetic.Story]] = {spec.source_id: [] for spec in fresh}
        for spec, story in synthetic.history_stories(
            s.s4_sources * s.s4_known_per_source,
            fresh,
            newest=self.now - timedelta(days=gap_days),
            per_day=300,
            first_story_id=10_000_000,
        ):
            known[spec.source_id].append(story)
        results: dict[int, list[Run]] = self.figures.setdefault("s4", {})  # filled as sizes finish
        for stored in s.s4_stored:
            folder = self.folder(f"s4/stored-{stored}")
            config = write_config(folder / "sources.yaml", fresh, self.urls[: len(fresh)])
            build = run_process(
                [
                    self.ours,
                    str(WORKERS),
                    "build-state",
                    "--config",
                    str(config),
                    "--state",
                    str(folder / "state.sqlite3"),
                    "--now",
                    self.now.isoformat(),
                    "--prefix",
                    "s4",
                    "--count",
                    str(stored),
                    "--sources",
                    str(s.s4_sources),
                    "--items",
                    str(s.s4_new_per_source),
                    "--gap-days",
                    str(gap_days),
                ],
                cwd=folder,
            )
            self.log(f"built {stored:,} stored items in {build.wall_s:.1f} s ({build.peak_rss_mb:.0f} MB)")
            # Prime: one untimed cycle over the known items alone, so they are stored exactly as the
            # feed parser reads them (then they count as unchanged, not updated, in the timed cycle)
            # and every source has its validators and state, as in a running installation.
            serve(self.server, fresh, [known[spec.source_id] for spec in fresh])
            self.ours_cycle(folder, config)
            pristine = folder / "pristine.sqlite3"
            shutil.copyfile(folder / "state.sqlite3", pristine)
            shutil.copytree(folder / "output", folder / "pristine-output")
            serve(self.server, fresh, [[*spec.stories, *known[spec.source_id]] for spec in fresh])
            runs = []
            for rep in range(s.runs):
                # Each timed cycle starts from the same database and outputs (copied back).
                shutil.copyfile(pristine, folder / "state.sqlite3")
                shutil.rmtree(folder / "output")
                shutil.copytree(folder / "pristine-output", folder / "output")
                run = self.ours_cycle(folder, config)
                p = run.payload
                self.log(
                    f"+{p.get('items_new')} new with {stored:,} stored #{rep + 1}: "
                    f"cycle {p.get('cycle_s')} s (prepare {p.get('prepare_s')}, "
                    f"store {p.get('store_s')}, publish {p.get('publish_s')}), "
                    f"{run.peak_rss_mb:.0f} MB"
                )
                self.check(
                    p.get("items_new") == s.s4_sources * s.s4_new_per_source,
                    f"{stored:,} stored: {p.get('items_new')} new items, {p.get('items_updated')} updated",
                )
                runs.append(run)
            results[stored] = runs

    def close(self) -> None:
        self.server.stop()


# --- the table ------------------------------------------------------------------------------------


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "MISSED"


def table(bench: Bench, elapsed_s: float) -> str:
    s, f = bench.sizes, bench.figures
    rows: list[tuple[str, str, str, str]] = []

    def row(measure: str, value: str, target: str = "", result: str = "") -> None:
        rows.append((measure, value, target, result))

    runs = f"median of {s.runs}"
    if "s1" in f:
        s1 = f["s1"]
        cold = _median([r.wall_s for r in s1["ours_cold"]])
        again = _median([r.wall_s for r in s1["ours_again"]])
        row(f"1. cold, {s.sources} feeds × {s.items} items: ours, run --force ({runs})", f"{cold:.2f} s")
        failed = max(r.payload.get("error", 0) for r in s1["ours_cold"])
        if failed:
            row("   (sources that failed in ours' cold cycle, worst run)", f"{failed}", "0", "MISSED")
        if s1["reader_cold"]:
            reader = _median([r.wall_s for r in s1["reader_cold"]])
            row(
                f"   reader {s1['reader_version']} update_feeds(workers={CONCURRENCY}) ({runs})",
                f"{reader:.2f} s",
            )
            row("   ours ÷ reader", f"{cold / reader:.2f}×", "≤ 0.50×", verdict(cold / reader, 0.5))
            startup = _median([r.payload.get("startup_s", 0) for r in s1["reader_cold"]])
            row("   (reader: of which start-up + add_feed)", f"{startup:.2f} s")
        row(f"2. no-change (all 304): ours ({runs})", f"{again:.2f} s")
        row("   share of ours' cold cycle", f"{again / cold:.1%}", "≤ 5%", verdict(again / cold, 0.05))
        in_process = _median([r.payload["cycle_s"] for r in s1["ours_again_cycle"]])
        row(
            "   in-process (scheduler.py: no start-up) ÷ cold",
            f"{in_process / cold:.1%}",
            "≤ 5%",
            verdict(in_process / cold, 0.05),
        )
        if s1["reader_again"]:
            row(
                "   (reader's no-change, for reference)",
                f"{_median([r.wall_s for r in s1['reader_again']]):.2f} s",
            )
        req = s1["ours_again"][0].counts
        row(
            "   (requests per source in a no-change cycle: ours)",
            f"{sum(req.values()) / s.sources:.1f}",
            "1 (SPEC)",
            "ok" if sum(req.values()) <= s.sources else "MISSED",
        )
    if "s3" in f:
        s3 = f["s3"]
        bound = s.sources / CONCURRENCY * s.latency_s
        again = _median([r.payload["cycle_s"] for r in s3["again"]])
        cold = _median([r.payload["cycle_s"] for r in s3["cold"]])
        mix = f"{s3['feeds']} feeds + {s.sources - s3['feeds']} listings"
        row(
            f"3. {s.sources} sources ({mix}), +{s.latency_s * 1000:.0f} ms each; network bound "
            f"{s.sources}÷{CONCURRENCY}×{s.latency_s:g} s",
            f"{bound:.2f} s",
        )
        row(f"   no-change cycle with latency ({runs})", f"{again:.2f} s")
        row("   ÷ network bound", f"{again / bound:.2f}×", "≤ 1.3×", verdict(again / bound, 1.3))
        row("   cold cycle with latency (one run)", f"{cold:.2f} s")
        row("   ÷ network bound", f"{cold / bound:.2f}×", "≤ 1.3×", verdict(cold / bound, 1.3))
        requests = sum(s3["again"][0].counts.values())
        row("   (requests per source per cycle: robots.txt + page)", f"{requests / s.sources:.1f}")
    if f.get("s4"):
        s4 = f["s4"]
        small, large = s.s4_stored
        new = s.s4_sources * s.s4_new_per_source

        def work(runs_: list[Run]) -> float:
            return _median(
                [r.payload["prepare_s"] + r.payload["store_s"] + r.payload["publish_s"] for r in runs_]
            )

        for stored in (small, large):
            if not s4.get(stored):
                continue
            runs_ = s4[stored]
            p = {
                k: _median([r.payload[k] for r in runs_])
                for k in ("prepare_s", "store_s", "publish_s", "cycle_s")
            }
            row(
                f"4. +{new:,} items with {stored:,} stored: tag+dedupe+store+publish ({runs})",
                f"{work(runs_):.2f} s",
            )
            row(
                f"   (prepare {p['prepare_s']:.2f} + store/dedupe {p['store_s']:.2f} + publish "
                f"{p['publish_s']:.2f}; whole cycle {p['cycle_s']:.2f} s)",
                "",
            )
        if s4.get(small) and s4.get(large):
            ratio = work(s4[large]) / work(s4[small])
            row(f"   {large // 1000}k ÷ {small // 1000}k", f"{ratio:.2f}×", "≤ 1.5×", verdict(ratio, 1.5))
    if "s1" in f or "s4" in f:
        if "s1" in f:
            peak = max(r.peak_rss_mb for r in f["s1"]["ours_cold"])
            row("5. peak RSS, cold cycle (max of runs)", f"{peak:.0f} MB", "≤ 300 MB", verdict(peak, 300))
            if f["s1"]["reader_cold"]:
                row(
                    "   (reader's cold update, for reference)",
                    f"{max(r.peak_rss_mb for r in f['s1']['reader_cold']):.0f} MB",
                )
        if f.get("s4", {}).get(s.s4_stored[1]):
            large = s.s4_stored[1]
            peak = max(r.peak_rss_mb for r in f["s4"][large])
            row(
                f"5. peak RSS, +{s.s4_sources * s.s4_new_per_source:,} items with {large:,} stored",
                f"{peak:.0f} MB",
                "≤ 300 MB",
                verdict(peak, 300),
            )
    if f.get("s6"):
        s6 = f["s6"]
        by_size = s6["by_size"]
        sizes = sorted(by_size)
        per_item: dict[int, float] = {}
        for count in sizes:
            ours = _median([r.wall_s for r in by_size[count]["ours"]])
            reader = _median([r.wall_s for r in by_size[count]["reader"]])
            per_item[count] = ours / (count * s.items) * 1000
            row(
                f"6. shared vocabulary, {count} feeds × {s.items}: ours | reader "
                f"{s6['reader_version']} ({runs})",
                f"{ours:.2f} s | {reader:.2f} s",
            )
            row(
                "   ours per item | ours ÷ reader | peak RSS ours",
                f"{per_item[count]:.2f} ms | {ours / reader:.2f}× | "
                f"{max(r.peak_rss_mb for r in by_size[count]['ours']):.0f} MB",
                "÷ ≤ 1.0×, ≤ 300 MB",
                verdict(ours / reader, 1.0),
            )
            stages = by_size[count]["stages"][0].payload if by_size[count]["stages"] else {}
            if stages:
                row(
                    f"   (in-process: prepare {stages.get('prepare_s')}"
                    f" + store/dedupe {stages.get('store_s')}"
                    f" + publish {stages.get('publish_s')}, fetch+parse {stages.get('fetch_parse_s')} s;"
                    f" {stages.get('candidates_per_new_item')} candidates an item)",
                    "",
                )
        if len(sizes) >= 2:
            growth = per_item[sizes[-1]] / per_item[sizes[0]]
            row(
                f"   time per item, {sizes[-1]} ÷ {sizes[0]} feeds",
                f"{growth:.2f}×",
                "≤ 1.3× (linear)",
                verdict(growth, 1.3),
            )
    if f.get("s7"):
        startup = _median([r.payload["startup_s"] for r in f["s7"]])
        speed = _median([r.payload["items_per_s"] for r in f["s7"]])
        row(
            f"7. tagger start-up, fresh process: import + vocabulary ({runs})",
            f"{startup:.2f} s",
            "< 0.2 s",
            verdict(startup, 0.2),
        )
        row(
            "   tagging real items (language given)",
            f"{speed:,.0f} items/s",
            "≥ 10,000",
            "ok" if speed >= 10_000 else "MISSED",
        )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    header = ("measure", "value", "target", "result")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append(
            "  ".join(
                c.ljust(w) if i != 1 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
            ).rstrip()
        )
    lines.append(
        f"benchmark took {elapsed_s / 60:.1f} min on {os.cpu_count()} cores; Python {sys.version.split()[0]}"
    )
    if bench.checks:
        lines.append("SANITY CHECKS FAILED (figures above may not measure what they say):")
        lines += [f"  - {c}" for c in bench.checks]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmarks of issue 10: ours vs reader on local synthetic sources.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2] if __doc__ else None,
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each (a smoke test)")
    parser.add_argument(
        "--only", default="", help="comma-separated scenarios to run, e.g. 1,4 (default: all)"
    )
    parser.add_argument("--runs", type=int, default=None, help="repetitions of each timed run (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (states, outputs, logs)")
    parser.add_argument("--json", metavar="FILE", help="also write the raw figures to FILE")
    args = parser.parse_args(argv)
    only = {int(x) for x in args.only.split(",") if x.strip()} or {1, 2, 3, 4, 5, 6, 7}
    sizes = QUICK if args.quick else Sizes()
    if args.runs:
        sizes.runs = args.runs
    # Hundreds of listeners and keep-alive connections: lift the soft file limit to the hard one.
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    work = Path(tempfile.mkdtemp(prefix="pw-bench-"))
    started = time.perf_counter()
    bench = Bench(sizes, work)
    try:
        scenarios: list[tuple[bool, str, Callable[[], None]]] = [
            (
                bool(only & {1, 2, 5}),
                "scenarios 1-2: cold and no-change cycles" + (" vs reader" if 1 in only else ""),
                lambda: bench.cold_and_no_change(with_reader=1 in only),
            ),
            (3 in only, "scenario 3: latency", bench.latency),
            (bool(only & {4, 5}), "scenario 4: growth of the stored state", bench.growth),
            (6 in only, "scenario 6: shared vocabulary, growing sizes vs reader", bench.shared_vocabulary),
            (7 in only, "scenario 7: tagging speed", bench.tagging),
        ]
        for wanted, title, scenario in scenarios:
            if not wanted:
                continue
            bench.log(title)
            try:
                scenario()
            except RuntimeError as exc:
                # A crashed subprocess (e.g. a product bug) loses that scenario, not the whole table.
                print(exc, file=sys.stderr)
                bench.checks.append(f"{title} stopped: {str(exc).strip().splitlines()[-1][:200]}")
    finally:
        bench.close()
        if args.keep:
            print(f"work folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(table(bench, time.perf_counter() - started))
    if args.json:
        Path(args.json).write_text(json.dumps(_raw(bench), indent=2, default=str))
    return 1 if bench.checks else 0


def _raw(bench: Bench) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, Run):
            return {
                "wall_s": value.wall_s,
                "peak_rss_mb": value.peak_rss_mb,
                **value.payload,
                "answers": value.counts,
            }
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(bench.figures)


if __name__ == "__main__":
    raise SystemExit(main())
