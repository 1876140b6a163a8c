"""Typography of the cards (pipeline.publish.typography): tables of texts in, texts out."""

from __future__ import annotations

import pytest

from pipeline.publish.typography import STOP_WORDS, bind, make_excerpt

S = "\u00a0"  # the no-break space, spelled out in the expected texts


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # One-letter words never end a line; a run of them binds each to the next word.
        ("Spotkanie w Wrocławiu", "pl", f"Spotkanie w{S}Wrocławiu"),
        ("Kawa i w sobotę o 10", "pl", f"Kawa i{S}w{S}sobotę o{S}10"),
        ("Z wizytą u sąsiadów", "pl", f"Z{S}wizytą u{S}sąsiadów"),
        ("A potem I etap, O czym? U nas", "pl", f"A{S}potem I{S}etap, O{S}czym? U{S}nas"),
        ("(w tle) „i co dalej”", "pl", f"(w{S}tle) „i{S}co dalej”"),
        # Not one-letter words: initials, hyphenated forms, letters glued to others.
        ("A. Nowak i J. Kowalski", "pl", f"A. Nowak i{S}J. Kowalski"),
        ("e-mail w sprawie", "pl", f"e-mail w{S}sprawie"),
        ("we Wrocławiu", "pl", "we Wrocławiu"),
        # A dash set off by spaces stays at the end of the line, never starts one.
        ("Wrocław – Dialog międzykulturowy", "pl", f"Wrocław{S}– Dialog międzykulturowy"),
        ("Raport — wyniki", "pl", f"Raport{S}— wyniki"),
        ("2024-2025 i dalej", "pl", f"2024-2025 i{S}dalej"),
        # A number stays with the word after it ("19 maja", "200 osób").
        ("19 maja 2025", "pl", f"19{S}maja 2025"),
        ("Ponad 200 osób", "pl", f"Ponad 200{S}osób"),
        ("wersja 2.5 beta", "pl", "wersja 2.5 beta"),
        # Ukrainian one-letter prepositions and conjunctions likewise.
        ("Зустріч у Вроцлаві з мером і радою", "uk", f"Зустріч у{S}Вроцлаві з{S}мером і{S}радою"),
        # English typesetting has no such rule; a region subtag does not matter.
        ("A meeting in Lisbon – a report", "en", "A meeting in Lisbon – a report"),
        ("W Wrocławiu", "pl-PL", f"W{S}Wrocławiu"),
        ("W Wrocławiu", None, "W Wrocławiu"),
        ("", "pl", ""),
    ],
)
def test_bind(text: str, language: str | None, expected: str) -> None:
    assert bind(text, language) == expected


LONG = (
    "Wrocławskie Centrum Rozwoju Społecznego zaprasza mieszkanki i mieszkańców na cykl spotkań "
    "poświęconych integracji osób z doświadczeniem migracji."
)


@pytest.mark.parametrize(
    ("text", "max_chars", "expected"),
    [
        # Whole: as the source ended it, with no "…" and nothing added.
        ("Krótka wiadomość. Całe zdanie.", 200, "Krótka wiadomość. Całe zdanie."),
        ("Czy to pytanie?", 200, "Czy to pytanie?"),
        ("Bez kropki na końcu", 200, "Bez kropki na końcu"),
        ("", 200, ""),
        (None, 200, ""),
        # The source's own cut: one "…", never "…." nor ".…", never after a stop word.
        ("Zapraszamy na…", 200, "Zapraszamy…"),
        ("Zapraszamy wszystkich…", 200, "Zapraszamy wszystkich…"),
        ("Zapraszamy wszystkich….", 200, "Zapraszamy wszystkich…"),
        ("Zapraszamy wszystkich...", 200, "Zapraszamy wszystkich…"),
        ("Zapraszamy wszystkich. …", 200, "Zapraszamy wszystkich…"),
        # Cut: at a word boundary, "…" at the end, within the limit.
        (LONG, 60, "Wrocławskie Centrum Rozwoju Społecznego zaprasza mieszkanki…"),
        # …never after a preposition or conjunction (w, z, na, do, od, i, oraz; en; uk)…
        (LONG, 62, "Wrocławskie Centrum Rozwoju Społecznego zaprasza mieszkanki…"),
        (LONG, 77, "Wrocławskie Centrum Rozwoju Społecznego zaprasza mieszkanki i mieszkańców…"),
        (LONG, 83, "Wrocławskie Centrum Rozwoju Społecznego zaprasza mieszkanki i mieszkańców na cykl…"),
        (
            LONG,
            124,
            "Wrocławskie Centrum Rozwoju Społecznego zaprasza mieszkanki i mieszkańców na cykl "
            "spotkań poświęconych integracji osób…",
        ),
        ("Spotkanie koordynatorów oraz partnerów sieci", 32, "Spotkanie koordynatorów…"),
        ("Meeting of the coordinators and partners", 20, "Meeting…"),
        ("Зустріч з представниками міської ради", 20, "Зустріч…"),
        # …nor after a comma, a colon or a dash.
        ("Warsztaty, spotkania i spacery po mieście", 25, "Warsztaty, spotkania…"),
        ("Spotkanie – relacja z wydarzenia w ratuszu", 16, "Spotkanie…"),
        # A word ending exactly at the limit is whole; a cut word is never shown as a word.
        ("Ala ma kota Filemona", 12, "Ala ma kota…"),
        ("Ala ma kota Filemona", 11, "Ala ma…"),
        # One word longer than the excerpt: cut inside it (nothing else to cut at).
        ("Międzykulturowośćwprzestrzenimiejskiej", 10, "Międzykul…"),
    ],
)
def test_make_excerpt(text: str | None, max_chars: int, expected: str) -> None:
    result = make_excerpt(text, max_chars)
    assert result == expected
    assert len(result) <= max_chars
    assert not result.endswith(("….", ".…", " …"))


@pytest.mark.parametrize("max_chars", range(13, 140, 2))
def test_a_cut_excerpt_never_ends_on_a_stop_word_and_always_with_an_ellipsis(max_chars: int) -> None:
    result = make_excerpt(LONG, max_chars)
    assert result.endswith("…") and len(result) <= max_chars
    words = result[:-1].split()
    assert words[-1].lower() not in STOP_WORDS
    assert LONG.startswith(result[:-1])  # a prefix of the text, cut between words
    assert LONG[len(result) - 1] in " ,."
