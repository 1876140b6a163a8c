"""Strategy-area tagging: the behaviour editors rely on (word forms, phrases, vetoes, sources'
areas, custom areas). The quality gate is scored on real items: tests/test_tagging_real.py.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from pipeline.analyse import Analyser
from pipeline.learned import PREFIX, TEASER_CHARS, LearnedAreas
from pipeline.records import AREA_SLUGS, AreaDef, RawItem, Source
from pipeline.tagging import BUILTIN_AREAS, THRESHOLD, Tagger


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(BUILTIN_AREAS)


def slugs(matches: Iterable) -> list[str]:
    return [m.slug for m in matches]


# --- behaviour -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "slug", "word"),
    [
        ("pl", "Nowi nauczyciele w szkołach", "edukacja", "szkołach"),
        ("pl", "Nowi nauczyciele w szkołach podstawowych", "edukacja", "szkołach podstawowych"),
        ("pl", "Pomoc prawna dla uchodźców i migrantów", "integracja", "uchodźców"),
        ("pl", "Dni bezpieczeństwa: policja i dzielnicowi", "bezpieczenstwo", "bezpieczeństwa"),
        ("pl", "Raport o mowie nienawiści", "bezpieczenstwo", "mowie nienawiści"),
        ("uk", "Допомога для біженців у Вроцлаві", "integracja", "біженців"),
        ("uk", "Тренінг для вчителів", "edukacja", "вчителів"),  # a form simplemma lacks: stem
        ("en", "Refugees welcomed in Lublin: integration programme starts", "integracja", "Refugees"),
        ("pl", "Szkolenie dla agentów antyplotkowych", "integracja", "agentów antyplotkowych"),
        ("pl", "Strategia antyplotkowa miasta", "integracja", "antyplotkowa"),  # not in simplemma
    ],
)
def test_inflected_forms_match_their_lemma(tagger: Tagger, language, title, slug, word) -> None:
    matches = {m.slug: m for m in tagger.tag(title=title, summary="", language=language)}
    assert slug in matches
    assert word in matches[slug].words


def test_title_counts_more_than_summary(tagger: Tagger) -> None:
    # "szkoła" (weight 0.7) decides in a title (x1.5) but not alone in a summary (x1.0).
    in_title = tagger.tag(title="Nowa szkoła na Jagodnie", summary="Otwarcie we wrześniu.", language="pl")
    in_summary = tagger.tag(title="Otwarcie we wrześniu", summary="Nowa szkoła na Jagodnie.", language="pl")
    assert slugs(in_title) == ["edukacja"]
    assert slugs(in_summary) == []


def test_an_items_page_text_does_not_tag_it() -> None:
    """Enrichment's page text is read for events, not areas (measured on real pages: it repeats the
    teaser and mentions everything; ``FIELD_FACTORS``). The page's summary, where the listing had
    none, tags as any summary does."""
    analyser = Analyser()
    source = Source(id="s", name="S", url="https://example.org/", language="pl")
    page_text = "Punkt pomaga cudzoziemcom w legalizacji pobytu; integracja migrantów to nasz cel."
    bare = RawItem(title="Nowy punkt w centrum miasta", link="https://example.org/a", text=page_text)
    assert analyser.item(bare, source, first_seen=datetime(2026, 4, 10, tzinfo=UTC)).areas == ()
    summarised = replace(bare, summary=page_text)
    item = analyser.item(summarised, source, first_seen=datetime(2026, 4, 10, tzinfo=UTC))
    assert [a.slug for a in item.areas] == ["integracja"]


def test_source_areas_always_apply(tagger: Tagger) -> None:
    matches = tagger.tag(
        title="Remont ulicy Legnickiej",
        summary="Utrudnienia dla kierowców.",
        language="pl",
        source_areas=("wspolpraca",),
    )
    assert len(matches) == 1
    assert matches[0].slug == "wspolpraca" and matches[0].by_source and matches[0].words == ()


def test_source_area_keeps_its_evidence_and_order(tagger: Tagger) -> None:
    matches = tagger.tag(
        title="Konferencja o mowie nienawiści",
        summary="Spotkanie ekspertów.",
        language="pl",
        source_areas=("wspolpraca",),
    )
    assert slugs(matches) == ["bezpieczenstwo", "wspolpraca"]  # the order of the areas
    by_slug = {m.slug: m for m in matches}
    assert by_slug["wspolpraca"].by_source and "Konferencja" in by_slug["wspolpraca"].words
    assert not by_slug["bezpieczenstwo"].by_source


def test_words_are_reported_as_written_and_deduplicated(tagger: Tagger) -> None:
    (match,) = tagger.tag(
        title="Anti-rumour training for teachers",
        summary="Teachers from ten schools joined the anti-rumour training.",
        language="en",
    )[:1]
    assert match.slug == "edukacja"
    assert match.words[:2] == ("Anti-rumour", "training")
    lowered = [w.lower() for w in match.words]
    assert len(lowered) == len(set(lowered))
    assert "teachers" in lowered and "schools" in lowered


def test_multiple_areas(tagger: Tagger) -> None:
    matches = tagger.tag(
        title="Warsztaty o mowie nienawiści dla uczniów",
        summary="Konferencja sieci Miast Międzykulturowych podsumowała program.",
        language="pl",
    )
    # Each of the three by its own words (the learned model may add integracja: intercultural
    # cities' anti-hate work is inclusion too, by LABELLING.md).
    by_words = [m.slug for m in matches if m.score >= THRESHOLD]
    assert by_words == ["edukacja", "bezpieczenstwo", "wspolpraca"]


@pytest.mark.parametrize(
    ("language", "title", "summary"),
    [
        ("pl", "Śląsk Wrocław wygrał z Legią 2:0", "Bramki padły w drugiej połowie meczu."),
        ("pl", "Bezpieczeństwo ruchu drogowego przy szkołach", "Nowe progi zwalniające na Krzykach."),
        ("pl", "Szkoła jazdy z nowymi autami", "Kursanci zdają egzamin na prawo jazdy."),
        ("en", "Heavy rain expected on Sunday", "The weather service warns of local flooding."),
        ("en", "Road works on the ring road", "Drivers should expect delays until Friday."),
        ("uk", "Прогноз погоди на вихідні", "Очікується дощ і сильний вітер."),
        # simplemma lists "text" among the forms of "textbook" (an education word): it is not one.
        ("en", "The full text of the budget resolution", "Read the text online."),
    ],
)
def test_off_topic_gets_no_area(tagger: Tagger, language, title, summary) -> None:
    assert tagger.tag(title=title, summary=summary, language=language) == ()


def test_editor_keyword_changes_the_result() -> None:
    item = {"title": "Hackathon dla młodych programistów", "summary": "Dwa dni kodowania w Hali Stulecia."}
    assert Tagger(BUILTIN_AREAS).tag(**item, language="pl") == ()
    areas = tuple(
        AreaDef(a.slug, a.label, keywords=(("pl", ("hackathon",)),)) if a.slug == "edukacja" else a
        for a in BUILTIN_AREAS
    )
    (match,) = Tagger(areas).tag(**item, language="pl")
    assert match.slug == "edukacja" and match.words == ("Hackathon",)
    # Inflected forms of a new word reach it through the stem fallback.
    inflected = Tagger(areas).tag(title="Zapisy na hackathonie", summary="", language="pl")
    assert slugs(inflected) == ["edukacja"]


def test_editor_phrase_matches_inflected_forms() -> None:
    areas = (AreaDef("kursy", "Kursy", keywords=(("pl", ("kurs języka polskiego",)),)),)
    tagger = Tagger(areas)  # a custom area: only the editor's words
    for title in ("Kurs języka polskiego", "Zapisy na kursy języka polskiego", "O kursach języka polskiego"):
        (match,) = tagger.tag(title=title, summary="", language="pl")
        assert match.slug == "kursy" and len(match.words) == 1, title
    assert tagger.tag(title="Kurs tańca", summary="", language="pl") == ()


def test_custom_area_has_only_editor_words() -> None:
    sport = AreaDef("sport", "Sport", keywords=(("pl", ("mecz", "turniej")), ("en", ("match",))))
    areas = (*BUILTIN_AREAS, sport)
    tagger = Tagger(areas)
    matches = tagger.tag(title="Turniej piłkarski drużyn migrantów", summary="", language="pl")
    assert slugs(matches) == ["integracja", "sport"] or slugs(matches) == ["sport"]
    assert slugs(tagger.tag(title="Football match report", summary="", language="en")) == ["sport"]
    assert tagger.tag(title="Konferencja prasowa", summary="", language="pl") == ()


def test_exclude_vetoes_an_area() -> None:
    item = {"title": "Policja: szkolenie z bezpieczeństwa dla kierowców", "summary": ""}
    assert "bezpieczenstwo" in slugs(Tagger(BUILTIN_AREAS).tag(**item, language="pl"))
    areas = tuple(
        AreaDef(a.slug, a.label, exclude=(("pl", ("kierowca",)),)) if a.slug == "bezpieczenstwo" else a
        for a in BUILTIN_AREAS
    )
    vetoed = Tagger(areas).tag(**item, language="pl")
    assert "bezpieczenstwo" not in slugs(vetoed)
    assert "edukacja" in slugs(vetoed)  # other areas are untouched
    # A source's area is given even when vetoed: the editor asked for it explicitly.
    forced = Tagger(areas).tag(**item, language="pl", source_areas=("bezpieczenstwo",))
    assert "bezpieczenstwo" in slugs(forced)


def test_areas_not_configured_are_never_given() -> None:
    tagger = Tagger(tuple(a for a in BUILTIN_AREAS if a.slug == "edukacja"))
    assert slugs(tagger.tag(title="Mowa nienawiści w szkołach", summary="", language="pl")) == ["edukacja"]


def test_other_languages_use_shared_names_and_english() -> None:
    tagger = Tagger(BUILTIN_AREAS)
    matches = tagger.tag(title="Intercultural Cities: réunion des coordinateurs", summary="", language="fr")
    assert [m.slug for m in matches if m.score >= THRESHOLD] == ["wspolpraca"]  # by the words alone


def test_builtin_areas_match_the_spec() -> None:
    assert tuple(a.slug for a in BUILTIN_AREAS) == AREA_SLUGS
    assert [a.label for a in BUILTIN_AREAS] == [
        "Edukacja",
        "Integracja",
        "Bezpieczeństwo",
        "Współpraca i komunikacja",
    ]
    assert all(not a.keywords and not a.exclude for a in BUILTIN_AREAS)


def test_vocabulary_forms_are_current() -> None:
    """forms.json must cover every word of areas.txt (run pipeline.vocabulary.build if not)."""
    from pipeline.vocabulary import LEMMATISED_LANGUAGES, read_forms, read_vocabulary, words

    forms = read_forms()
    missing = [
        (entry.language, word)
        for entry in read_vocabulary()
        if entry.language in LEMMATISED_LANGUAGES
        for word in words(entry.phrase)
        if len(word) >= 3 and word not in forms[entry.language]
    ]
    assert not missing, f"run python -m pipeline.vocabulary.build: {missing[:5]}"


def test_editor_phrase_without_words_is_ignored() -> None:
    areas = (AreaDef("inne", "Inne", keywords=(("pl", ("—", "")),), exclude=(("xx", ("…",)),)),)
    assert Tagger(areas).tag(title="Cokolwiek — nic", summary="", language="pl") == ()


def test_a_word_a_phrase_writes_inflected_stays_a_form_of_its_lemma() -> None:
    """ "ради" is written as such in a concept ("верховної ради") and is also a form of "рада":
    "проєкт Ради Європи" is the Council of Europe's, as "Рада Європи" is (real, tagging-tune-6)."""
    from pipeline.vocabulary import read_forms

    assert read_forms()["uk"]["ради"] == "рада"
    found = Tagger().tag(title="", summary="Місто долучиться до проєкту Ради Європи", language="uk")
    assert "wspolpraca" in {m.slug for m in found}


# --- the learned model beside the vocabulary (pipeline/learned.py) -----------------------------


def test_the_model_gives_an_area_the_vocabulary_falls_short_of(tagger: Tagger) -> None:
    item = {"title": "Wieczór kultury ukraińskiej w bibliotece", "summary": ""}
    verdict = LearnedAreas().read(**item)["integracja"]
    assert verdict.gives
    [match] = [m for m in tagger.tag(**item, language="pl") if m.slug == "integracja"]
    assert match.score < THRESHOLD  # the vocabulary alone would not give it
    assert set(verdict.words) <= set(match.words)  # the model's words explain it
    # Without those words the model is not sure: the area goes.
    assert "integracja" not in slugs(tagger.tag(title="Wieczór w bibliotece", summary="", language="pl"))


def test_the_model_is_not_asked_about_an_area_the_source_gives(tagger: Tagger) -> None:
    """A source's area is given whatever the model thinks: its certainty is not read, nor shown."""
    item = {"title": "Wieczór kultury ukraińskiej w bibliotece", "summary": "", "language": "pl"}
    [tipped] = [m for m in tagger.tag(**item) if m.slug == "integracja"]
    assert not tipped.by_source and tipped.learned > 0.5
    [given] = [m for m in tagger.tag(**item, source_areas=("integracja",)) if m.slug == "integracja"]
    assert given.by_source and given.learned == 0.0 and given.score == tipped.score


def test_the_model_only_tips_an_area_whose_words_were_found() -> None:
    """However sure, the model gives no area none of whose words the item has: alone it tagged a
    war's anniversary as safety; beside some of the area's words it tips the balance."""
    sure_of_everything = LearnedAreas(
        {
            "prefix": PREFIX,
            "thresholds": dict.fromkeys(AREA_SLUGS, 0.5),
            "areas": {slug: {"bias": 5.0, "weights": {}} for slug in AREA_SLUGS},
        }
    )
    tagger = Tagger(BUILTIN_AREAS, learned=sure_of_everything)
    assert tagger.tag(title="Koncert w filharmonii", summary="", language="pl") == ()
    matches = tagger.tag(title="Wymiana młodzieży z Ukrainy i Polski w Krakowie", summary="", language="pl")
    [integracja] = [m for m in matches if m.slug == "integracja"]
    assert 0 < integracja.score < THRESHOLD and integracja.learned >= 0.99
    assert "bezpieczenstwo" not in slugs(matches)  # no word of it: the model's certainty is not enough


def test_an_editors_exclude_vetoes_the_model_too() -> None:
    item = {"title": "Wymiana młodzieży z Ukrainy i Polski w Krakowie", "summary": ""}
    areas = tuple(
        AreaDef(a.slug, a.label, exclude=(("pl", ("Kraków",)),)) if a.slug == "integracja" else a
        for a in BUILTIN_AREAS
    )
    assert "integracja" not in slugs(Tagger(areas).tag(**item, language="pl"))


def test_the_model_reads_word_beginnings_once_with_their_weights() -> None:
    document = {
        "prefix": PREFIX,
        "thresholds": {"integracja": 0.5},
        "areas": {"integracja": {"bias": -1.0, "weights": {"uchodź": 0.75, "miasto": -0.5, "nowy": 0.1}}},
    }
    model = LearnedAreas(document)
    # "uchodźcy" and "uchodźców" share a beginning, counted once: -1 + 0.75 + 0.1
    verdict = model.read("Nowy punkt dla uchodźców", "Uchodźcy pytają o pracę")["integracja"]
    assert verdict.probability == pytest.approx(1 / (1 + math.exp(0.15)))
    assert not verdict.gives
    assert verdict.words == ("uchodźców",)  # "Nowy" weighs too little to explain anything
    assert model.read("Uchodźcy", "")["integracja"].probability < 0.5
    assert model.read("Uchodźcy i nowy", "")["integracja"].gives is False
    sure = LearnedAreas({**document, "thresholds": {"integracja": 0.4}})
    assert sure.read("Uchodźcy i nowy", "")["integracja"].gives


def test_the_model_reads_a_long_summarys_teaser_only() -> None:
    """It learned on teasers of at most TEASER_CHARS characters: what a feed adds after them (a
    whole article) is not read, so it cannot pile up weights the model never balanced."""
    document = {
        "prefix": PREFIX,
        "thresholds": {"integracja": 0.5},
        "areas": {"integracja": {"bias": -1.0, "weights": {"uchodź": 2.0}}},
    }
    model = LearnedAreas(document)
    teaser = "Wrocław " * (TEASER_CHARS // len("Wrocław "))
    assert not model.read("Nowy punkt", teaser + " uchodźcy")["integracja"].gives
    assert model.read("Nowy punkt", "uchodźcy " + teaser)["integracja"].gives


def test_a_model_learned_on_other_word_beginnings_is_refused() -> None:
    with pytest.raises(ValueError, match="beginnings"):
        LearnedAreas({"prefix": PREFIX + 1, "thresholds": {}, "areas": {}})


@pytest.mark.parametrize(
    ("module", "library", "argv"),
    [("pipeline.vocabulary.build", "simplemma", ["--check"]), ("pipeline.vocabulary.learn", "sklearn", [])],
)
def test_a_developer_step_without_its_library_says_what_to_install(
    module: str,
    library: str,
    argv: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The vocabulary build and the model's learning need an extra (simplemma, scikit-learn): without
    it they say which to install and exit 2, and write nothing."""
    import importlib
    import sys

    step = importlib.import_module(module)
    monkeypatch.setitem(sys.modules, library, None)  # importing it now fails, as when not installed
    before = {path: path.stat().st_mtime_ns for path in step.HERE.iterdir()}
    assert step.main(argv) == 2
    said = capsys.readouterr().err
    assert f"{library} is needed" in said and "pip install -e '.[" in said, said
    assert {path: path.stat().st_mtime_ns for path in step.HERE.iterdir()} == before
