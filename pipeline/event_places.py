"""Where an event takes place (issue 18): "online", a city of the network, a named venue; and the
clock its hours are read on (``zone_of``: a Ukrainian city's, Dublin's, a .ua site's). Also the days
that say where and when a text was written, no event's: a release's dateline ("Dublin, 4th June
2024 …"), a title's or a page's own stamp.

Read from an item's texts by ``events.event_of``: online words first, else a small gazetteer of the
network's cities and the ICC members most often named (in the forms the sources inflect them), and a
venue named by a capitalised institution word after "w/we/at/in" (conservative on purpose).
"""

from __future__ import annotations

import re
from datetime import date

from .event_words import EVENT_WORD, INVITATION, WEEKDAY
from .parse.dates import DateMention
from .parse.event_lines import ONLINE as _ONLINE
from .parse.machine_dates import normalise

__all__ = ["is_dateline", "is_news_stamp", "is_page_stamp", "place_of", "zone_of"]

# fmt: off
# The network's cities and the ICC members most often named: forms as the sources inflect them.
_CITIES: dict[str, tuple[str, ...]] = {
    "Wrocław": ("wrocław", "wrocławiu", "wrocławia", "wroclaw", "wrocławsk", "вроцлав"),
    "Lublin": ("lublin", "lublinie", "lublina", "lubelsk", "люблін"),
    "Kraków": ("kraków", "krakowie", "krakowa", "krakow", "cracow", "krakowsk", "краків", "кракові"),
    "Gdańsk": ("gdańsk", "gdańsku", "gdańska", "gdansk", "gdańsk", "гданськ"),
    "Warsaw": ("warszaw", "warsaw", "варшав"),
    "Poznań": ("poznań", "poznaniu", "poznania", "poznan", "познан"),
    "Łódź": ("łódź", "łodzi", "lodz", "лодз"),
    "Katowice": ("katowic", "катовіц"), "Szczecin": ("szczecin", "щецин"),
    "Białystok": ("białymstoku", "białystok", "білосток"), "Rzeszów": ("rzeszów", "rzeszowie", "ряшів"),
    "Przemyśl": ("przemyśl", "перемишл"), "Gdynia": ("gdyni",), "Opole": ("opolu", "opole"),
    "Koszalin": ("koszalin",), "Bydgoszcz": ("bydgoszcz",), "Toruń": ("toruń", "toruniu", "торун"),
    "Strasbourg": ("strasbourg", "strasburg", "страсбург"), "Lisbon": ("lisbon", "lizbon", "лісабон"),
    "Oslo": ("oslo",), "Geneva": ("geneva", "genew", "женев"), "Barcelona": ("barcelon", "барселон"),
    "Madrid": ("madrid", "madryt"), "Rome": ("rome", "rzym"), "Paris": ("paris", "paryż"),
    "Reykjavik": ("reykjavik", "reykjavík"), "Botkyrka": ("botkyrka",), "Limassol": ("limassol",),
    "Cascais": ("cascais",), "Oeiras": ("oeiras",), "Viseu": ("viseu",), "Braga": ("braga",),
    "Pontevedra": ("pontevedra",), "Reggio Emilia": ("reggio emilia",), "Bilbao": ("bilbao",),
    "Erlangen": ("erlangen",), "Montreal": ("montreal", "montréal"), "Hamamatsu": ("hamamatsu",),
    "Haifa": ("haifa",), "Odesa": ("odessa", "odesa", "одес"), "Sumy": ("sumy", "сум"),
    "Lutsk": ("lutsk", "луцьк"),
    "Melitopol": ("melitopol", "мелітопол"), "Lviv": ("lviv", "lwów", "lwowie", "lwowa", "львів"),
    "Kyiv": ("kyiv", "kijów", "kijowie", "kijowa", "києв", "київ", "столиці україни"),
    "Manchester": ("manchester",), "Lyon": ("lyon",),
    "Patras": ("patras",), "Fuenlabrada": ("fuenlabrada",), "Neuchâtel": ("neuchâtel",),
    "Limerick": ("limerick",), "Bergen": ("bergen",), "Dublin": ("dublin",),
    "Brussels": ("brussels", "bruksel"), "Vilnius": ("vilnius", "wilno", "wilnie", "wilna", "вільнюс"),
    # Ukrainian cities the network's Ukrainian partners write from (their times are Kyiv's).
    "Vinnytsia": ("vinnytsia", "winnic", "вінниц"), "Dnipro": ("dnipro", "дніпр"),
    "Kharkiv": ("kharkiv", "charków", "charkow", "харків"), "Poltava": ("poltava", "połtaw", "полтав"),
    "Ternopil": ("ternopil", "tarnopol", "тернопол", "тернопіл"),
    "Zhytomyr": ("zhytomyr", "żytomier", "житомир"),
    "Chernivtsi": ("chernivtsi", "czerniowc", "чернівц"),
    "Zaporizhzhia": ("zaporizhzhia", "zaporoż", "запоріж"),
    "Uzhhorod": ("uzhhorod", "użhorod", "ужгород"), "Pavlohrad": ("pavlohrad", "павлоград"),
    "Ivano-Frankivsk": ("ivano-frankivsk", "iwano-frankiwsk", "івано-франків"),
    "Rivne": ("rivne", "рівне", "рівному", "рівного"),
    "Khmelnytskyi": ("khmelnytskyi", "хмельницьк"), "Cherkasy": ("cherkasy", "czerkas", "черкас"),
    "Chernihiv": ("chernihiv", "czernihow", "чернігів", "чернігов"),
    "Mykolaiv": ("mykolaiv", "миколаїв", "миколаєв"),
    "Kherson": ("kherson", "chersoń", "херсон"), "Kropyvnytskyi": ("kropyvnytskyi", "кропивницьк"),
}
# The wall clock of a city outside Central European time: an hour a page gives without a zone is its
# city's ("о 18:00 у Вінниці" is 17:00 in Warsaw). Central European cities are not listed.
_KYIV = "Europe/Kyiv"
_ZONE_OF_CITY = {
    **dict.fromkeys(
        ("Odesa", "Sumy", "Lutsk", "Melitopol", "Lviv", "Kyiv", "Vinnytsia", "Dnipro", "Kharkiv", "Poltava",
         "Ternopil", "Zhytomyr", "Chernivtsi", "Zaporizhzhia", "Uzhhorod", "Pavlohrad", "Ivano-Frankivsk",
         "Rivne", "Khmelnytskyi", "Cherkasy", "Chernihiv", "Mykolaiv", "Kherson", "Kropyvnytskyi"),
        _KYIV,
    ),
    "Vilnius": "Europe/Vilnius", "Patras": "Europe/Athens", "Limassol": "Asia/Nicosia",
    "Lisbon": "Europe/Lisbon", "Cascais": "Europe/Lisbon", "Oeiras": "Europe/Lisbon",
    "Viseu": "Europe/Lisbon",
    "Braga": "Europe/Lisbon", "Dublin": "Europe/Dublin", "Limerick": "Europe/Dublin",
    "Manchester": "Europe/London", "Reykjavik": "Atlantic/Reykjavik", "Montreal": "America/Toronto",
    "Hamamatsu": "Asia/Tokyo", "Haifa": "Asia/Jerusalem",
}
# A site of a country-code domain outside Central European time, for a page that names no city.
_ZONE_OF_DOMAIN = {".ua": _KYIV, ".lt": "Europe/Vilnius", ".ie": "Europe/Dublin", ".pt": "Europe/Lisbon"}
# fmt: on
_CITY = re.compile(
    r"(?<!\w)("
    + "|".join(sorted({f for forms in _CITIES.values() for f in forms}, key=len, reverse=True))
    + r")"
)
_CITY_OF = {form: city for city, forms in _CITIES.items() for form in forms}
_VENUE_WORD = (
    r"(?:Centrum|Centre|Center|Synago\w*|Muzeum|Museum|Dom\w*|Ratusz\w*|Teatr\w*|Bibliotec\w*|Bibliotek\w*|"
    r"Urzęd\w*|Urząd|Uniwersytet\w*|University|Hall|Palais|Parliament|CaixaForum|Galeri\w*|Auli|Aula)"
)
# Run on the original text: a venue is recognised by its capital letters.
_VENUE = re.compile(
    r"\b(?:w|we|at|in|у|в)\s+(?:the\s+)?((?:[A-ZŁŚŻŹĆÓ][\w’'-]*\s+){0,3}"
    + _VENUE_WORD
    + r"(?:\s+(?:(?:pod|przy|im\.|of|de|na)\s+)?[A-ZŁŚŻŹĆÓ\d][\w’'.-]*){0,4})"
)


# A press release's dateline before its day: a city of the gazetteer (one to three words) and a
# comma or a stop ("Dublin, 4th June 2024", "КИЇВ. 12 червня."); or, in a teaser, any place of one or
# two capitalised words and a comma, with a dash after the day ("Valletta, 7 March 2016 - The …").
_DATELINE = re.compile(r"\(?([^\W\d_][\w' -]{0,30}?)\)?[,.]\s*")
_DATELINE_REACH = 40  # characters a release's place may take before its day
# A wire's release writes its place in capitals, with its country, and the wire after the day:
# "NAIROBI, KENYA, September 9, 2024 /EINPresswire/ -- The twelfth session … will be held from 4 to 8
# November".
_PLACE_WORD = r"(?:[A-ZŁŚŻŹĆÓ][a-ząćęłńóśźż]+|[A-ZŁŚŻŹĆÓ]{2,})"
_RELEASE_PLACE = re.compile(r"(?:\(?" + _PLACE_WORD + r"(?:[ -]" + _PLACE_WORD + r")?\)?,\s*){1,2}")
_STAMP_LINE_CHARS = 60  # a line of a page this short, holding the published day, is its stamp
_DASH_AFTER = re.compile(r"\s*(?:/\s*\w+\s*/\s*)?[-–—]{1,2}\s")


def is_dateline(part: str, text: str, start: int, end: int, *, teaser: bool) -> bool:
    """Whether the day at ``start:end`` of ``text`` (``part`` normalised) is a release's dateline:
    the day it was written, no event's."""
    found = _DATELINE.fullmatch(text[:start])
    if found is not None and len(found.group(1).split()) <= 3 and _CITY.match(found.group(1)) is not None:
        return True
    # Read on the text as written (its capitals), when normalising kept the positions.
    if not teaser or len(part) != len(text) or start > _DATELINE_REACH:
        return False
    return (
        bool(_RELEASE_PLACE.fullmatch(part[:start]))
        and not WEEKDAY.search(text, 0, start)
        and bool(_DASH_AFTER.match(text, end))
    )


def is_news_stamp(title: str, mention: DateMention, published: date) -> bool:
    """A title's numeric date that is the day the item was published: the news's own stamp
    ("Multicultural Festival - New Cracovians 12.11.2020"), not its event's day."""
    written = normalise(title)[mention.start : mention.end]
    return mention.day == published and not any(c.isalpha() for c in written)


def is_page_stamp(text: str, mention: DateMention, published: date) -> bool:
    """A page's own stamp: the published day, written in digits ("21.01.2022 07:55"), or on a short
    line of its own with no event word ("13 maja 2022", "Ewelina Oleksy 21 czerwca 2024, godz. 14:30")."""
    if mention.day != published:
        return False
    if is_news_stamp(text, mention, published):
        return True
    start = text.rfind("\n", 0, mention.start) + 1
    end = text.find("\n", mention.end)
    line = normalise(text[start : end if end >= 0 else len(text)])
    return len(line) <= _STAMP_LINE_CHARS and not (INVITATION.search(line) or EVENT_WORD.search(line))


def place_of(parts: tuple[str, ...], words: str) -> tuple[str, tuple[str, ...]] | None:
    """The place the texts name and the words that named it: online, else a venue and/or a city."""
    online = _ONLINE.search(words)
    if online:
        return "online", (online.group(0),)
    city = venue = None
    for part in parts:
        low = normalise(part)
        city = city or _CITY.search(low)
        venue = venue or _VENUE.search(part)
    name = _CITY_OF[city.group(1)] if city else None
    venue_name = venue.group(1).strip(" ,.") if venue else None
    if venue_name and name:
        return f"{venue_name}, {name}", (venue_name, city.group(0) if city else "")
    if venue_name or name:
        return (venue_name or name or ""), (venue_name or (city.group(0) if city else ""),)
    return None


def zone_of(place: str | None, host: str, language: str) -> str | None:
    """The zone of an hour written without one: its place's city's when that city keeps another clock
    than Warsaw's, else, for a page that names no city (or only a venue, or "online"), its site's
    country's ("вебінар о 15:00" on a .ua site is Kyiv's 15:00); None: Warsaw's wall clock.

    A Ukrainian city sets the clock of a Ukrainian page, or a .ua site's, only: Polish pages name
    Lviv or Melitopol in passing ("w imieniu dzieci z Melitopola… o godzinie 11.00 w Częstochowie")
    more often than they announce an hour there (measured on events-tune: 3 such pages, 0 the other way).
    """
    by_domain = next((zone for suffix, zone in _ZONE_OF_DOMAIN.items() if host.endswith(suffix)), None)
    city = place.rsplit(", ", 1)[-1] if place else None
    if city not in _CITIES:
        return by_domain
    zone = _ZONE_OF_CITY.get(city)
    if zone == _KYIV and language != "uk" and by_domain != _KYIV:
        return None
    return zone
