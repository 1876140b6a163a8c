"""new / updated / unchanged, and the cap on updates that only the content hash asks for (issue 17,
reader's #225): the pure decision as a table, then polls through the real ingest path and a real
SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.analyse import Analyser
from pipeline.ingest import Ingestor
from pipeline.intents import HASH_CHANGED_LIMIT, decide_item
from pipeline.records import Item, RawItem, Source
from pipeline.store import KnownItem, Store

T0 = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)
ITEM = Item(source_id="s", key="guid:1", title="Kurs języka polskiego", link="https://s.example/1",
            summary="Zapisy trwają.", published=T0, dated=True, updated=T0)  # fmt: skip


def _known(hash_changed: int = 0, digest: str = "old", updated: datetime | None = T0) -> KnownItem:
    stored = Item(**{**{f: getattr(ITEM, f) for f in ITEM.__dataclass_fields__}, "updated": updated})
    return KnownItem(1, 1, T0, T0, True, digest, stored, hash_changed)


@pytest.mark.parametrize(
    ("stored", "incoming_updated", "digest", "status", "hash_changed"),
    [
        (None, T0, "new", "new", 0),
        (_known(), T0, "old", "unchanged", 0),
        (_known(), T0, "other", "updated", 1),
        (_known(hash_changed=5), T0, "other", "updated", 6),
        (_known(hash_changed=HASH_CHANGED_LIMIT - 1), T0, "other", "updated", HASH_CHANGED_LIMIT),
        (_known(hash_changed=HASH_CHANGED_LIMIT), T0, "other", "unchanged", HASH_CHANGED_LIMIT),
        # a new date is trusted: an update, and the count starts over
        (_known(hash_changed=HASH_CHANGED_LIMIT), T0 + timedelta(hours=1), "other", "updated", 0),
        (_known(hash_changed=3), T0 + timedelta(hours=1), "old", "updated", 0),
        # an entry without a date of its own is judged by its content alone
        (_known(updated=None), None, "old", "unchanged", 0),
        (_known(updated=None, hash_changed=2), None, "other", "updated", 3),
    ],
)
def test_decide_item(
    stored: KnownItem | None, incoming_updated: datetime | None, digest: str, status: str, hash_changed: int
) -> None:
    incoming = Item(
        **{**{f: getattr(ITEM, f) for f in ITEM.__dataclass_fields__}, "updated": incoming_updated}
    )
    intent = decide_item(stored, incoming, digest)
    assert (intent.status, intent.hash_changed) == (status, hash_changed), intent.reason


def test_an_entry_that_changes_on_every_poll_stops_being_updated(tmp_path: Path) -> None:
    source = Source(id="s", name="S", url="https://s.example/feed")
    ingestor = Ingestor(Analyser(), priorities={})

    def poll(number: int, updated: datetime | None = None) -> str:
        raw = RawItem(
            title="Kurs języka polskiego dla cudzoziemców",
            link="https://s.example/kurs",
            guid="kurs",
            summary=f"Zapisy trwają. Stronę odwiedzono {1000 + number} razy.",  # a counter in the text
            published=T0,
            updated=updated,
        )
        now = T0 + timedelta(hours=number)
        with Store(tmp_path / "state.sqlite3") as store:
            decisions = ingestor.prepare(source, [raw], store, now)
            ingestor.store_items(source, decisions, store, now)
        return decisions[0].status

    statuses = [poll(n) for n in range(HASH_CHANGED_LIMIT + 6)]
    assert statuses[0] == "new"
    assert statuses[1 : HASH_CHANGED_LIMIT + 1] == ["updated"] * HASH_CHANGED_LIMIT
    assert statuses[HASH_CHANGED_LIMIT + 1 :] == ["unchanged"] * 5
    # Its own date changes: updated again, and content changes count from zero.
    assert poll(100, updated=T0 + timedelta(days=1)) == "updated"
    assert poll(101, updated=T0 + timedelta(days=1)) == "updated"
