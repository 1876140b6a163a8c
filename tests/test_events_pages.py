"""The event day and hour an item's own page gives (``Item.page_text``, read by enrichment), when
the title and teaser name less (issue 18). Real patterns from the tune split's pages (README of
tests/data/real, pages.jsonl); the end-to-end path is tests/test_events_enrich.py."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from pipeline.events import event_of, is_upcoming
from pipeline.records import Item

WARSAW = ZoneInfo("Europe/Warsaw")
PUBLISHED = datetime(2026, 4, 10, 8, 0, tzinfo=UTC)


def item(title: str, summary: str, page: str, *, language: str = "pl") -> Item:
    return Item(
        source_id="s", key=title, title=title, link="https://example.org/a", summary=summary,
        published=PUBLISHED, dated=True, language=language, page_text=page,
    )  # fmt: skip


def test_the_pages_day_and_hour_date_an_event_the_teaser_names_without_a_day() -> None:
    """ "Kalush Orchestra … wystąpią na koncercie", and the page: "W piątek 17 kwietnia w Amfiteatrze …
    o godz. 20:00". The page's stamp and its history (days before the published one) are not it."""
    record = item(
        "Kalush Orchestra na koncercie w Polsce",
        "Ukraińscy muzycy wystąpią na koncercie w Mrągowie.",
        "10.04.2026 07:55\nKalush Orchestra na koncercie w Polsce. Zespół wygrał Eurowizję 14 maja 2022. "
        "W piątek 17 kwietnia w Amfiteatrze Miejskim w Mrągowie o godz. 20:00 zagrają też goście.",
    )
    event = event_of(record, now=PUBLISHED)
    assert event is not None and event.kind == "invitation"
    assert event.start == datetime(2026, 4, 17, 20, 0, tzinfo=WARSAW)


def test_a_block_of_details_on_the_page_makes_an_event_of_an_unworded_teaser() -> None:
    """A teaser with no event word, a page with "Kiedy: … Godzina: … Gdzie: …" (real, tune): an event.
    The same page without the block, or with a day already past, is none."""
    teaser = "W momentach największych prób literatura staje się sposobem poznawania siebie."
    details = "Rozmowa o literaturze. ✅ Kiedy: 19 kwietnia 2026 ✅ Godzina: 16:00 ✅ Gdzie: Ukraiński Dom"
    event = event_of(item("", teaser, details), now=PUBLISHED)
    assert event is not None and event.start == datetime(2026, 4, 19, 16, 0, tzinfo=WARSAW)
    assert event_of(item("", teaser, "Rozmowa o literaturze 19 kwietnia 2026, 16:00."), now=PUBLISHED) is None
    past = event_of(item("", teaser, details.replace("19 kwietnia", "2 kwietnia")), now=PUBLISHED)
    assert past is None or not is_upcoming(past, now=PUBLISHED)


def test_a_calls_page_names_deadlines_not_events() -> None:
    """ "Krakowski Ambasador Wielokulturowości – trwa nabór wniosków" (real, tune): its page's "Termin
    składania zgłoszeń upływa 12 marca" is no event to list."""
    record = item(
        "Ambasador Wielokulturowości – trwa nabór wniosków",
        "Rada Miasta ustanowiła wyróżnienie dla osób promujących spotkania kultur.",
        "Kandydatury można zgłaszać już teraz. Termin składania zgłoszeń kandydatur upływa 22 kwietnia 2026 r.",
    )
    event = event_of(record, now=PUBLISHED)
    assert event is None or not is_upcoming(event, now=PUBLISHED), event


def test_a_page_sentence_inviting_to_something_one_attends_dates_an_unworded_teaser() -> None:
    """Real (tune): a teaser about Łódź's four cultures, and the page: "This year's edition will take
    place between 8-17 of September and will include concerts". A page's closing day said with a
    coming weekday ("W najbliższą środę (15 kwietnia) punkt kończy działalność") is no event."""
    teaser = (
        "For many years Lodz remains a multicultural city co-created by Poles, Jews, Germans and Russians."
    )
    page = (
        "For 15 years, the Festival brings these four cultures together. This year's edition will take "
        "place between 18-27 of April and will include concerts, performances, shows and workshops."
    )
    event = event_of(item("", teaser, page, language="en"), now=PUBLISHED)
    assert event is not None and (event.first_day, event.last_day) == (date(2026, 4, 18), date(2026, 4, 27))
    closing = item(
        "Punkt informacyjny dla uchodźców zamknięty",
        "Punkt informacyjny z dniem 15 kwietnia (środa) kończy działalność.",
        "Przez półtora roku z punktu skorzystało wielu obywateli Ukrainy. W najbliższą środę (15 "
        "kwietnia) punkt kończy działalność.",
    )
    event = event_of(closing, now=PUBLISHED)
    assert event is None or not is_upcoming(event, now=PUBLISHED), event


def test_a_polish_data_label_makes_a_block_of_details() -> None:
    """Real (events-tune-17): a teaser on the Tet festival in general ("przypada on na 29 stycznia"),
    the page: "Data: 25 stycznia 2025, godz. 15:00-19:00 Miejsce: Aula Technikum nr 7"."""
    record = item(
        "Święto Tet – Azjatycki Nowy Rok",
        "Święto Tet to najważniejsze święto w wietnamskim kalendarzu. W tym roku przypada on na 29 kwietnia.",
        "Obchody Nowego Roku w szkole.\n\nData: 25 kwietnia 2026, godz. 15:00-19:00\n\nMiejsce: Aula Technikum nr 7",
    )
    event = event_of(record, now=PUBLISHED)
    assert event is not None and event.start == datetime(2026, 4, 25, 15, 0, tzinfo=WARSAW), event


def test_a_block_of_details_asked_as_questions_dates_the_meeting() -> None:
    """Real (events-tune-15): "Kiedy? 7 czerwca, godz. 17:00 Gdzie? Przejście Dialogu", the page of a
    book club "założony pod koniec 2021 roku" (at the end of 2021: no year of the meeting's)."""
    record = item(
        "",
        "Zachęcamy wszystkich do udziału w comiesięcznych spotkaniach Ukraińskiego Klubu Książki.",
        "Szczegóły spotkania\nKiedy? 17 kwietnia, godz. 17:00\nGdzie? Przejście Dialogu\nKlub został założony "
        "pod koniec 2021 roku przez trzy Ukrainki.",
    )
    event = event_of(record, now=PUBLISHED)
    assert event is not None and event.start == datetime(2026, 4, 17, 17, 0, tzinfo=WARSAW), event


def test_a_pages_later_stamp_does_not_turn_a_report_into_an_invitation() -> None:
    """Real (events-tune-17): "… pikniku integracyjnego, który odbył się w niedzielne popołudnie" and
    on its page "05 kwietnia 2022 09:11" (when it was updated): still the Sunday's report. A day the
    page says is planned ("Святкування заплановані на …", events-tune-3) is one to come."""
    record = item(
        "Poznawali się na pikniku integracyjnym",
        "Tańce i śpiew towarzyszyły uczestnikom pikniku integracyjnego, który odbył się w niedzielne popołudnie.",
        "Poznawali się na pikniku integracyjnym\n12 kwietnia 2026 09:11\nZdjęcia z pikniku.",
    )
    event = event_of(record, now=PUBLISHED)
    assert event is None or not is_upcoming(event, now=PUBLISHED), event
    planned = item(
        "",
        "Дорогі Друзі! Цього року святкуватимемо 30-ліття. Сотні з нас пройшли табори та зустрічі.",
        "Дорогі Друзі! Святкування заплановані на 18-19 квітня 2026 року в Перемишлі.",
        language="uk",
    )
    event = event_of(planned, now=PUBLISHED)
    assert event is not None and event.first_day == date(2026, 4, 18) and is_upcoming(event, now=PUBLISHED)


def test_a_labelled_day_on_the_page_may_be_the_published_one() -> None:
    """Real (events-tune-16): posted on the workshop's first day, "This four-day workshop seeks to
    debate …" and the page: "Dates of the workshop: 10-13 April 2026"."""
    record = item(
        "Breaking Barriers! Youth Perspectives on Migration in Europe",
        "This four-day workshop seeks to debate the so called European migration crisis.",
        "Aug 22, 2016\nWorkshop co-organised by EFAyUNPO.\nDates of the workshop: 10-13 April 2026\nVenue: European Youth Centre in Budapest.",
        language="en",
    )
    event = event_of(record, now=PUBLISHED)
    assert event is not None and (event.first_day, event.last_day) == (date(2026, 4, 10), date(2026, 4, 13))


def test_a_labelled_day_on_the_page_comes_before_other_worded_days() -> None:
    """Real (tune, DG HOME): "have the pleasure to invite you for the upcoming event …\nDate: 24 May
    2019\nLocation: …", and further down "also invite the participants to a social event during the
    night of the 23th May 2019"."""
    record = item(
        "",
        "DG HOME has the pleasure to invite you for the upcoming event on the role of EU cities.",
        "DG HOME has the pleasure to invite you for the upcoming event.\nDate: 24 April 2026\nLocation: "
        "University of Luxembourg, Campus Belval.\nThe Directorate of Immigration also invite the participants to a "
        "social event during the night of the 23th April 2026.",
        language="en",
    )
    event = event_of(record, now=PUBLISHED)
    assert event is not None and event.first_day == date(2026, 4, 24), event


@pytest.mark.parametrize(
    ("title", "summary", "page", "language", "start"),
    [
        (  # real, tune: a carol evening in Lublin; the page does not repeat the day
            "Kolędowanie w hospicjum",
            "Spotkanie polsko-ukraińskie odbędzie się w czwartek 16 kwietnia w Lublinie.",
            "Zaśpiewają dzieci z Ukrainy. Dochód zostanie przeznaczony na hospicjum. Rozpoczęcie o 17.00.",
            "pl",
            datetime(2026, 4, 16, 17, 0, tzinfo=WARSAW),
        ),
        (  # real, tune: a forum in Wrocław, "Початок о 8 годині"
            "Форум українських мігрантів",
            "Захід відбудеться 18 квітня у Вроцлаві.",
            "Ми хочемо вирішувати проблеми. Захід відбудеться 18 квітня. Початок о 8 годині.",
            "uk",
            datetime(2026, 4, 18, 8, 0, tzinfo=WARSAW),
        ),
        (  # real, tune: a picnic in Gdańsk, "Piknik rozpocznie się w sobotę o godz. 11"
            "Wielokulturowy piknik w sobotę w Gdańsku",
            "W najbliższą sobotę, 11 kwietnia, na pl. Zebrań Ludowych odbędzie się Wielokulturowy Piknik.",
            "Pójdziesz na Wielokulturowy Piknik?\n\nPiknik rozpocznie się w sobotę o godz. 11 i potrwa do godz. 17.",
            "pl",
            datetime(2026, 4, 11, 11, 0, tzinfo=WARSAW),
        ),
        (  # real, tune: a page written on the day, "Jeszcze dziś o godzinie 19:00"
            "Koncert solidarności dziś w Poznaniu",
            "Dziś odbędzie się koncert z okazji Dnia Niepodległości Ukrainy.",
            "W Poznaniu przygotowano szereg wydarzeń. Jeszcze dziś o godzinie 19:00 w kościele zabrzmią pieśni.",
            "pl",
            datetime(2026, 4, 10, 19, 0, tzinfo=WARSAW),
        ),
    ],
)
def test_the_pages_programme_start_or_todays_hour_gives_the_teasers_day_its_hour(
    title: str, summary: str, page: str, language: str, start: datetime
) -> None:
    event = event_of(item(title, summary, page, language=language), now=PUBLISHED)
    assert event is not None and event.start == start, event


def test_without_its_page_the_item_keeps_what_its_teaser_says() -> None:
    record = item("Kolędowanie w hospicjum", "Spotkanie odbędzie się w czwartek 16 kwietnia w Lublinie.", "")
    event = event_of(record, now=PUBLISHED)
    assert event is not None and event.all_day and event.first_day == date(2026, 4, 16)


def test_the_pages_own_stamp_gives_no_hour_to_an_event_of_that_day() -> None:
    """ "Ewelina Oleksy 21 czerwca 2024, godz. 14:30" (real, tune: the author's line of a Gdańsk
    portal) above the text is when the page was written; the programme's start is the hour."""
    record = item(
        "Koncert solidarności dziś w Poznaniu",
        "Dziś odbędzie się koncert z okazji Dnia Niepodległości Ukrainy.",
        "Ewelina Oleksy 10 kwietnia 2026, godz. 07:30\nW Poznaniu przygotowano koncert w kościele. Początek o 19:00.",
    )
    event = event_of(record, now=PUBLISHED)
    assert event is not None and event.start == datetime(2026, 4, 10, 19, 0, tzinfo=WARSAW), event
