"""Deduplication: canonical URLs, candidate keys and the pure "is this the same story?" decision.

The store indexes every stored item under its :func:`candidate_keys` (``key -> story_id``); for a
new item it looks up the stories sharing any key within the time window and hands their items to
:func:`decide_story`, which only processes data (no database, no network, no clock). A
:class:`ProfileCache` kept for one run saves normalising a stored item again for every new one.

Precision comes first (issue 5: "a false merge is worse than a missed one"), so a merge needs
positive evidence *and* the absence of every contradiction::

    same canonical link ........... same story, any source, any time (unless the link is a home
                                    or listing page shared by items with different titles)
    same source, other link ....... never merged: two entries of one site
    same language, in the window .. title + summary similarity (rapidfuzz) over a threshold that
                                    rises with the days between them; over 5 days apart only
                                    with the same explicit date; a bare headline only when long
    different languages ........... only with the same non-generic image or the same article id
                                    in one site's links, numbers or two places in common, and
                                    nothing contradicting
    guards (templates) ............ numbers (#5/#6, 2nd/3rd quarter, II/III, A1/A2), months,
                                    seasons, known places (pl/en/uk forms), capitalised names,
                                    and a title "slot" filled differently (same headline
                                    template, a different topic word on each side) all refuse

``DuplicateDecision.reason`` says which rule decided and against which item, for ``preview``.
Thresholds and guards are calibrated on tests/data/dedupe/pairs.jsonl (0 false merges required).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, quote, unquote_to_bytes, urljoin, urlsplit, urlunsplit

from rapidfuzz import fuzz

from .records import Item
from .text import excerpt

__all__ = [
    "MAX_KEYS",
    "Candidate",
    "DuplicateDecision",
    "ProfileCache",
    "candidate_keys",
    "canonical_image_url",
    "canonical_url",
    "decide_story",
    "is_generic_image",
]

MAX_KEYS = 12

# --- canonical URLs ------------------------------------------------------------------------------

# Query parameters that identify a campaign, a click or a referrer, never the page itself.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "hsctatracking",
        "igshid",
        "yclid",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "_ga",
        "_gl",
        "mkt_tok",
        "wt_mc",
        "wt.mc_id",
        "_openstat",
        "spm",
        "fb_action_ids",
        "fb_action_types",
        "fb_source",
        "fb_ref",
        "action_object_map",
        "action_type_map",
        "action_ref_map",
        "ncid",
        "sr_share",
        "cmpid",
        "s_cid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "wbraid",
        "gbraid",
        "rb_clickid",
        "ito",
        "trk",
        "trkcampaign",
        "mbid",
        "oly_anon_id",
        "oly_enc_id",
        "vero_conv",
        "vero_id",
        "_branch_match_id",
        "share",
        "from_rss",
        "rss",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "matomo_", "at_", "hmb_", "__s", "ga_")

# Liferay (coe.int) portlet state parameters: they describe the portlet's UI state (which window,
# which column, where "back" leads), not the article. ``redirect`` on an article link is the
# "back to the listing" target, unlike on ``/c/portal/update_language`` where it is the target.
_LIFERAY_PARAM = re.compile(r"^(?:p_p_\w+|p_r_p_\w+|p_l_id|inheritredirect|redirect|_\w+_redirect)$")
_LIFERAY_HOST = re.compile(r"(?:^|\.)coe\.int$")
# coe.int serves one article under every UI language: /en/web/<site>/-/<slug>, /fr/..., /uk/...
_LANG_SEGMENT = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2,4})?$")
# Liferay's asset-publisher form of an article link is the same article as its friendly URL.
_ASSET_PUBLISHER = re.compile(r"/-/asset_publisher/[^/]+/content/([^/?#]+)")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PCT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = ":@!$'()*,;/?-._~%"  # '&', '=' and '+' stay encoded inside keys and values
_INDEX_PAGE = re.compile(r"/(?:index|default)\.(?:html?|php|aspx?)$", re.IGNORECASE)


def _normalise_pct(text: str, safe: str) -> str:
    """Decode percent-escapes of unreserved and non-ASCII characters; upper-case the rest (RFC 3986 6.2.2)."""

    def decode(match: re.Match[str]) -> str:
        raw = unquote_to_bytes(match.group(0))
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            return match.group(0).upper()
        return "".join(ch if ch in _UNRESERVED or ord(ch) > 127 else f"%{ord(ch):02X}" for ch in decoded)

    # Re-quote so that an IRI (raw "ś") and its URI form ("%C5%9B") come out the same.
    return quote(_PCT_RUN.sub(decode, text), safe=safe)


def _remove_dot_segments(path: str) -> str:
    if "/." not in path:
        return path
    trailing = path.endswith("/")
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("//"):  # normpath keeps a POSIX-special double slash
        cleaned = cleaned[1:]
    return cleaned + "/" if trailing and cleaned != "/" else cleaned


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The form of ``url`` under which the same page is always known; never raises.

    Scheme and host are lower-cased, http and https are one, ``www.``, default ports, fragments,
    tracking parameters, a trailing slash and ``index.html`` are dropped, the query is sorted and
    percent-encoding normalised. coe.int (Liferay) quirks: the UI-language prefix (``/en/``,
    ``/fr/``, ``/uk/``…) is dropped, ``/c/portal/update_language?...&redirect=<url>`` is unwrapped
    to its target and ``/-/asset_publisher/<id>/content/<slug>`` becomes ``/-/<slug>``. Anything
    that is not an absolute http(s) URL is returned stripped.
    """
    stripped = (url or "").strip()
    try:
        return _canonical(stripped, depth=0)
    except (ValueError, UnicodeError):
        return stripped


def _canonical(url: str, depth: int) -> str:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return url
    # Our own key space: http and https serve the same article on every site we read.
    port = parts.port
    host = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
    if host.startswith("www."):
        host = host[4:]
    netloc = host if port in (None, *_DEFAULT_PORTS.values()) else f"{host}:{port}"
    path = parts.path or "/"

    # Liferay's language switcher: the page is the one in ``redirect`` (often relative).
    if path.rstrip("/").endswith("/c/portal/update_language") and depth < 3:
        target = next((v for k, v in parse_qsl(parts.query) if k == "redirect" and v), None)
        if target:
            return _canonical(urljoin(f"https://{host}/", target), depth + 1)

    liferay = bool(_LIFERAY_HOST.search(host))
    if liferay:
        segments = path.split("/")
        # "/en/web/..." -> "/web/...": the UI language does not change the article.
        if len(segments) > 2 and _LANG_SEGMENT.match(segments[1].lower()):
            path = "/" + "/".join(segments[2:])
        path = _ASSET_PUBLISHER.sub(r"/-/\1", path)

    path = _remove_dot_segments(_normalise_pct(path, _PATH_SAFE))
    path = _INDEX_PAGE.sub("/", path)
    path = path.rstrip("/")
    # Hash-bang and "#/" fragments are routes of single-page sites: they name the content.
    fragment = parts.fragment if parts.fragment.startswith(("!", "/")) else ""

    kept = []
    for piece in parts.query.split("&"):
        # Each piece is normalised as written (not decoded and re-encoded), so "%26" inside a
        # value stays data; "+" is a space in a query (HTML forms).
        key, _, value = piece.replace("+", "%20").partition("=")
        key, value = _normalise_pct(key, _QUERY_SAFE), _normalise_pct(value, _QUERY_SAFE)
        if not key or _is_tracking(key):
            continue
        if (liferay or "/-/" in path) and _LIFERAY_PARAM.match(key.lower()):
            continue
        kept.append((key, value))
    kept.sort()
    query = "&".join(f"{k}={v}" if v else k for k, v in kept)

    if not path and (query or fragment):
        path = "/"
    return urlunsplit(("https", netloc, path, query, fragment))


# Images that many unrelated items share (logos, placeholders, share cards): never evidence.
_GENERIC_IMAGE = re.compile(
    r"(?:^|[/_.\-])(?:logo\w*|logotyp\w*|placeholder|default\w*|no[-_]?image|noimage|no[-_]?photo|"
    r"brak[-_]?zdjecia|blank|spacer|pixel|avatar|favicon|icons?|og[-_]?image|share|social|"
    r"fallback|dummy|herb|godlo|banner|header|sprite|watermark)(?:$|[/_.\-\d])",
    re.IGNORECASE,
)
# Size variants of one picture: WordPress "-1024x683", retina "@2x", Drupal image styles.
_WP_SIZE = re.compile(r"-\d{2,4}x\d{2,4}(?=\.[A-Za-z0-9]{2,5}$)")
_RETINA = re.compile(r"@\dx(?=\.[A-Za-z0-9]{2,5}$)")
_DRUPAL_STYLE = re.compile(r"/styles/[^/]+/public/")
_IMAGE_SIZE_PARAMS = frozenset(
    {
        "w",
        "h",
        "width",
        "height",
        "resize",
        "fit",
        "crop",
        "quality",
        "q",
        "itok",
        "t",
        "v",
        "ver",
        "version",
        "size",
        "format",
        "auto",
        "dpr",
        "fm",
        "ixlib",
        "s",
        "zoom",
        "strip",
        "ssl",
    }
)


def canonical_image_url(url: str | None) -> str | None:
    """The canonical form of an image URL, with size variants folded; None when absent."""
    if not url or not url.strip():
        return None
    canon = canonical_url(url)
    parts = urlsplit(canon)
    if parts.scheme != "https":
        return canon
    path = _DRUPAL_STYLE.sub("/", _RETINA.sub("", _WP_SIZE.sub("", parts.path)))
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and pair.split("=", 1)[0].lower() not in _IMAGE_SIZE_PARAMS
    )
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def is_generic_image(url: str | None) -> bool:
    """True for logos, placeholders, icons and share cards: images that say nothing about the story."""
    if not url:
        return True
    path = urlsplit(url).path
    return path.lower().endswith((".svg", ".ico")) or bool(_GENERIC_IMAGE.search(path))


# --- text normalisation --------------------------------------------------------------------------

_FOLD_TABLE = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ß": "ss", "’": "'", "ʼ": "'", "`": "'", "´": "'"}
)
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# "1 000", "1.000" and "1,000" are one number; "14.05.2025" is three.
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![\d.,]\d)|\d+")
_DIGIT = re.compile(r"\d")
# Combining marks left by NFKD: Latin accents (ą, ś, é) and the Cyrillic breve and diaeresis (й, ї).
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NUMBER_SEPARATORS = str.maketrans("", "", " \u00a0\u202f.,")
_SENTENCE_END = re.compile(r"[.!?:;—–\-|]\s*$")


def _fold(text: str) -> str:
    """Lower-case and strip diacritics (ł -> l; Cyrillic й -> и, ї -> і): both sides alike."""
    text = text.translate(_FOLD_TABLE)
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def _fold_words(words: str) -> frozenset[str]:
    return frozenset(_fold(w) for w in words.split())


# One ending stripped (longest first), then at most 7 letters: enough to join the inflected forms
# of pl/uk/en words ("Krakowie" ~ "Kraków", "Вроцлаві" ~ "Вроцлав") without a 400 MB lemmatizer.
_SUFFIXES = _fold_words(
    "owie ami ach ego emu ych ymi ich imi iej owi ow om ie ia iu em ej ym im a e i o u y "
    "ing ed es s "
    "ами ями ові еві ого ому ими ів їв ах ях ою ею ий ій ої ам ям ом ем і и а я у ю о е ь"
)
_SUFFIX_LENGTHS = tuple(sorted({len(s) for s in _SUFFIXES}, reverse=True))


def _stem(token: str) -> str:
    for length in _SUFFIX_LENGTHS:  # the longest ending that leaves four letters
        if len(token) - length >= 4 and token[-length:] in _SUFFIXES:
            return token[:-length][:7]
    return token[:7]


_STOPWORDS = _fold_words(
    # pl
    "a aby ale albo bez bo by być czy dla do gdy i ich im jak jako je jest jego jej już lub ma na "
    "nad nie niż o od oraz po pod przez przy się są ta tak te tego ten też to tu w we z za ze że "
    "został została zostały które który która które także będzie było był była "
    # en
    "the a an and or of to in on at for from by with as is are was were be been this that these "
    "those it its into about over after before new will has have had not but our their we you how "
    "what why who more than all can "
    # uk
    "і й та у в на з із зі до для від про по за що як це які який яка є був була було буде "
    "також щодо під над при між"
)
# Words so common in this project's news that a key on them would return every stored story.
_GENERIC_STEMS = frozenset(
    _stem(w)
    for w in _fold_words(
        "wrocław wrocławiu międzykulturowy międzykulturowego dialog dialogu intercultural "
        "interculturalcities cities miasto miasta city news aktualności komunikat "
        "новини міжкультурний"
    )
)

# Ordinal words -> the number they mean ("2nd quarter" vs "second quarter" vs "drugi kwartał").
_ORDINAL_PREFIXES = tuple(
    (_fold(prefix), value)
    for prefix, value in (
        ("first", 1),
        ("second", 2),
        ("third", 3),
        ("fourth", 4),
        ("fifth", 5),
        ("sixth", 6),
        ("seventh", 7),
        ("eighth", 8),
        ("ninth", 9),
        ("tenth", 10),
        ("pierwsz", 1),
        ("drug", 2),
        ("trzeci", 3),
        ("czwart", 4),
        ("piąt", 5),
        ("szóst", 6),
        ("siódm", 7),
        ("ósm", 8),
        ("dziewiąt", 9),
        ("dziesiąt", 10),
        ("перш", 1),
        ("друг", 2),
        ("трет", 3),
        ("четверт", 4),
        ("п'ят", 5),
        ("пят", 5),
        ("шост", 6),
        ("сьом", 7),
        ("восьм", 8),
        ("дев'ят", 9),
        ("девят", 9),
        ("десят", 10),
    )
)
# Weekdays that start like ordinals (czwartek, piątek, п'ятниця) are not ordinals.
_NOT_ORDINAL = tuple(
    _fold(w)
    for w in (
        "czwartk",
        "czwartek",
        "piątk",
        "piątek",
        "п'ятниц",
        "пятниц",
        "другорядн",
        "secondar",
        "firsthand",
    )
)
_ROMAN = re.compile(r"^(?=[IVXL]{2,})L?X{0,3}(?:IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
# Nouns before which a lone "I"/"V"/"X" is a Roman numeral in Polish ("I kwartał", "V edycja").
_ROMAN_NOUNS = _fold_words(
    "kwartał kwartale kwartału edycja edycji etap etapie półrocze półroczu tura turze część "
    "miejsce stopień stopnia"
)


def _roman_value(token: str) -> int:
    total = 0
    for i, ch in enumerate(token):
        value = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[token[i + 1]] if i + 1 < len(token) else 0
        total += -value if value < nxt else value
    return total


def _month_table() -> dict[str, int]:
    months = {
        1: "styczeń stycznia styczniu january jan січень січня січні",
        2: "luty lutego lutym february feb лютий лютого лютому",
        3: "marzec marca marcu march mar березень березня березні",
        4: "kwiecień kwietnia kwietniu april apr квітень квітня квітні",
        5: "maj maja maju may травень травня травні",
        6: "czerwiec czerwca czerwcu june jun червень червня червні",
        7: "lipiec lipca lipcu july jul липень липня липні",
        8: "sierpień sierpnia sierpniu august aug серпень серпня серпні",
        9: "wrzesień września wrześniu september sep sept вересень вересня вересні",
        10: "październik października październiku october oct жовтень жовтня жовтні",
        11: "listopad listopada listopadzie november nov листопад листопада листопаді",
        12: "grudzień grudnia grudniu december dec грудень грудня грудні",
    }
    return {_fold(word): number for number, words in months.items() for word in words.split()}


_MONTHS = _month_table()
# Month words that are also ordinary words ("may", the name "Maja"): only next to a number.
_AMBIGUOUS_MONTHS = _fold_words("may maj maja mar jan dec sep")
_SEASON_PREFIXES = tuple(
    (_fold(prefix), season)
    for prefix, season in (
        ("wiosn", "spring"),
        ("wiosen", "spring"),
        ("spring", "spring"),
        ("весн", "spring"),
        ("весен", "spring"),
        ("letni", "summer"),
        ("summer", "summer"),
        ("літн", "summer"),
        ("літо", "summer"),
        ("jesien", "autumn"),
        ("jesień", "autumn"),
        ("autumn", "autumn"),
        ("осін", "autumn"),
        ("осен", "autumn"),
        ("zim", "winter"),
        ("winter", "winter"),
        ("зим", "winter"),
    )
)
# "zimny" is cold, "літопис" a chronicle: not seasons.
_NOT_SEASON = tuple(_fold(w) for w in ("zimn", "літопис"))


def _prefix_regex(prefixes: Iterable[str]) -> re.Pattern[str]:
    """One regex trying every prefix, longest first: a word is scanned once, not once per prefix."""
    return re.compile("|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True)))


_ORDINALS = dict(_ORDINAL_PREFIXES)
_ORDINAL_RE = _prefix_regex(_ORDINALS)
_SEASONS = dict(_SEASON_PREFIXES)
_SEASON_RE = _prefix_regex(_SEASONS)


def _place_table() -> dict[str, str]:
    places = {
        "wroclaw": "Wrocław Wrocławiu Wroclaw Breslau Вроцлав Вроцлаві",
        "krakow": "Kraków Krakowie Krakow Cracow Краків Кракові",
        "lublin": "Lublin Lublinie Люблін Любліні",
        "warszawa": "Warszawa Warszawie Warszawy Warsaw Варшава Варшаві",
        "gdansk": "Gdańsk Gdańsku Gdansk Гданськ Гданську",
        "gdynia": "Gdynia Gdyni Гдиня Гдині",
        "poznan": "Poznań Poznaniu Poznan Познань Познані",
        "lodz": "Łódź Łodzi Lodz Лодзь Лодзі",
        "katowice": "Katowice Katowicach Катовіце",
        "szczecin": "Szczecin Szczecinie Щецин Щецині",
        "bydgoszcz": "Bydgoszcz Bydgoszczy Бидгощ",
        "torun": "Toruń Toruniu Torun Торунь",
        "bialystok": "Białystok Białymstoku Białegostoku Білосток",
        "rzeszow": "Rzeszów Rzeszowie Rzeszow Жешув",
        "opole": "Opole Opolu Ополе",
        "kielce": "Kielce Kielcach Кельце",
        "olsztyn": "Olsztyn Olsztynie Ольштин",
        "czestochowa": "Częstochowa Częstochowie Ченстохова",
        "lviv": "Lwów Lwowie Lviv Lvov Львів Львові",
        "kyiv": "Kijów Kijowie Kyiv Kiev Київ Києві",
        "kharkiv": "Charków Charkowie Kharkiv Харків Харкові",
        "odesa": "Odessa Odessie Odesa Одеса Одесі",
        "dnipro": "Dnipro Dniepr Дніпро Дніпрі",
        "berlin": "Berlin Berlinie Берлін Берліні",
        "dresden": "Drezno Dreźnie Dresden Дрезден",
        "prague": "Praga Pradze Prague Praha Прага Празі",
        "vienna": "Wiedeń Wiedniu Vienna Wien Відень Відні",
        "budapest": "Budapeszt Budapeszcie Budapest Будапешт",
        "strasbourg": "Strasburg Strasburgu Strasbourg Страсбург Страсбурзі",
        "lisbon": "Lizbona Lizbonie Lisbon Lisboa Лісабон",
        "barcelona": "Barcelona Barcelonie Барселона Барселоні",
        "athens": "Ateny Atenach Athens Афіни",
        "oslo": "Oslo Осло",
        "bergen": "Bergen Бергені",
        "tampere": "Tampere Тампере",
        "rotterdam": "Rotterdam Rotterdamie Роттердам",
        "amsterdam": "Amsterdam Amsterdamie Амстердам",
        "paris": "Paryż Paryżu Paris Париж Парижі",
        "rome": "Rzym Rzymie Rome Roma Рим Римі",
        "milan": "Mediolan Mediolanie Milan Milano Мілан",
        "brussels": "Bruksela Brukseli Brussels Брюссель",
        "geneva": "Genewa Genewie Geneva Женева",
        "london": "Londyn Londynie London Лондон",
        "dublin": "Dublin Dublinie Дублін",
        "vilnius": "Wilno Wilnie Vilnius Вільнюс",
        "riga": "Ryga Rydze Riga Рига",
        "leipzig": "Lipsk Lipsku Leipzig Лейпциг",
        "ostrava": "Ostrawa Ostrawie Ostrava Острава",
        "limassol": "Limassol Лімасол",
    }
    return {_stem(_fold(word)): place for place, words in places.items() for word in words.split()}


_PLACES = _place_table()


# --- the profile of an item: everything the decision compares, computed once ---------------------


@dataclass(frozen=True, slots=True)
class _Profile:
    source_id: str
    language: str
    published: datetime
    link: str
    link_specific: bool  # an article page, not a site's home or section page
    link_ids: frozenset[str]
    image: str | None  # canonical, None when absent or generic
    title: str  # folded words
    title_stem_text: str
    title_words: tuple[tuple[str, str], ...]  # (stem, word as written) of the title's content words
    summary: str  # folded words
    summary_stems: tuple[str, ...]
    stems: frozenset[str]  # title + summary
    prefixes: frozenset[str]  # 5-letter beginnings of the longer stems, for inflection the stemmer misses
    numbers: frozenset[int]  # digits, ordinal words and Roman numerals, title + summary
    title_numbers: frozenset[int]
    months: frozenset[int]
    seasons: frozenset[str]
    places: frozenset[str]
    names: frozenset[str]  # stems of capitalised title words (not sentence-initial)
    content_words: int  # title words that are not stopwords

    def mentions(self, stem: str) -> bool:
        """Whether this item's text contains the word ``stem`` stands for (any inflection)."""
        return stem in self.stems or (len(stem) >= 5 and stem[:5] in self.prefixes)


def _language(code: str | None) -> str:
    code = (code or "").strip().lower()
    primary = re.split(r"[-_]", code, maxsplit=1)[0]
    return "" if primary in ("", "auto", "und", "mul") else primary


_ID_RUN = re.compile(r"\d{3,}")


def _is_year(number: int) -> bool:
    return 1990 <= number <= 2039


def _link_facts(canon: str) -> tuple[bool, frozenset[str]]:
    """Whether a canonical link names an article, and the article ids in it (host-qualified).

    An article link has two path segments or more, a query (``?id=12``) or a long or numbered
    slug; a bare host or ``/aktualnosci`` is a home or section page. Ids are runs of 3+ digits in
    the last two segments or the query, not years: the same article in another language version
    of a site usually keeps its id ("/pl/aktualnosci/24517-…" and "/en/news/24517-…").
    """
    parts = urlsplit(canon)
    if parts.scheme != "https":
        return False, frozenset()
    segments = [s for s in parts.path.split("/") if s]
    specific = bool(parts.query or parts.fragment or len(segments) >= 2) or (
        bool(segments) and (len(segments[0]) >= 25 or bool(_DIGIT.search(segments[0])))
    )
    ids = frozenset(
        f"{parts.hostname}:{run.lstrip('0')}"
        for chunk in (*segments[-2:], parts.query)
        for run in _ID_RUN.findall(chunk)
        if not (len(run) == 4 and _is_year(int(run)))
    )
    return specific, ids


def _words(text: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` as written and folded, position by position."""
    raw = _TOKEN.findall(text)
    folded = _TOKEN.findall(_fold(text))  # one pass over the text rather than one per word
    if len(folded) != len(raw):  # folding split or joined a word (a ligature, say): go word by word
        folded = [_fold(w) for w in raw]
    return raw, folded


def _facts(text: str, raw_words: list[str], folded: list[str]) -> tuple[set[int], set[int], set[str]]:
    """Numbers (digits, ordinals, Roman numerals), months and seasons mentioned in one text."""
    # Zero carries no identity ("10:00" vs "10"); nine digits and more are phone numbers or ids.
    numbers = {
        value
        for found in _NUMBER.findall(text)
        if len(digits := found.translate(_NUMBER_SEPARATORS)) <= 9 and (value := int(digits))
    }
    months: set[int] = set()
    seasons: set[str] = set()
    for i, (raw, word) in enumerate(zip(raw_words, folded, strict=True)):
        if _DIGIT.search(word):
            continue
        if _ROMAN.match(raw) or (
            raw in ("I", "V", "X") and i + 1 < len(folded) and folded[i + 1] in _ROMAN_NOUNS
        ):
            numbers.add(_roman_value(raw))
            continue
        month = _MONTHS.get(word)
        if month is not None:
            if word not in _AMBIGUOUS_MONTHS or _near_number(folded, i):
                months.add(month)
            continue
        if (ordinal := _ORDINAL_RE.match(word)) and not word.startswith(_NOT_ORDINAL):
            numbers.add(_ORDINALS[ordinal.group(0)])
        elif (season := _SEASON_RE.match(word)) and not word.startswith(_NOT_SEASON):
            seasons.add(_SEASONS[season.group(0)])
    return numbers, months, seasons


def _near_number(folded: list[str], i: int) -> bool:
    return any(0 <= j < len(folded) and folded[j].isdigit() for j in (i - 1, i + 1))


def _is_title_case(raw_words: list[str]) -> bool:
    """English headlines Capitalise Every Word: then capitals say nothing about names."""
    long_words = [w for w in raw_words if len(w) > 3]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.8


def _names(title: str, raw_words: list[str], folded: list[str]) -> frozenset[str]:
    letters = [w for w in raw_words if w.isalpha()]
    if letters and sum(w.isupper() for w in letters) / len(letters) >= 0.6:
        return frozenset()  # AN ALL-CAPS HEADLINE: capitals say nothing at all
    if _is_title_case(raw_words):
        # Only ALL-CAPS acronyms and known places keep meaning in a Title Case headline.
        return frozenset(
            _stem(f) for r, f in zip(raw_words, folded, strict=True) if len(r) >= 2 and r.isupper()
        )
    names = set()
    position = 0
    for raw, word in zip(raw_words, folded, strict=True):
        start = title.find(raw, position)
        position = start + len(raw) if start >= 0 else position
        if not raw[0].isupper() or word in _STOPWORDS or raw.isdigit():
            continue
        before = title[:start] if start > 0 else ""
        if not before.strip() or _SENTENCE_END.search(before):
            continue  # capitalised because it starts a sentence
        names.add(_stem(word))
    return frozenset(names)


def _profile(item: Item) -> _Profile:
    link = canonical_url(item.link)
    link_specific, link_ids = _link_facts(link)
    image = canonical_image_url(item.image_url)
    if image is not None and is_generic_image(image):
        image = None
    title_raw, title_folded = _words(item.title)
    summary_raw, summary_folded = _words(item.summary)
    title_numbers, title_months, title_seasons = _facts(item.title, title_raw, title_folded)
    numbers, months, seasons = _facts(item.summary, summary_raw, summary_folded)
    title_stems = tuple(_stem(w) for w in title_folded)
    summary_stems = tuple(_stem(w) for w in summary_folded)
    all_stems = frozenset(title_stems).union(summary_stems)
    title_words = tuple(
        dict.fromkeys(
            (stem, raw)
            for stem, raw, word in zip(title_stems, title_raw, title_folded, strict=True)
            if len(word) >= 3 and word not in _STOPWORDS and not _DIGIT.search(word)
        )
    )
    return _Profile(
        source_id=item.source_id,
        language=_language(item.language),
        published=item.published,
        link=link,
        link_specific=link_specific,
        link_ids=link_ids,
        image=image,
        title=" ".join(title_folded),
        title_stem_text=" ".join(title_stems),
        title_words=title_words,
        summary=" ".join(summary_folded),
        summary_stems=summary_stems,
        stems=all_stems,
        prefixes=frozenset(stem[:5] for stem in all_stems if len(stem) >= 5),
        numbers=frozenset(numbers | title_numbers),
        title_numbers=frozenset(title_numbers),
        months=frozenset(months | title_months),
        seasons=frozenset(seasons | title_seasons),
        places=frozenset(_PLACES[s] for s in all_stems if s in _PLACES),
        names=_names(item.title, title_raw, title_folded),
        content_words=len(title_words),
    )


class ProfileCache:
    """Remembers the normalised form of recently seen items, so a candidate stored in a story is
    normalised once per cycle rather than once per comparison. Owned by the caller (one per run);
    bounded: when full it starts over.
    """

    __slots__ = ("_max_items", "_profiles")

    def __init__(self, max_items: int = 20_000) -> None:
        self._profiles: dict[tuple[object, ...], _Profile] = {}
        self._max_items = max_items

    def get(self, item: Item) -> _Profile:
        # Keyed by just the fields a profile reads: the item as stored (with HTML and areas) and
        # as loaded for a comparison (without) share one entry.
        key = (
            item.source_id,
            item.language,
            item.published,
            item.link,
            item.image_url,
            item.title,
            item.summary,
        )
        profile = self._profiles.get(key)
        if profile is None:
            if len(self._profiles) >= self._max_items:
                self._profiles.clear()
            profile = self._profiles[key] = _profile(item)
        return profile


# --- candidate keys ------------------------------------------------------------------------------


def candidate_keys(item: Item, *, cache: ProfileCache | None = None) -> tuple[str, ...]:
    """The index keys under which the store files ``item`` (at most :data:`MAX_KEYS`).

    ``url:<canonical link>`` always; ``img:<canonical image>`` unless the image is a logo or a
    placeholder; ``id:<host>:<number>`` for an article id in the link (the same article in another
    language version of a site); ``w:<stem>`` for the longest title words and two of the summary's
    opening words (diacritics folded, lightly stemmed, common words left out) and ``n:<number>``
    for the title's numbers, so that a re-titled republication on another site shares a key with
    high probability. A key only finds candidates: :func:`decide_story` still decides.
    """
    profile = cache.get(item) if cache is not None else _profile(item)
    keys: list[str] = [f"url:{profile.link}"] if profile.link else []
    if profile.image:
        keys.append(f"img:{profile.image}")
    keys.extend(f"id:{link_id}" for link_id in sorted(profile.link_ids)[:1])

    # Longest first: long words are the rare ones, and rare keys return few candidates.
    title_stems: list[str] = []
    for stem, _ in sorted(profile.title_words, key=lambda pair: (-len(pair[1]), pair[0])):
        if len(stem) >= 4 and stem not in _GENERIC_STEMS and stem not in title_stems:
            title_stems.append(stem)
    if len(title_stems) < 2:  # a title made only of common words: use them rather than nothing
        title_stems.extend(s for s, _ in profile.title_words if s not in title_stems)
    # The summary's opening words survive re-titling and cutting a teaser short.
    opening = [
        s
        for s in profile.summary_stems[:15]
        if len(s) >= 6 and s not in _GENERIC_STEMS and s not in title_stems
    ]
    summary_stems = list(dict.fromkeys(sorted(opening, key=lambda s: (-len(s), s))))[:2]
    numbers = sorted((n for n in profile.title_numbers if n >= 10 and not _is_year(n)), reverse=True)[:2]
    room = MAX_KEYS - len(keys) - len(summary_stems) - len(numbers)
    keys.extend(f"w:{s}" for s in title_stems[: max(room, 0)])
    keys.extend(f"w:{s}" for s in summary_stems)
    keys.extend(f"n:{n}" for n in numbers)
    return tuple(dict.fromkeys(keys))[:MAX_KEYS]


# --- the decision --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """An item already stored in story ``story_id`` that shares a key with the new item."""

    story_id: int
    item: Item


@dataclass(frozen=True, slots=True)
class DuplicateDecision:
    """Which story a new item joins (``None``: it starts a new one), and why, for ``preview``."""

    story_id: int | None
    reason: str
    score: float  # similarity 0..100 of the best candidate (0 if none)
    matched_key: str | None = None


@dataclass(frozen=True, slots=True)
class _Verdict:
    merge: bool
    rank: int  # among merges: 3 link, 2 text, 1 cross-language; 0 for refusals
    score: float
    reason: str
    matched_key: str | None = None
    days: float = 0.0


# Thresholds, calibrated on tests/data/dedupe/pairs.jsonl, where the gate is 0 false merges.
TEXT_MERGE = 88.0  # combined title + summary similarity, same language, at most 2 days apart
TEXT_MERGE_SAME_IMAGE = 80.0  # the same non-generic picture corroborates
TEXT_MERGE_DAYS_APART = 94.0  # 2-5 days apart: republication gets rarer, recurring notices likelier
TEXT_MERGE_WEEK_APART = 97.0  # over 5 days: only with the same explicit date in both
TITLE_FLOOR = 60.0  # below this the titles name different things, however alike the summaries
SUMMARY_RETITLED = 95.0  # the same long summary under a new headline...
RETITLED_TITLE_FLOOR = 40.0  # ...that still shares some words with the old one
CROSS_LANGUAGE_DAYS = 7.0
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


_WHO = "\x00who\x00"  # stands for the candidate in a reason; no title contains NUL


def _describe(item: Item) -> str:
    return f"{item.source_id} item '{excerpt(item.title, 60)}'"


def _days_apart(a: _Profile, b: _Profile) -> float:
    return abs((a.published - b.published).total_seconds()) / 86400


def _fmt(values: Iterable[object]) -> str:
    return ", ".join(str(v) for v in sorted(values, key=str)) or "none"


def _conflict(label: str, a: frozenset[Any], b: frozenset[Any]) -> str | None:
    """Both sides mention something the other does not: a template filled in differently.

    One side having *more* (a longer excerpt, a dateline) is not a conflict; both having their
    own is ("#5" vs "#6", "2nd" vs "3rd", "Kraków" vs "Lublin", "12 maja" vs "19 maja").
    """
    only_a, only_b = a - b, b - a
    if only_a and only_b:
        return f"{label} differ ({_fmt(only_a)} vs {_fmt(only_b)})"
    return None


def _guards(new: _Profile, old: _Profile, *, same_language: bool) -> str | None:
    """The first contradiction between two items, or None when everything they state agrees."""
    checks = (
        _conflict("numbers", new.numbers, old.numbers),
        _conflict("title numbers", new.title_numbers, old.title_numbers),
        _conflict(
            "months",
            frozenset(_MONTH_NAMES[m - 1] for m in new.months),
            frozenset(_MONTH_NAMES[m - 1] for m in old.months),
        ),
        _conflict("seasons", new.seasons, old.seasons),
        _conflict("places", new.places, old.places),
    )
    for problem in checks:
        if problem:
            return problem
    if same_language:
        # A name in one title that the other item never mentions, on both sides: two different
        # organisations, schools or districts in the same template ("Fundacja Ocalenie" vs "Nomada").
        only_new = {n for n in new.names if n not in _PLACES and not old.mentions(n)}
        only_old = {n for n in old.names if n not in _PLACES and not new.mentions(n)}
        if only_new and only_old:
            return f"names differ ({_fmt(only_new)} vs {_fmt(only_old)})"
    return None


def _title_slot(new: _Profile, old: _Profile, title_similarity: float) -> str | None:
    """Template titles with a different word in the slot ("Warsztaty: mowa nienawiści" vs "…: fake newsy").

    Each title has words the other item never mentions (in any inflection), and the titles are
    otherwise alike: the shared words are the template, the others are what each item is about.
    A re-titled republication rewrites the headline (low similarity) or only adds words (one side).
    """
    only_new = [word for stem, word in new.title_words if not old.mentions(stem)]
    only_old = [word for stem, word in old.title_words if not new.mentions(stem)]
    if not only_new or not only_old:
        return None
    shared = len({s for s, _ in new.title_words} & {s for s, _ in old.title_words})
    if title_similarity >= 70 or shared > max(len(only_new), len(only_old)):
        return f"titles differ in '{' '.join(only_new)}' vs '{' '.join(only_old)}'"
    return None


def _text_similarity(new: _Profile, old: _Profile) -> tuple[float, float, float]:
    """(combined, title, summary) similarity 0..100 of the normalised texts; summary -1 if absent."""
    # Stemmed tokens forgive inflection and word order ("dołącza" ~ "dołączył"); plain ratio on
    # the folded words keeps a short title that is a subset of a longer one from scoring 100.
    title = max(
        fuzz.ratio(new.title, old.title),
        (
            fuzz.token_set_ratio(new.title_stem_text, old.title_stem_text)
            + fuzz.token_sort_ratio(new.title_stem_text, old.title_stem_text)
        )
        / 2,
    )
    short, long_ = sorted((new.summary, old.summary), key=len)
    if len(short) < 30:
        return title, title, -1.0
    # A listing's teaser is often a cut-off copy of the feed's summary: compare like lengths.
    prefix = fuzz.ratio(short, long_[: len(short) + 5])
    summary = max(prefix, fuzz.token_sort_ratio(short, long_) if len(long_) < 1.3 * len(short) else 0.0)
    return 0.6 * title + 0.4 * summary, title, summary


def _same_explicit_date(new: _Profile, old: _Profile) -> bool:
    """Both name the same month and share a day number: the same dated event."""
    days = {n for n in new.numbers & old.numbers if 1 <= n <= 31}
    return bool(new.months & old.months and days)


def _compare(new: _Profile, old: _Profile, window_days: int, common_images: Collection[str]) -> _Verdict:
    """One candidate against the new item; the reason names the candidate as ``_WHO``."""
    who = _WHO  # decide_story fills it in for the one verdict it reports: excerpts cost time

    if new.link and new.link == old.link:
        title_alike = fuzz.token_set_ratio(new.title_stem_text, old.title_stem_text)
        if not new.link_specific and title_alike < 60:
            # A feed that links every entry to its home page, or items without a link (they get
            # the listing page, SPEC "No link: the listing page"): the link names no article.
            return _Verdict(
                False,
                0,
                title_alike,
                f"not merged with {who}: the shared link {new.link} is not an "
                f"article page and the titles differ ({title_alike:.0f}%)",
            )
        if new.source_id == old.source_id and title_alike < 40:
            return _Verdict(
                False,
                0,
                title_alike,
                f"not merged with {who}: same source and link but different "
                f"titles ({title_alike:.0f}%), so the link is a shared page",
            )
        return _Verdict(True, 3, 100.0, f"same canonical link as {who}", f"url:{new.link}")

    if new.source_id == old.source_id:
        # reader's rule: one feed's entries with different links are different entries.
        return _Verdict(False, 0, 0.0, f"not merged with {who}: same source, different link (another entry)")

    days = _days_apart(new, old)
    combined, title, summary = _text_similarity(new, old)
    if days > window_days:
        return _Verdict(
            False,
            0,
            combined,
            f"not merged with {who} ({combined:.0f}%): {days:.0f} days apart, "
            f"outside the {window_days}-day window",
            days=days,
        )

    same_image = new.image is not None and new.image == old.image and new.image not in common_images
    if new.language and old.language and new.language != old.language and title < 85:
        return _cross_language(new, old, who, days, combined, same_image)

    problem = _guards(new, old, same_language=True)
    if problem:
        return _Verdict(False, 0, combined, f"not merged with {who} ({combined:.0f}%): {problem}", days=days)
    if min(new.content_words, old.content_words) <= 2 and summary < 90:
        # "Komunikat", "Aktualności": a title this generic proves nothing without the summaries.
        return _Verdict(
            False,
            0,
            combined,
            f"new story: the title is too generic to match {who} ({combined:.0f}%) and the summaries differ",
            days=days,
        )

    if summary < 0 and not (title >= 95 and min(new.content_words, old.content_words) >= 5):
        # Only a headline to go on (a listing without teasers): "Spotkanie informacyjne dla
        # cudzoziemców" is posted by many cities; only a long, specific headline identifies a story.
        return _Verdict(
            False,
            0,
            combined,
            f"new story: closest was {who} at {combined:.0f}%, but with no summary "
            "to compare the headline is not specific enough",
            days=days,
        )
    threshold = TEXT_MERGE_SAME_IMAGE if same_image else TEXT_MERGE
    if days > 5:
        if not _same_explicit_date(new, old):
            return _Verdict(
                False,
                0,
                combined,
                f"new story: {who} is {combined:.0f}% similar but {days:.0f} days "
                "apart with no date in common (a recurring notice?)",
                days=days,
            )
        threshold = TEXT_MERGE_WEEK_APART
    elif days > 2:
        threshold = max(threshold, TEXT_MERGE_DAYS_APART)
    by_text = combined >= threshold and title >= TITLE_FLOOR
    retitled = (
        not by_text
        and summary >= SUMMARY_RETITLED
        and min(len(new.summary), len(old.summary)) >= 100
        and title >= RETITLED_TITLE_FLOOR
        and days <= 2
    )
    if not by_text and not retitled:
        return _Verdict(False, 0, combined, f"new story: closest was {who} at {combined:.0f}%", days=days)
    slot = _title_slot(new, old, title)
    if slot:
        return _Verdict(False, 0, combined, f"not merged with {who} ({combined:.0f}%): {slot}", days=days)

    agree = "numbers agree" if new.numbers or old.numbers else "no numbers to contradict"
    evidence = ", same image" if same_image else ""
    basis, score = ("title+summary", combined) if by_text else ("summary", summary)
    return _Verdict(
        True,
        2,
        score,
        f"{basis} {score:.0f}% similar to {who} ({agree}{evidence}, {days:.0f} days apart)",
        f"img:{new.image}" if same_image else None,
        days,
    )


def _cross_language(
    new: _Profile, old: _Profile, who: str, days: float, combined: float, same_image: bool
) -> _Verdict:
    """pl/en/uk reports of one event: only with a shared picture or article id, and facts agreeing."""
    langs = f"{old.language}/{new.language}"
    shared_id = sorted(new.link_ids & old.link_ids)
    if not same_image and not shared_id:
        return _Verdict(
            False,
            0,
            combined,
            f"new story: closest was {who} at {combined:.0f}% ({langs}: no shared image or link to confirm)",
            days=days,
        )
    problem = _guards(new, old, same_language=False)
    if problem:
        return _Verdict(False, 0, combined, f"not merged with {who} ({langs}): {problem}", days=days)
    if days > CROSS_LANGUAGE_DAYS:
        return _Verdict(
            False, 0, combined, f"not merged with {who} ({langs}): {days:.0f} days apart", days=days
        )
    # One shared place is too little: nearly every item here mentions Wrocław.
    numbers = sorted(n for n in new.numbers & old.numbers if not _is_year(n))
    places = sorted(new.places & old.places)
    if not numbers and len(places) < 2:
        return _Verdict(
            False,
            0,
            combined,
            f"not merged with {who} ({langs}): same "
            f"{'image' if same_image else 'article id'} but no number or date in common",
            days=days,
        )
    signal = "same image" if same_image else f"same article id {shared_id[0].split(':', 1)[1]} in the link"
    key = f"img:{new.image}" if same_image else f"id:{shared_id[0]}"
    agreeing = ", ".join([*(str(n) for n in numbers), *places])
    return _Verdict(
        True,
        1,
        combined,
        f"{signal} as {who} ({langs}), agreeing on {agreeing}, {days:.0f} days apart",
        key,
        days,
    )


def decide_story(
    item: Item,
    candidates: Sequence[Candidate],
    *,
    window_days: int = 14,
    cache: ProfileCache | None = None,
    common_images: Collection[str] = frozenset(),
) -> DuplicateDecision:
    """Which stored story ``item`` belongs to (``story_id`` None: a new one), and why.

    ``candidates`` are the items of stories that share a :func:`candidate_keys` key with ``item``
    (the store already limited them to the time window, except for link matches). A link match
    wins over a text match, which wins over a cross-language match; then the higher similarity,
    then the nearer date. ``common_images`` are canonical image URLs the store has seen in several
    stories: they are no evidence. Pure: the same inputs give the same decision.
    """
    if not candidates:
        return DuplicateDecision(None, "new story: no candidates", 0.0)
    get = cache.get if cache is not None else _profile
    new = get(item)
    best: tuple[_Verdict, Candidate] | None = None
    closest: tuple[_Verdict, Candidate] | None = None
    for candidate in candidates:
        verdict = _compare(new, get(candidate.item), window_days, common_images)
        if verdict.merge:
            if best is None or (verdict.rank, verdict.score, -verdict.days) > (
                best[0].rank,
                best[0].score,
                -best[0].days,
            ):
                best = (verdict, candidate)
        elif closest is None or verdict.score > closest[0].score:
            closest = (verdict, candidate)
    if best is not None:
        verdict, candidate = best
        reason = verdict.reason.replace(_WHO, _describe(candidate.item))
        matched_key = verdict.matched_key
        if matched_key is None:  # a text match: name the index key through which it was found
            theirs = set(candidate_keys(candidate.item, cache=cache))
            matched_key = next((k for k in candidate_keys(item, cache=cache) if k in theirs), None)
        return DuplicateDecision(candidate.story_id, reason, round(verdict.score, 1), matched_key)
    assert closest is not None  # candidates is not empty
    verdict, candidate = closest
    reason = verdict.reason.replace(_WHO, _describe(candidate.item))
    if not reason.startswith("new story"):
        reason = f"new story: {reason}"
    return DuplicateDecision(None, reason, round(verdict.score, 1))
