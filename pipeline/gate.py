"""A semaphore that serves its waiters by priority, then by arrival.

The fetcher's global request slots (issue 20): with a plain FIFO semaphore, a source whose
robots.txt was read queues its page request behind every other source's first request, so a
thousand hosts that accept and never answer (each holding a slot until its deadline) starve a
healthy source half-way through its fetch. A fetch that has started is served first, so it ends
and frees its slot; new fetches wait.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools

__all__ = ["PriorityGate"]


class PriorityGate:
    """``slots`` holders at once; a waiter with a lower ``priority`` number goes first."""

    def __init__(self, slots: int) -> None:
        self._free = slots
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._arrival = itertools.count()

    async def acquire(self, priority: int = 0) -> None:
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return
        granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (priority, next(self._arrival), granted))
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                self.release()  # the slot came with the cancellation: pass it on
            raise

    def release(self) -> None:
        while self._waiters:
            _priority, _arrival, granted = heapq.heappop(self._waiters)
            if not granted.done():  # a cancelled waiter's future is done: skip it
                granted.set_result(None)  # the slot goes straight to the waiter
                return
        self._free += 1
