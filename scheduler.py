"""The long-running service: ``python scheduler.py [--config PATH] [--output DIR] [--state PATH] [--once]``.

APScheduler (3.11, BlockingScheduler) only triggers; whether a source is really due (schedule,
failure backoff, Retry-After) is decided by the runner from the stored state, so this service and
``python -m pipeline run`` never disagree.

Jobs:
- one per enabled source, on its own ``every`` with jitter (coalesce, max_instances=1): fetch and
  ingest that source, without publishing;
- ``publish`` every few seconds: writes the outputs once after new items (debounced: many sources
  finishing together publish once);
- ``reload`` every few seconds: an edited sources.yaml is applied without a restart; an invalid edit
  keeps the running configuration and logs the located errors.

One instance per state (a lock file; a second one refuses to start). SIGTERM/SIGINT: no new jobs,
in-flight fetches finish within their deadline, a final publish, exit 0.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import signal
import sys
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from pipeline.config import DEFAULT_CONFIG, load_config
from pipeline.errors import ConfigError, PipelineError
from pipeline.lock import StateLock
from pipeline.records import Config, Source
from pipeline.runner import CycleReport, Runner, SourceReport
from pipeline.schedule import jitter_s
from pipeline.store import Store

log = logging.getLogger("scheduler")

PUBLISH_EVERY_S = 5
RELOAD_EVERY_S = 5


class Service:
    """Holds the runner, the latest report of each source, and the jobs derived from sources.yaml."""

    def __init__(
        self,
        config_path: Path,
        config: Config,
        *,
        output_dir: str,
        state_path: str,
        publish_every_s: float = PUBLISH_EVERY_S,
        reload_every_s: float = RELOAD_EVERY_S,
    ):
        self.config_path = config_path
        self.config_digest = _digest(config_path)
        self.runner = Runner(config, output_dir=output_dir, state_path=state_path)
        self.latest: dict[str, SourceReport] = {}
        self.dirty = True  # publish once at start so outputs exist
        self.status_changed = True
        self.started = datetime.now(UTC)
        self._lock = threading.Lock()
        self.scheduler = BlockingScheduler(
            executors={"default": ThreadPoolExecutor(max_workers=4)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
            timezone=UTC,
        )
        self.scheduler.add_job(
            self.publish,
            IntervalTrigger(seconds=publish_every_s),
            id="publish",
            next_run_time=datetime.now(UTC) + timedelta(seconds=1),
        )
        self.scheduler.add_job(self.reload, IntervalTrigger(seconds=reload_every_s), id="reload")
        self._schedule_sources(config)

    # --- jobs -------------------------------------------------------------------------------------

    def fetch_source(self, source_id: str) -> None:
        """Job: one source's cycle without publishing (its due-ness is decided from the state)."""
        try:
            report = self.runner.run_cycle(only=(source_id,), publish=False)
        except PipelineError as exc:
            log.error("%s: cycle stopped: %s", source_id, exc)
            return
        for source_report in report.sources:
            with self._lock:
                if source_report.outcome != "skipped" or source_report.source_id not in self.latest:
                    # a "not due yet" tick must not hide the last real outcome and its error
                    self.latest[source_report.source_id] = source_report
                if source_report.outcome != "skipped":
                    self.status_changed = True
                if source_report.items_new or source_report.items_updated:
                    self.dirty = True
            if source_report.outcome == "error":
                log.warning("%s: %s", source_report.source_id, source_report.error)
            elif source_report.outcome != "skipped":
                log.info(
                    "%s: %s, %d new, %d updated",
                    source_report.source_id,
                    source_report.outcome,
                    source_report.items_new,
                    source_report.items_updated,
                )

    def publish(self, *, final: bool = False) -> None:
        """Job: write the outputs after new or changed items, and status.json after any fetch."""
        with self._lock:
            # Outputs deleted while we run (an operator's cleanup) come back at the next tick.
            if not (self.dirty or self.status_changed or final or not self.runner.outputs_present()):
                return
            items_changed = self.dirty
            self.dirty = self.status_changed = False
            reports = tuple(
                self.latest.get(s.id) or SourceReport(s.id, "skipped", warning="not fetched yet")
                for s in self.runner.config.sources
            )
        report = CycleReport(self.started, datetime.now(UTC), reports)
        try:
            result = self.runner.publish(report, force=items_changed)
        except PipelineError as exc:
            log.error("publishing failed, previous outputs kept: %s", exc)
            with self._lock:
                self.dirty = True
            return
        if result.changed_files:
            log.info("published %d changed files", len(result.changed_files))

    def reload(self) -> None:
        """Job: apply an edited sources.yaml; keep the running one when the edit is invalid."""
        digest = _digest(self.config_path)
        if digest == self.config_digest:
            return
        self.config_digest = digest
        try:
            config = load_config(self.config_path)
        except ConfigError as exc:
            log.error(
                "sources.yaml changed but is invalid; still running the previous configuration:\n%s", exc
            )
            return
        if Path(config.state_path) != Path(self.runner.config.state_path) and self.runner.state_path == Path(
            self.runner.config.state_path
        ):
            log.error("a changed 'state:' needs a restart; keeping %s", self.runner.state_path)
            config = replace(config, state_path=str(self.runner.state_path))
        self.runner.reconfigure(config)
        self._schedule_sources(config)
        with self._lock:
            self.dirty = True  # labels, titles or sources may have changed what is published
        log.info("sources.yaml reloaded: %d sources", len(config.sources))

    # --- schedules ----------------------------------------------------------------------------------

    def _schedule_sources(self, config: Config) -> None:
        wanted = {s.id: s for s in config.sources if s.enabled}
        for job in self.scheduler.get_jobs():
            if job.id.startswith("source:") and job.id[7:] not in wanted:
                job.remove()  # its items stay published; it is just not fetched any more
        with Store(self.runner.state_path) as store:
            states = store.load_states()
        now = datetime.now(UTC)
        for source in wanted.values():
            job_id = f"source:{source.id}"
            trigger = _trigger(source)
            existing = self.scheduler.get_job(job_id)
            if existing is not None:
                if existing.trigger.interval != trigger.interval:
                    existing.reschedule(trigger)
                continue
            state = states.get(source.id)
            first = max(now, state.next_due) if state and state.next_due else now
            self.scheduler.add_job(
                self.fetch_source, trigger, args=(source.id,), id=job_id, name=source.id, next_run_time=first
            )

    def run_forever(self) -> None:
        def stop(signum: int, _frame: object) -> None:
            log.info("signal %d: stopping after the running fetches", signum)
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            self.scheduler.start()
        except (SystemExit, KeyboardInterrupt):
            pass
        finally:
            if self.scheduler.running:
                self.scheduler.shutdown(wait=True)  # in-flight jobs end within the fetch deadline
            self.publish(final=True)
            log.info("stopped")


def _trigger(source: Source) -> IntervalTrigger:
    return IntervalTrigger(seconds=source.every_s, jitter=jitter_s(source.id, source.every_s) or None)


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python scheduler.py", description="Run the pipeline on its schedules."
    )
    parser.add_argument("--config", default=DEFAULT_CONFIG)
    parser.add_argument("--output", default="output")
    parser.add_argument("--state", default=None)
    parser.add_argument("--once", action="store_true", help="run one cycle and exit")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING if not args.verbose else logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"sources.yaml has {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    state_path = args.state or config.state_path
    try:
        with StateLock(state_path, purpose=f"scheduler.py{' --once' if args.once else ''}"):
            if args.once:
                from pipeline.report import cycle_summary

                report = Runner(config, output_dir=args.output, state_path=state_path).run_cycle()
                if not args.quiet:
                    print(cycle_summary(report, config, output_dir=args.output))
                return 0
            log.info(
                "scheduler starting: %d sources, state %s, output %s",
                len(config.sources),
                state_path,
                args.output,
            )
            Service(Path(args.config), config, output_dir=args.output, state_path=state_path).run_forever()
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
