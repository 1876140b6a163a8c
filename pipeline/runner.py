"""One cycle: decide what is due, fetch, parse, enrich, ingest, publish, report.

The runner only calls the stages in order and records per-source outcomes; parsing, SQL and
HTML live in their own modules, and what is published, and when, in ``publishing.py``. A
``SourceError`` is one source's failure: it is recorded (last error, failures in a row, next
attempt) and the cycle goes on. Anything else is a bug and propagates.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import httpx

from .analyse import Analysed, Analyser
from .enrich import MAX_PAGE_TRIES, enrich_items
from .errors import FetchError, ParseError, SourceError, StoreError
from .fetch import Fetcher, FetchLimits
from .ingest import Ingestor, IngestResult
from .normalise import is_wanted, item_key
from .parse import ParsedResponse
from .publishing import Publisher
from .records import Config, CycleReport, FetchResult, RawItem, Source, SourceReport, SourceState, Story
from .schedule import after_failure, after_success, is_due, is_held_by_retry_after, validators_for
from .store import Store
from .workers import PARSE_BUDGET_S, Workers

log = logging.getLogger(__name__)

# A cycle of this many sources or more commits them together (Store.batch), about this often.
BATCH_MIN_SOURCES = 8
COMMIT_EVERY_S = 1.0

Clock = Callable[[], datetime]
EventSink = Callable[[str, str, str], None]  # (event, source id, detail)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class PageReads:
    """Item keys whose page enrichment read this cycle, and those asked for in vain."""

    read: Sequence[str] = ()
    missed: Sequence[str] = ()


class Runner:
    """Runs cycles for one configuration, state and output folder.

    Holds what is expensive to build and safe to reuse between cycles (the tagger's vocabulary);
    the scheduler keeps one Runner and calls ``reconfigure`` when sources.yaml changes.
    """

    def __init__(
        self,
        config: Config,
        *,
        output_dir: str | Path = "output",
        state_path: str | Path | None = None,
        clock: Clock = utc_now,
        fetch_limits: FetchLimits | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        on_event: EventSink | None = None,
        processes: int | None = None,
        parse_budget_s: float = PARSE_BUDGET_S,
    ):
        self.output_dir = Path(output_dir)
        self.state_path = Path(state_path) if state_path else Path(config.state_path)
        self.clock = clock
        self.fetch_limits = fetch_limits or FetchLimits(cycle_deadline_s=config.cycle_deadline_s)
        self.transport = transport
        self.on_event = on_event or (lambda event, source_id, detail: None)
        self.config = config
        self._analyser = Analyser(config.areas)
        self._ingestor = Ingestor(self._analyser, priorities={s.id: s.priority for s in config.sources})
        self._processes = processes
        self._parse_budget_s = parse_budget_s

    def reconfigure(self, config: Config) -> None:
        """Use a new configuration from the next cycle on (the tagger is rebuilt only if areas changed)."""
        if config.areas != self.config.areas:
            self._analyser = Analyser(config.areas)
        self.fetch_limits = replace(self.fetch_limits, cycle_deadline_s=config.cycle_deadline_s)
        self._ingestor = Ingestor(self._analyser, priorities={s.id: s.priority for s in config.sources})
        self.config = config

    # --- the cycle ------------------------------------------------------------------------------

    def run_cycle(
        self, *, force: bool = False, only: Sequence[str] = (), publish: bool = True
    ) -> CycleReport:
        """Run one cycle to the end and return its report (also written to status.json)."""
        return asyncio.run(self.cycle(force=force, only=only, publish=publish))

    async def cycle(
        self, *, force: bool = False, only: Sequence[str] = (), publish: bool = True
    ) -> CycleReport:
        """Fetch what is due (``only``: these sources), ingest, and (``publish``) write the outputs."""
        started = self.clock()
        with Store(self.state_path) as store:
            self._ingestor.refile_keys(store)  # once, after an upgrade changed the candidate keys
            states = store.load_states()
            sources = [s for s in self.config.sources if not only or s.id in only]
            due = [s for s in sources if is_due(s, states.get(s.id), started, force=force)]
            # Healthy sources ask first (as Miniflux orders by error count): when dead hosts hold
            # the request slots until their timeouts, they wait, not the sources that answer.
            due.sort(key=lambda s: states[s.id].failures_in_row if s.id in states else 0)
            reports: dict[str, SourceReport] = {}
            for source in sources:
                if source not in due:
                    reports[source.id] = self._not_due_report(source, states.get(source.id), started)
            # One SQLite connection per cycle. Parsing and analysing run in worker processes (or a
            # thread, for a small cycle), so a huge source doesn't stall the other fetches; what
            # is left, deciding against the store, is small per source and runs on the loop (a
            # second thread would only fight it for the GIL). The lock keeps store use in order.
            store_lock = asyncio.Lock()
            # Per cycle: the scheduler runs several one-source cycles at once on this Runner.
            workers = Workers(self._analyser, processes=self._processes, budget_s=self._parse_budget_s)
            try:
                # A big cycle commits its sources together, about once a second (a one-source
                # cycle of the scheduler commits at once: other jobs' writes must not wait).
                with store.batch(enabled=len(due) >= BATCH_MIN_SOURCES):
                    async with Fetcher(
                        contact=self.config.contact,
                        limits=self.fetch_limits,
                        transport=self.transport,
                        clock=self.clock,
                        robots=store.load_robots(),
                    ) as fetcher:
                        results = await self._run_sources(fetcher, workers, store, store_lock, due, states)
            finally:
                workers.close()  # no idle processes between cycles
            if fetcher.robots_fetched:
                with store.transaction():
                    store.save_robots(fetcher.robots_fetched.values())
            for report in results:
                reports[report.source_id] = report
            ordered = tuple(reports[s.id] for s in sources)
        report = CycleReport(started, self.clock(), ordered)
        if not publish:
            return report
        return self.publish(report, force=any(r.items_new or r.items_updated for r in ordered))

    def publish(self, report: CycleReport, *, force: bool = False) -> CycleReport:
        """Write the outputs (when anything that shapes them changed) and status.json for ``report``."""
        return self._publisher().publish(report, force=force)

    def load_stories(self, store: Store) -> list[Story]:
        """The stories every output shows, in page order (editorial.yaml applied)."""
        return self._publisher().load_stories(store)

    def _publisher(self) -> Publisher:
        return Publisher(
            self.config, output_dir=self.output_dir, state_path=self.state_path, clock=self.clock
        )

    def _not_due_report(self, source: Source, state: SourceState | None, now: datetime) -> SourceReport:
        if not source.enabled:
            return SourceReport(source.id, "skipped", warning="disabled in sources.yaml")
        if is_held_by_retry_after(state, now):
            assert state is not None and state.retry_after_until is not None
            return SourceReport(
                source.id,
                "skipped",
                http_status=state.last_status,
                warning=f"the server asked to wait (Retry-After) until {state.retry_after_until.isoformat()}",
                next_due=state.retry_after_until,
            )
        next_due = state.next_due if state else None
        return SourceReport(source.id, "skipped", warning="not due yet", next_due=next_due)

    async def _run_sources(
        self,
        fetcher: Fetcher,
        workers: Workers,
        store: Store,
        lock: asyncio.Lock,
        due: Sequence[Source],
        states: dict[str, SourceState],
    ) -> list[SourceReport]:
        """Every due source at once, within the cycle's deadline: what is unfinished then is
        stopped and reported as timed out, and the cycle publishes what it has (issue 20)."""
        tasks = {
            asyncio.ensure_future(self._run_source(fetcher, workers, store, lock, s, states.get(s.id))): s
            for s in due
        }
        if not tasks:
            return []
        began = time.monotonic()
        deadline = self.fetch_limits.cycle_deadline_s
        _done, pending = await asyncio.wait(tasks, timeout=deadline)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        reports = []
        for task, source in tasks.items():
            if task in pending:
                error = SourceError(
                    source.id, f"timed out: the cycle's deadline ({deadline:.0f} s) passed before it finished"
                )
                async with lock:
                    reports.append(
                        self._failed(
                            store, source, states.get(source.id) or SourceState(source.id), error, began
                        )
                    )
            else:
                reports.append(task.result())
        return reports

    async def _run_source(
        self,
        fetcher: Fetcher,
        workers: Workers,
        store: Store,
        lock: asyncio.Lock,
        source: Source,
        state: SourceState | None,
    ) -> SourceReport:
        began = time.monotonic()
        state = state or SourceState(source_id=source.id)
        etag, last_modified = validators_for(source, state)
        self.on_event("fetch", source.id, source.url)
        try:
            result = await fetcher.fetch(source.id, source.url, etag=etag, last_modified=last_modified)
            if result.not_modified:
                new_state = after_success(
                    source,
                    state,
                    self.clock(),
                    status=304,
                    etag=result.etag,
                    last_modified=result.last_modified,
                )
                async with lock:
                    store.save_state(new_state, name=source.name)
                    self._commit_now_and_then(store)
                report = SourceReport(
                    source.id,
                    "not_modified",
                    http_status=304,
                    duration_s=time.monotonic() - began,
                    next_due=new_state.next_due,
                )
                self.on_event("done", source.id, "not modified (304)")
                return report
            now = self.clock()
            # Items of an enriched source are analysed after their pages are read, not before.
            parsed, analysed = await self._parse(workers, source, result, now)
            pages = PageReads()
            if source.enrich:
                parsed.raws, pages = await self._enrich(fetcher, workers, store, lock, source, parsed)
            async with lock:
                ingest = self._ingest(source, parsed.raws, store, analysed, pages=pages)
        except SourceError as exc:
            async with lock:
                return self._failed(store, source, state, exc, began)
        warning = "; ".join(parsed.warnings[:5]) or None
        if not parsed.raws:
            warning = "; ".join(filter(None, [warning, "the source returned no items"]))
        new_state = after_success(
            source,
            state,
            self.clock(),
            status=result.status,
            etag=result.etag,
            last_modified=result.last_modified,
            warning=warning,
        )
        async with lock:
            store.save_state(new_state, name=source.name)
            self._commit_now_and_then(store)
        self.on_event(
            "done", source.id, f"{len(parsed.raws)} items, {ingest.new} new, {ingest.updated} updated"
        )
        return SourceReport(
            source.id,
            "ok",
            http_status=result.status,
            items_found=len(parsed.raws),
            items_new=ingest.new,
            items_updated=ingest.updated,
            warning=warning,
            duration_s=time.monotonic() - began,
            next_due=new_state.next_due,
        )

    async def _parse(
        self, workers: Workers, source: Source, result: FetchResult, now: datetime
    ) -> tuple[ParsedResponse, list[Analysed] | None]:
        """Parse (and analyse) one response; whatever a parser raises on it is this source's error."""
        try:
            return await workers.parse(source, result, now, analyse=not source.enrich)
        except SourceError:
            raise
        except Exception as exc:  # a parser's bug met by this input: the source's error, not the cycle's
            log.exception("%s: reading the response failed", source.id)
            raise ParseError(
                source.id, f"the response could not be read ({type(exc).__name__}: {exc})"
            ) from exc

    def _commit_now_and_then(self, store: Store) -> None:
        """Commit a big cycle's batch when a second has passed since the last commit: what a crash
        can lose stays small (and is fetched again), the commits few."""
        store.commit_batch(older_than_s=COMMIT_EVERY_S)

    def _ingest(
        self,
        source: Source,
        raws: list[RawItem],
        store: Store,
        analysed: list[Analysed] | None,
        *,
        pages: PageReads | None = None,
    ) -> IngestResult:
        """Store a source's items, and which of their pages enrichment read or asked for in vain
        (``pages``: a later cycle asks again for those)."""
        now = self.clock()
        try:
            with store.transaction():  # a failure here undoes this source's writes only
                decisions = self._ingestor.prepare(source, raws, store, now, analysed)
                stored = self._ingestor.store_items(source, decisions, store, now)
                if pages is not None:
                    store.mark_pages(source.id, read=pages.read, missed=pages.missed)
                return stored
        except (SourceError, StoreError):
            raise
        except Exception as exc:  # a bug met by this source's items: its error, not the cycle's
            log.exception("%s: storing the items failed", source.id)
            raise ParseError(
                source.id, f"the items could not be stored ({type(exc).__name__}: {exc})"
            ) from exc

    def _failed(
        self, store: Store, source: Source, state: SourceState, exc: SourceError, began: float
    ) -> SourceReport:
        retry_after = exc.retry_after_s if isinstance(exc, FetchError) else None
        new_state = after_failure(
            source, state, self.clock(), error=exc.message, status=exc.http_status, retry_after_s=retry_after
        )
        store.save_state(new_state, name=source.name)
        self._commit_now_and_then(store)
        log.warning("%s: %s (failure %d in a row)", source.id, exc.message, new_state.failures_in_row)
        self.on_event("error", source.id, exc.message)
        return SourceReport(
            source.id,
            "error",
            http_status=exc.http_status,
            error=exc.message,
            duration_s=time.monotonic() - began,
            next_due=new_state.next_due,
        )

    async def _enrich(
        self,
        fetcher: Fetcher,
        workers: Workers,
        store: Store,
        lock: asyncio.Lock,
        source: Source,
        parsed: ParsedResponse,
    ) -> tuple[list[RawItem], PageReads]:
        """The items with what their pages add: new items' pages first, then stored items' pages
        not read yet (past an earlier cycle's cap, or failed then), of the items the source's
        filters want; and whose pages were read or asked for in vain."""
        keys = [item_key(r) for r in parsed.raws]
        async with lock:
            known = store.known_keys(source.id, keys)
            unread = store.unread_pages(source.id, list(known), MAX_PAGE_TRIES) if known else {}
        # The source's include/exclude filters first, on what the listing shows (as Miniflux does
        # before it crawls): an item they leave out is never stored, so its page would otherwise be
        # asked for again on every cycle.
        wanted = [is_wanted(raw, source) for raw in parsed.raws]
        order = [i for i, key in enumerate(keys) if key not in known and wanted[i]]
        # Stored items' unread pages after the new ones, those asked for in vain before last.
        stored = [i for i, key in enumerate(keys) if key in unread and wanted[i]]
        order += sorted(stored, key=lambda i: unread[keys[i]])
        chosen = [parsed.raws[i] for i in order]
        enrichment = await enrich_items(fetcher, source, chosen, self.clock(), workers=workers)
        parsed.warnings.extend(enrichment.warnings)
        raws = list(parsed.raws)
        for index, raw in zip(order, enrichment.raws, strict=True):
            raws[index] = raw
        return raws, PageReads(
            read=[keys[order[k]] for k in sorted(enrichment.read)],
            missed=[keys[order[k]] for k in sorted(enrichment.tried - enrichment.read)],
        )
