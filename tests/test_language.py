"""Language detection: the covered languages, the source's hint, and the figures the docstring claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.language import SUPPORTED_LANGUAGES, LanguageDetector, detect_language

CORPUS = Path(__file__).parent / "data" / "tagging" / "corpus.jsonl"


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


def corpus() -> list[dict]:
    with CORPUS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_title_and_summary_of_the_corpus(detector: LanguageDetector) -> None:
    items = corpus()
    wrong = [i["id"] for i in items if detector.detect(f"{i['title']} {i['summary']}") != i["language"]]
    assert wrong == []


def test_titles_alone(detector: LanguageDetector) -> None:
    items = corpus()
    with_hint = [i["id"] for i in items if detector.detect(i["title"], hint=i["language"]) != i["language"]]
    assert with_hint == []
    # Without a hint a few short English titles have no evidence and fall back to Polish.
    no_hint = sum(1 for i in items if detector.detect(i["title"]) == i["language"])
    assert no_hint >= 195, no_hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Szkolenie dla nauczycieli z mowy nienawiści", "pl"),
        ("Spotkanie w sprawie nowej strategii dla miasta", "pl"),  # no diacritics
        ("Intercultural Cities network meets in Lisbon", "en"),
        ("Migrant entrepreneurs in Wrocław and Kraków: the new support scheme", "en"),  # Polish names
        ("Біженці з України отримали допомогу", "uk"),
        ("Беженцы из Украины получили помощь в городе", "ru"),
        ("Die Stadt Wien eröffnet ein neues Zentrum für Integration", "de"),
        ("La ville de Lyon lance une campagne contre les discriminations", "fr"),
        ("La ciudad de Barcelona presenta su estrategia antirumores", "es"),
        ("Il comune di Reggio Emilia e la rete delle città interculturali", "it"),
    ],
)
def test_languages(detector: LanguageDetector, text: str, expected: str) -> None:
    assert detector.detect(text) == expected


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("Konferencja UMP", None, "pl"),  # no evidence: the site's language
        ("Konferencja UMP", "en", "en"),  # no evidence: the source's language
        ("Wrocław", "uk", "pl"),  # Latin script: a Cyrillic hint cannot apply
        ("Новини", None, "uk"),  # Cyrillic without telling letters: Ukrainian, our sources
        ("Новини", "ru", "ru"),
        ("Intercultural Cities welcomes three new members to the network", "pl", "en"),  # clear: hint loses
        ("", "en", "en"),
        ("2025", None, "pl"),
        ("Konferencja UMP", "xx", "pl"),  # an unknown hint is ignored
    ],
)
def test_hint(detector: LanguageDetector, text: str, hint: str | None, expected: str) -> None:
    assert detector.detect(text, hint=hint) == expected


def test_restricted_languages() -> None:
    detector = LanguageDetector(languages=("pl", "en", "uk"))
    assert detector.detect("Die Stadt Wien eröffnet ein neues Zentrum für Integration") in ("pl", "en", "uk")
    assert detector.detect("Беженцы из Украины получили помощь") == "uk"


def test_detect_language_function() -> None:
    assert detect_language("Біженці з України") == "uk"
    assert detect_language("Konferencja UMP", hint="en") == "en"
    assert detect_language("Hate speech", detector=LanguageDetector(languages=("en",))) == "en"
    assert set(SUPPORTED_LANGUAGES) >= {"pl", "en", "uk"}
