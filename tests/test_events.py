"""The event an item announces or reports (issue 18): ranges, times and zones, yearless dates,
places, wording, past events. The quality gate on real items is tests/test_events_real.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from pipeline.events import Event, event_of, is_upcoming
from pipeline.records import EventHint, Item

WARSAW = ZoneInfo("Europe/Warsaw")
PUBLISHED = datetime(2026, 4, 10, 8, 0, tzinfo=UTC)
NOW = PUBLISHED


def item(title: str, summary: str = "", *, published: datetime = PUBLISHED, language: str = "pl") -> Item:
    return Item(
        source_id="s", key=title, title=title, link="https://example.org/a", summary=summary,
        published=published, dated=True, language=language,
    )  # fmt: skip


def read(title: str, summary: str = "", **kw) -> Event:
    event = event_of(item(title, summary, **kw), now=NOW)
    assert event is not None, title
    return event


def listed(record: Item) -> Event | None:
    """The event ``record`` puts on the upcoming list at ``NOW``, if any."""
    event = event_of(record, now=NOW)
    return event if event is not None and is_upcoming(event, now=NOW) else None


@pytest.mark.parametrize(
    ("title", "summary", "start", "end"),
    [
        (
            "Spotkanie koordynatorów/ek miast międzykulturowych 14-15 listopada",
            "Zapraszamy.",
            date(2026, 11, 14),
            date(2026, 11, 15),
        ),
        (
            "Intercultural integration academy",
            "Will be held on 25-29 March 2027 in Reykjavik.",
            date(2027, 3, 25),
            date(2027, 3, 29),
        ),
        (
            "Forum",
            "Zapraszamy na Forum, które odbędzie się 30.09-2.10.2026 r. w Przemyślu.",
            date(2026, 9, 30),
            date(2026, 10, 2),
        ),
        (
            "Фестиваль",
            "Фестиваль відбудеться з 18 по 24 жовтня у Варшаві.",
            date(2026, 10, 18),
            date(2026, 10, 24),
        ),
        (
            "Europa na Widelcu",
            "Festiwal odbędzie się między 30 maja a 4 czerwca.",
            date(2026, 5, 30),
            date(2026, 6, 4),
        ),
        (
            "Wspólnie o międzykulturowości #6 – Wiedza – 22 kwietnia",
            "Zapraszamy na spotkanie z cyklu.",
            date(2026, 4, 22),
            None,
        ),
    ],
)
def test_ranges_and_single_days_are_all_day(title: str, summary: str, start: date, end: date | None) -> None:
    event = read(title, summary)
    assert event.all_day and event.start == start and event.end == end
    assert event.kind == "invitation" and is_upcoming(event, now=NOW)


def test_a_time_with_no_zone_is_warsaw_and_a_time_range_gives_the_end() -> None:
    event = read(
        "Spotkanie informacyjne",
        "Zapraszamy 22 kwietnia, godz. 17:00-19:00, w Centrum Kultury Agora we Wrocławiu.",
    )
    assert not event.all_day and event.tz == "Europe/Warsaw"
    assert event.start == datetime(2026, 4, 22, 17, 0, tzinfo=WARSAW)
    assert event.end == datetime(2026, 4, 22, 19, 0, tzinfo=WARSAW)


@pytest.mark.parametrize(
    ("summary", "moment", "tz"),
    [
        # CET is Strasbourg's wall clock all year, as the Council of Europe writes it (summer: CEST).
        (
            "Webinar: 21st September 2026 at 13:00 CET online. Register now.",
            datetime(2026, 9, 21, 11, 0, tzinfo=UTC),
            "Europe/Paris",
        ),
        (
            "The webinar will take place on 26 February 2027, at 9 a.m. (Canada; 3 p.m. CET).",
            datetime(2027, 2, 26, 14, 0, tzinfo=UTC),
            "Europe/Paris",
        ),
        ("Join us on 5 May 2026 at 10:00 UTC online.", datetime(2026, 5, 5, 10, 0, tzinfo=UTC), "UTC"),
    ],
)
def test_times_with_zones(summary: str, moment: datetime, tz: str) -> None:
    event = read("Webinar", summary, language="en")
    assert event.start == moment and event.tz == tz and event.place == "online"


def test_a_yearless_date_takes_the_year_nearest_the_published_day_by_wording() -> None:
    published = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)
    assert read("Zapraszamy na spotkanie 15 stycznia", published=published).start == date(2027, 1, 15)
    assert read("Spotkanie odbyło się 15 grudnia", published=published).start == date(2026, 12, 15)
    # No wording: the nearest either way (a report of 22 March published in April is this March's).
    assert read(
        "Conference", "On 22 March the mayor presented", published=datetime(2026, 4, 17, tzinfo=UTC)
    ).start == date(2026, 3, 22)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Zapraszamy 22 kwietnia na spotkanie we Wrocławiu.", "Wrocław"),
        ("Posiedzenie odbędzie się 14-15 maja w Lublinie.", "Lublin"),
        ("Konferencja 3 czerwca w Krakowie, zapisy trwają.", "Kraków"),
        ("Warsztaty 3 czerwca w Gdańsku. Zapraszamy!", "Gdańsk"),
        ("Spotkanie 22 kwietnia zdalnie, na platformie Zoom. Zapraszamy.", "online"),
        (
            "Festiwal 20-26 lipca w Synagodze pod Białym Bocianem we Wrocławiu. Zapraszamy.",
            "Synagodze pod Białym Bocianem, Wrocław",
        ),
        ("Zapraszamy na spotkanie 22 kwietnia.", None),
    ],
)
def test_places(text: str, place: str | None) -> None:
    assert read("Wydarzenie", text).place == place


@pytest.mark.parametrize(
    ("title", "summary", "kind"),
    [
        ("Zapraszamy na warsztaty", "Warsztaty 20 kwietnia.", "invitation"),
        ("Registrations opened", "Study visit on 20-21 April 2026.", "invitation"),
        ("Запрошуємо на зустріч", "Зустріч 20 квітня.", "invitation"),
        ("Konferencja", "Konferencja odbyła się 8 kwietnia 2026.", "report"),
        ("Meeting", "The meeting took place on 8 April 2026 in Lublin.", "report"),
        ("Фестиваль", "8 квітня відбувся фестиваль.", "report"),
        # Neither or both: a day still to come when published is an invitation.
        ("Spotkanie 20 kwietnia", "", "invitation"),
        ("Spotkanie 2 kwietnia 2026", "", "report"),
    ],
)
def test_invitation_or_report(title: str, summary: str, kind: str) -> None:
    event = read(title, summary)
    assert event.kind == kind
    assert is_upcoming(event, now=NOW) == (kind == "invitation")


def test_past_events_are_never_upcoming() -> None:
    event = read("Zapraszamy na spotkanie", "Spotkanie 20 kwietnia 2026, godz. 18:00.")
    assert is_upcoming(event, now=datetime(2026, 4, 20, 15, 59, tzinfo=UTC))
    assert not is_upcoming(event, now=datetime(2026, 4, 20, 16, 1, tzinfo=UTC))
    ranged = read("Zapraszamy", "Festiwal 20-26 kwietnia 2026.")
    assert is_upcoming(ranged, now=datetime(2026, 4, 26, 20, 0, tzinfo=UTC)), "until its last day ends"
    assert not is_upcoming(ranged, now=datetime(2026, 4, 26, 22, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        # A day alone is not enough: without an event word or wording a title may be anything.
        ("Wspólnie o międzykulturowości #6 – Wiedza – 22 kwietnia", ""),
        ("Ustawa wchodzi w życie 1 stycznia 2027", "Nowe przepisy o cudzoziemcach."),
        ("Prezydent Wrocławia", "Rada miasta przyjęła uchwałę."),
        ("24 lutego miną dwa lata", "Od wybuchu wojny."),
    ],
)
def test_no_event_without_a_day_or_an_event_word(title: str, summary: str) -> None:
    assert event_of(item(title, summary), now=NOW) is None


def test_weekdays_date_an_item_with_no_date() -> None:
    monday = datetime(2026, 4, 13, 8, 0, tzinfo=UTC)
    event = read(
        "Fair", "From Wednesday to Friday the fair will take place.", published=monday, language="en"
    )
    assert (event.start, event.end) == (date(2026, 4, 15), date(2026, 4, 17))


def test_the_fragments_explain_the_event() -> None:
    event = read("Zapraszamy na spotkanie", "Spotkanie 22 kwietnia o godz. 17:00 we Wrocławiu.")
    assert "22 kwietnia" in event.fragments and "zapraszamy" in event.fragments
    assert any("17:00" in f for f in event.fragments) and "wrocławiu" in event.fragments
    assert event.start.timetz().replace(tzinfo=None) == time(17, 0)  # type: ignore[union-attr]


def test_a_listing_date_line_is_read_first() -> None:
    record = item(
        "Intercultural integration academy in Iceland", "An academy for social workers.", language="en"
    )
    assert event_of(record, now=NOW) is None
    event = event_of(record, now=NOW, date_text="25-29 March 2027 Reykjavik, Iceland")
    assert event is not None and (event.start, event.end, event.place) == (
        date(2027, 3, 25),
        date(2027, 3, 29),
        "Reykjavik",
    )


# --- readings added on the second real collection (events-tune-2.jsonl) ------------------------------


@pytest.mark.parametrize(
    ("title", "summary", "language", "day", "kind"),
    [
        ("Video: Lisbon hosts celebrations", "Two days of celebrations will start in Lisbon tomorrow.", "en",
         date(2026, 4, 11), "invitation"),
        ("Вроцлав мітингує", "Сьогодні у Вроцлаві відбудеться мітинг підтримки України.", "uk",
         date(2026, 4, 10), "invitation"),
        ("Spotkanie", "Wczoraj w ratuszu odbyło się spotkanie z koordynatorami.", "pl",
         date(2026, 4, 9), "report"),
    ],
)  # fmt: skip
def test_a_relative_day_next_to_event_wording_dates_the_event(
    title: str, summary: str, language: str, day: date, kind: str
) -> None:
    event = read(title, summary, language=language)
    assert (event.first_day, event.kind) == (day, kind)


def test_a_relative_word_without_event_wording_dates_nothing() -> None:
    assert event_of(item("Pamięć", "Do dziś pamiętamy tamte dni."), now=NOW) is None


def test_a_date_line_spanning_days_is_an_events_calendar_line() -> None:
    record = item(
        "URBAN CITIZENSHIP: Making places where everyone can belong", "Urban citizenship is not new."
    )
    event = event_of(record, now=NOW, date_text="28-29 November 2026 Botkyrka, Sweden")
    assert event is not None and (event.first_day, event.last_day) == (date(2026, 11, 28), date(2026, 11, 29))
    # A single day with a place is a press release's dateline, not an event.
    assert (
        event_of(
            item("Launch of the guide", "The guide is out."), now=NOW, date_text="16 May 2026 Strasbourg"
        )
        is None
    )


def test_a_date_line_naming_a_city_and_its_country_is_an_events_calendar_line() -> None:
    """The ICC newsroom's card "21 February 2017 Bilbao, Spain" above a headline with no event word
    dates an event; the same line in Strasbourg, the Council of Europe's seat, is a release's."""
    record = item("Launch of the Intercultural Strategy of Bilbao", "", language="en")
    event = event_of(record, now=NOW, date_text="21 May 2026 Bilbao, Spain")
    assert event is not None and event.first_day == date(2026, 5, 21) and event.place == "Bilbao"
    guide = item("Launch of the ICC Step-by-step guide: updated edition", "", language="en")
    assert event_of(guide, now=NOW, date_text="21 May 2026 Strasbourg, France") is None
    # Days in Strasbourg are a meeting's, not a release's.
    event = event_of(guide, now=NOW, date_text="21-22 May 2026 Strasbourg, France")
    assert event is not None and event.last_day == date(2026, 5, 22)


def test_an_info_block_is_an_invitation() -> None:
    event = read(
        "День вишиванки", "Де: Plac Szczepański Коли: 18 травня о 18:00 Ціна: вхід вільний", language="uk"
    )
    assert event.start == datetime(2026, 5, 18, 18, 0, tzinfo=WARSAW) and event.kind == "invitation"


def test_the_time_a_later_sentence_gives_the_day_is_its_start() -> None:
    event = read(
        "Obchody rocznicy",
        "W najbliższy piątek (17 kwietnia) w Kielcach odbędą się lokalne obchody rocznicy. Organizują je "
        "władze miasta oraz stowarzyszenia. Uroczystość rozpocznie się o godzinie 14 w Muzeum Dialogu Kultur.",
    )
    assert event.start == datetime(2026, 4, 17, 14, 0, tzinfo=WARSAW)


def test_a_time_after_another_day_is_that_days_not_this_ones() -> None:
    event = read("Spotkanie 22 kwietnia", "Spotkanie 22 kwietnia. Zapisy do 20 kwietnia, do godz. 12:00.")
    assert event.all_day and event.first_day == date(2026, 4, 22)


def test_the_same_day_named_again_with_its_hour_gives_the_time() -> None:
    event = read(
        "",
        "23.04.2026 - pokaz filmu. 23 kwietnia o 18:00 w Centrum Historii Zajezdnia odbędzie się pokaz filmu.",
    )
    assert event.start == datetime(2026, 4, 23, 18, 0, tzinfo=WARSAW)


def test_a_weekday_gone_by_is_a_report_not_next_weeks_invitation() -> None:
    record = item(
        "Spotkanie z fundacją", "W minioną sobotę członkowie chóru wzięli udział w spotkaniu z fundacją."
    )
    event = event_of(record, now=NOW)
    assert event is not None and event.kind == "report" and event.first_day < PUBLISHED.date()
    assert not is_upcoming(event, now=NOW)


def test_a_yearless_day_of_last_week_is_this_years_even_in_an_invitation() -> None:
    published = datetime(2026, 6, 25, 8, 0, tzinfo=UTC)
    record = item(
        "",
        "The meeting room invites from Wednesday 24 June activists and NGOs.",
        published=published,
        language="en",
    )
    event = event_of(record, now=published)
    assert event is not None and event.first_day == date(2026, 6, 24)
    assert not is_upcoming(event, now=published)


def test_an_election_day_is_no_event() -> None:
    record = item(
        "", "On Sunday, 26th of April, will take place elections to the European Parliament.", language="en"
    )
    assert event_of(record, now=NOW) is None
    # An event about the elections is one.
    assert event_of(item("Debata przed wyborami", "Debata odbędzie się 20 kwietnia."), now=NOW) is not None


def test_a_night_written_with_a_slash_starts_on_its_first_day() -> None:
    event = read("Noc Kultury", "Ta wyjątkowa noc ma się odbyć 1/2 czerwca w przestrzeniach Starego Miasta.")
    assert (event.first_day, event.last_day) == (date(2026, 6, 1), date(2026, 6, 2))
    # A pair a few days apart is days ("Rzeszów 15/17 stycznia 2012", real, tune); more than a week
    # apart, the reader's last day alone.
    event = read("Spotkanie", "Spotkanie 2/5 czerwca.")
    assert (event.first_day, event.last_day) == (date(2026, 6, 2), date(2026, 6, 5))
    assert read("Spotkanie", "Spotkanie 2/15 czerwca.").first_day == date(2026, 6, 15)


def test_a_dotted_time_range_after_the_day_gives_its_hours() -> None:
    """ "11.30 - 12.00" is unmistakably a time; a lone "2.10" is not (it may be another date)."""
    event = read("Spotkania live", "Zapraszamy. Czekają na Ciebie: 17.04.2026 11.30 - 12.00 Model integracji")
    assert event.start == datetime(2026, 4, 17, 11, 30, tzinfo=WARSAW)
    assert event.end == datetime(2026, 4, 17, 12, 0, tzinfo=WARSAW)
    hours = read("Piknik", "Wydarzenie odbędzie się 23 kwietnia w godzinach od 12.00 do 15.00.")
    assert hours.start == datetime(2026, 4, 23, 12, 0, tzinfo=WARSAW)


def test_the_day_in_the_sentence_with_invitation_wording_is_the_events() -> None:
    event = read(
        "",
        "24 kwietnia przybywa do Warszawy delegacja pisarzy. Z ich udziałem odbędzie się w Domu "
        "Literatury 25 kwietnia o godz. 17 seminarium literackie.",
    )
    assert event.start == datetime(2026, 4, 25, 17, 0, tzinfo=WARSAW)
    english = read(
        "Ukrainians to celebrate",
        "Today (April 10th) is a national day. Next Saturday (April 18th) on Wyspa Słodowa a series "
        "of cultural events will take place.",
        language="en",
    )
    assert english.first_day == date(2026, 4, 18)


def test_a_titles_date_that_is_its_publication_day_is_the_news_stamp() -> None:
    event = read(
        "Multicultural Festival - New Cracovians 10.04.2026",
        "The festival will take place from April 26 to May 3, 2026.",
        language="en",
    )
    assert (event.first_day, event.last_day) == (date(2026, 4, 26), date(2026, 5, 3))


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        # A call for applications has a deadline, not an event to attend.
        ("60 mln zł na integrację", "10 kwietnia ruszył nabór wniosków; termin mija 17 maja 2026 r."),
        # A project's running period.
        ("Continuation of the Help Center", "From July 1, 2026, to December 31, 2027, the foundation is implementing the project."),
        # What a day is, not an event on it.
        ("Wielokulturowy Piknik", "20 czerwca obchodzony jest Światowy Dzień Uchodźcy."),
    ],
)  # fmt: skip
def test_deadlines_project_periods_and_day_definitions_are_not_upcoming(title: str, summary: str) -> None:
    event = event_of(item(title, summary, language="en" if summary[0] == "F" else "pl"), now=NOW)
    assert event is None or not is_upcoming(event, now=NOW), event


def test_scheduled_to_take_place_is_invitation_wording() -> None:
    event = read(
        "Celebration of the World Refugee Day",
        "In 2026, the celebration is scheduled to take place for 16 June in Lublin.",
        language="en",
    )
    assert (event.kind, event.first_day) == ("invitation", date(2026, 6, 16))


def test_days_with_their_hours_start_at_the_first_days_hour() -> None:
    """Real wording (events-tune-2): "will be held on February 22 and 23 between 11:00 and 15:00"."""
    event = read(
        "Microgrant Workshops",
        "The first cycle of educational workshops will be held on April 22 and 23 between 11:00 and 15:00.",
        language="en",
    )
    assert not event.all_day and event.start == datetime(2026, 4, 22, 11, 0, tzinfo=WARSAW)
    assert event.last_day == date(2026, 4, 23) and event.kind == "invitation"


def test_between_two_days_is_a_range() -> None:
    """Real wording (events-tune-2): "Odbędą się one pomiędzy 10 a 22 czerwca"."""
    event = read("Life Will Win", "Koncerty charytatywne odbędą się pomiędzy 10 a 22 czerwca.")
    assert (event.first_day, event.last_day) == (date(2026, 6, 10), date(2026, 6, 22))


@pytest.mark.parametrize(
    ("title", "summary", "language"),
    [
        # Real (events-tune-4): a council's recruitment; the day closes applications.
        (
            "Zgłoś się do Gdańskiej Rady Imigrantów i Imigrantek",
            "Trwa rekrutacja. Osoby z doświadczeniem migracji mogą aplikować do 19 grudnia.",
            "pl",
        ),
        ("Call for nominations", "Applications for the award can be submitted until 30 June.", "en"),
    ],
)
def test_the_last_day_to_apply_is_no_event(title: str, summary: str, language: str) -> None:
    assert event_of(item(title, summary, language=language), now=NOW) is None


def test_a_prayer_on_a_day_is_an_event_and_a_ukrainian_past_tense_a_report() -> None:
    """Real (events-tune-4): "24 серпня о 10:30 ... буде молитва"; "відбулася Божественна
    літургія" the same day is a report."""
    prayer = read("Офіційна частина", "У понеділок, 24 серпня о 10:30 у соборі буде молитва.", language="uk")
    assert prayer.start == datetime(2026, 8, 24, 10, 30, tzinfo=WARSAW) and prayer.kind == "invitation"
    report = read(
        "День Соборності",
        "У п’ятницю, 10 квітня, у місті відбулася Божественна літургія та панахида.",
        language="uk",
    )
    assert report.kind == "report" and not is_upcoming(report, now=NOW)


@pytest.mark.parametrize(
    ("title", "summary", "language"),
    [
        # Real wordings (events-tune-5), on this test's days: a deadline written before its call...
        ("Nabór wniosków do funduszu", "Do 8 sierpnia trwa nabór wniosków o dofinansowanie projektów.", "pl"),
        # ...a day off by law, and the weekday a holiday falls on...
        (
            "Більше неділь для шопінгу та нове державне свято",
            "Президент підписав закон. Відтепер 24 грудня — державний вихідний. У 2026 році Святвечір "
            "припадає на четвер.",
            "uk",
        ),
        # ...and a world day defined: its rule ("the third Thursday") and this year's day.
        (
            "День вишиванки",
            "Всесвітній день вишиванки — міжнародне свято. Дата проведення — щороку в третій четвер "
            "травня. У 2026 день вишиванки святкують 21 травня",
            "uk",
        ),
    ],
)
def test_calls_days_off_and_world_days_are_not_upcoming(title: str, summary: str, language: str) -> None:
    event = event_of(item(title, summary, language=language), now=NOW)
    assert event is None or not is_upcoming(event, now=NOW), event


def test_the_weekday_of_a_meeting_not_the_day_a_holiday_falls_on() -> None:
    """Real (events-tune-5): Easter "припадає на 24 квітня"; the breakfast is "на суботу"."""
    event = read(
        "Польсько-український сніданок. На суботу готується зустріч",
        "Пасха цього року припадає на 12 квітня. Урочисті збори заплановані на суботу.",
        language="uk",
    )
    assert (event.kind, event.first_day) == ("invitation", date(2026, 4, 11))


def test_this_coming_weekend_is_an_invitation() -> None:
    """Real (events-tune-5): "W najbliższy weekend (17-18 maja) ... spotkają się"."""
    event = read(
        "", "W najbliższy weekend (18-19 kwietnia) w teatrze spotkają się przedstawiciele mniejszości."
    )
    assert (event.kind, event.first_day, event.last_day) == (
        "invitation",
        date(2026, 4, 18),
        date(2026, 4, 19),
    )


def test_a_day_an_exhibition_lasts_until_is_no_start() -> None:
    """Real (events-tune-4): "The exhibition … will last … until 3rd of February": an end, not the
    day to come; "od 20 do 22 kwietnia" is still a range."""
    lasting = event_of(
        item(
            "Talks #2",
            "The exhibition will last at the museum until 3rd of May. Migrants are invited.",
            language="en",
        ),
        now=NOW,
    )
    assert lasting is None or lasting.first_day != date(2026, 5, 3), lasting
    ranged = read("Warsztaty", "Zapraszamy na warsztaty od 20 do 22 kwietnia.")
    assert (ranged.first_day, ranged.last_day) == (date(2026, 4, 20), date(2026, 4, 22))


@pytest.mark.parametrize(
    ("title", "summary", "language"),
    [
        # Real wordings (events-tune-6), on this test's days: a report in a spelling with a soft sign...
        ("Вчергове зірвали зустріч", "Протягом 12 – 17 квітня в Познані відбулась серія зустрічей.", "uk"),
        # ...a festival that "kicked off" on a weekday, a ceremony a president "was present" at...
        ("", "The 16th Polish Cinema Days kicked off on Wednesday. The festival runs in Kyiv.", "en"),
        ("Національний день", "На урочистому заході 12 квітня був присутній президент.", "uk"),
        # ...meetings called off and moved, a fundraising collection, and a weekday that is no event's.
        (
            "Через коронавірус скасували змагання",
            "Зустрічі були заплановані на 13–14 квітня, проте через коронавірус їх перенесли.",
            "uk",
        ),
        ("", "W Środę Popielcową 15.04.2026 r. odbędzie się ogólnopolska zbiórka finansowa na pomoc.", "pl"),
        ("Małanka [zdjęcia]", "W środę mamy Nowy Rok. Goście bawili się na balu w minioną sobotę.", "pl"),
    ],
)
def test_reports_called_off_meetings_and_collections_are_not_upcoming(
    title: str, summary: str, language: str
) -> None:
    event = event_of(item(title, summary, language=language), now=NOW)
    assert event is None or not is_upcoming(event, now=NOW), event


@pytest.mark.parametrize(
    ("title", "summary", "language", "start"),
    [
        # Real wordings (events-tune-6): a guided walk's meeting point is no collection...
        (
            "Oprowadzanie po Dzielnicy Czterech Wyznań",
            "Termin i miejsce wydarzenia: 14.04.2026 (wtorek), godz. 11:00 Zbiórka pod kościołem. Wstęp wolny.",
            "pl",
            datetime(2026, 4, 14, 11, 0, tzinfo=WARSAW),
        ),
        # ...a ball an association "organizuje", its hour written "godz.20.00"...
        (
            "Małanka - Ukraiński Bal w Koszalinie",
            "Zarząd Koła organizuje w dniu 18 kwietnia 2026 (sobota) o godz.20.00 w Klubie Małankę.",
            "pl",
            datetime(2026, 4, 18, 20, 0, tzinfo=WARSAW),
        ),
        # ...a vernissage today "o g. 18.00", a festival that "will feature", a Ukrainian "this Friday".
        (
            "",
            "Dziś, 10 kwietnia o g. 18.00 wernisaż w Galerii.",
            "pl",
            datetime(2026, 4, 10, 18, 0, tzinfo=WARSAW),
        ),
        (
            "",
            "Held in Kyiv between 15 and 26 April, the festival will feature Polish films.",
            "en",
            date(2026, 4, 15),
        ),
        (
            "",
            "Цієї п’ятниці у Кракові буде справжнє свято для любителів книг. Запрошуємо.",
            "uk",
            date(2026, 4, 10),
        ),
    ],
)
def test_invitations_in_their_real_wordings(title: str, summary: str, language: str, start: date) -> None:
    event = read(title, summary, language=language)
    assert event.kind == "invitation" and event.start == start, event


@pytest.mark.parametrize(
    ("title", "summary", "first", "last"),
    [
        # Real wordings (events-tune-7), on this test's days: ordinal days of a range...
        (
            "Festival Todos",
            "From the 12th to the 15th of April, the Campo de Santana will be the location for the festival.",
            date(2026, 4, 12),
            date(2026, 4, 15),
        ),
        # ...a festival under way "until Sunday" (published on a Friday)...
        (
            "Carnaval Sztukmistrzów | All you need to know",
            "Carnaval Sztukmistrzów is starting and will run until Sunday.",
            date(2026, 4, 10),
            date(2026, 4, 12),
        ),
        # ...a press release's dateline, then "this Saturday"...
        (
            "Multicultural Celebration Family Fun Day",
            "Dublin, 10th April 2026 Dublin City Council is continuing its partnership with a free "
            "Multicultural Family Fun Day taking place this Saturday.",
            date(2026, 4, 11),
            date(2026, 4, 11),
        ),
        # ...and a headline opening with the last day ("to Sept 20 | FESTIVAL | …").
        (
            "to Apr 20 | FESTIVAL | TODOS 2026",
            "The festival is back for its 12th edition. From 17 to 20 of April 2026, the neighbourhood will host it.",
            date(2026, 4, 17),
            date(2026, 4, 20),
        ),
    ],
)
def test_ranges_under_way_and_datelines_in_their_real_wordings(
    title: str, summary: str, first: date, last: date
) -> None:
    event = read(title, summary, language="en")
    assert (event.kind, event.first_day, event.last_day) == ("invitation", first, last), event


def test_a_period_of_over_a_year_is_no_event_nor_is_its_last_day() -> None:
    """Real (events-tune-3), an undated page: "From July 1, 2022, to December 31, 2023, the Ocalenie
    Foundation is implementing the project titled ‘Continuation of Activities of the Help Center…’"."""
    project = Item(
        source_id="s",
        key="k",
        title="Continuation of Activities of the Help Center for Foreigners (CPC) in Warsaw, Łódź, and Łomża",
        link="https://example.org/a",
        summary="From April 10, 2026, to December 31, 2027, the Ocalenie Foundation is implementing the project "
        "titled ‘Continuation of Activities of the Help Center for Foreigners in Warsaw, Łódź, and Łomża,’ "
        "which is co-financed by Labor Fund Reserve competition “Together We Can Do More”",
        published=PUBLISHED,
        dated=False,
        language="en",
    )
    assert listed(project) is None


@pytest.mark.parametrize(
    ("title", "summary", "start"),
    [
        # Real wordings (events-tune-9), on this test's days (published Friday 10 April 2026): a
        # weekday with its hour...
        (
            "Fundacja zorganizowała świąteczną wieczerzę",
            "Wieczerza świąteczna w tradycji prawosławnej ma się odbyć w niedzielę o godzinie 17:00.",
            datetime(2026, 4, 12, 17, 0, tzinfo=WARSAW),
        ),
        # ...a festival that starts "in a week", and a fair that "starts today".
        ("Podlaska Oktawa Kultur rusza za tydzień", "Wstęp na wszystkie koncerty jest wolny.", date(2026, 4, 17)),
        ("Dzisiaj startuje Jarmark Jagielloński", "Na ulicach Starego Miasta twórcy zaprezentują rzemiosła.", date(2026, 4, 10)),
    ],
)  # fmt: skip
def test_weekdays_with_hours_and_days_counted_from_publication(title: str, summary: str, start: date) -> None:
    event = read(title, summary)
    assert event.kind == "invitation" and event.start == start, event


def test_the_published_days_news_and_a_date_line_of_publishing_are_not_upcoming() -> None:
    """Real wordings (events-tune-8): a session's first day reported that day ("the Congress members
    have elected"), a day named in a text published that day with no invitation, and a listing whose
    date line is when it was added ("Dodano dnia 10.08.2015"), above a weekly series."""
    elected = item(
        "45th session, Day 1: Election of the President of the Congress",
        "On the first day of the 45th session, on 10 April 2026, the Congress members have elected their new President.",
        language="en",
    )
    meeting = item(
        "Congress experts discuss foreign interference",
        "Meeting in Strasbourg on 10 April 2026, the Group of Independent Experts on the European Charter.",
        language="en",
    )
    for news in (elected, meeting):
        event = event_of(news, now=NOW)
        assert event is None or not is_upcoming(event, now=NOW), event
    jazz = item(
        "Manu Summer Jazz Sundays In Manufaktura",
        "Jazz concerts in Manufaktura. Free entrance",
        language="en",
    )
    event = event_of(jazz, now=NOW, date_text="Dodano dnia 10.04.2026")
    assert event is None or not is_upcoming(event, now=NOW), event
    # The day itself, with its hours or "today", is still an invitation.
    debate = read(
        "Od niewidzialnych migrantów", "miejska debata o migracjach 10/04/2026 godz. 17.00–20.00 ECS"
    )
    assert debate.kind == "invitation" and is_upcoming(debate, now=NOW), debate


@pytest.mark.parametrize(
    ("title", "summary", "date_line"),
    [
        # Real wordings (events-tune-8), on this test's days: something "was launched" that day...
        ("No Hate Ninjas Poster Exhibition", "The poster exhibition was launched on 10 April at the Youth Centre.", "10/04/2026 -"),
        # ...calls published that day, under their date lines...
        (
            "Now open: Apply to become European Capital of Democracy 2027",
            "Like Barcelona (and soon Vienna), every year a different city is selected as the European Capital "
            "of Democracy (ECoD) by a jury of European citizens, hosting a year-long programme of events.",
            "10 April 2026 Strasbourg",
        ),
        (
            "Call for applications: European Youth Capital 2028",
            "The European Youth Forum has launched a call to find its European Youth Capital (EYC) 2028.",
            "[10/04/2026 11:30:00]",
        ),
    ],
)  # fmt: skip
def test_launches_and_calls_are_not_upcoming(title: str, summary: str, date_line: str | None) -> None:
    event = event_of(item(title, summary, language="en"), now=NOW, date_text=date_line)
    assert event is None or not is_upcoming(event, now=NOW), event


def test_a_release_dateline_is_when_it_was_written() -> None:
    """Real (events-tune-8): "Budapest, 5 June 2009 – “Budapest was an excellent choice…,” said …"."""
    summary = (
        "Budapest, 10 April 2026 – “Budapest was an excellent choice to invest in and the Hungarian Capital "
        "is a privileged location,” said António Guterres the High Commissioner of UNHCR on Friday, the end "
        "of his three-day visit."
    )
    event = event_of(item("Budapest an Excellent Choice for UNHCR", summary, language="en"), now=NOW)
    assert event is None or not is_upcoming(event, now=NOW), event


def _undated(title: str, summary: str) -> Item:
    """A page of unknown age read by a first cycle: its date is the reading's, ``dated`` False."""
    return Item(
        source_id="s", key=title, title=title, link="https://example.org/a", summary=summary,
        published=PUBLISHED, dated=False, language="en",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("title", "summary", "date_line"),
    [
        # Real wordings (events-tune-10), on this test's days: the text names its year...
        ("Building sustainable cities", "On the occasion of World Cities Day 2024, on 31 October, UNESCO will organize a series of events.", None),
        ("The City of Geneva fights everyday racism", "The 2025 edition of Anti-racism Week will take place between 20 and 26 May.", None),
        # ...a weekday that this year's day is not ("Saturday 14th October" was a Saturday in 2023)...
        ("", "You are invited to join our upcoming event on Saturday 14th May, 15:30 – 18:00 at the museum.", None),
        # ...an undated page's invitation far ahead is last year's...
        ("", "The Committee of the Regions invites you to an online debate on 28 November on integration funds.", None),
        # ...and a listing's "Post date: 2016, 25 November" is when it was posted.
        ("", "The Conference organised on 24 and 25 November 2016 by the ROMED2 team focuses on dialogue.", "Post date: 2026, 10 April"),
    ],
)  # fmt: skip
def test_pages_of_other_years_are_not_upcoming(title: str, summary: str, date_line: str | None) -> None:
    event = event_of(_undated(title, summary), now=NOW, date_text=date_line)
    assert event is None or not is_upcoming(event, now=NOW), event


def test_an_undated_pages_near_invitation_is_still_listed() -> None:
    event = event_of(_undated("Warsztaty", "Zapraszamy na warsztaty 22 kwietnia o godz. 17:00."), now=NOW)
    assert event is not None and is_upcoming(event, now=NOW), event


@pytest.mark.parametrize(
    ("title", "summary", "date_line", "language"),
    [
        # Real wordings (events-tune-11), on this test's days: a date line with the minute it was
        # published, above a visit of the day...
        ("Dzieci ze Lwowa", "Najpierw zwiedziły Toruń, dziś goszczą w Bydgoszczy.", "2026-04-10, 13:24", "pl"),
        # ...a collection that "lasted" from Friday, reported ("zorganizowano")...
        ("Część darów trafiła do Muszyny", "Od piątku trwała zbiórka produktów. W niedzielę zorganizowano transport.", None, "pl"),
        # ...parishioners who "met" on a day...
        ("Щедрий вечір", "10 квітня парафіяни Ольштинського собору зустрілися на Щедрий Вечір у парафіяльній залі.", None, "uk"),
    ],
)  # fmt: skip
def test_stamps_and_reports_of_polish_and_ukrainian_pages_are_not_upcoming(
    title: str, summary: str, date_line: str | None, language: str
) -> None:
    event = event_of(item(title, summary, language=language), now=NOW, date_text=date_line)
    assert event is None or not is_upcoming(event, now=NOW), event


def test_an_undated_pages_unworded_day_far_ahead_is_last_years() -> None:
    """Real (events-tune-11): "Вихідні 19–20 травня видалися теплими…", a festival's report of unknown
    age read in December: last May's, not next May's."""
    record = Item(
        source_id="s", key="k", title="52. Дитячий Фестиваль", link="https://example.org/a",
        summary="Вихідні 19–20 вересня видалися теплими та сонячними, вдалими для поїздки до моря.",
        published=PUBLISHED, dated=False, language="uk",
    )  # fmt: skip
    assert listed(record) is None


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        # Real wordings (events-tune-13), on this test's days: candles lit this evening...
        ("Tarnów obchodzi Chanukę [zdjęcia]", "Dzisiejszego wieczoru, 10 kwietnia, pod Bimą zapalono świece. W uroczystości wziął udział prezydent."),
        # ...and a choir that performed on Friday.
        ("Jelenia Góra: Cerkiewne klimaty", "Chór Parafii Prawosławnej wystąpił w piątek, 10 kwietnia, w cerkwi. To jeden z trzech koncertów cyklu."),
    ],
)  # fmt: skip
def test_polish_impersonal_and_past_reports_are_not_upcoming(title: str, summary: str) -> None:
    event = event_of(item(title, summary), now=NOW)
    assert event is None or not is_upcoming(event, now=NOW), event


@pytest.mark.parametrize(
    "summary",
    [
        # Real wordings (events-tune-12), on this test's days: a forum that "started"...
        "Стартував другий форум Рад ВПО. У Києві 10-11 квітня проходитиме ІІ форум.",
        # ...a national day people "began to celebrate", or "will celebrate" (no event of its own)...
        "В Українському домі 10 квітня житомиряни почали відзначати День соборності. Розпочали з молитви.",
        "22 квітня у районах та містах Житомирщини відзначатимуть День Соборності.",
        # ...and a news agency's dateline.
        "КИЇВ. 10 квітня. УНН. Кабінет міністрів доручив створити Державну службу з етнополітики.",
    ],
)
def test_ukrainian_city_news_that_is_no_upcoming_event(summary: str) -> None:
    event = event_of(item("", summary, language="uk"), now=NOW)
    assert event is None or not is_upcoming(event, now=NOW), event


@pytest.mark.parametrize(
    ("title", "summary", "date_line", "language"),
    [
        # Real stamps (events-tune-8, -11), on this test's day: a clock with its seconds...
        ("ELDW: Living together in multicultural societies", "This week more than 130 events are taking place across 23 member States.", "[10/04/2026 17:30:00]", "en"),
        # ...and beside an ISO day, on the hour's quarters that events keep.
        ("„Chcemy podziękować za solidarność”. Festiwal w Bydgoszczy", "Festiwal Bydgoszcz Solidarna z Ukrainą już po raz trzeci.", "2026-04-10, 18:30", "pl"),
    ],
)  # fmt: skip
def test_a_machine_stamp_as_date_line_is_no_events_day(
    title: str, summary: str, date_line: str, language: str
) -> None:
    event = event_of(item(title, summary, language=language), now=NOW, date_text=date_line)
    assert event is None or not is_upcoming(event, now=NOW), event


def test_an_item_under_a_stamp_with_seconds_takes_the_day_its_text_names() -> None:
    """Real (events-tune-8): "[23/03/2017 10:00:00]" above "32nd Session of the Congress…, 28-30 March"."""
    event = event_of(
        item("32nd Session of the Congress to focus on migration", "The Session will be held in Strasbourg on 14-16 April.", language="en"),
        now=NOW, date_text="[10/04/2026 10:00:00]",
    )  # fmt: skip
    assert event is not None and event.first_day == date(2026, 4, 14), event


def _at(record: Item) -> datetime:
    event = event_of(record, now=NOW)
    assert event is not None and isinstance(event.start, datetime), event
    return event.start.astimezone(WARSAW).replace(tzinfo=None)


def test_an_hour_in_a_ukrainian_city_is_read_on_kyivs_clock() -> None:
    """Real (events-tune-12): "У Вінниці влаштують фестиваль… Початок фестивалю о 18:00": 17:00 in Warsaw."""
    record = item(
        "У Вінниці влаштують фестиваль національних культур",
        "Сьогодні, 10 квітня, у Вінниці відбудеться фестиваль. Початок фестивалю о 18:00.", language="uk",
    )  # fmt: skip
    assert _at(record) == datetime(2026, 4, 10, 17, 0)
    assert event_of(record, now=NOW).tz == "Europe/Kyiv"  # type: ignore[union-attr]


def test_a_polish_page_naming_a_ukrainian_city_in_passing_keeps_warsaws_clock() -> None:
    """Real (events-tune-9): children of Melitopol, the celebration at 11.00 in Częstochowa."""
    record = item(
        "„Kocham Wolną Ukrainę”",
        "W imieniu dzieci z Melitopola Caritas zaprasza na obchody. Świętowanie rozpocznie się 12 kwietnia o godzinie 11.00.",
    )  # fmt: skip
    assert _at(record) == datetime(2026, 4, 12, 11, 0)


def test_a_ua_sites_hour_with_no_city_is_kyivs() -> None:
    ua = Item(
        source_id="s", key="k", title="Вебінар для вчителів", link="https://osvita.example.ua/news/1",
        summary="Запрошуємо на вебінар 12 квітня о 15:00.", published=PUBLISHED, dated=True, language="uk",
    )  # fmt: skip
    assert _at(ua) == datetime(2026, 4, 12, 14, 0)


@pytest.mark.parametrize(
    ("title", "summary", "language", "warsaw_clock"),
    [
        # Real (events-tune-7): Dublin's "Saturday, 21st May 2022, Venue: … 11.00am -2.00pm", on
        # Dublin's clock...
        ("Dublin City: a workshop for families", "Saturday, 11th April 2026, Belvedere Youth Club, Dublin 11.00am - 2.00pm.", "en", datetime(2026, 4, 11, 12, 0)),
        # ...(events-tune-10) a zone written after a range is its start's: "from 3 pm to 5 pm (CEST)"...
        ("Intercultural Competence Training", "The webinar will be held on 14 April 2026 from 3 pm to 5 pm (CEST).", "en", datetime(2026, 4, 14, 15, 0)),
        # ...(events-tune-11) and today's event takes the hour written after it.
        ("", "Po raz 27. w Szczecinie odbędą się dziś Dni Kultury Ukraińskiej. Początek o godz. 15 na dziedzińcu Zamku.", "pl", datetime(2026, 4, 10, 15, 0)),
    ],
)  # fmt: skip
def test_the_hour_read_and_its_clock(title: str, summary: str, language: str, warsaw_clock: datetime) -> None:
    assert _at(item(title, summary, language=language)) == warsaw_clock


def test_a_clock_before_the_day_in_a_date_line_is_a_stamp_and_год_follows_an_hour() -> None:
    """Real (events-tune-12): "09:15 3 травня 2019 р." above "…3 травня, о 12.00 у Львівській
    міськраді", and "о 13:00год." (Kyiv's clock: an hour earlier in Warsaw)."""
    session = event_of(
        item("Урочисте засідання сесії", "У п’ятницю, 10 квітня, о 12.00 у Львівській міськраді розпочнеться засідання.", language="uk"),
        now=NOW, date_text="09:15 10 квітня 2026 р.",
    )  # fmt: skip
    assert session is not None and session.start == datetime(
        2026, 4, 10, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv")
    )
    meeting = item(
        "",
        "12 квітня 2026 року в приміщенні адміністрації, о 13:00год. проходитиме зустріч у Луцьку.",
        language="uk",
    )
    assert _at(meeting) == datetime(2026, 4, 12, 12, 0)


def test_a_festivals_days_open_at_the_hour_its_programme_gives_the_first() -> None:
    """Real (events-tune-9): "Czekamy na Was 14-20 listopada! Poniedziałek, 14 listopada • 18.00 –
    Oficjalne otwarcie": from 18:00 on the first day to the end of the last."""
    event = event_of(
        item("Festiwal „Ukraina w Centrum Lublina”", "Czekamy na Was 14-20 kwietnia! Wtorek, 14 kwietnia • 18.00 – Oficjalne otwarcie."),
        now=NOW,
    )  # fmt: skip
    assert event is not None and not event.all_day, event
    assert event.start == datetime(2026, 4, 14, 18, 0, tzinfo=WARSAW)
    assert event.last_day == date(2026, 4, 20)


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        # Real wordings (events-tune-5, -14), on this test's days: a march, a tournament played today.
        ("", "Marsz Równości, który przejdzie przez Wrocław w sobotę 11 kwietnia, otrzymał patronat prezydenta."),
        ("IV Turniej o Puchar Prezydenta Miasta Krakowa", "Turniej zostanie rozegrany dzisiaj, 10 kwietnia, na boiskach przy ul. Praskiej."),
    ],
)  # fmt: skip
def test_marches_and_tournaments_are_events(title: str, summary: str) -> None:
    event = event_of(item(title, summary), now=NOW)
    assert event is not None and is_upcoming(event, now=NOW), event


def test_an_event_refused_is_not_upcoming() -> None:
    """Real (events-tune-12): "Вінницька міська рада не дозволила організацію Різдвяного ярмарку"."""
    record = item(
        "Вінницька міська рада не дозволила організацію Різдвяного ярмарку на Європейській площі",
        "У міській раді відповіли на петицію щодо ярмарку, який пропонували облаштувати у період з 18 квітня по 17 травня.",
        language="uk",
    )  # fmt: skip
    assert listed(record) is None


def _hinted(hint: EventHint, title: str = "Warsztaty", summary: str = "") -> Item:
    return Item(
        source_id="s", key="k", title=title, link="https://wielokultury.example/w", summary=summary,
        published=PUBLISHED, dated=True, language="pl", event=hint,
    )  # fmt: skip


def test_the_event_a_page_states_wins_over_the_texts() -> None:
    """A JSON-LD Event's hours are taken as stated, whatever day the teaser names ("zgłoszenia do 12
    kwietnia" is a deadline the page's event is not)."""
    start = datetime(2026, 4, 22, 17, 0, tzinfo=WARSAW)
    hint = EventHint(start=start, end=start.replace(hour=19), place="Klub Pod Kolumnami, Wrocław")
    event = event_of(_hinted(hint, summary="Zgłoszenia do 12 kwietnia."), now=NOW)
    assert event is not None and event.start == start and event.end == start.replace(hour=19)
    assert event.place == "Klub Pod Kolumnami, Wrocław" and event.kind == "invitation"
    assert "schema.org Event" in event.fragments and is_upcoming(event, now=NOW)


def test_a_stated_events_days_place_and_calling_off() -> None:
    days = event_of(
        _hinted(EventHint(start=date(2026, 5, 14), end=date(2026, 5, 15)), "Forum w Lublinie"), now=NOW
    )
    assert days is not None and days.all_day and days.last_day == date(2026, 5, 15)
    assert days.place == "Lublin"  # the page gave none: the texts' place
    online = event_of(_hinted(EventHint(start=date(2026, 5, 14), place="Sala A", online=True)), now=NOW)
    assert online is not None and online.place == "online"
    assert event_of(_hinted(EventHint(start=date(2026, 5, 14), cancelled=True)), now=NOW) is None
    past = event_of(_hinted(EventHint(start=date(2026, 3, 1))), now=NOW)
    assert past is not None and not is_upcoming(past, now=NOW)


def test_a_bare_date_line_above_a_later_day_was_the_news_day() -> None:
    """Real (events-c): "08/10/2015" above "… Conference to be held in Gothenburg, Sweden 15-17
    October, 2015": the listing's day was the news's. A calendar's row with its place stays."""
    record = item(
        "Participation of the Council of Europe to the Beyond the Obvious Conference",
        "The Council of Europe is participating in the Conference to be held in Gothenburg, Sweden 15-17 April, 2026.",
        language="en",
    )  # fmt: skip
    event = event_of(record, now=NOW, date_text="10/04/2026")
    assert event is not None and event.first_day == date(2026, 4, 15) and event.last_day == date(2026, 4, 17)
    row = event_of(
        item("Summer academy", "The academy opens on 20 April.", language="en"),
        now=NOW,
        date_text="10/04/2026 Strasbourg",
    )
    assert row is not None and row.first_day == date(2026, 4, 10)


def test_a_bare_date_line_below_the_days_a_text_names_was_a_reports_day() -> None:
    """Real (coe.int's old "Headline news", tune): "15/04/2014" below "MEDIANE: Journalism Practice &
    Diversity Inclusiveness, 11-13 April 2014, Würzburg (Germany)": the report's publishing day, no
    event of that day."""
    record = item(
        "MEDIANE: Journalism Practice & Diversity Inclusiveness, 5-7 April 2026, Würzburg (Germany)",
        "During the Mediane Thematic Encounter, participants were asked to build pairs of exchanges.",
        language="en",
    )
    event = event_of(record, now=NOW, date_text="10/04/2026")
    assert event is not None and event.first_day == date(2026, 4, 5) and not is_upcoming(event, now=NOW)


def test_a_headline_naming_days_and_a_place_names_an_event() -> None:
    """Real (coe.int, tune): "MEDIANE: Towards an Inclusive Approach…: Overview, 28-30 April 2014,
    Split (Croatia)", no event word: the headline reads as an event card's."""
    record = item(
        "MEDIANE: Towards an Inclusive Approach, 28-30 April 2026, Split (Croatia)", "", language="en"
    )
    event = event_of(record, now=NOW)
    assert event is not None and (event.first_day, event.last_day) == (date(2026, 4, 28), date(2026, 4, 30))


def test_a_programmes_start_in_the_headline_is_the_days_hour() -> None:
    """Real (tune): "… koncert charytatywny na rzecz Ukrainy. Początek o 17:00" over "podczas
    dzisiejszego (29.05) Koncertu": the day in the teaser, its hour in the headline."""
    record = item(
        "Taki ma być koncert charytatywny na rzecz Ukrainy. Początek o 17:00",
        "Ponad 30 artystów wystąpi podczas dzisiejszego (10.04) Koncertu Charytatywnego.",
    )
    event = event_of(record, now=NOW)
    assert event is not None and event.start == datetime(2026, 4, 10, 17, 0, tzinfo=WARSAW), event


def test_a_year_written_after_another_month_is_not_the_days() -> None:
    """Real (events-b): "запрошує … 24 січня о 18:30 презентацію книжки …, яка вийшла в грудня 2024
    року", read in January 2025: this January's, not January 2024's."""
    record = Item(
        source_id="s", key="k", title="", link="https://example.org/a", published=datetime(2025, 1, 23, 9, tzinfo=UTC),
        summary="Український дім запрошує 24 січня о 18:30 на презентацію книжки, яка вийшла в грудня 2024 року.",
        dated=False, language="uk",
    )  # fmt: skip
    event = event_of(record, now=datetime(2025, 1, 23, 9, tzinfo=UTC))
    assert event is not None and event.first_day == date(2025, 1, 24)


def test_a_world_day_defined_a_clause_away_is_no_event() -> None:
    """Real (events-b): "18 grudnia z inicjatywy Organizacji Narodów Zjednoczonych na świecie
    obchodzony jest Międzynarodowy Dzień Migrantów"."""
    record = item(
        "Międzynarodowy Dzień Migrantów. Nie jesteśmy obojętni.",
        "18 kwietnia z inicjatywy Organizacji Narodów Zjednoczonych na świecie obchodzony jest Międzynarodowy Dzień Migrantów.",
    )  # fmt: skip
    assert listed(record) is None


def test_a_days_hour_given_in_the_items_own_text_is_read() -> None:
    """A feed's full content names the hour of the teaser's day; its other days (a deadline, a year
    in history) never become the event's."""
    record = Item(
        source_id="s", key="k", title="Spotkanie z cyklu Wspólnie o międzykulturowości – 22 kwietnia",
        link="https://example.org/a", summary="Zapraszamy na kolejne spotkanie cyklu.",
        content_html="<p>Zgłoszenia do 15 kwietnia.</p><p>Spotkanie 22 kwietnia rozpocznie się o godz. 17:00"
        " w Klubie Pod Kolumnami. Cykl trwa od 2019 roku.</p>",
        published=PUBLISHED, dated=True, language="pl",
    )  # fmt: skip
    event = event_of(record, now=NOW)
    assert event is not None and event.start == datetime(2026, 4, 22, 17, 0, tzinfo=WARSAW), event


def test_a_stamped_date_line_above_an_invitation_to_a_later_day_was_the_news_day() -> None:
    """Real (events-tune-9, -12): "czwartek, 31 marca 2022 12:30" above "koncert odbędzie się już w
    najbliższą niedzielę, 3 kwietnia". A calendar's row keeps its day when the text does not invite
    to a later one ("the next meeting is on the 24th")."""
    concert = item(
        "Razem dla Ukrainy – koncert",
        "Koncert odbędzie się już w najbliższą niedzielę, 12 kwietnia w Goryniu.",
    )
    event = event_of(concert, now=NOW, date_text="piątek, 10 kwietnia 2026 12:30")
    assert event is not None and event.first_day == date(2026, 4, 12), event
    row = item("Klub dyskusyjny", "Spotkanie klubu. Kolejne spotkanie 24 kwietnia.")
    kept = event_of(row, now=NOW, date_text="piątek, 10 kwietnia 2026, godz. 18:00")
    assert kept is not None and kept.first_day == date(2026, 4, 10), kept


def test_a_ukrainian_ordinal_hour_and_future_holding_wording() -> None:
    """ "Із 16-ої до 18-ої години" (from the sixteenth hour), "проведуть" (they will hold) and
    "кличуть на" (call to): a Cherkasy street-music day (real, events-tune, 2019). A bare "16" is
    still no hour."""
    event = read(
        "Черкасців кличуть на День вуличної музики",
        "Сьогодні, 26 квітня, у Черкасах проведуть День вуличної музики. Із 16-ої до 18-ої години "
        "просто неба лунатимуть пісні.",
        language="uk",
    )
    assert event.kind == "invitation"
    assert event.start == datetime(2026, 4, 26, 16, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
    bare = read("Концерт", "Концерт відбудеться 26 квітня, вхід для 16 осіб.", language="uk")
    assert bare.all_day


def test_a_weekday_with_a_yearless_numeric_day_dates_the_event() -> None:
    """ "Неділя, 03.05, 11:00": the weekday says which year's 3 May (a Sunday in 2026)."""
    event = read("Концерт у Вроцлаві", "Неділя, 03.05 — запрошуємо на концерт.", language="uk")
    assert event.first_day == date(2026, 5, 3)


def test_next_week_with_invitation_wording_is_that_weeks_monday_to_sunday() -> None:
    event = read("Study visit", "The study visit will take place in Lisbon next week.", language="en")
    assert (event.first_day, event.last_day) == (date(2026, 4, 13), date(2026, 4, 19))


def test_this_weekend_with_invitation_wording_is_the_coming_saturday_and_sunday() -> None:
    """Real (tune): "Już w ten weekend odbędzie się Skorovoda Fest 2023!" (published on a Friday here)."""
    event = read("Już w ten weekend odbędzie się Skorovoda Fest!", "Serdecznie zapraszamy na festiwal.")
    assert (event.first_day, event.last_day) == (date(2026, 4, 11), date(2026, 4, 12))


@pytest.mark.parametrize(
    ("title", "summary", "language", "day"),
    [  # real, tune: no invitation wording, an event word and the coming weekday
        ("Polish Mothers for Ukrainian Mothers", "Very special concert this Sunday and on-line.", "en", 12),
        ("", "Цієї п’ятниці у Кракові буде справжнє свято для любителів книг та віршів.", "uk", 10),
        ("Spotkanie z profesorem", "W najbliższą środę naszym gościem będzie prof. Mikołajczyk.", "pl", 15),
        # real, events-tune-15: future participation and beginnings as invitation wording
        ("", "Ponad siedem tysięcy uchodźców weźmie w niedzielę udział w wielkanocnym śniadaniu.", "pl", 12),
        ("", "Сьогодні, 10 квітня, депутати візьмуть участь в урочистій передачі Акту власності.", "uk", 10),
        ("", "Śniadanie dla gości zacznie się w niedzielę, 12 kwietnia o godz. 9.", "pl", 12),
    ],
)
def test_the_coming_weekday_or_future_participation_is_a_day_to_come(
    title: str, summary: str, language: str, day: int
) -> None:
    event = read(title, summary, language=language)
    assert event.first_day == date(2026, 4, day) and event.kind == "invitation", event


@pytest.mark.parametrize(
    ("title", "summary", "language"),
    [
        (  # real, tune
            "У Кракові розпочинається 28-й Міжнародний книжковий ярмарок",
            "До неділі, 12 квітня, майже 500 експонентів представлятимуть нові видання.",
            "uk",
        ),
        ("Startuje festiwal kultury ukraińskiej", "Do niedzieli, 12 kwietnia, zapraszamy na koncerty.", "pl"),
    ],
)
def test_an_event_opening_today_until_a_day_is_under_way_from_today(
    title: str, summary: str, language: str
) -> None:
    event = read(title, summary, language=language)
    assert (event.first_day, event.last_day) == (date(2026, 4, 10), date(2026, 4, 12)), event
    # Without the opening, "until" names an end only: no event of that day.
    closing = event_of(
        item("Wystawa ukraińskich artystów", "Wystawę można oglądać do niedzieli, 12 kwietnia."), now=NOW
    )
    assert closing is None or closing.first_day != date(2026, 4, 12)


@pytest.mark.parametrize(
    ("title", "summary", "language", "start"),
    [  # real, tune: no invitation wording
        (  # a weekday with its numeric day
            "", "Панахида буде українською мовою в суботу 11.04. о 16:00 перед вечірньою.", "uk",
            datetime(2026, 4, 11, 16, 0, tzinfo=WARSAW),
        ),
        (  # an open day, "otworzy swe podwoje"
            "Dzień Otwarty Magistratu – DOM dialogu",
            "W niedzielę, 12 kwietnia, krakowski magistrat ponownie otworzy swe podwoje dla zwiedzających.",
            "pl", date(2026, 4, 12),
        ),
        (  # "завітає": will come
            "", "У неділю, 12 квітня, до Лодзі завітає молодіжний екуменічний гурт «Misericordia».", "uk",
            date(2026, 4, 12),
        ),
    ],
)  # fmt: skip
def test_a_weekdays_numeric_day_an_open_day_and_a_visit_to_come_are_events(
    title: str, summary: str, language: str, start: date | datetime
) -> None:
    event = read(title, summary, language=language)
    assert event.start == start and event.kind == "invitation", event


@pytest.mark.parametrize(
    ("title", "summary", "first", "last"),
    [  # real, tune
        ("Lublinianie upamiętnią ofiary akcji „Reinhardt”", "Misterium w nocy z 16 na 17 kwietnia.", 16, 17),
        (
            "XV Dzień Judaizmu w Kościele katolickim w Polsce Rzeszów 15/17 kwietnia 2026",
            "17 kwietnia 2026. Rzeszów: 9.30 Centralne obchody w rzeszowskim Ratuszu.",
            15,
            17,
        ),
    ],
)
def test_a_night_from_one_day_to_the_next_and_slashed_days_are_ranges(
    title: str, summary: str, first: int, last: int
) -> None:
    event = read(title, summary)
    assert (event.first_day, event.last_day) == (date(2026, 4, first), date(2026, 4, last)), event


def test_todays_said_of_a_thing_is_no_event_of_today() -> None:
    """Real (tune): "Сьогоднішній посібник українською мовою включатиме: про майстер-класи …, які
    відбудуться в липні": today's guide, no event today; "podczas dzisiejszego (10.04) Koncertu" is one."""
    guide = item(
        "«Літо в театрі»",
        "Сьогоднішній посібник українською мовою включатиме: про майстер-класи, які відбудуться в липні.",
        language="uk",
    )
    event = event_of(guide, now=NOW)
    assert event is None or event.first_day != date(2026, 4, 10), event
    concert = read(
        "Koncert dla Ukrainy", "Ponad 30 artystów wystąpi podczas dzisiejszego Koncertu Charytatywnego."
    )
    assert concert.first_day == date(2026, 4, 10)


def test_a_series_people_were_invited_to_is_no_invitation() -> None:
    """Real (events-tune-15): "From July 2017 to December 2017 INPRO warmly invited people … to
    Lubaczów every Thursday between 14:45 – 16:45": past tense; "You are warmly invited" invites."""
    past = item(
        "Multicultural Cafe",
        "Last year INPRO warmly invited people to the library every Thursday between 14:45 – 16:45.",
        language="en",
    )
    assert listed(past) is None
    event = read(
        "Multicultural Cafe",
        "You are warmly invited to the library on Thursday between 14:45 – 16:45.",
        language="en",
    )
    assert event.first_day == date(2026, 4, 16) and event.kind == "invitation"


@pytest.mark.parametrize(
    ("title", "summary", "language", "day"),
    [  # real, events-tune-17
        (  # a headline's world day, then the review ahead
            "20 czerwca – Światowy Dzień Uchodźcy",
            "20 czerwca obchodzony jest Światowy Dzień Uchodźcy. Z tej okazji PAH organizuje Przegląd Filmów, "
            "który odbędzie się między 21 a 27 czerwca w sześciu miastach.",
            "pl", date(2026, 6, 21),
        ),
        (  # "zostanie odsłonięta": an unveiling to come, beside "miało miejsce 15 maja 1988"
            "30-lecie Wspólnoty Kulturalnej Karaimów",
            "Tablica zostanie odsłonięta we wtorek, 14 kwietnia w Trokach. Zgromadzenie miało miejsce 14 kwietnia 1988 roku.",
            "pl", date(2026, 4, 14),
        ),
        (  # "tomorrow" beside an event word, no wording
            "‘Tower of Babel’ International Meetup Turns 6 Tomorrow",
            "Wrocław's weekly international meeting celebrates its 6th anniversary at Lot Kury tomorrow.",
            "en", date(2026, 4, 11),
        ),
    ],
)  # fmt: skip
def test_a_world_days_headline_an_unveiling_and_a_meetup_tomorrow(
    title: str, summary: str, language: str, day: date
) -> None:
    event = read(title, summary, language=language)
    assert event.first_day == day and event.kind == "invitation", event


def test_a_schools_exam_is_no_event() -> None:
    """Real (tune): "Ponad 11 tysięcy uczniów weźmie udział w rozpoczynającym się dziś (14.05)
    egzaminie ósmoklasisty": pupils sit it, readers attend nothing."""
    record = item(
        "", "Ponad 11 tysięcy uczniów weźmie udział w rozpoczynającym się dziś egzaminie ósmoklasisty."
    )
    assert listed(record) is None


@pytest.mark.parametrize(
    ("title", "summary", "language", "start"),
    [  # real, events-tune-16: round tables, panels, presentations, ceremonial openings are events
        ("Міжнародний день ромів", "16 квітня, 11:00 - круглий стіл на тему: «Єдність та стійкість».", "uk",
         datetime(2026, 4, 16, 11, 0, tzinfo=WARSAW)),
        ("Panel Discussion: Cities of Migrant Solidarity, April 16, 2026", "Cities are key sites.", "en",
         date(2026, 4, 16)),
        ("", "program 16 kwietnia / czwartek 18:00 - 18:30 audytorium UROCZYSTE OTWARCIE", "pl",
         datetime(2026, 4, 16, 18, 0, tzinfo=WARSAW)),
    ],
)  # fmt: skip
def test_round_tables_panels_and_openings_are_events(
    title: str, summary: str, language: str, start: date | datetime
) -> None:
    assert read(title, summary, language=language).start == start


def test_an_afternoon_written_after_a_time_range_is_both_ends() -> None:
    """Real (events-tune-16): "Programme Sept 1, 2022 4.30 - 5.30 pm"."""
    event = read("Panel Discussion", "Programme April 16, 2026, 4.30 - 5.30 pm guided tour.", language="en")
    assert event.start == datetime(2026, 4, 16, 16, 30, tzinfo=WARSAW)
    assert event.end == datetime(2026, 4, 16, 17, 30, tzinfo=WARSAW)


def test_a_day_said_to_recur_every_year_is_not_this_years_event() -> None:
    """Real (events-tune-16): "Refugee Week takes place every year around World Refugee Day on the
    20th June" is the day of every year; "this year" makes it this year's."""
    record = item(
        "Refugee Week Event",
        "Refugee Week takes place every year around World Refugee Day on the 20th June.",
        language="en",
    )
    assert event_of(record, now=NOW) is None
    this_year = read("Festiwal", "Festiwal odbywa się co roku, a w tym roku odbędzie się 20 czerwca.")
    assert this_year.first_day == date(2026, 6, 20)


def test_a_day_with_its_year_still_to_come_is_no_report() -> None:
    """Real (coe.int, tune): "The No Hate Speech Week, 17-20 June 2024, is organised around the
    International Day… In 2021, the UN General Assembly adopted a resolution…", published in March
    2023: the report wording is the resolution's; the week is to come."""
    record = item(
        "Call for participants - No Hate Speech Week 2027",
        "The No Hate Speech Week, 17-20 June 2027, is organised around the International Day for Countering "
        "Hate Speech. In 2021, the UN General Assembly adopted a resolution.",
        language="en",
    )
    event = event_of(record, now=NOW)
    assert event is not None and event.first_day == date(2027, 6, 17) and is_upcoming(event, now=NOW)
    # Yearless, the same wording dates a report of last June.
    yearless = item("No Hate Speech Week", "The week, 17-20 June, was organised. The Assembly adopted it.")
    assert listed(yearless) is None


def test_a_weekday_of_tribute_paid_is_a_report() -> None:
    """Real (UNHCR, tune): "… marked World Refugee Day …, while millions of others also paid tribute
    this Saturday": the day's report, no event to come."""
    record = item(
        "World Refugee Day: The world pays tribute to refugees with a rich mix of events",
        "The High Commissioner marked World Refugee Day, while millions of others also paid tribute this Friday.",
        language="en",
    )
    assert listed(record) is None


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("Festival", "The festival on 20 April will no longer be held this year."),
        ("Koncert 20 kwietnia", "Koncert nie odbędzie się z powodu choroby artysty."),
        ("Концерт 20 квітня", "Концерт не відбудеться через негоду."),
    ],
)
def test_an_event_said_not_to_happen_is_none(title: str, summary: str) -> None:
    assert event_of(item(title, summary), now=NOW) is None


def test_report_words_are_whole_words_and_pacific_time_is_a_zone() -> None:
    """ "otwartości" (openness) is no "otwarto" (was opened); "12:00 Noon PDT" is Pacific time."""
    openness = read("Forum 22 kwietnia", "Zapraszamy na forum o otwartości miasta.")
    assert openness.kind == "invitation"
    pacific = read("Webinar", "Join us on April 22, 2026 at 12:00 Noon PDT.", language="en")
    assert pacific.start == datetime(2026, 4, 22, 21, 0, tzinfo=WARSAW)
