"""The state database: migrations keep what was stored; timestamps sort; errors are StoreErrors."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipeline.analyse import Analyser
from pipeline.dedupe import KEYS_VERSION, canonical_url
from pipeline.errors import StoreError
from pipeline.ingest import Ingestor
from pipeline.records import AreaMatch, EventHint, Item
from pipeline.store import _MIGRATIONS, SCHEMA_VERSION, Store, from_ts, to_ts


def _state_at(path: Path, version: int) -> None:
    db = sqlite3.connect(path)
    for target in range(1, version + 1):
        db.executescript("BEGIN;" + _MIGRATIONS[target] + f"; PRAGMA user_version={target}; COMMIT;")
    stamp = "2025-05-19T10:00:00.000000Z"
    db.execute(
        "INSERT INTO stories (id, guid, created, published, representative) VALUES (1, 'g1', ?, ?, 1)",
        (stamp, stamp),
    )
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
        # v4 changed the candidate keys: the old ones are dropped, the items refiled by the ingestor
        assert store.key_postings(["w:cities"], since=MAY, until=JUNE, cap=5) == ({}, {"w:cities": 0})
        assert Ingestor(Analyser(), priorities={}).refile_keys(store) == 1
        assert store.get_meta("keys_version") == str(KEYS_VERSION)
        link = f"url:{canonical_url('https://a.example/1')}"
        assert [p.story_id for p in store.link_postings([link])[link]] == [1]
        assert Ingestor(Analyser(), priorities={}).refile_keys(store) == 0  # once only
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


MAY, JUNE = datetime(2025, 5, 1, tzinfo=UTC), datetime(2025, 6, 1, tzinfo=UTC)


def test_a_version_9_state_counts_the_pages_it_has_text_of_as_read(tmp_path: Path) -> None:
    """v10 records whether enrichment read an item's page: an item stored with its page's text was
    read and is never asked for again; one without is asked for (a bounded number of times)."""
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    for target in range(1, 10):
        db.executescript("BEGIN;" + _MIGRATIONS[target] + f"; PRAGMA user_version={target}; COMMIT;")
    stamp = "2025-05-19T10:00:00.000000Z"
    db.execute(
        "INSERT INTO stories (id, guid, created, published, representative) VALUES (1, 'g1', ?, ?, 1)",
        (stamp, stamp),
    )
    for n, page_text in ((1, ""), (2, "Pełny tekst")):
        db.execute(
            "INSERT INTO items (id, source_id, key, story_id, title, link, summary, content_html, published,"
            " dated, language, areas, first_seen, last_seen, content_hash, page_text) VALUES (?, 'icc', ?, 1,"
            " 'T', ?, '', '', ?, 1, 'en', '[]', ?, ?, 'h', ?)",
            (n, f"guid:{n}", f"https://a.example/{n}", stamp, stamp, stamp, page_text),
        )
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.unread_pages("icc", ["guid:1", "guid:2"], max_tries=3) == {"guid:1": 0}
        with store.transaction():
            store.mark_pages("icc", read=[], missed=["guid:1"])
        assert store.unread_pages("icc", ["guid:1"], max_tries=2) == {"guid:1": 1}
        with store.transaction():
            store.mark_pages("icc", read=[], missed=["guid:1"])
        assert store.unread_pages("icc", ["guid:1"], max_tries=2) == {}  # asked twice: enough
        with store.transaction():
            store.mark_pages("icc", read=["guid:1"], missed=[])
        assert store.unread_pages("icc", ["guid:1"], max_tries=9) == {}


def test_key_postings_skip_common_keys_and_stay_in_the_window(tmp_path: Path) -> None:
    """A key more stories than ``cap`` filed in the window is counted (cap + 1) but not read."""
    with Store(tmp_path / "s.sqlite3") as store, store.transaction():
        in_may = datetime(2025, 5, 10, tzinfo=UTC)
        store.add_story_keys([("w:common", story, "src", in_may) for story in range(1, 8)])
        store.add_story_keys(
            [("n:rare", 3, "src", in_may), ("n:rare", 4, "other", datetime(2025, 8, 1, tzinfo=UTC))]
        )
        postings, counts = store.key_postings(
            ["w:common", "n:rare", "n:absent"], since=MAY, until=JUNE, cap=5
        )
        assert counts == {"w:common": 6, "n:rare": 1, "n:absent": 0}
        assert list(postings) == ["n:rare"]
        assert [(p.story_id, p.source_id, p.published) for p in postings["n:rare"]] == [(3, "src", in_may)]


def test_feature_counts_add_up_by_day_and_read_a_window(tmp_path: Path) -> None:
    """How many stored items state a feature: summed over the days asked for, absent ones left out."""
    with Store(tmp_path / "s.sqlite3") as store, store.transaction():
        store.add_feature_days({("p:poznan", 100): 2, ("c:tram", 100): 1})
        store.add_feature_days({("p:poznan", 100): 3, ("p:poznan", 130): 7})
        window = store.feature_counts(["p:poznan", "c:tram", "n:absent"], first_day=90, last_day=110)
        assert window == {"p:poznan": 5, "c:tram": 1}
        assert store.feature_counts(["p:poznan"], first_day=90, last_day=130) == {"p:poznan": 12}
        assert store.feature_counts([], first_day=0, last_day=200) == {}


def test_refiling_counts_the_stored_items_features_again(tmp_path: Path) -> None:
    """An upgrade that changes the keys (KEYS_VERSION) refiles every item: its features are counted
    anew, once, as they were when it was stored."""
    from pipeline.dedupe import feature_day, profile_of
    from pipeline.records import RawItem, Source

    at = datetime(2025, 5, 14, 10, tzinfo=UTC)
    source = Source(id="a", name="a", url="https://a.example/", language="pl")
    raw = RawItem(title="Atak w tramwaju w Poznaniu", link="https://a.example/1", guid="1", published=at)
    ingestor = Ingestor(Analyser(), priorities={})
    with Store(tmp_path / "s.sqlite3") as store:
        ingestor.store_items(source, ingestor.prepare(source, [raw], store, at), store, at)
        [item] = [item for batch in store.all_items() for _, item in batch]
        features = sorted(profile_of(item).features)
        assert "p:poznan" in features
        day = feature_day(at)
        stored = store.feature_counts(features, first_day=day, last_day=day)
        assert stored == dict.fromkeys(features, 1)
        with store.transaction():
            store.set_meta("keys_version", "0")
        assert ingestor.refile_keys(store) == 1
        assert store.feature_counts(features, first_day=day, last_day=day) == stored


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


def test_a_batch_keeps_whole_transactions_and_drops_a_failed_one(tmp_path: Path) -> None:
    """Inside a batch each transaction is a savepoint: a failing one undoes only its own writes,
    and what the others wrote is committed even when the batch ends on an error."""
    path = tmp_path / "s.sqlite3"
    with Store(path) as store, pytest.raises(RuntimeError), store.batch():
        with store.transaction():
            store.set_meta("first", "kept")
        store.commit_batch()
        with pytest.raises(ValueError), store.transaction():
            store.set_meta("second", "undone")
            raise ValueError("one source's bug")
        with store.transaction():
            store.set_meta("third", "kept")
        raise RuntimeError("the cycle stops")
    with Store(path) as store:
        assert (store.get_meta("first"), store.get_meta("second"), store.get_meta("third")) == (
            "kept",
            None,
            "kept",
        )


def test_candidate_items_are_the_representative_and_the_newest_few_of_any_story(tmp_path: Path) -> None:
    """A story's candidates are its representative (even when old) and its newest other items, at
    most ``per_story``, read by index however many items the story holds."""
    from pipeline.records import Item

    moment = datetime(2025, 5, 10, tzinfo=UTC)

    def item(n: int) -> Item:
        return Item(source_id=f"s{n}", key=f"k{n}", title=f"t{n}", link=f"https://e.org/{n}", summary="",
                    published=moment, dated=True)  # fmt: skip

    with Store(tmp_path / "s.sqlite3") as store, store.transaction():
        store.add_stories([(1, "g1", moment, 3, moment), (2, "g2", moment, 40, moment)])
        store.add_items([(n, 1, item(n), moment, "h") for n in range(1, 40)])
        store.add_items([(40, 2, item(40), moment, "h")])
        found = store.candidate_items([1, 2, 3], per_story=4)
    assert [i.key for i in found[1]] == ["k3", "k39", "k38", "k37"]
    assert [i.key for i in found[2]] == ["k40"]
    assert found[3] == []


def test_the_event_a_page_states_is_stored_and_read_back(tmp_path: Path) -> None:
    """Enrichment reads an item's page once: its JSON-LD event and the start of its text must outlive
    the cycle (schema 8)."""
    moment = datetime(2025, 6, 3, 15, 0, tzinfo=UTC)
    hinted = {
        "timed": EventHint(start=moment, end=moment.replace(hour=17), place="Klub, Wrocław"),
        "days": EventHint(start=date(2025, 6, 14), end=date(2025, 6, 15), online=True, cancelled=True),
    }
    with Store(tmp_path / "s.sqlite3") as store, store.transaction():
        for number, (key, hint) in enumerate(hinted.items(), start=1):
            item = Item(
                source_id="s", key=key, title="T", link=f"https://a.example/{number}", summary="",
                published=moment, dated=True, event=hint, page_text=f"Zbiórka o 11:00 ({key}).",
                date_line="3-5 June 2025 Reykjavik, Iceland",
            )  # fmt: skip
            store.add_stories([(number, f"g{number}", moment, number, moment)])
            store.add_items([(number, number, item, moment, "h")])
        stored = store.story_items([1, 2])
    assert stored[1][0][1].item.event == hinted["timed"]
    assert stored[2][0][1].item.event == hinted["days"]
    assert stored[1][0][1].item.page_text == "Zbiórka o 11:00 (timed)."
    assert stored[2][0][1].item.date_line == "3-5 June 2025 Reykjavik, Iceland"


def test_an_areas_evidence_and_the_models_certainty_are_stored_and_read_back(tmp_path: Path) -> None:
    """What decided each area (its words, the learned model's certainty) outlives the cycle; rows
    stored before the learned model (four fields per area) still read."""
    moment = datetime(2025, 6, 3, 15, 0, tzinfo=UTC)
    areas = (
        AreaMatch("integracja", 0.9, ("z Ukrainy", "Wymiana"), learned=0.83),
        AreaMatch("edukacja", 1.5, ("Wymiana młodzieży",)),
        AreaMatch("wspolpraca", 0.0, (), by_source=True),
    )
    item = Item(
        source_id="s", key="k", title="T", link="https://a.example/1", summary="", published=moment,
        dated=True, areas=areas,
    )  # fmt: skip
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        with store.transaction():
            store.add_stories([(1, "g1", moment, 1, moment)])
            store.add_items([(1, 1, item, moment, "h")])
        assert store.story_items([1])[1][0][1].item.areas == areas
    with sqlite3.connect(path) as db:  # as a row written before the learned model
        db.execute("UPDATE items SET areas = ?", ('[["integracja", 1.2, ["uchodźcy"], false]]',))
    with Store(path) as store:
        [old] = store.story_items([1])[1][0][1].item.areas
    assert old == AreaMatch("integracja", 1.2, ("uchodźcy",), by_source=False, learned=0.0)
