"""Text hygiene shared by every parser (table tests)."""

from __future__ import annotations

import pytest

from pipeline.text import (
    excerpt,
    html_to_text,
    is_http_url,
    sanitize_html,
    strip_boilerplate,
    strip_read_more,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cities need more", "Cities need more"),
        ("Chcemy wiedzieć więcej", "Chcemy wiedzieć więcej"),
        ("Tekst... Read More", "Tekst…"),
        ("Tekst… Czytaj dalej", "Tekst…"),
        ("Tekst Więcej »", "Tekst"),
        ("Text ... more", "Text…"),
        ("Текст. Читати далі →", "Текст."),
        ("Spotkanie. Dowiedz się więcej", "Spotkanie."),
        ("Read more", ""),
        ("Wstęp wolny....", "Wstęp wolny…"),
    ],
)
def test_strip_read_more(text: str, expected: str) -> None:
    assert strip_read_more(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("O kursie [&hellip;] The post Kurs języka appeared first on Fundacja Ukraina.", "O kursie…"),
        ("Zajęcia trwają [...]", "Zajęcia trwają…"),
        (
            "Spotkanie. Wpis Spotkanie koordynatorów pojawił się najpierw na Wielokulturowy Wrocław.",
            "Spotkanie.",
        ),
        ("Post o czymś pochodzi z serwisu Przykład.", ""),
        ("Nic tu nie ma.", "Nic tu nie ma."),
    ],
)
def test_strip_boilerplate(text: str, expected: str) -> None:
    assert strip_boilerplate(text) == expected


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>a.</p><p>b<br>c</p>", "a. b c"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Hello", "Hello"),
        ("a < b &amp; c", "a < b & c"),
        ("<img src=x onerror=alert(1)>Tytuł", "Tytuł"),
        ("Zażółć &quot;gęślą&quot;\u00ad jaźń", 'Zażółć "gęślą" jaźń'),
        ("<\x00script>x", ""),  # a NUL must not hide a tag: this is a script, and its text goes
        ("<\u00ad?x", ""),  # a bogus comment once the soft hyphen is gone
        ("  spaces\n\tand\u00a0nbsp  ", "spaces and nbsp"),
        # bidi overrides/isolates/marks and zero-width characters go; ZWJ in an emoji stays
        ("Anna\u202e kwoN\u202c\u2066 \u200bTeam\u2069\ufeff", "Anna kwoN Team"),
        ("<\u202escript>x", ""),
        ("rodzina \U0001f468\u200d\U0001f469", "rodzina \U0001f468\u200d\U0001f469"),
    ],
)
def test_html_to_text(fragment: str, expected: str) -> None:
    assert html_to_text(fragment) == expected


def test_excerpt_cuts_at_a_word_and_ends_with_an_ellipsis() -> None:
    text = "Wrocław zaprasza na spotkanie integracyjne w bibliotece miejskiej przy ulicy Szewskiej."
    cut = excerpt(text, 40)
    assert cut.endswith("…") and len(cut) <= 40 and text.startswith(cut[:-1])
    assert excerpt("Krótki tekst.", 40) == "Krótki tekst."


def test_sanitize_keeps_structure_and_drops_danger() -> None:
    cleaned = sanitize_html(
        '<p onclick="x">Hi <a href="javascript:x">js</a> <a href="https://ok.example/">ok</a>'
        "<script>bad()</script><iframe src=x></iframe></p>"
    )
    assert cleaned == (
        '<p>Hi <a rel="noopener noreferrer nofollow">js</a> '
        '<a href="https://ok.example/" rel="noopener noreferrer nofollow">ok</a></p>'
    )


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://a.example/x", True),
        ("http://a.example", True),
        ("javascript:alert(1)", False),
        ("/relative", False),
        ("ftp://a.example/", False),
        ("https://", False),
        (None, False),
        ("http://[::1", False),
    ],
)
def test_is_http_url(url: str | None, ok: bool) -> None:
    assert is_http_url(url) is ok


@pytest.mark.parametrize("tag", ["div", "ul><li"])
def test_markup_nested_past_reason_is_kept_as_its_text(tag: str) -> None:
    """html5ever is quadratic on deep nesting (30,000 nested <li>s: ~9 s, 200,000: many minutes,
    in a C call no timeout interrupts): such a fragment is published as its text."""
    closing = "".join(f"</{t}>" for t in reversed(tag.split("><")))
    nested = f"<{tag}>" * 30_000 + "głęboko & <b>" + closing * 30_000
    assert sanitize_html(nested) == "<p>głęboko &amp;</p>"
    assert sanitize_html("<p>a <b>b</b></p>" * 100) == "<p>a <b>b</b></p>" * 100  # ordinary markup kept
