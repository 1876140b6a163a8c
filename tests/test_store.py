"""The state database: migrations keep what was stored; timestamps sort; errors are StoreErrors."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.errors import StoreError
from pipeline.store import _MIGRATIONS, SCHEMA_VERSION, Store, from_ts, to_ts


def _state_at(path: Path, version: int) -> None:
    db = sqlite3.connect(path)
    for target in range(1, version + 1):
        db.executescript("BEGIN;" + _MIGRATIONS[target] + f"; PRAGMA user_version={target}; COMMIT;")
    stamp = "2025-05-19T10:00:00.000000Z"
    db.execute("INSERT INTO stories (id, guid, created, published, representative) VALUES (1, 'g1', ?, ?, 1)",
               (stamp, stamp))
    db.execute(
        "INSERT INTO items (id, source_id, key, story_id, title, link, summary, content_html, published, dated,"
        " language, areas, first_seen, last_seen, content_hash) VALUES (1, 'icc', 'guid:1', 1, 'T', "
        "'https://a.example/1', '', '', ?, 1, 'en', '[]', ?, ?, 'h')",
        (stamp, stamp, stamp),
    )
    db.execute("INSERT INTO story_keys (key, story_id, published) VALUES ('w:cities', 1, ?)", (stamp,))
    db.commit()
    db.close()


def test_a_version_2_state_is_migrated_without_losing_anything(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    _state_at(path, 2)
    with Store(path) as store:
        assert store.integrity_ok() and store.count_items() == 1 and store.count_stories() == 1
        assert store.candidate_story_ids(["w:cities"], since=datetime(2025, 5, 1, tzinfo=UTC),
                                         until=datetime(2025, 6, 1, tzinfo=UTC)) == [1]
        # the key now knows its source: that source's own new items do not get it as a word candidate
        assert store.candidate_story_ids(["w:cities"], since=datetime(2025, 5, 1, tzinfo=UTC),
                                         until=datetime(2025, 6, 1, tzinfo=UTC), other_than_source="icc") == []
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_newer_state_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    sqlite3.connect(path).execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer version"):
        Store(path)


def test_timestamps_round_trip_and_sort() -> None:
    early, late = datetime(999, 1, 1, tzinfo=UTC), datetime(2025, 5, 1, 3, 4, 5, 6, tzinfo=UTC)
    assert from_ts(to_ts(late)) == late and from_ts(to_ts(early)) == early
    assert to_ts(early) < to_ts(late)  # zero-padded years sort as dates


def test_sqlite_failures_are_store_errors(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    store.close()
    with pytest.raises(StoreError, match="count_items failed"):
        store.count_items()
