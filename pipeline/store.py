"""The only module that talks SQLite: source state, items, stories and their candidate keys.

One file (WAL mode, so readers such as ``status`` never block a cycle), a schema version in
``PRAGMA user_version`` with forward migrations, and one transaction per source's results so a
crash leaves either all or none of a source's update (a cycle commits several sources' savepoints
together: ``batch``). Nothing is ever deleted because a source failed or dropped an item from its
feed.

Why one module of ~980 lines: it is the project's one door to SQLite (STYLE.md), every statement
in one place next to the schema it depends on; splitting it by table is issue 17's work.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .errors import StoreError

# KnownItem and StoryRow are what the store hands out; they live with the other records (issue 17).
from .records import (
    AreaMatch,
    EventHint,
    Item,
    KnownItem,
    Member,
    Posting,
    RobotsRecord,
    SourceState,
    StoredItem,
    StoryRow,
)

SCHEMA_VERSION = 10

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        name TEXT,
        etag TEXT,
        last_modified TEXT,
        validators_url TEXT,
        last_attempt TEXT,
        last_success TEXT,
        last_error TEXT,
        last_status INTEGER,
        last_warning TEXT,
        failures_in_row INTEGER NOT NULL DEFAULT 0,
        next_due TEXT,
        retry_after_until TEXT
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        created TEXT NOT NULL,
        published TEXT NOT NULL,         -- the representative's date: the order of the outputs
        representative INTEGER           -- items.id
    );
    CREATE INDEX stories_by_published ON stories (published DESC);
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL,
        key TEXT NOT NULL,
        story_id INTEGER NOT NULL REFERENCES stories (id),
        title TEXT NOT NULL,
        link TEXT NOT NULL,
        summary TEXT NOT NULL,
        content_html TEXT NOT NULL,
        published TEXT NOT NULL,
        dated INTEGER NOT NULL,
        updated TEXT,
        image_url TEXT,
        image_alt TEXT,
        language TEXT NOT NULL,
        areas TEXT NOT NULL,             -- JSON: [[slug, score, [words], by_source, learned], ...]
        author TEXT,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        UNIQUE (source_id, key)
    );
    CREATE INDEX items_by_story ON items (story_id);
    CREATE TABLE story_keys (
        key TEXT NOT NULL,
        story_id INTEGER NOT NULL,
        published TEXT NOT NULL,
        PRIMARY KEY (key, story_id)
    ) WITHOUT ROWID;
    """,
    # Candidate keys are looked up inside a time window: index the window, so a common word's
    # key over years of stories costs only its rows near the item's date.
    2: """
    CREATE INDEX story_keys_by_key_published ON story_keys (key, published);
    CREATE TABLE robots (
        origin TEXT PRIMARY KEY,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        fetched TEXT NOT NULL
    );
    """,
    # Which source filed each key: word matches with a source's own stories never merge, so they
    # must not take the few candidate places from other sources' stories.
    3: """
    CREATE TABLE story_keys_v3 (
        key TEXT NOT NULL,
        story_id INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        published TEXT NOT NULL,
        PRIMARY KEY (key, story_id, source_id)
    ) WITHOUT ROWID;
    INSERT INTO story_keys_v3 (key, story_id, source_id, published)
        SELECT k.key, k.story_id,
               COALESCE((SELECT i.source_id FROM items i WHERE i.story_id = k.story_id
                         ORDER BY i.id LIMIT 1), ''),
               k.published
        FROM story_keys k;
    DROP TABLE story_keys;
    ALTER TABLE story_keys_v3 RENAME TO story_keys;
    CREATE INDEX story_keys_by_key_published ON story_keys (key, published);
    """,
    # Issue 13: keys are looked up by (key, window) only, so the primary key is that order and
    # the second index goes (one B-tree to write per key, not two). The keys themselves changed
    # (dedupe.KEYS_VERSION): the table starts empty and the ingestor refiles every stored item.
    4: """
    DROP TABLE story_keys;
    CREATE TABLE story_keys (
        key TEXT NOT NULL,
        published TEXT NOT NULL,
        story_id INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        PRIMARY KEY (key, published, story_id, source_id)
    ) WITHOUT ROWID;
    DELETE FROM meta WHERE key = 'keys_version';
    """,
    # Issue 15: editors name items by link (hide, pin, split); find them without a table scan.
    5: """
    CREATE INDEX items_by_link ON items (link);
    """,
    # Issue 17 (reader's #225): updates in a row caused by the content hash alone, to cap an entry
    # whose text changes on every poll (a clock, a view counter in the feed).
    6: """
    ALTER TABLE items ADD COLUMN hash_changed INTEGER NOT NULL DEFAULT 0;
    """,
    # Issue 13: an undated item of a source's first reading has no known time (Item.backfilled).
    7: """
    ALTER TABLE items ADD COLUMN backfilled INTEGER NOT NULL DEFAULT 0;
    """,
    # Issue 18: the event an item's page states (JSON-LD Event) and the start of the page's text
    # (an event's hour the teaser leaves out), read once by enrichment; an events calendar's date line.
    8: """
    ALTER TABLE items ADD COLUMN event TEXT;
    ALTER TABLE items ADD COLUMN page_text TEXT NOT NULL DEFAULT '';
    ALTER TABLE items ADD COLUMN date_line TEXT NOT NULL DEFAULT '';
    """,
    # Issue 13: how many stored items state each story feature (a place, a concept, a name) on
    # each day, so that a feature every item of the window states weighs nothing, looked up or not
    # (dedupe.event). The ingestor fills it for the stored items when it refiles their keys.
    9: """
    CREATE TABLE feature_days (
        feature TEXT NOT NULL,
        day INTEGER NOT NULL,
        items INTEGER NOT NULL,
        PRIMARY KEY (feature, day)
    ) WITHOUT ROWID;
    DELETE FROM meta WHERE key = 'keys_version';
    """,
    # Whether enrichment read an item's page: -1 read; 0 not asked yet (a page left over by a
    # cycle's cap too); N asked N times in vain. A later cycle asks again for the unread ones, a
    # bounded number of times (enrich.MAX_PAGE_TRIES). The pages whose text is stored were read.
    10: """
    ALTER TABLE items ADD COLUMN page_state INTEGER NOT NULL DEFAULT 0;
    UPDATE items SET page_state = -1 WHERE page_text != '';
    """,
}


_BOUND_PARAMETERS = 500  # per statement: well under SQLite's limit on bound parameters


def _chunks(values: Sequence[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), _BOUND_PARAMETERS):
        yield list(values[start : start + _BOUND_PARAMETERS])


def to_ts(value: datetime | None) -> str | None:
    """UTC ISO-8601 text that sorts like the datetime it stands for."""
    if value is None:
        return None
    value = value.astimezone(UTC)
    # f-string, not strftime: glibc does not zero-pad %Y, and "999-…" would sort after "2025-…".
    return f"{value.year:04d}-{value:%m-%dT%H:%M:%S.%f}Z"


def from_ts(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value)  # 40x faster than strptime; reads the trailing "Z" (3.11+)


@dataclass(frozen=True, slots=True)
class SourceCounts:
    items: int
    newest: datetime | None
    undated: int


def _translate_errors(cls: type) -> type:
    """Every public method of the store raises StoreError, never sqlite3's own exceptions
    (e.g. "database is locked" after the busy timeout), so callers see one exception tree."""

    def wrap(method):  # type: ignore[no-untyped-def]
        @functools.wraps(method)
        def translated(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: {method.__name__} failed: {exc}") from exc

        return translated

    for name, value in list(vars(cls).items()):
        if callable(value) and not name.startswith("_") and name not in ("transaction", "batch"):
            setattr(cls, name, wrap(value))
    return cls


@_translate_errors
class Store:
    """An open state database. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        self._batch_open = False
        self._batch_began = 0.0
        self._savepoints = 0
        try:
            if read_only:
                # For `preview` and `status`: no migration, no journal change, nothing written.
                self._db = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?mode=ro",
                    uri=True,
                    timeout=30,
                    isolation_level=None,
                )
                self._db.row_factory = sqlite3.Row
                version = self._db.execute("PRAGMA user_version").fetchone()[0]
                if version != SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.path} has schema {version}, not {SCHEMA_VERSION}: run a cycle first"
                    )
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One thread per connection, enforced (sqlite3's default check): a second thread's use
            # raises at once instead of racing the first (issue 20, case 9: a segfault).
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; safe under WAL
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute(
                "PRAGMA cache_size=-32000"
            )  # 32 MB: the key index of a cold cycle stays in memory
            self._db.execute("PRAGMA wal_autocheckpoint=20000")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the state database {self.path}: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot create the folder of the state database {self.path}: {exc}") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer version (schema {version} > {SCHEMA_VERSION}); "
                "upgrade the program or point --state elsewhere"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            # executescript commits any open transaction first, so the script carries its own.
            self._db.executescript(
                "BEGIN IMMEDIATE;" + _MIGRATIONS[target] + f"; PRAGMA user_version={target}; COMMIT;"
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: a crash or error inside leaves the database as it was.

        Inside a :meth:`batch` (or another transaction) this is a savepoint: an error undoes only
        this transaction's writes, and the outer transaction commits it with the others.
        """
        if self._db.in_transaction:  # inside a batch or another transaction
            name = f"tx{self._savepoints}"
            self._savepoints += 1
            self._db.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                self._db.execute(f"ROLLBACK TO {name}")
                self._db.execute(f"RELEASE {name}")
                raise
            self._db.execute(f"RELEASE {name}")
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot start a transaction on {self.path}: {exc}") from exc
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot commit to {self.path}: {exc}") from exc

    @contextmanager
    def batch(self, *, enabled: bool = True) -> Iterator[None]:
        """One write transaction for many: a cycle's sources (each a :meth:`transaction`, with its
        state) commit together every :meth:`commit_batch`, not one by one (a commit writes every
        page the source touched in the key index; 200 sources a second spent a second on that).
        A crash loses what was not committed yet, items and source states together: those
        sources are simply fetched again (their validators were not saved either).
        ``enabled=False``: no batch, every transaction commits at once."""
        if not enabled:
            yield
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot start a transaction on {self.path}: {exc}") from exc
        self._batch_open = True
        self._batch_began = time.monotonic()
        try:
            yield
        finally:
            # Every transaction inside was released whole or rolled back whole, so what the
            # batch holds is complete sources: keep it, even when the cycle stops on an error.
            self._batch_open = False
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise StoreError(f"cannot commit to {self.path}: {exc}") from exc

    def commit_batch(self, *, older_than_s: float = 0.0) -> None:
        """Commit what the open :meth:`batch` holds (when it began ``older_than_s`` ago or more),
        and go on in a new transaction."""
        if self._batch_open and time.monotonic() - self._batch_began >= older_than_s:
            self._db.execute("COMMIT")
            self._db.execute("BEGIN IMMEDIATE")
            self._batch_began = time.monotonic()

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def count_up(self, key: str) -> None:
        """Add one to the number kept under ``key`` in meta (0 when absent)."""
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, '1') "
            "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
            (key,),
        )

    def integrity_ok(self) -> bool:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # --- source state ---------------------------------------------------------------------------

    def load_states(self) -> dict[str, SourceState]:
        rows = self._db.execute("SELECT * FROM sources").fetchall()
        return {row["id"]: _state_from_row(row) for row in rows}

    def source_names(self) -> dict[str, str]:
        return {r["id"]: r["name"] for r in self._db.execute("SELECT id, name FROM sources") if r["name"]}

    def save_state(self, state: SourceState, *, name: str | None = None) -> None:
        self._db.execute(
            """
            INSERT INTO sources (id, name, etag, last_modified, validators_url, last_attempt, last_success,
                                 last_error, last_status, last_warning, failures_in_row, next_due,
                                 retry_after_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                name = COALESCE(excluded.name, sources.name), etag = excluded.etag,
                last_modified = excluded.last_modified, validators_url = excluded.validators_url,
                last_attempt = excluded.last_attempt, last_success = excluded.last_success,
                last_error = excluded.last_error, last_status = excluded.last_status,
                last_warning = excluded.last_warning, failures_in_row = excluded.failures_in_row,
                next_due = excluded.next_due, retry_after_until = excluded.retry_after_until
            """,
            (
                state.source_id,
                name,
                state.etag,
                state.last_modified,
                state.validators_url,
                to_ts(state.last_attempt),
                to_ts(state.last_success),
                state.last_error,
                state.last_status,
                state.last_warning,
                state.failures_in_row,
                to_ts(state.next_due),
                to_ts(state.retry_after_until),
            ),
        )

    def load_robots(self) -> dict[str, RobotsRecord]:
        return {
            row["origin"]: RobotsRecord(row["origin"], row["status"], row["body"], from_ts(row["fetched"]))  # type: ignore[arg-type]
            for row in self._db.execute("SELECT origin, status, body, fetched FROM robots")
        }

    def save_robots(self, records: Iterable[RobotsRecord]) -> None:
        self._db.executemany(
            "INSERT INTO robots (origin, status, body, fetched) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (origin) DO UPDATE SET status = excluded.status, body = excluded.body, "
            "fetched = excluded.fetched",
            [(r.origin, r.status, r.body, to_ts(r.fetched)) for r in records],
        )

    def source_counts(self) -> dict[str, SourceCounts]:
        rows = self._db.execute(
            "SELECT source_id, COUNT(*) AS n, MAX(CASE WHEN dated THEN published END) AS newest, "
            "SUM(CASE WHEN dated THEN 0 ELSE 1 END) AS undated FROM items GROUP BY source_id"
        )
        return {r["source_id"]: SourceCounts(r["n"], from_ts(r["newest"]), r["undated"] or 0) for r in rows}

    # --- items ----------------------------------------------------------------------------------

    def known_items(self, source_id: str, keys: Sequence[str]) -> dict[str, KnownItem]:
        """The stored items of ``source_id`` among ``keys``."""
        found: dict[str, KnownItem] = {}
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                f"SELECT * FROM items WHERE source_id = ? AND key IN ({marks})", [source_id, *chunk]
            ):
                stored = _stored_from_row(row)
                found[row["key"]] = KnownItem(
                    id=row["id"],
                    story_id=row["story_id"],
                    first_seen=stored.first_seen,
                    published=stored.item.published,
                    dated=stored.item.dated,
                    content_hash=row["content_hash"],
                    item=stored.item,
                    hash_changed=row["hash_changed"],
                )
        return found

    def known_keys(self, source_id: str, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` the store already has for ``source_id`` (cheap: no rows are built)."""
        return {key for (key,) in self._keyed_rows(source_id, keys, "key")}

    def unread_pages(self, source_id: str, keys: Sequence[str], max_tries: int) -> dict[str, int]:
        """Which of ``keys`` are stored items of ``source_id`` whose page enrichment has not read,
        asked for fewer than ``max_tries`` times: key -> times asked."""
        condition = "AND page_state >= 0 AND page_state < ?"
        return dict(self._keyed_rows(source_id, keys, "key, page_state", condition, max_tries))

    def _keyed_rows(
        self, source_id: str, keys: Sequence[str], columns: str, condition: str = "", *params: object
    ) -> list[tuple[Any, ...]]:
        """``columns`` of the items of ``source_id`` with these ``keys`` (and ``condition``)."""
        rows: list[tuple[Any, ...]] = []
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            rows.extend(
                tuple(row)
                for row in self._db.execute(
                    f"SELECT {columns} FROM items WHERE source_id = ? AND key IN ({marks}) {condition}",
                    [source_id, *chunk, *params],
                )
            )
        return rows

    def mark_pages(self, source_id: str, *, read: Sequence[str], missed: Sequence[str]) -> None:
        """Record enrichment's reads of these stored items' pages: ``read`` for good, ``missed``
        (asked for, not read) one more try."""
        for chunk in _chunks(read):
            marks = ",".join("?" * len(chunk))
            self._db.execute(
                f"UPDATE items SET page_state = -1 WHERE source_id = ? AND key IN ({marks})",
                [source_id, *chunk],
            )
        for chunk in _chunks(missed):
            marks = ",".join("?" * len(chunk))
            self._db.execute(
                f"UPDATE items SET page_state = page_state + 1 WHERE source_id = ? AND key IN ({marks}) "
                "AND page_state >= 0",
                [source_id, *chunk],
            )

    def next_ids(self) -> tuple[int, int]:
        """The next free item and story ids, for a caller that holds the write transaction and
        writes a source's items in bulk (:meth:`add_stories`, :meth:`add_items`)."""
        items = self._db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM items").fetchone()[0]
        stories = self._db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM stories").fetchone()[0]
        return items, stories

    def add_stories(self, rows: Iterable[tuple[int, str, datetime, int, datetime]]) -> None:
        """New stories: ``(story id, guid, created, representative item id, published)`` rows."""
        self._db.executemany(
            "INSERT INTO stories (id, guid, created, representative, published) VALUES (?, ?, ?, ?, ?)",
            [
                (sid, guid, to_ts(created), rep, to_ts(published))
                for sid, guid, created, rep, published in rows
            ],
        )

    def add_items(self, rows: Iterable[tuple[int, int, Item, datetime, str]]) -> None:
        """New items: ``(item id, story id, item, first seen, content hash)`` rows."""
        self._db.executemany(
            """
            INSERT INTO items (id, source_id, key, story_id, title, link, summary, content_html, published,
                               dated, updated, image_url, image_alt, language, areas, author, backfilled,
                               event, page_text, date_line, first_seen, last_seen, content_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                (item_id, item.source_id, item.key, story_id, *_item_columns(item), seen, seen, digest)
                for item_id, story_id, item, first_seen, digest in rows
                for seen in (to_ts(first_seen),)
            ],
        )

    def insert_item(self, item: Item, *, story_id: int, first_seen: datetime, content_hash: str) -> int:
        cursor = self._db.execute(
            """
            INSERT INTO items (source_id, key, story_id, title, link, summary, content_html, published,
                               dated, updated, image_url, image_alt, language, areas, author, backfilled,
                               event, page_text, date_line, first_seen, last_seen, content_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                item.source_id,
                item.key,
                story_id,
                *_item_columns(item),
                to_ts(first_seen),
                to_ts(first_seen),
                content_hash,
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def update_item(
        self, item_id: int, item: Item, *, seen: datetime, content_hash: str, hash_changed: int = 0
    ) -> None:
        self._db.execute(
            """
            UPDATE items SET title = ?, link = ?, summary = ?, content_html = ?, published = ?, dated = ?,
                             updated = ?, image_url = ?, image_alt = ?, language = ?, areas = ?, author = ?,
                             backfilled = ?, event = ?, page_text = ?, date_line = ?, last_seen = ?,
                             content_hash = ?, hash_changed = ?
            WHERE id = ?
            """,
            (*_item_columns(item), to_ts(seen), content_hash, hash_changed, item_id),
        )

    def touch_items(self, item_ids: Iterable[int], seen: datetime) -> None:
        self._db.executemany(
            "UPDATE items SET last_seen = ? WHERE id = ?", [(to_ts(seen), i) for i in item_ids]
        )

    # --- stories --------------------------------------------------------------------------------

    def create_story(self, *, guid: str, created: datetime, published: datetime) -> int:
        cursor = self._db.execute(
            "INSERT INTO stories (guid, created, published) VALUES (?, ?, ?)",
            (guid, to_ts(created), to_ts(published)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def set_representative(self, story_id: int, item_id: int, published: datetime) -> None:
        self._db.execute(
            "UPDATE stories SET representative = ?, published = ? WHERE id = ?",
            (item_id, to_ts(published), story_id),
        )

    def story_sizes(self, story_ids: Sequence[int]) -> dict[int, int]:
        """How many items each of ``story_ids`` holds (the items' story index; O(their items))."""
        sizes = dict.fromkeys(story_ids, 0)
        if story_ids:
            marks = ",".join("?" * len(story_ids))
            for story_id, count in self._db.execute(
                f"SELECT story_id, COUNT(*) FROM items WHERE story_id IN ({marks}) GROUP BY story_id",
                tuple(story_ids),
            ):
                sizes[story_id] = count
        return sizes

    def merge_stories(
        self, into: int, absorbed: Sequence[int], keys: Iterable[tuple[str, int, str, datetime]]
    ) -> None:
        """Move the items of the ``absorbed`` stories to story ``into`` and delete them (an item was
        the same story as both). ``keys``: their items' candidate keys, ``(key, story_id,
        source_id, published)`` as filed, moved row by row through the primary key (story_keys
        has no index by story: a scan would grow with the store). O(their items and keys)."""
        if not absorbed:
            return
        marks = ",".join("?" * len(absorbed))
        self._db.execute(f"UPDATE items SET story_id = ? WHERE story_id IN ({marks})", (into, *absorbed))
        rows = [(key, to_ts(published), story_id, source_id) for key, story_id, source_id, published in keys]
        self._db.executemany(
            "INSERT OR IGNORE INTO story_keys (key, published, story_id, source_id) VALUES (?, ?, ?, ?)",
            [(key, published, into, source_id) for key, published, _story, source_id in rows],
        )
        self._db.executemany(
            "DELETE FROM story_keys WHERE key = ? AND published = ? AND story_id = ? AND source_id = ?", rows
        )
        self._db.execute(f"DELETE FROM stories WHERE id IN ({marks})", tuple(absorbed))

    def add_story_keys(self, rows: Iterable[tuple[str, int, str, datetime]]) -> None:
        """File stories under candidate keys: ``(key, story_id, source_id, published)`` rows."""
        stamps: dict[datetime, str | None] = {}  # an item's keys share its date: format it once
        self._db.executemany(
            "INSERT OR IGNORE INTO story_keys (key, published, story_id, source_id) VALUES (?, ?, ?, ?)",
            sorted(  # in index order: each B-tree page is visited once per batch
                (
                    key,
                    stamps[published]
                    if published in stamps
                    else stamps.setdefault(published, to_ts(published)),
                    story_id,
                    source_id,
                )
                for key, story_id, source_id, published in rows
            ),
        )

    def clear_story_keys(self) -> None:
        """Drop every story key and every feature count: ``Ingestor.refile_keys`` rebuilds both."""
        self._db.execute("DELETE FROM story_keys")
        self._db.execute("DELETE FROM feature_days")

    def add_feature_days(self, counts: Mapping[tuple[str, int], int]) -> None:
        """Count stored items per ``(feature, day)``; ``day``: days since 1970-01-01 (UTC)."""
        self._db.executemany(
            "INSERT INTO feature_days (feature, day, items) VALUES (?, ?, ?) "
            "ON CONFLICT (feature, day) DO UPDATE SET items = items + excluded.items",
            sorted((feature, day, n) for (feature, day), n in counts.items()),
        )

    def feature_counts(self, features: Collection[str], *, first_day: int, last_day: int) -> dict[str, int]:
        """How many stored items state each of ``features`` between two days (inclusive); features
        no item states are left out. One range walk of the primary key per feature."""
        if not features:
            return {}
        rows = self._db.execute(
            "SELECT w.value, (SELECT SUM(items) FROM feature_days f WHERE f.feature = w.value "
            "AND f.day BETWEEN ? AND ?) FROM json_each(?) w",
            (first_day, last_day, json.dumps(sorted(features), ensure_ascii=False)),
        )
        return {feature: n for feature, n in rows if n}

    def key_postings(
        self,
        keys: Sequence[str],
        *,
        since: datetime,
        until: datetime,
        cap: int,
        also_at: datetime | None = None,
    ) -> tuple[dict[str, list[Posting]], dict[str, int]]:
        """The stories filed under each of ``keys`` between ``since`` and ``until`` (and exactly at
        ``also_at``: where items of unknown time are filed, ``dedupe.TIMELESS``).

        Returns the postings of every key with at most ``cap`` of them in that window, and how
        many each key has (``cap + 1`` meaning "more": a common key, whose postings are not read).
        Every query walks the (key, published) primary key and stops after ``cap + 1`` rows a key,
        so the cost is bounded by ``len(keys) × cap`` whatever the number of stored stories.
        """
        if not keys:
            return {}, {}
        spans = [(to_ts(since), to_ts(until))]
        if also_at is not None and not since <= also_at <= until:
            spans.append((to_ts(also_at), to_ts(also_at)))  # one more range walk, not an OR (a scan)
        wanted = json.dumps(list(dict.fromkeys(keys)), ensure_ascii=False)
        count = (
            "SELECT w.value, (SELECT COUNT(*) FROM (SELECT 1 FROM story_keys s WHERE s.key = w.value "
            "AND s.published BETWEEN ? AND ? LIMIT ?)) FROM json_each(?) w"
        )
        counts = dict(self._db.execute(count, (*spans[0], cap + 1, wanted)).fetchall())
        for span in spans[1:]:
            for key, n in self._db.execute(count, (*span, cap + 1, wanted)):
                if n:
                    counts[key] = min(cap + 1, counts[key] + n)
        rare = [key for key, n in counts.items() if 0 < n <= cap]
        postings: dict[str, list[Posting]] = {}
        if rare:
            for span in spans:
                for key, published, story_id, source_id in self._db.execute(
                    "SELECT key, published, story_id, source_id FROM story_keys "
                    "WHERE key IN (SELECT value FROM json_each(?)) AND published BETWEEN ? AND ?",
                    (json.dumps(rare, ensure_ascii=False), *span),
                ):
                    postings.setdefault(key, []).append(Posting(story_id, source_id, from_ts(published)))  # type: ignore[arg-type]
        return postings, counts

    def has_backfilled(self) -> bool:
        """Whether any stored item is backfilled (of unknown date): O(items) once, no index."""
        return self._db.execute("SELECT 1 FROM items WHERE backfilled = 1 LIMIT 1").fetchone() is not None

    def has_items(self, source_id: str) -> bool:
        """Whether anything of ``source_id`` is stored (no: this is its first reading)."""
        row = self._db.execute("SELECT 1 FROM items WHERE source_id = ? LIMIT 1", (source_id,)).fetchone()
        return row is not None

    def link_postings(self, keys: Sequence[str]) -> dict[str, list[Posting]]:
        """The stories filed under each of ``keys`` at any date (canonical links: exact keys)."""
        postings: dict[str, list[Posting]] = {}
        if keys:
            for key, published, story_id, source_id in self._db.execute(
                "SELECT key, published, story_id, source_id FROM story_keys "
                "WHERE key IN (SELECT value FROM json_each(?))",
                (json.dumps(list(dict.fromkeys(keys)), ensure_ascii=False),),
            ):
                postings.setdefault(key, []).append(Posting(story_id, source_id, from_ts(published)))  # type: ignore[arg-type]
        return postings

    def all_items(self, batch: int = 2000) -> Iterator[list[tuple[int, Item]]]:
        """Every stored item with what candidate keys read, ``batch`` at a time: (story id, item)."""
        last = 0
        while True:
            rows = self._db.execute(
                "SELECT id, story_id, source_id, key, title, link, summary, published, dated, image_url, "
                "language, backfilled FROM items WHERE id > ? ORDER BY id LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            last = rows[-1]["id"]
            yield [(row["story_id"], _light_item(row)) for row in rows]

    def candidate_items(self, story_ids: Sequence[int], *, per_story: int = 6) -> dict[int, list[Item]]:
        """The items of ``story_ids`` with just what duplicate decisions read (no HTML, no areas):
        its representative and its newest others, ``per_story`` at most (a story told by fifty
        sites is compared like one told by six: the cost of a decision never grows with a story).

        One statement, an indexed walk per story (``items_by_story`` holds the ids in order, so the
        newest come first without reading the rest): O(stories x per_story), whatever a story's
        size. A window function over the stories' items was O(their items), and a story of
        thousands (a bench's word salad, merged by one place's news of one day) made every lookup
        slower."""
        grouped: dict[int, list[Item]] = {sid: [] for sid in story_ids}
        if not story_ids:
            return grouped
        columns = (
            "story_id, source_id, key, title, link, summary, published, dated, image_url, language, "
            "backfilled"
        )
        representatives = {
            row["story_id"]: row
            for row in self._db.execute(
                f"SELECT i.id AS item_id, {', '.join('i.' + c.strip() for c in columns.split(','))} "
                "FROM stories s JOIN items i ON i.id = s.representative "
                "WHERE s.id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(story_ids)),),
            )
        }
        newest: dict[int, list[sqlite3.Row]] = {}
        # One statement: per story, an index walk of its newest ``per_story`` ids.
        for row in self._db.execute(
            f"SELECT i.id AS item_id, {', '.join('i.' + c.strip() for c in columns.split(','))} "
            "FROM json_each(?) s JOIN items i ON i.id IN "
            "(SELECT id FROM items WHERE story_id = s.value ORDER BY id DESC LIMIT ?) "
            "ORDER BY i.story_id, i.id DESC",
            (json.dumps(list(story_ids)), per_story),
        ):
            newest.setdefault(row["story_id"], []).append(row)
        for story_id in story_ids:
            representative = representatives.get(story_id)
            if representative is not None:
                grouped[story_id].append(_light_item(representative))
            for row in newest.get(story_id, ()):
                if len(grouped[story_id]) >= per_story:
                    break
                if representative is None or row["item_id"] != representative["item_id"]:
                    grouped[story_id].append(_light_item(row))
        return grouped

    def story_items(self, story_ids: Sequence[int]) -> dict[int, list[tuple[int, StoredItem]]]:
        """Items of the given stories, grouped by story, oldest first."""
        grouped: dict[int, list[tuple[int, StoredItem]]] = {sid: [] for sid in story_ids}
        for chunk in _chunks(story_ids):
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                f"SELECT * FROM items WHERE story_id IN ({marks}) ORDER BY first_seen, id", chunk
            ):
                grouped[row["story_id"]].append((row["id"], _stored_from_row(row)))
        return grouped

    def representatives(self, story_ids: Sequence[int]) -> dict[int, Member]:
        """The representative item of each of ``story_ids`` that has one (by primary keys)."""
        found: dict[int, Member] = {}
        for chunk in _chunks(story_ids):
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                "SELECT s.id AS story_id, i.id, i.source_id, i.first_seen, i.published FROM stories s "
                f"JOIN items i ON i.id = s.representative WHERE s.id IN ({marks})",
                chunk,
            ):
                found[row["story_id"]] = Member(
                    row["id"],
                    row["source_id"],
                    from_ts(row["first_seen"]),
                    from_ts(row["published"]),  # type: ignore[arg-type]
                )
        return found

    def story_members(self, story_id: int) -> list[Member]:
        """What choosing the representative of ``story_id`` needs, without loading its items."""
        return [
            Member(row["id"], row["source_id"], from_ts(row["first_seen"]), from_ts(row["published"]))  # type: ignore[arg-type]
            for row in self._db.execute(
                "SELECT id, source_id, first_seen, published FROM items WHERE story_id = ?", (story_id,)
            )
        ]

    def newest_stories(self, limit: int) -> list[StoryRow]:
        """The ``limit`` newest stories (by their representative's date) with all their items."""
        rows = self._db.execute(
            "SELECT id, guid, created, representative FROM stories WHERE representative IS NOT NULL "
            "ORDER BY published DESC, id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return self._story_rows(rows)

    def stories_of_links(self, links: Sequence[str]) -> list[StoryRow]:
        """The stories holding an item whose link is one of ``links`` (exact), at any date: what an
        editor's decision names may be older than the newest stories."""
        if not links:
            return []
        rows = self._db.execute(
            "SELECT id, guid, created, representative FROM stories WHERE representative IS NOT NULL "
            "AND id IN (SELECT story_id FROM items WHERE link IN (SELECT value FROM json_each(?)))",
            (json.dumps(list(dict.fromkeys(links)), ensure_ascii=False),),
        ).fetchall()
        return self._story_rows(rows)

    def _story_rows(self, rows: Sequence[sqlite3.Row]) -> list[StoryRow]:
        items = self.story_items([r["id"] for r in rows])
        stories = []
        for row in rows:
            members = items.get(row["id"], [])
            members.sort(key=lambda pair: pair[0] != row["representative"])
            stories.append(
                StoryRow(
                    row["id"], row["guid"], from_ts(row["created"]), row["representative"], tuple(members)
                )  # type: ignore[arg-type]
            )
        return stories

    def count_items(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM items").fetchone()[0]

    def count_stories(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM stories").fetchone()[0]


def _item_columns(item: Item) -> tuple[object, ...]:
    areas = json.dumps(
        [[a.slug, round(a.score, 3), list(a.words), a.by_source, a.learned] for a in item.areas],
        ensure_ascii=False,
    )
    return (
        item.title,
        item.link,
        item.summary,
        item.content_html,
        to_ts(item.published),
        int(item.dated),
        to_ts(item.updated),
        item.image_url,
        item.image_alt,
        item.language,
        areas,
        item.author,
        int(item.backfilled),
        _event_json(item.event),
        item.page_text,
        item.date_line,
    )


def _event_json(event: EventHint | None) -> str | None:
    if event is None:
        return None
    return json.dumps(
        {
            "start": event.start.isoformat(),
            "end": event.end.isoformat() if event.end is not None else None,
            "place": event.place,
            "online": event.online,
            "cancelled": event.cancelled,
        },
        ensure_ascii=False,
    )


def _event_from_json(text: str | None) -> EventHint | None:
    """The stored event hint; a value this version cannot read is no hint (never an error)."""
    if not text:
        return None
    try:
        data = json.loads(text)
        return EventHint(
            start=_moment(data["start"]),
            end=_moment(data["end"]) if data.get("end") else None,
            place=data.get("place"),
            online=bool(data.get("online")),
            cancelled=bool(data.get("cancelled")),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _moment(value: str) -> date | datetime:
    """A day ("2026-05-14") or an aware moment, as ``_event_json`` wrote it."""
    return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)


def _light_item(row: sqlite3.Row) -> Item:
    """An item with just what duplicate decisions read (no HTML, no areas)."""
    return Item(
        source_id=row["source_id"],
        key=row["key"],
        title=row["title"],
        link=row["link"],
        summary=row["summary"],
        published=from_ts(row["published"]),  # type: ignore[arg-type]
        dated=bool(row["dated"]),
        image_url=row["image_url"],
        language=row["language"],
        backfilled=bool(row["backfilled"]),
    )


def _stored_from_row(row: sqlite3.Row) -> StoredItem:
    areas = tuple(
        AreaMatch(
            slug=a[0],
            score=float(a[1]),
            words=tuple(a[2]),
            by_source=bool(a[3]),
            learned=float(a[4]) if len(a) > 4 else 0.0,  # rows stored before the learned model
        )
        for a in json.loads(row["areas"])
    )
    item = Item(
        source_id=row["source_id"],
        key=row["key"],
        title=row["title"],
        link=row["link"],
        summary=row["summary"],
        content_html=row["content_html"],
        published=from_ts(row["published"]),  # type: ignore[arg-type]
        dated=bool(row["dated"]),
        updated=from_ts(row["updated"]),
        image_url=row["image_url"],
        image_alt=row["image_alt"],
        language=row["language"],
        areas=areas,
        author=row["author"],
        backfilled=bool(row["backfilled"]),
        event=_event_from_json(row["event"]),
        page_text=row["page_text"],
        date_line=row["date_line"],
    )
    return StoredItem(item, from_ts(row["first_seen"]), row["story_id"], row["content_hash"])  # type: ignore[arg-type]


def _state_from_row(row: sqlite3.Row) -> SourceState:
    return SourceState(
        source_id=row["id"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        validators_url=row["validators_url"],
        last_attempt=from_ts(row["last_attempt"]),
        last_success=from_ts(row["last_success"]),
        last_error=row["last_error"],
        last_status=row["last_status"],
        last_warning=row["last_warning"],
        failures_in_row=row["failures_in_row"],
        next_due=from_ts(row["next_due"]),
        retry_after_until=from_ts(row["retry_after_until"]),
    )
