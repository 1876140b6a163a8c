"""Charsets and feed sniffing (issue 19): a declaration the bytes fit is respected, a guess says so,
UTF-16/32 feeds are feeds, and what feedparser reads right we publish right.

Every body is built here from text and a charset, so each case shows what was sent and what must
come out.
"""

from __future__ import annotations

import codecs
import json
from datetime import UTC, datetime

import feedparser
import pytest

from pipeline.parse import parse_response
from pipeline.parse.charset_guess import sample_of
from pipeline.parse.encoding import decode_document
from pipeline.parse.feeds import looks_like_feed, parse_feed
from pipeline.parse.listings import parse_listing
from pipeline.records import FetchResult, Selectors, Source

NOW = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)
URL = "https://news.example.eu/rss"


def rss(title: str, *, declared: str | None = None, summary: str = "", prolog: str = "") -> str:
    declaration = f'<?xml version="1.0" encoding="{declared}"?>\n' if declared else ""
    return (
        f'{declaration}{prolog}<rss version="2.0"><channel><title>News</title><link>{URL}</link>'
        f"<item><title>{title}</title><link>{URL}/1</link><description>{summary or title}</description>"
        "</item></channel></rss>"
    )


def parse(body: bytes, content_type: str | None = None):  # type: ignore[no-untyped-def]
    return parse_feed(body, url=URL, now=NOW, content_type=content_type, source_id="t")


def feedparser_title(body: bytes, content_type: str = "application/xml") -> str:
    """The reference: feedparser on the same bytes, with the same header."""
    return feedparser.parse(body, response_headers={"content-type": content_type}).entries[0].title


# --- a declaration the bytes fit is respected ----------------------------------------------------

DECLARED_LATIN = [
    # (text, charset of the bytes, XML declaration, HTTP header, feedparser reads it right)
    ("España: ¿quién participa? Niños y niñas de diversos orígenes", "cp1252", "windows-1252", None, True),
    ("Fête à Noël : cœur, œuvre, garçon, fenêtre", "cp1252", None, "text/xml; charset=ISO-8859-1", False),
    ("Københavns Kommune: æbler, børn og kærlighed på få år", "cp1252", "ISO-8859-1", None, True),
    ("Tickets cost £5 at the café, children go free", "latin-1", "ISO-8859-1", None, True),
    ("Čeština: šest škol a náš kraj", "iso8859-2", "ISO-8859-2", None, True),  # not "čeątina"
    ("Čeština: šest škol a náš kraj", "iso8859-2", None, "application/rss+xml; charset=iso-8859-2", True),
    ("Três mil pessoas: você também é bem-vindo, diz o português", "cp1252", "windows-1252", None, True),
]


@pytest.mark.parametrize(("text", "charset", "declared", "content_type", "reference_right"), DECLARED_LATIN)
def test_a_declared_latin_charset_is_not_swapped_for_a_polish_one(
    text: str, charset: str, declared: str | None, content_type: str | None, reference_right: bool
) -> None:
    body = rss(text, declared=declared).encode(charset)
    outcome = parse(body, content_type)
    assert outcome.items[0].title == text
    assert outcome.warnings == ()  # declared and fitting: nothing was guessed
    if reference_right:
        assert feedparser_title(body, content_type or "application/xml") == text


# --- the Polish server mix-up, and nothing declared ----------------------------------------------

POLISH = "Świąteczne spotkanie społeczności ukraińskiej: zażółć gęślą jaźń"


@pytest.mark.parametrize(
    ("charset", "declared", "content_type", "read_as", "says"),
    [
        # cp1250 bytes declared ISO-8859-2: ś = 0x9C is a C1 control there
        ("cp1250", "ISO-8859-2", None, "cp1250", "declared ISO-8859-2, but read as ISO-8859-2 the text has"),
        ("cp1250", None, "text/xml; charset=iso-8859-2", "cp1250", "declared iso-8859-2, but"),
        # ISO-8859-2 bytes declared windows-1250: ą reads "±", ś "¶" inside words
        ("iso8859-2", "windows-1250", None, "iso8859-2", "declared windows-1250, but"),
        # an Apache default of ISO-8859-1 over windows-1250 bytes: "¹" and "³" inside words
        ("cp1250", None, "text/html; charset=ISO-8859-1", "cp1250", "declared ISO-8859-1, but"),
        ("cp1250", None, None, "cp1250", "no charset declared; read as windows-1250"),
        ("iso8859-2", None, None, "iso8859-2", "no charset declared; read as ISO-8859-2"),
    ],
)
def test_polish_text_in_an_impossible_or_missing_charset_is_read_right_with_a_warning(
    charset: str, declared: str | None, content_type: str | None, read_as: str, says: str
) -> None:
    body = rss(POLISH, declared=declared).encode(charset)
    outcome = parse(body, content_type)
    assert outcome.items[0].title == POLISH
    assert outcome.warnings[0].startswith(says), outcome.warnings
    assert "Polish" in outcome.warnings[0]
    assert (
        decode_document(body, http_charset=content_type and content_type.split("=")[-1]).encoding == read_as
    )


def test_server_and_document_disagreeing_are_arbitrated_by_the_text() -> None:
    # No ą, ł or ż: windows-1252 reads "Wiadomoœci" without a symbol inside a word.
    text = "Wiadomości się zmieniają: ósma edycja, nowe miejsce spotkań"
    body = rss(text, declared="windows-1250").encode("cp1250")
    outcome = parse(body, "text/xml; charset=ISO-8859-1")
    assert outcome.items[0].title == text
    assert outcome.warnings[0].startswith("the server declares ISO-8859-1, the document windows-1250")


# --- other scripts with nothing declared ---------------------------------------------------------

RUSSIAN = "Городская администрация проводит межкультурный фестиваль: жители разных национальностей"
HEBREW = "עיריית תל אביב-יפו מזמינה את התושבים לפסטיבל רב-תרבותי בפארק הירקון"


@pytest.mark.parametrize(
    ("text", "charset", "language"),
    [(RUSSIAN, "koi8-r", "Russian"), (RUSSIAN, "cp1251", "Russian"), (HEBREW, "cp1255", "Hebrew")],
)
def test_undeclared_non_latin_8bit_is_not_forced_into_windows_1250(
    text: str, charset: str, language: str
) -> None:
    body = rss(text, summary=f"{text}. {text}").encode(charset)
    outcome = parse(body)
    assert outcome.items[0].title == text
    assert outcome.warnings[0].startswith("no charset declared; read as ")
    assert language in outcome.warnings[0]


def test_a_lone_8bit_byte_among_latin_markup_stays_latin_and_is_called_a_guess() -> None:
    # One byte is no evidence for Cyrillic (KOI8-U reads 0xA4 as "є"); the Latin default holds.
    decoded = decode_document(b'<a href="http://x.example/">\xa4</a>')
    assert decoded.encoding == "cp1250"
    assert (
        decoded.warning
        == "no charset declared; read as windows-1250 (a guess: no letters tell the charsets apart)"
    )


# --- supersets of declared charsets ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "charset", "label"),
    [
        ("朱镕基 喆 中文新闻", "gbk", "gb2312"),  # 镕 and 喆 are GBK, not GB2312
        ("똠방각하 한국어 뉴스", "cp949", "ks_c_5601-1987"),  # 똠 is UHC, not KS X 1001
        ("① 浜松市のニュース", "cp932", "shift_jis"),  # ① is a Windows (NEC) extension
        ("香港新聞：佢哋講咗啲嘢", "big5hkscs", "big5"),  # 咗 and 啲 are HKSCS, not Big5
    ],
)
def test_a_declared_charset_reads_as_its_superset(text: str, charset: str, label: str) -> None:
    body = rss(text, declared=label).encode(charset)
    outcome = parse(body)
    assert outcome.items[0].title == text
    assert outcome.warnings == ()
    if label == "gb2312":  # feedparser reads gb2312 as gb18030 too
        assert feedparser_title(body) == text
    assert parse(rss(text).encode(charset), f"text/xml; charset={label}").items[0].title == text


def test_utf8_with_one_broken_byte_is_utf8_not_an_8bit_guess() -> None:
    text = "Zażółć gęślą jaźń: spotkanie społeczności ukraińskiej we Wrocławiu"
    body = rss(text, declared="utf-8").encode().replace(b"</channel>", b"\xff</channel>")
    outcome = parse(body)
    assert outcome.items[0].title == text
    assert "invalid UTF-8" in outcome.warnings[0]


# --- UTF-16 and UTF-32 ---------------------------------------------------------------------------

UNICODE_TITLE = "Zażółć gęślą jaźń — Львів і Вроцлав"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("declared", [True, False])
def test_utf16_and_utf32_feeds_are_feeds_with_or_without_bom(codec: str, bom: bool, declared: bool) -> None:
    label = codec[:6].upper()
    body = rss(UNICODE_TITLE, declared=label if declared else None).encode(codec)
    if bom:
        body = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(
            codec, codecs.BOM_UTF32_LE if codec == "utf-32-le" else codecs.BOM_UTF32_BE
        ) + body
    assert looks_like_feed(body)
    outcome = parse(body)
    assert outcome.items[0].title == UNICODE_TITLE
    assert outcome.warnings == ()
    if declared or bom:  # feedparser recognises '<?xml' (appendix F) or a BOM, not a bare '<rss'
        assert feedparser_title(body) == UNICODE_TITLE


def test_a_utf16_response_is_read_as_a_feed_end_to_end() -> None:
    body = codecs.BOM_UTF16_LE + rss(UNICODE_TITLE, declared="UTF-16").encode("utf-16-le")
    result = FetchResult("t", URL, URL, 200, (("content-type", "text/html"),), body)
    parsed = parse_response(Source(id="t", name="T", url=URL), result, now=NOW)
    assert parsed.kind == "feed"
    assert parsed.raws[0].title == UNICODE_TITLE


# --- sniffing further than 4 KB, and CDF ---------------------------------------------------------


@pytest.mark.parametrize(
    "prolog",
    [
        "<!-- " + "generated by a content management system; " * 150 + "-->\n",
        '<?xml-stylesheet type="text/xsl" href="/rss.xsl" media="' + "screen " * 900 + '"?>\n',
        "<!-- a -->\n" * 600,
    ],
)
def test_a_feed_after_a_long_preamble_is_a_feed_and_a_page_is_still_a_page(prolog: str) -> None:
    assert len(prolog) > 6000
    body = rss("Nowe kursy języka polskiego", declared="utf-8", prolog=prolog).encode()
    assert looks_like_feed(body)
    assert parse(body).items[0].title == "Nowe kursy języka polskiego"
    page = f'<!DOCTYPE html>\n{prolog}<html><body><p>A page that mentions <rss version="2.0"></p>'
    assert not looks_like_feed(page.encode())


def test_a_cdf_channel_is_read_as_feedparser_reads_it() -> None:
    body = (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        b'<CHANNEL HREF="https://www.example.org/" LASTMOD="2024-11-14T10:00">'
        b"<TITLE>CDF channel</TITLE><ABSTRACT>About</ABSTRACT>"
        b'<ITEM HREF="https://www.example.org/a.html"><TITLE>Festiwal kultur</TITLE>'
        b"<ABSTRACT>Spotkanie w ratuszu</ABSTRACT></ITEM></CHANNEL>"
    )
    reference = feedparser.parse(body).entries[0]
    assert looks_like_feed(body)
    item = parse(body).items[0]
    assert (item.title, item.link, item.summary) == (reference.title, reference.link, reference.summary)


# --- JSON Feed fields of the wrong type ----------------------------------------------------------


@pytest.mark.parametrize("title", [["not a string"], 42, {"text": "x"}, None, True])
def test_a_json_feed_field_that_is_not_a_string_is_no_value(title: object) -> None:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "items": [
            {
                "id": "1",
                "title": title,
                "summary": title,
                "content_text": "Spotkanie w ratuszu dla nowych mieszkańców miasta",
                "url": title,
                "external_url": "https://www.example.org/1",
                "image": title,
                "authors": [{"name": title}, {"name": "Anna Nowak"}],
                "tags": [title, "integracja"],
            },
            {"id": "2", "title": title, "content_html": title, "url": "https://www.example.org/2"},
        ],
    }
    outcome = parse(json.dumps(document).encode())
    first, second = outcome.items
    assert outcome.feed_title is None
    assert first.title is None and first.summary == "Spotkanie w ratuszu dla nowych mieszkańców miasta"
    assert first.link == "https://www.example.org/1" and first.image_url is None
    assert first.author == "Anna Nowak" and first.categories == ("integracja",)
    assert second.title is None and second.content_html is None and second.link == "https://www.example.org/2"
    assert "not a string" not in repr(outcome) and "42" not in repr(outcome)


# --- the warning reaches listings too, and stays bounded -----------------------------------------


def test_a_listing_page_with_a_guessed_charset_says_so() -> None:
    page = "<html><body><article><h3>Święto Niepodległości we Wrocławiu</h3></article></body></html>"
    listing = parse_listing(
        page.encode("cp1250"),
        page_url="https://www.example.pl/news",
        selectors=Selectors(item="article", title="h3"),
        now=NOW,
    )
    assert listing.items[0].title == "Święto Niepodległości we Wrocławiu"
    assert listing.warnings[0].startswith("no charset declared; read as windows-1250")


def test_the_guess_reads_a_bounded_sample_of_a_big_body() -> None:
    body = ("<p>Zażółć gęślą jaźń, " + "x" * 40 + "</p>\n").encode("iso8859-2") * 100_000  # 7 MB
    assert len(sample_of(body)) <= 4096 + 256
    decoded = decode_document(body)
    assert decoded.encoding == "iso8859-2" and decoded.text.startswith("<p>Zażółć gęślą jaźń")
