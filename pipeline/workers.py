"""Parsing and analysing responses in worker processes: every core used, every response bounded.

A cycle's CPU work is per response: feedparser or BeautifulSoup (~0.35 ms an entry), then each
item's language, areas and story profile (~0.4 ms, ``pipeline.analyse``). Threads cannot share
that out (the GIL) and cannot be stopped; processes can do both. So every response, and every item
page enrichment reads (``read_page``), is read in a worker process, with two bounds (issue 20):
``budget_s`` of wall time (a page nested 100,000 deep, a selector that explodes, a million entities:
the worker is killed and the source gets the error "took too long to read") and ``memory_bytes`` of
address space (an allocation beyond it fails in the worker, as that source's error). A worker that
dies takes only its own response with it.

Workers come from a ``forkserver`` (each starts in milliseconds, and a scheduler's threads are
never forked), one per core, started on the first response of a cycle and stopped at its end. A
worker builds its ``Analyser`` for the configured areas once and keeps it. The parent talks to a
worker through a pipe, in a thread of its own, so the event loop never blocks on a big body.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import resource
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from typing import Any

from .analyse import Analysed, Analyser
from .dedupe.lexicon import ConceptIndex
from .errors import ParseError
from .parse import ParsedResponse, parse_response
from .parse.encoding import charset_from_content_type
from .parse.pages import PageInfo, parse_item_page
from .records import AreaDef, FetchResult, Source

__all__ = ["PARSE_BUDGET_S", "Workers", "parse_and_analyse", "read_page"]

log = logging.getLogger(__name__)

# Wall time one response may take to be parsed and analysed: 500 feed entries take ~0.5 s.
PARSE_BUDGET_S = 30.0
# Address space of a worker (its Python, parsers and lexicons take ~0.4 GB of it).
WORKER_MEMORY_BYTES = 2 * 1024**3


def parse_and_analyse(
    source: Source, result: FetchResult, now: datetime, analyser: Analyser | None, *, analyse: bool
) -> tuple[ParsedResponse, list[Analysed] | None]:
    """Parse one response and (``analyse``) analyse its items. Pure: runs in any process.

    Raises what ``parse_response`` raises (``ParseError``).
    """
    parsed = parse_response(source, result, now=now)  # at most MAX_ITEMS_PER_SOURCE items
    if not analyse or analyser is None:
        return parsed, None
    return parsed, analyser.analyse(source, parsed.raws, now)


def read_page(result: FetchResult, now: datetime, encoding: str | None) -> PageInfo:
    """An item's own page (enrichment) read as ``parse_item_page`` reads it. Pure: runs in any
    process; a worker's bounds apply to it as to a response (a page of 300,000 tags takes ~19 s)."""
    return parse_item_page(
        result.body,
        page_url=result.url,
        now=now,
        encoding=encoding,
        headers_charset=charset_from_content_type(result.header("content-type")),
    )


def _worker_main(conn: Connection, areas: tuple[AreaDef, ...], memory_bytes: int) -> None:
    """A worker's life: build the analyser, then read responses until told to stop."""
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit already: keep it
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    analyser = Analyser(areas)
    ConceptIndex.default()  # built now, not inside the first response's budget
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        kind, source, *args = task
        reply: tuple[str, Any]
        try:
            if kind == "page":
                reply = ("ok", read_page(*args))
            else:
                result, now, analyse = args
                reply = ("ok", parse_and_analyse(source, result, now, analyser, analyse=analyse))
        except BaseException as exc:  # MemoryError, RecursionError, a parser's bug: the source's error
            reply = ("error", exc)
        try:
            conn.send(reply)
        except Exception as exc:  # a result that cannot be pickled: say so rather than hang
            conn.send(("error", ParseError(source.id, f"the result could not be returned: {exc}")))


@dataclass(slots=True)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection


class Workers:
    """Where a cycle parses and analyses: worker processes (``processes``, default one per core),
    each response within ``budget_s`` and ``memory_bytes``. ``processes=0``: in a thread, unbounded
    (for tests of the parsers' own behaviour only)."""

    def __init__(
        self,
        analyser: Analyser,
        *,
        processes: int | None = None,
        budget_s: float = PARSE_BUDGET_S,
        memory_bytes: int = WORKER_MEMORY_BYTES,
    ) -> None:
        self.analyser = analyser
        self.processes = processes if processes is not None else (os.cpu_count() or 1)
        self.budget_s = budget_s
        self.memory_bytes = memory_bytes
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: list[_Worker] = []
        self._pipes: ThreadPoolExecutor | None = None
        self._starting = 0

    async def parse(
        self, source: Source, result: FetchResult, now: datetime, *, analyse: bool
    ) -> tuple[ParsedResponse, list[Analysed] | None]:
        """``parse_and_analyse`` in a worker, within the bounds; raises the source's ParseError."""
        if self.processes <= 0:
            return await asyncio.to_thread(
                parse_and_analyse, source, result, now, self.analyser, analyse=analyse
            )
        return await self._exchange(source, ("response", source, result, now, analyse), "the response")

    async def read_page(self, source: Source, result: FetchResult, now: datetime) -> PageInfo:
        """An item's page (``read_page``) in a worker, within the bounds: a huge page never holds
        the cycle's event loop. Raises ParseError."""
        if self.processes <= 0:
            return await asyncio.to_thread(read_page, result, now, source.encoding)
        return await self._exchange(source, ("page", source, result, now, source.encoding), "the page")

    async def _exchange(self, source: Source, task: tuple[Any, ...], what: str) -> Any:
        loop = asyncio.get_running_loop()
        worker = await self._acquire()
        assert self._pipes is not None
        try:
            await loop.run_in_executor(self._pipes, worker.conn.send, task)
            status, payload = await asyncio.wait_for(
                loop.run_in_executor(self._pipes, worker.conn.recv), self.budget_s
            )
        except TimeoutError:
            self._kill(worker)
            raise ParseError(
                source.id, f"{what} took too long to read (over {self.budget_s:.0f} s) and was skipped"
            ) from None
        except (EOFError, OSError) as exc:
            self._kill(worker)
            raise ParseError(
                source.id, f"reading {what} stopped its worker process ({type(exc).__name__})"
            ) from exc
        except BaseException:
            self._kill(worker)  # cancelled mid-exchange: the worker's state is unknown
            raise
        self._release(worker)
        if status == "error":
            raise payload
        return payload

    async def _acquire(self) -> _Worker:
        if self._idle is None:
            self._idle = asyncio.Queue()
            self._pipes = ThreadPoolExecutor(max_workers=2 * self.processes + 2, thread_name_prefix="pipes")
        if self._idle.empty() and len(self._all) + self._starting < self.processes:
            self._starting += 1
            try:
                worker = await asyncio.get_running_loop().run_in_executor(self._pipes, self._start)
            finally:
                self._starting -= 1
            self._all.append(worker)
            return worker
        return await self._idle.get()

    def _start(self) -> _Worker:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pipeline.workers"])
        parent, child = context.Pipe()
        process = context.Process(
            target=_worker_main,
            args=(child, self.analyser.areas, self.memory_bytes),
            name="pipeline-worker",
            daemon=True,
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _release(self, worker: _Worker) -> None:
        assert self._idle is not None
        self._idle.put_nowait(worker)

    def _kill(self, worker: _Worker) -> None:
        """Stop a worker at once (its response is lost); the next response starts a new one."""
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        if worker in self._all:
            self._all.remove(worker)

    def close(self) -> None:
        """Stop every worker (they finish nothing more) and the pipe threads."""
        for worker in self._all:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self._all:
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(2)
            worker.conn.close()
        self._all.clear()
        self._idle = None
        if self._pipes is not None:
            self._pipes.shutdown(wait=True)
            self._pipes = None
