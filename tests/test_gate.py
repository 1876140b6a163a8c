"""The fetcher's priority gate (issue 20): started fetches before new ones, no slot lost."""

from __future__ import annotations

import asyncio

from pipeline.gate import PriorityGate


def test_waiters_are_served_by_priority_then_arrival() -> None:
    async def go() -> list[str]:
        gate = PriorityGate(1)
        served: list[str] = []
        await gate.acquire()

        async def wait(name: str, priority: int) -> None:
            await gate.acquire(priority)
            served.append(name)
            gate.release()

        tasks = [
            asyncio.create_task(wait(name, p)) for name, p in [("new-1", 1), ("new-2", 1), ("started", 0)]
        ]
        await asyncio.sleep(0)  # let all three queue up
        gate.release()
        await asyncio.gather(*tasks)
        return served

    assert asyncio.run(go()) == ["started", "new-1", "new-2"]


def test_a_cancelled_waiter_loses_no_slot() -> None:
    async def go() -> int:
        gate = PriorityGate(2)
        await gate.acquire()
        await gate.acquire()
        cancelled = asyncio.create_task(gate.acquire(0))
        waiting = asyncio.create_task(gate.acquire(1))
        await asyncio.sleep(0)
        cancelled.cancel()
        gate.release()  # skips the cancelled waiter, goes to the next
        await asyncio.wait_for(waiting, 1)
        gate.release()
        gate.release()
        # both slots are free again: two acquire at once without waiting
        await asyncio.wait_for(asyncio.gather(gate.acquire(), gate.acquire()), 1)
        return gate._free

    assert asyncio.run(go()) == 0


def test_a_slot_granted_to_a_task_cancelled_before_it_ran_is_passed_on() -> None:
    async def go() -> None:
        gate = PriorityGate(1)
        await gate.acquire()
        first = asyncio.create_task(gate.acquire())
        second = asyncio.create_task(gate.acquire())
        await asyncio.sleep(0)
        gate.release()  # granted to `first`...
        first.cancel()  # ...which is cancelled before it resumes
        await asyncio.wait_for(second, 1)  # the slot reached `second`

    asyncio.run(go())
