"""Parsing and analysing responses in worker processes, so that a cycle uses every core.

A cycle's CPU work is per response: feedparser or BeautifulSoup (~0.35 ms an entry), then each
item's language, areas and story profile (~0.4 ms, ``pipeline.analyse``). Threads cannot share
that out (the GIL); processes can. The pool is started only for cycles with enough responses to
repay it (a forkserver and its workers cost ~0.3 s to start, overlapped with the first fetches),
and only where there is more than one core; otherwise the same functions run in a thread.

Workers come from a ``forkserver`` that imported the parsers and built the lexicons once, so each
worker starts in milliseconds and a scheduler's threads are never forked. Each worker builds its
own ``Analyser`` for the configured areas (its initializer), and keeps it for its lifetime.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import datetime

from .analyse import Analysed, Analyser
from .dedupe.lexicon import ConceptIndex
from .parse import ParsedResponse, parse_response
from .records import AreaDef, FetchResult, Source

__all__ = ["MAX_ITEMS_PER_SOURCE", "MIN_RESPONSES_FOR_PROCESSES", "Workers", "parse_and_analyse"]

# A cycle with fewer responses to read than this parses them in threads: a pool would cost more
# to start than it saves.
MIN_RESPONSES_FOR_PROCESSES = 12
# A response with more entries than this is a dump, not news; reading it all would stall the cycle.
MAX_ITEMS_PER_SOURCE = 500

# The worker's analyser, built by its initializer. A worker process does one thing for its
# whole life, so the state is the process's own, not shared with anything else.
_ANALYSER: Analyser | None = None


def _start_worker(areas: tuple[AreaDef, ...]) -> None:
    global _ANALYSER
    _ANALYSER = Analyser(areas)
    ConceptIndex.default()  # built now, not inside the first task


def parse_and_analyse(
    source: Source, result: FetchResult, now: datetime, analyser: Analyser | None = None, *, analyse: bool
) -> tuple[ParsedResponse, list[Analysed] | None]:
    """Parse one response and (``analyse``) analyse its items. Pure: runs in any process.

    Raises what ``parse_response`` raises (``ParseError``), pickled back to the caller.
    """
    parsed = parse_response(source, result, now=now)
    if len(parsed.raws) > MAX_ITEMS_PER_SOURCE:
        parsed.warnings.append(
            f"{len(parsed.raws)} items in one response; only the first {MAX_ITEMS_PER_SOURCE} were read"
        )
        parsed.raws = parsed.raws[:MAX_ITEMS_PER_SOURCE]
    if not analyse:
        return parsed, None
    chosen = analyser or _ANALYSER
    assert chosen is not None, "no analyser: pass one, or run in a started worker"
    return parsed, chosen.analyse(source, parsed.raws, now)


class Workers:
    """Where a cycle parses and analyses: a process pool when it pays, else threads.

    One per Runner and configuration of areas; ``close()`` stops the processes.
    """

    def __init__(self, analyser: Analyser, *, processes: int | None = None) -> None:
        self.analyser = analyser
        self.processes = processes if processes is not None else (os.cpu_count() or 1)
        self._pool: Executor | None = None

    def prepare(self, responses: int) -> None:
        """Start the pool (in the background) when a cycle will read ``responses`` responses."""
        if self._pool is None and self.processes > 1 and responses >= MIN_RESPONSES_FOR_PROCESSES:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["pipeline.workers"])
            self._pool = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=context,
                initializer=_start_worker,
                initargs=(self.analyser.areas,),
            )

    async def parse(
        self, source: Source, result: FetchResult, now: datetime, *, analyse: bool
    ) -> tuple[ParsedResponse, list[Analysed] | None]:
        """``parse_and_analyse`` in the pool if there is one, else in a thread."""
        if self._pool is None:
            return await asyncio.to_thread(
                parse_and_analyse, source, result, now, self.analyser, analyse=analyse
            )
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, _pool_task, source, result, now, analyse)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _pool_task(
    source: Source, result: FetchResult, now: datetime, analyse: bool
) -> tuple[ParsedResponse, list[Analysed] | None]:
    return parse_and_analyse(source, result, now, analyse=analyse)
