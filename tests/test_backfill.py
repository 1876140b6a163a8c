"""Items of unknown time (issue 13): the undated items of a source's first reading are a backlog
published any time before, so time neither joins nor parts them from a story; content decides,
with the stricter rules of a pair whose time is unknown. Through the real ingest path and SQLite."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipeline.analyse import Analyser
from pipeline.dedupe import TIMELESS, filed_at
from pipeline.ingest import Ingestor
from pipeline.records import RawItem, Source
from pipeline.store import Store

NOW = datetime(2024, 11, 20, 9, 0, tzinfo=UTC)
MEETING_DAY = datetime(2024, 5, 16, 10, 0, tzinfo=UTC)

ICC = Source(id="icc", name="ICC", url="https://icc.example/", language="auto")
LUBLIN = Source(id="lublin", name="Lublin", url="https://lublin.example/", language="auto")

REPORT_EN = RawItem(
    title="5th meeting of the Committee of Experts on Intercultural Inclusion (ADI-INT) in Lublin",
    link="https://icc.example/news/adi-int-5th-meeting",
    guid="icc-1",
    summary="On 14-15 May 2024 the Committee of Experts on Intercultural Inclusion (ADI-INT) held its 5th "
    "meeting in Lublin. Participants were welcomed by Mariusz Banach, Deputy Mayor of Lublin.",
    published=MEETING_DAY,
)
# The same meeting told by the city, on a listing that shows no dates.
REPORT_PL = RawItem(
    title="Komitet Ekspertów ADI-INT Rady Europy obradował w Lublinie",
    link="https://lublin.example/aktualnosci/adi-int",
    guid="lublin-1",
    summary="W dniach 14-15 maja 2024 r. w Lublinie odbyło się 5. posiedzenie Komitetu Ekspertów "
    "ds. Integracji Międzykulturowej (ADI-INT) Rady Europy. Gości powitał zastępca prezydenta "
    "Mariusz Banach.",
)


def _ingest(store: Store, ingestor: Ingestor, source: Source, raws: list[RawItem], now: datetime):
    decisions = ingestor.prepare(source, raws, store, now)
    result = ingestor.store_items(source, decisions, store, now)
    known = store.known_items(source.id, [d.item.key for d in result.decisions])
    return [(known[d.item.key], d) for d in result.decisions]


def test_a_first_readings_undated_items_are_backfilled_and_later_ones_are_not(tmp_path: Path) -> None:
    ingestor = Ingestor(Analyser(), priorities={})
    with Store(tmp_path / "state.sqlite3") as store:
        [(first, _)] = _ingest(store, ingestor, LUBLIN, [REPORT_PL], NOW)
        assert first.item.backfilled and not first.item.dated
        later = RawItem(
            title="Nowy punkt informacyjny dla cudzoziemców", link="https://lublin.example/pi", guid="2"
        )
        stored = _ingest(store, ingestor, LUBLIN, [REPORT_PL, later], NOW + timedelta(days=1))
        flags = {known.item.link: known.item.backfilled for known, _ in stored}
        # Seen again, the backlog item stays of unknown time; the new one is news of its day.
        assert flags == {REPORT_PL.link: True, later.link: False}
        assert filed_at(stored[0][0].item) == TIMELESS


def test_a_dated_items_story_is_found_by_the_backlog_of_a_source_read_months_later(tmp_path: Path) -> None:
    ingestor = Ingestor(Analyser(), priorities={})
    with Store(tmp_path / "state.sqlite3") as store:
        [(report, _)] = _ingest(store, ingestor, ICC, [REPORT_EN], MEETING_DAY + timedelta(hours=2))
        [(city, decision)] = _ingest(store, ingestor, LUBLIN, [REPORT_PL], NOW)
        assert city.story_id == report.story_id, decision.duplicate
        assert decision.duplicate is not None and "unknown date" in decision.duplicate.reason


def test_a_backlog_story_is_found_by_a_dated_item_from_long_before(tmp_path: Path) -> None:
    ingestor = Ingestor(Analyser(), priorities={})
    with Store(tmp_path / "state.sqlite3") as store:
        [(city, _)] = _ingest(store, ingestor, LUBLIN, [REPORT_PL], NOW)
        # A feed added later still carries the meeting's report, dated six months before (read by
        # another run: the store, not the ingestor's memory, says that backlog items exist).
        later_run = Ingestor(Analyser(), priorities={})
        [(report, _)] = _ingest(store, later_run, ICC, [REPORT_EN], NOW + timedelta(days=1))
        assert report.story_id == city.story_id


def test_with_both_dated_months_apart_time_still_parts_them(tmp_path: Path) -> None:
    ingestor = Ingestor(Analyser(), priorities={})
    with Store(tmp_path / "state.sqlite3") as store:
        [(report, _)] = _ingest(store, ingestor, ICC, [REPORT_EN], MEETING_DAY)
        [(city, decision)] = _ingest(store, ingestor, LUBLIN, [replace(REPORT_PL, published=NOW)], NOW)
        assert city.story_id != report.story_id
        # Both dated, six months apart: not even a candidate (the lookup reads a window of dates).
        assert decision.duplicate is not None and decision.duplicate.story_id is None


def test_two_identifiers_do_not_join_a_pair_of_unknown_time_as_they_join_one_published_together(
    tmp_path: Path,
) -> None:
    """The address of a place names the place, not which news of it: "being built, opens in
    February" and "has opened" (real items of Lublin's Baobab). Published within days, one shared
    identifier is enough; with one of them of unknown time, two are not."""
    announced = RawItem(
        title="Baobab – nowa przestrzeń w centrum Lublina służąca integracji",
        link="https://news.example/baobab-powstaje",
        guid="n-1",
        summary="Przy Krakowskim Przedmieściu 39b powstaje nowa przestrzeń integracji migrantów i "
        "mieszkańców Lublina, miejsce spotkań uchodźców i mieszkańców.",
        published=datetime(2023, 1, 26, 10, 0, tzinfo=UTC),
    )
    opened = RawItem(
        title="Nowe miejsce integracji w Lublinie",
        link="https://radio.example/baobab-otwarty",
        guid="r-1",
        summary="Przy Krakowskim Przedmieściu 39b rozpoczęło działalność nowe miejsce integracji i spotkań "
        "migrantów, uchodźców i mieszkańców Lublina.",
    )
    news = Source(id="news", name="N", url="https://news.example/")
    radio = Source(id="radio", name="R", url="https://radio.example/")
    ingestor = Ingestor(Analyser(), priorities={})
    with Store(tmp_path / "unknown.sqlite3") as store:
        [(first, _)] = _ingest(store, ingestor, news, [announced], announced.published)
        [(second, _)] = _ingest(store, ingestor, radio, [opened], NOW)
        assert second.item.backfilled and second.story_id != first.story_id
    together = replace(opened, published=announced.published + timedelta(days=1))
    with Store(tmp_path / "together.sqlite3") as store:
        [(first, _)] = _ingest(store, ingestor, news, [announced], announced.published)
        [(second, _)] = _ingest(store, ingestor, radio, [together], together.published)
        assert second.story_id == first.story_id


def test_a_running_storys_developments_in_a_new_sources_backlog_stay_apart(tmp_path: Path) -> None:
    """A death, the protest and the indictment all name the victim and his age: with their dates
    unknown, a name and a small number do not make them one event (real items of one case)."""
    protest = RawItem(
        title="",
        link="https://tvn.example/protest",
        guid="p",
        summary="Sprawiedliwego śledztwa i ukarania winnych chcieli protestujący, którzy przyszli przed "
        "komendę policji we Wrocławiu. Chodzi o sprawę 25-letniego Dmytra Nikiforenki.",
    )
    indictment = RawItem(
        title="",
        link="https://fakt.example/akt-oskarzenia",
        guid="i",
        summary="Prokuratura skierowała akt oskarżenia w sprawie śmierci 25-letniego Dmytra Nikiforenki "
        "w izbie wytrzeźwień we Wrocławiu; oskarżeni są policjanci.",
    )
    ingestor = Ingestor(Analyser(), priorities={})
    with Store(tmp_path / "state.sqlite3") as store:
        [(first, _)] = _ingest(
            store, ingestor, Source(id="tvn", name="T", url="https://tvn.example/"), [protest], NOW
        )
        [(second, _)] = _ingest(
            store, ingestor, Source(id="fakt", name="F", url="https://fakt.example/"), [indictment], NOW
        )
        assert first.item.backfilled and second.item.backfilled
        assert second.story_id != first.story_id
