"""Property tests (hypothesis) for the parsers and the sanitizer.

Random bytes, encodings and markup never raise anything but the project's own errors, and what
comes out is always sanitized. CI runs a bounded share; a longer run:
    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.parse.encoding import decode_body
from pipeline.parse.feeds import parse_feed
from pipeline.parse.listings import parse_listing
from pipeline.records import Selectors
from pipeline.text import html_to_text, sanitize_html

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "long", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

NOW = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "form", "base", "meta", "link"}
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)


def active_content(fragment: str) -> list[str]:
    """What a browser would run in ``fragment``: active elements, event handlers, script URLs."""
    if not fragment.strip():
        return []
    found = []
    for element in lxml.html.fragment_fromstring(fragment, create_parent="div").iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() in ACTIVE_TAGS:
            found.append(element.tag)
        for name, value in element.attrib.items():
            # browsers drop whitespace and control characters inside a URL's scheme
            compact = re.sub(r"[\x00-\x20]", "", value)
            if name.lower().startswith("on") or name.lower() == "style":
                found.append(f"{name}=")
            elif name.lower() in ("href", "src", "action", "srcset", "data") and DANGEROUS_SCHEME.match(
                compact
            ):
                found.append(f"{name}={value}")
    return found


TAGS = [
    "p",
    "a",
    "img",
    "script",
    "svg",
    "b",
    "div",
    "iframe",
    "style",
    "math",
    "title",
    "item",
    "entry",
    "rss",
    "channel",
    "link",
    "description",
    "feed",
    "h3",
    "article",
    "time",
    "span",
]
ATTRS = ["href", "src", "onerror", "onload", "style", "alt", "class", "datetime", "data-src", "srcset"]
VALUES = [
    "javascript:alert(1)",
    "&#106;avascript:x",
    "java\tscript:x",
    "data:text/html,x",
    'x" onerror="y',
    "https://ok.example/a",
    "/relative",
    "expression(alert(1))",
    "",
    "ą ę ś",
]


@st.composite
def markup(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(TAGS))
        attrs = " ".join(
            f'{draw(st.sampled_from(ATTRS))}="{draw(st.sampled_from(VALUES))}"'
            for _ in range(draw(st.integers(0, 3)))
        )
        text = draw(st.text(max_size=20))
        closing = draw(st.booleans())
        parts.append(f"<{tag} {attrs}>{text}" + (f"</{tag}>" if closing else ""))
        if draw(st.booleans()):
            parts.append(
                draw(st.sampled_from(["&lt;script&gt;", "&amp;", "&#0;", "]]>", "<!--", "<![CDATA["]))
            )
    return "".join(parts)


@given(markup())
def test_sanitized_html_never_carries_active_content(fragment: str) -> None:
    assert active_content(sanitize_html(fragment)) == []


@given(st.one_of(markup(), st.text()))
def test_text_is_never_markup(fragment: str) -> None:
    assert not re.search(r"<[A-Za-z!/?]", html_to_text(fragment))


@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "cp1250", "iso-8859-2", "latin-1", "bogus"]))
def test_decoding_never_raises(body: bytes, charset: str | None) -> None:
    text, used = decode_body(body, http_charset=charset)
    assert isinstance(text, str) and used


def _feed_body(inner: str, encoding: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>t</title>'
        f"{inner}</channel></rss>"
    ).encode(encoding, errors="replace")


@given(
    st.one_of(
        st.binary(max_size=3000),
        markup().map(lambda m: _feed_body(m, "utf-8")),
        markup().map(
            lambda m: _feed_body(
                f"<item><title>{m}</title><description>{m}</description><link>{m}</link></item>", "cp1250"
            )
        ),
    )
)
def test_feed_parser_raises_only_our_errors_and_outputs_clean_items(body: bytes) -> None:
    try:
        outcome = parse_feed(body, url="https://feed.example/rss", now=NOW)
    except PipelineError:
        return
    for item in outcome.items:
        assert active_content(item.content_html or "") == []
        for text in (item.title, item.summary, item.image_alt, item.author):
            assert not text or not re.search(r"<[A-Za-z!/?]", text)
        for url in (item.link, item.image_url):
            assert url is None or url.startswith(("http://", "https://"))


@given(
    st.one_of(
        st.binary(max_size=3000),
        markup().map(lambda m: f"<html><body><article class='c'>{m}</article>{m}</body></html>".encode()),
    )
)
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_listing_parser_raises_only_our_errors_and_outputs_clean_items(body: bytes) -> None:
    selectors = Selectors(item="article, div", title="h3, b", date="time, span", summary="p", image="img")
    try:
        result = parse_listing(body, page_url="https://list.example/news/", selectors=selectors, now=NOW)
    except PipelineError:
        return
    for item in result.items:
        for text in (item.title, item.summary, item.image_alt):
            assert not text or not re.search(r"<[A-Za-z!/?]", text)
        for url in (item.link, item.image_url):
            assert url is None or url.startswith(("http://", "https://"))


# --- issue 20: references to no character, surrogates --------------------------------------------


@given(
    st.one_of(st.integers(min_value=0, max_value=0x10FFFF + 5000), st.integers(min_value=0, max_value=10**30))
)
def test_any_numeric_character_reference_reads_or_fails_as_our_error(code: int) -> None:
    """Every integer, written as a decimal or hex reference in a title and a summary: the feed is
    read (the bad reference replaced) or refused with a ParseError, never an exception of its own,
    and what comes out can be encoded."""
    for reference in (f"&#{code};", f"&#x{code:x};"):
        feed = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            "<link>http://x.invalid/</link><description>d</description>"
            f"<item><title>a {reference} b</title><link>http://x.invalid/1</link>"
            f"<description>c {reference} d</description></item></channel></rss>"
        ).encode()
        try:
            outcome = parse_feed(feed, url="http://x.invalid/feed", now=NOW, source_id="fuzz")
        except PipelineError:
            continue
        for item in outcome.items:
            for text in (item.title, item.summary, item.content_html):
                (text or "").encode("utf-8")


@given(st.integers(min_value=0xD800, max_value=0xDFFF))
def test_surrogates_in_json_feed_text_never_reach_an_output(code: int) -> None:
    escaped = f"\\u{code:04x}"
    body = (
        '{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{"id": "1", '
        f'"title": "{escaped} {escaped}", "summary": "x{escaped}", "url": "http://x.invalid/1"}}]}}'
    ).encode()
    outcome = parse_feed(body, url="http://x.invalid/feed.json", now=NOW, source_id="fuzz")
    for item in outcome.items:
        for value in (item.title, item.summary, item.content_html):
            (value or "").encode("utf-8")


@settings(max_examples=25)
@given(
    depth=st.sampled_from([1, 2, 50, 255, 256, 257, 1000, 5000, 30_000, 200_000]),
    tag=st.sampled_from(["div", "b", "span", "p", "a", "ul><li", "table><tr><td"]),
    where=st.sampled_from(["description", "content", "listing"]),
)
def test_deep_nesting_reads_or_fails_as_our_error(depth: int, tag: str, where: str) -> None:
    """Issue 20: markup nested up to 200,000 deep in a feed's text or a listing page is read
    (however much of it the parser keeps) or refused with a ParseError; never a RecursionError,
    and what comes out is clean. (The selectors that explode on such pages are bounded by the
    worker's time budget, tests/test_faults.py.)"""
    closing = "".join(f"</{t}>" for t in reversed(tag.split("><")))
    nested = f"<{tag}>" * depth + "głęboko" + closing * depth
    try:
        if where == "listing":
            page = f"<html><body><article><h3>Tytuł</h3><p>{nested}</p></article></body></html>"
            result = parse_listing(
                page.encode(),
                page_url="https://list.example/news/",
                selectors=Selectors(item="article", title="h3", summary="p"),
                now=NOW,
            )
            items = result.items
        else:
            element = "description" if where == "description" else "content:encoded"
            feed = (
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>'
                "<link>http://x.invalid/</link><description>d</description><item><title>Tytuł</title>"
                f"<link>http://x.invalid/1</link><{element}><![CDATA[{nested}]]></{element}></item>"
                "</channel></rss>"
            )
            items = parse_feed(feed.encode(), url="http://x.invalid/feed", now=NOW, source_id="fuzz").items
    except PipelineError:
        return
    for item in items:
        assert item.title == "Tytuł"
        assert active_content(item.content_html or "") == []
        assert not item.summary or not re.search(r"<[A-Za-z!/?]", item.summary)
