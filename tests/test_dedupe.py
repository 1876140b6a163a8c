"""Deduplication rules on written pairs: candidate keys, canonical URLs, the decision's rules.

tests/data/dedupe/pairs.jsonl holds pl/en/uk pairs written here (issue 5), labelled ``duplicate``
or must-not-merge, with the hard template-alike ones. They are unit cases of the rules, not a
quality gate: the gate is scored on real items (tests/test_stories_real.py). Item A is stored as
the candidate of story 1 and item B is decided: 0 false merges, recall at least ``RECALL_FLOOR``,
and every true duplicate pair shares a candidate key (else the store would never show A).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.dedupe import (
    COMMON_KEY_POSTINGS,
    MAX_KEYS,
    Candidate,
    ProfileCache,
    canonical_image_url,
    canonical_url,
    decide_story,
    is_generic_image,
    item_keys,
    profile_of,
)
from pipeline.dedupe.rules import Context, contradiction
from pipeline.records import Item
from pipeline.text import first_words

from .conftest import DATA

PAIRS_FILE = DATA / "dedupe" / "pairs.jsonl"

# Measured 2026-12 on 101 pairs: recall 45/46 = 0.978 (missed: a pl/en pair with no shared
# picture, link, name or number), key recall 46/46.
RECALL_FLOOR = 0.95
KEY_RECALL_FLOOR = 1.0


@dataclass(frozen=True, slots=True)
class Pair:
    id: str
    duplicate: bool
    why: str
    a: Item
    b: Item


def _item(raw: dict[str, Any], key: str) -> Item:
    return Item(
        source_id=raw["source_id"],
        key=key,
        title=raw["title"],
        link=raw["link"],
        summary=raw["summary"],
        published=datetime.fromisoformat(raw["published"]),
        dated=True,
        image_url=raw["image_url"],
        language=raw["language"],
    )


def _load_pairs() -> list[Pair]:
    pairs = []
    for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        pairs.append(
            Pair(
                raw["id"],
                raw["duplicate"],
                raw["why"],
                _item(raw["a"], "a-" + raw["id"]),
                _item(raw["b"], "b-" + raw["id"]),
            )
        )
    return pairs


PAIRS = _load_pairs()


def _report(capsys: pytest.CaptureFixture[str], text: str) -> None:
    """The gate's figures, shown even when pytest captures output (they are the point of the run)."""
    with capsys.disabled():
        print(f"\n{text}")


# --- the corpus itself ---------------------------------------------------------------------------


def test_corpus_is_large_and_varied_enough() -> None:
    assert len(PAIRS) >= 70
    assert len({p.id for p in PAIRS}) == len(PAIRS), "pair ids must be unique"
    assert sum(not p.duplicate for p in PAIRS) >= 25, "at least 25 hard must-not-merge pairs"
    assert sum(p.duplicate for p in PAIRS) >= 25
    languages = {item.language for p in PAIRS for item in (p.a, p.b)}
    assert {"pl", "en", "uk"} <= languages
    for pair in PAIRS:
        assert pair.why, pair.id
        for item in (pair.a, pair.b):
            assert item.published.tzinfo is not None, pair.id


# --- the gate ------------------------------------------------------------------------------------


def _merged(new: Item, stored: Item) -> bool:
    return decide_story(new, [Candidate(story_id=1, item=stored)]).story_id == 1


def test_gate_no_false_merges_and_recall_floor(capsys: pytest.CaptureFixture[str]) -> None:
    false_merges = [p.id for p in PAIRS if not p.duplicate and _merged(p.b, p.a)]
    duplicates = [p for p in PAIRS if p.duplicate]
    missed = [p.id for p in duplicates if not _merged(p.b, p.a)]
    recall = 1 - len(missed) / len(duplicates)
    _report(
        capsys,
        f"dedupe gate: {len(PAIRS)} pairs ({len(duplicates)} duplicates, {len(PAIRS) - len(duplicates)} "
        f"must-not-merge): false merges {len(false_merges)}, recall {recall:.3f} "
        f"(floor {RECALL_FLOOR}), missed: {', '.join(missed) or 'none'}",
    )
    assert false_merges == [], f"false merges: {false_merges}"
    assert recall >= RECALL_FLOOR, f"recall {recall:.3f} below the floor {RECALL_FLOOR}; missed {missed}"


def test_gate_holds_in_reverse_order(capsys: pytest.CaptureFixture[str]) -> None:
    """Precision must not depend on which item arrived first."""
    false_merges = [p.id for p in PAIRS if not p.duplicate and _merged(p.a, p.b)]
    duplicates = [p for p in PAIRS if p.duplicate]
    recall = sum(_merged(p.a, p.b) for p in duplicates) / len(duplicates)
    _report(capsys, f"dedupe gate, reversed: false merges {len(false_merges)}, recall {recall:.3f}")
    assert false_merges == []
    assert recall >= RECALL_FLOOR


def test_true_duplicates_share_a_candidate_key(capsys: pytest.CaptureFixture[str]) -> None:
    duplicates = [p for p in PAIRS if p.duplicate]
    unreachable = [p.id for p in duplicates if not set(item_keys(p.a)) & set(item_keys(p.b))]
    key_recall = 1 - len(unreachable) / len(duplicates)
    _report(
        capsys,
        f"dedupe keys: key recall {key_recall:.3f} (floor {KEY_RECALL_FLOOR}), unreachable: {unreachable}",
    )
    assert key_recall >= KEY_RECALL_FLOOR, f"pairs the store would never compare: {unreachable}"


def test_every_merge_in_the_corpus_is_explained() -> None:
    for pair in PAIRS:
        decision = decide_story(pair.b, [Candidate(1, pair.a)])
        assert decision.reason, pair.id
        assert decision.score >= 0, pair.id
        if decision.story_id is None:
            assert decision.reason.startswith("new story"), (pair.id, decision.reason)
        else:
            assert pair.a.source_id in decision.reason, (pair.id, decision.reason)
            assert decision.rule in {"same link", "same text", "same passage", "same event"}, (
                pair.id,
                decision.rule,
            )


@pytest.mark.parametrize("pair", [p for p in PAIRS if not p.duplicate], ids=lambda p: p.id)
def test_must_not_merge(pair: Pair) -> None:
    decision = decide_story(pair.b, [Candidate(1, pair.a)])
    assert decision.story_id is None, f"{pair.why}: {decision.reason}"


# --- candidate keys ------------------------------------------------------------------------------


KEY_KINDS = {"url", "img", "id", "h", "s", "n", "d", "#", "o", "p", "r", "c", "w"}


def test_candidate_keys_are_few_and_typed() -> None:
    for pair in PAIRS:
        for item in (pair.a, pair.b):
            keys = item_keys(item)
            assert 1 <= len(keys) <= MAX_KEYS, (pair.id, keys)
            assert len(set(keys)) == len(keys)
            assert keys[0] == f"url:{canonical_url(item.link)}"
            assert all(k.split(":", 1)[0] in KEY_KINDS for k in keys), keys


def test_a_headline_less_copy_meets_the_original_through_its_text() -> None:
    # A feed without headlines shows the lead in the title's place: no title key (MinHash band,
    # title word) is shared with the headlined original, but the text's passage sample is.
    statement = (
        "W ostatnim czasie wszyscy mierzymy się z nagłą i niebezpieczną sytuacją, w której znaleźli "
        "się obywatele Afganistanu zmuszeni do opuszczenia swoich domów i ojczyzny."
    )
    original = _sample(title="Stanowisko prezydentów miast ws. uchodźców z Afganistanu", summary=statement)
    copy = _republished(title="", summary=f'"{statement}" - czytamy w stanowisku.')
    shared = set(item_keys(original)) & set(item_keys(copy))
    assert any(k.startswith("s:") for k in shared), shared
    assert not any(k.startswith(("h:", "w:")) for k in shared)


def test_generic_images_are_not_keys() -> None:
    item = _sample(image_url="https://metropolie.pl/fileadmin/templates/img/ump-logo.png")
    assert not any(k.startswith("img:") for k in item_keys(item))
    photo = _sample(image_url="https://www.wroclaw.pl/files/news/2025/05/piknik-brochow-1024x683.jpg")
    assert "img:https://wroclaw.pl/files/news/2025/05/piknik-brochow.jpg" in item_keys(photo)


def test_keys_do_not_depend_on_the_cache() -> None:
    cache = ProfileCache()
    for pair in PAIRS[:20]:
        assert item_keys(pair.a, cache) == item_keys(pair.a)


def test_keys_are_language_neutral_for_names_dates_and_concepts() -> None:
    """The same event in Polish and English shares its concepts, place and date keys."""
    pl = _sample(title="Spotkanie koordynatorów miast międzykulturowych w Lublinie 14-15 maja", summary="")
    en = _sample(
        title="Intercultural cities coordinators meet in Lublin on 14-15 May", summary="", language="en"
    )
    shared = set(item_keys(pl)) & set(item_keys(en))
    assert {"p:lublin", "d:5-14", "c:coordinator", "c:meeting"} <= shared, shared


# --- canonical URLs ------------------------------------------------------------------------------

ICC_ARTICLE = "https://coe.int/web/interculturalcities/-/wroclaw-hosts-the-icc-coordinators-meeting"

CANONICAL_CASES = [
    # (input, canonical form)
    ("https://example.org/news/a", "https://example.org/news/a"),
    ("HTTP://Example.ORG/news/a", "https://example.org/news/a"),
    ("https://www.example.org/news/a", "https://example.org/news/a"),
    ("https://example.org:443/news/a", "https://example.org/news/a"),
    ("http://example.org:80/news/a", "https://example.org/news/a"),
    ("https://example.org:8443/news/a", "https://example.org:8443/news/a"),
    ("https://example.org/news/a/", "https://example.org/news/a"),
    ("https://example.org/", "https://example.org"),
    ("https://example.org/news/a#comments", "https://example.org/news/a"),
    ("https://example.org/#!/news/5", "https://example.org/#!/news/5"),
    ("https://example.org/a?utm_source=rss&utm_medium=feed&utm_campaign=x", "https://example.org/a"),
    ("https://example.org/a?fbclid=IwAR0abc&gclid=Cj0&dclid=1&msclkid=2", "https://example.org/a"),
    ("https://example.org/a?mc_cid=1&mc_eid=2&_hsenc=3&_hsmi=4&igshid=5&yclid=6", "https://example.org/a"),
    ("https://example.org/a?ref=twitter&ref_src=twsrc", "https://example.org/a"),
    ("https://example.org/a?id=5&utm_source=x", "https://example.org/a?id=5"),
    ("https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"),
    ("https://example.org/a?page", "https://example.org/a?page"),
    ("https://example.org/news/index.html", "https://example.org/news"),
    ("https://example.org/aktualnosci/index.php?id=7", "https://example.org/aktualnosci?id=7"),
    ("https://example.org/a/./b/../c", "https://example.org/a/c"),
    ("https://www.wroclaw.pl/dla-mieszkańca/kurs", "https://wroclaw.pl/dla-mieszka%C5%84ca/kurs"),
    ("https://www.wroclaw.pl/dla-mieszka%c5%84ca/kurs", "https://wroclaw.pl/dla-mieszka%C5%84ca/kurs"),
    ("https://example.org/%7Euser/%61bc", "https://example.org/~user/abc"),
    ("https://example.org/a%2Fb", "https://example.org/a%2Fb"),
    ("https://example.org/search?q=caf%C3%A9+bar", "https://example.org/search?q=caf%C3%A9%20bar"),
    ("https://example.org/search?q=a%2Bb%26c%3Dd", "https://example.org/search?q=a%2Bb%26c%3Dd"),
    ("https://example.org/search?q=café", "https://example.org/search?q=caf%C3%A9"),
    ("https://Bücher.example/a", "https://xn--bcher-kva.example/a"),
    # coe.int (Liferay): UI-language prefixes, asset-publisher links, language-switch redirects
    (
        "https://www.coe.int/en/web/interculturalcities/-/wroclaw-hosts-the-icc-coordinators-meeting",
        ICC_ARTICLE,
    ),
    (
        "https://www.coe.int/fr/web/interculturalcities/-/wroclaw-hosts-the-icc-coordinators-meeting",
        ICC_ARTICLE,
    ),
    (
        "https://www.coe.int/el/web/interculturalcities/-/wroclaw-hosts-the-icc-coordinators-meeting/",
        ICC_ARTICLE,
    ),
    (
        "https://www.coe.int/en/web/interculturalcities/-/asset_publisher/Kp1sQXXr9GQS/content/"
        "wroclaw-hosts-the-icc-coordinators-meeting?inheritRedirect=false&redirect=https%3A%2F%2Fwww.coe.int"
        "%2Fen%2Fweb%2Finterculturalcities%2Fnewsroom",
        ICC_ARTICLE,
    ),
    (
        "https://www.coe.int/en/c/portal/update_language?p_l_id=6188651&redirect=%2Fuk%2Fweb%2F"
        "interculturalcities%2F-%2Fwroclaw-hosts-the-icc-coordinators-meeting&languageId=uk_UA",
        ICC_ARTICLE,
    ),
    (
        "https://www.coe.int/c/portal/update_language?redirect=https%3A%2F%2Fwww.coe.int%2Ffr%2Fweb%2F"
        "interculturalcities%2F-%2Fwroclaw-hosts-the-icc-coordinators-meeting&languageId=fr_FR",
        ICC_ARTICLE,
    ),
    (
        "https://www.coe.int/en/web/interculturalcities/newsroom?p_p_id=101_INSTANCE_x&p_p_lifecycle=0",
        "https://coe.int/web/interculturalcities/newsroom",
    ),
    # not http(s), or not a URL: returned stripped, never an exception
    ("  https://example.org/a  ", "https://example.org/a"),
    ("mailto:biuro@example.org", "mailto:biuro@example.org"),
    ("/relative/path", "/relative/path"),
    ("", ""),
    ("http://[::1", "http://[::1"),
    ("https://example.org:99999/a", "https://example.org:99999/a"),
]


@pytest.mark.parametrize(("url", "expected"), CANONICAL_CASES)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
    assert canonical_url(expected) == expected, "canonical form must be a fixed point"


def test_canonical_url_table_is_big_enough() -> None:
    assert len(CANONICAL_CASES) >= 25


@given(st.text(max_size=80))
def test_canonical_url_never_raises(text: str) -> None:
    assert isinstance(canonical_url(text), str)
    assert isinstance(canonical_url("https://example.org/" + text), str)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_canonical_url_is_idempotent(path: str) -> None:
    once = canonical_url("https://www.example.org/" + path)
    assert canonical_url(once) == once


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://x.pl/wp-content/uploads/2025/05/foto-1024x683.jpg",
            "https://x.pl/wp-content/uploads/2025/05/foto.jpg",
        ),
        ("https://x.pl/img/foto@2x.png", "https://x.pl/img/foto.png"),
        (
            "https://x.pl/sites/default/files/styles/large/public/foto.jpg?itok=AbC",
            "https://x.pl/sites/default/files/foto.jpg",
        ),
        (
            "https://www.coe.int/documents/6126588/0/a.jpg/0a1b?t=1746600000000",
            "https://coe.int/documents/6126588/0/a.jpg/0a1b",
        ),
        ("https://cdn.x.pl/image?id=55&w=300", "https://cdn.x.pl/image?id=55"),
        (None, None),
        ("  ", None),
    ],
)
def test_canonical_image_url(url: str | None, expected: str | None) -> None:
    assert canonical_image_url(url) == expected


@pytest.mark.parametrize(
    ("url", "generic"),
    [
        ("https://metropolie.pl/fileadmin/templates/img/ump-logo.png", True),
        ("https://www.wroclaw.pl/static/img/logo-wroclaw-share.png", True),
        ("https://x.pl/assets/placeholder.jpg", True),
        ("https://x.pl/assets/default-news.jpg", True),
        ("https://x.pl/theme/herb.svg", True),
        ("https://x.pl/files/og-image.jpg", True),
        ("https://www.wroclaw.pl/files/news/2025/05/piknik-brochow.jpg", False),
        ("https://www.coe.int/documents/6126588/0/icc-coordinators-wroclaw-2025.jpg/4b7c", False),
        (None, True),
    ],
)
def test_generic_images(url: str | None, generic: bool) -> None:
    assert is_generic_image(url) is generic


# --- decision rules ------------------------------------------------------------------------------

T0 = datetime.fromisoformat("2025-05-14T09:00:00+00:00")


def _sample(**changes: Any) -> Item:
    base = Item(
        source_id="wroclaw-dialog",
        key="k1",
        title="Mediatorzy międzykulturowi w wrocławskich szkołach",
        link="https://www.wroclaw.pl/dialog/mediatorzy-w-szkolach",
        summary="W tym roku szkolnym mediatorzy pracują w szkołach podstawowych i pomagają uczniom "
        "z Ukrainy.",
        published=T0,
        dated=True,
        language="pl",
    )
    return replace(base, **changes)


def _republished(**changes: Any) -> Item:
    return _sample(
        source_id="edu-wroclaw", key="k2", link="https://edukacja.wroclaw.pl/mediatorzy", **changes
    )


def test_no_candidates_is_a_new_story() -> None:
    decision = decide_story(_sample(), [])
    assert (decision.story_id, decision.score, decision.matched_key) == (None, 0.0, None)
    assert decision.reason == "new story: no candidates"


def test_same_link_merges_at_any_distance_and_names_the_key() -> None:
    old = _sample(published=T0 - timedelta(days=300))
    new = _sample(source_id="ngo-wroclaw", key="x", title="Inny tytuł", link=old.link + "?utm_source=fb")
    decision = decide_story(new, [Candidate(7, old)])
    assert decision.story_id == 7
    assert decision.matched_key == f"url:{canonical_url(old.link)}"
    assert "same canonical link" in decision.reason and "wroclaw-dialog" in decision.reason


def test_text_match_respects_the_window() -> None:
    old = _sample()
    assert decide_story(_republished(published=T0 + timedelta(days=1)), [Candidate(1, old)]).story_id == 1
    far = decide_story(_republished(published=T0 + timedelta(days=20)), [Candidate(1, old)])
    assert far.story_id is None and "outside the 14-day window" in far.reason


def test_same_source_with_a_different_link_never_merges() -> None:
    new = _sample(key="k2", link="https://www.wroclaw.pl/dialog/mediatorzy-2")
    decision = decide_story(new, [Candidate(1, _sample())])
    assert decision.story_id is None and "same source" in decision.reason


def test_link_match_beats_a_better_text_match() -> None:
    text_twin = _republished()
    link_twin = _sample(
        source_id="ngo-wroclaw", key="k3", title="Zupełnie inny nagłówek o szkołach", summary=""
    )
    decision = decide_story(
        _sample(key="new", source_id="agregator"), [Candidate(1, text_twin), Candidate(2, link_twin)]
    )
    assert decision.story_id == 2


def test_among_text_matches_the_nearest_in_time_wins_a_tie() -> None:
    week_before = _republished(published=T0 - timedelta(days=2))
    same_day = _sample(source_id="ngo-wroclaw", key="k3", link="https://ngo.wroclaw.pl/mediatorzy")
    new = _sample(source_id="agregator", key="k4", link="https://agregator.pl/mediatorzy")
    decision = decide_story(new, [Candidate(1, week_before), Candidate(2, same_day)])
    assert decision.story_id == 2


def test_common_images_are_no_evidence_across_languages() -> None:
    """A picture many stories use says nothing: without it, what is left must decide."""
    photo = "https://www.wroclaw.pl/files/news/2025/05/spotkanie-koordynatorow.jpg"
    pl = _sample(
        title="Spotkanie koordynatorów sieci w ratuszu", summary="Rozmawiano o szkołach.", image_url=photo
    )
    en = _sample(
        source_id="icc-newsroom",
        key="en",
        title="Network coordinators at the city hall",
        summary="Talks about safety in public spaces.",
        link="https://www.coe.int/en/web/interculturalcities/-/coordinators",
        image_url=photo,
        language="en",
    )
    with_picture = decide_story(en, [Candidate(1, pl)])
    assert with_picture.story_id == 1 and "the same picture" in with_picture.reason
    common = frozenset({canonical_image_url(photo)})
    assert decide_story(en, [Candidate(1, pl)], common_images=common).story_id is None


def test_a_translation_published_the_same_day_is_one_story() -> None:
    """Issue 13: a city's English and Polish pages of one news share concepts, not words."""
    pl = _sample(
        source_id="wielokultury-pl",
        title="Projekt Wrocławskiej Strategii Dialogu Międzykulturowego",
        summary="Zapraszamy do zapoznania się z projektem Wrocławskiej Strategii Dialogu "
        "Międzykulturowego i do udziału w konsultacjach społecznych.",
    )
    en = _sample(
        source_id="wielokultury-en",
        key="en",
        title="The project of the Wrocław Strategy for Intercultural Dialogue",
        summary="We invite you to read the project of the Wrocław Strategy for Intercultural Dialogue "
        "and to take part in the public consultations.",
        link="https://wielokultury.wroclaw.pl/en/strategy-project",
        language="en",
    )
    decision = decide_story(en, [Candidate(1, pl)])
    assert decision.story_id == 1, decision.reason
    assert "strategy" in decision.reason and "(en/pl)" in decision.reason
    other = replace(
        en,
        title="The Wrocław Strategy for Intercultural Dialogue: the report of 2024",
        summary="The report sums up the first year of the strategy.",
    )
    assert decide_story(other, [Candidate(1, pl)]).story_id is None


def test_cache_gives_the_same_decisions() -> None:
    cache = ProfileCache(max_items=8)  # small: exercises the reset when full
    for pair in PAIRS:
        plain = decide_story(pair.b, [Candidate(1, pair.a)])
        cached = decide_story(pair.b, [Candidate(1, pair.a)], cache=cache)
        assert plain == cached, pair.id


def test_decision_with_many_candidates_picks_the_duplicate() -> None:
    """The store hands over every story sharing a key; the right one must win among look-alikes."""
    by_id = {p.id: p for p in PAIRS}
    target = by_id["republish-pl-word-for-word"]
    distractors = [p.a for p in PAIRS if not p.duplicate][:19]
    candidates = [Candidate(100 + i, item) for i, item in enumerate(distractors)]
    candidates.insert(7, Candidate(1, target.a))
    assert decide_story(target.b, candidates).story_id == 1
    template = by_id["city-template-krakow-lublin-numbers-same"]
    assert decide_story(template.b, [c for c in candidates if c.story_id != 1]).story_id is None


# --- the patterns issue 13 names (invented examples of real ones) ----------------------------------

T13 = datetime(2025, 9, 30, 9, tzinfo=UTC)


def _news(source: str, language: str, title: str, summary: str, days: float = 0) -> Item:
    return Item(
        source_id=source,
        key=f"{source}:{title[:12]}",
        title=title,
        link=f"https://{source}.example/news/{len(title)}-{len(summary)}",
        summary=summary,
        published=T13 + timedelta(days=days),
        dated=True,
        language=language,
    )


SAME_STORY = {
    "a shared acronym and dates, other words": (
        _news(
            "icc",
            "en",
            "Working Group GT-XYZ holds its first meeting on 29-30 September",
            "The new working group on intercultural inclusion met for the first time.",
        ),
        _news(
            "lublin",
            "en",
            "GT-XYZ members meet online",
            "Members of the GT-XYZ working group met online on 29-30 September to agree a plan.",
            1,
        ),
    ),
    "a city's Polish and English pages": (
        _news(
            "wk-pl",
            "pl",
            "Projekt Wrocławskiej Strategii Dialogu Międzykulturowego",
            "Zapraszamy do zapoznania się z projektem strategii.",
        ),
        _news(
            "wk-en",
            "en",
            "The project of the Wrocław Strategy for Intercultural Dialogue",
            "We invite you to read the project of the strategy.",
        ),
    ),
    "an international body's English news, a city's Polish one": (
        _news(
            "icc",
            "en",
            "5th meeting of the Committee of Experts on Intercultural Inclusion (ADI-INT) "
            "in Lublin, 14-15 May",
            "The committee met in Lublin on 14-15 May.",
        ),
        _news(
            "lublin",
            "pl",
            "Przedstawiciele Komitetu Ekspertów ds. Integracji Międzykulturowej Rady Europy "
            "z wizytą w Lublinie",
            "W dniach 14-15 maja Lublin gościł przedstawicieli Komitetu Ekspertów.",
            1,
        ),
    ),
    "Ukrainian and Polish": (
        _news(
            "wk-uk",
            "uk",
            "Мапа Вроцлава для біженців з України",
            "На мапі позначено адреси, важливі для біженців.",
        ),
        _news(
            "fakt",
            "pl",
            "Z tą mapą Wrocławia uchodźcy z Ukrainy się nie zgubią",
            "Na mapie zaznaczono adresy ważne dla uchodźców.",
        ),
    ),
}
APART = {
    "a numbered series": (
        _news("a", "pl", "Wspólnie o międzykulturowości #5 – Edukacja", "Spotkanie z cyklu o dialogu."),
        _news("b", "pl", "Wspólnie o międzykulturowości #6 – Wiedza", "Spotkanie z cyklu o dialogu."),
    ),
    "quarterly reports": (
        _news("a", "en", "ICC activity report: 2nd quarter", "What the network did."),
        _news("b", "en", "ICC activity report: 3rd quarter", "What the network did."),
    ),
    "the same meeting a month later": (
        _news(
            "a",
            "pl",
            "Spotkanie Zespołu ds. Migracji i Integracji UMP 12 października",
            "Zespół spotkał się w Gdańsku.",
        ),
        _news(
            "b",
            "pl",
            "Spotkanie Zespołu ds. Migracji i Integracji UMP 16 listopada",
            "Zespół spotkał się w Poznaniu.",
            8,
        ),
    ),
    "two events at one venue": (
        _news(
            "a",
            "pl",
            "Koncert w Centrum Wielokulturowym 12 maja",
            "Zapraszamy na koncert muzyki ukraińskiej.",
        ),
        _news(
            "b",
            "pl",
            "Warsztaty kulinarne w Centrum Wielokulturowym 14 maja",
            "Zapraszamy na warsztaty kuchni gruzińskiej.",
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(SAME_STORY))
def test_the_issue_patterns_of_one_story_merge(case: str) -> None:
    first, second = SAME_STORY[case]
    decision = decide_story(second, [Candidate(1, first)])
    assert decision.story_id == 1, decision.reason
    assert decision.reason.startswith("the same event as"), decision.reason


def test_news_of_the_same_days_sharing_a_name_and_much_of_what_they_say_merge() -> None:
    """Two outlets' teasers of one press conference (real, tune split: kresy.pl and dziennik.pl,
    March 2021): only MPK as an identifier, in other words. The same days: one story; a week
    apart: the next campaign, maybe."""
    kresy = (
        "Od poniedziałku w pojazdach MPK we Wrocławiu wyświetlane będą klipy promujące Ukrainę. "
        "Niebawem ma też powstać Koalicja Organizacji Mniejszości Imigrantów, która ma wspierać "
        "liderów i organizacje pozarządowe działające „na rzecz społeczności i dialogu”."
    )
    dziennik = (
        "Pierwsza z kampanii społecznych ruszy już w poniedziałek w pojazdach wrocławskiego MPK. "
        "- Na ekranach w komunikacji miejskiej będą emitowane filmy o Ukrainie realizowane przez "
        "grupę Ukrainer – powiedziała w piątek podczas konferencji prasowej Olga Chrebor, "
        "pełnomocnik prezydenta Wrocławia ds. mieszkańców pochodzenia ukraińskiego."
    )
    # Untitled, as their pages were: the first sentence stands for the title (SPEC).
    first = _news("kresy", "pl", kresy.split(".")[0], kresy)
    for days, merges in ((0, True), (2, True), (4, True), (7, False)):
        second = _news("dziennik", "pl", dziennik.split(".")[0], dziennik, days)
        decision = decide_story(second, [Candidate(1, first)])
        assert (decision.story_id == 1) is merges, (days, decision.reason)
    assert decision.reason.startswith("new story")


def _untitled(source: str, text: str, days: float = 0) -> Item:
    # Untitled, as their pages were: the first sentence stands for the title (SPEC).
    return _news(source, "pl", text.split(".")[0], text, days)


def test_the_same_days_news_of_one_subject_in_other_words_merge() -> None:
    """Real, tune split: two outlets' write-ups of the UMP presidents' appeal of 10 March 2022
    share no name, date or number, but the organisation and what they say; two cities' protests of
    one day share what they say but no place."""
    appeal = _untitled(
        "akadera",
        "Prezydenci miast zrzeszonych w Unii Metropolii Polskich apelują do rządu o opracowanie "
        "systemowego planu przyjmowania uchodźców z Ukrainy.",
    )
    plan = (
        "Największe wyzwanie dopiero przed nami. Dlatego rząd powinien wypracować systemową formułę "
        "wsparcia – przekonuje Rafał Trzaskowski, prezydent Warszawy i przewodniczący Rady Unii "
        "Metropolii Polskich."
    )
    for days, merges in ((0, True), (1, True), (4, False)):
        second = _news("rp", "pl", "Samorządowcy: Pilnie potrzebny rządowy plan pomocy uchodźcom", plan, days)
        decision = decide_story(second, [Candidate(1, appeal)])
        assert (decision.story_id == 1) is merges, (days, decision.reason)
    krakow = _untitled(
        "rmf",
        "Tysiące osób demonstrują na ulicach solidarność dla Ukrainy i protest przeciwko rosyjskiej "
        "inwazji. W Krakowie przed Konsulatem Generalnym Federacji Rosyjskiej demonstracje trwają od rana.",
    )
    poland = _untitled(
        "tvn",
        "W reakcji na trwającą inwazję Rosji na Ukrainę w piątek w wielu miastach w Polsce "
        "zorganizowano manifestacje solidarności z Ukrainą.",
        1,
    )
    assert decide_story(poland, [Candidate(1, krakow)]).story_id is None


def _poznan_tram_reports() -> tuple[Item, Item]:
    """Real, tune split (stories-tune-d): two outlets' reports of one attack in a Poznań tram."""
    eurointegration = _news(
        "eurointegration",
        "uk",
        "У Познані повідомляють про напад на пару українців у трамваї, що стався після того, як кривдники",
        "У Познані повідомляють про напад на пару українців у трамваї, що стався після того, як "
        "кривдники почули їхню розмову українською.",
    )
    regionews = _news(
        "regionews",
        "uk",
        "У Познані двоє чоловіків побили українця в трамваї: всі подробиці",
        "У Познані двоє чоловіків напали на українця у трамваї після того, як почули, що він говорить "
        "українською",
        0.3,
    )
    return eurointegration, regionews


def test_one_places_news_of_the_same_day_merge_on_two_concepts_an_organisations_do_not() -> None:
    """Real, tune split (stories-tune-d): two outlets' reports of one attack in a Poznań tram share
    the place and two concepts (attack, tram), no identifier. An organisation's two meetings of one
    day (its team on migration, its committee on education) share it and two concepts too: apart."""
    eurointegration, regionews = _poznan_tram_reports()
    decision = decide_story(regionews, [Candidate(1, eurointegration)])
    assert decision.story_id == 1, decision.reason
    team = _news(
        "metropolie", "pl", "UMP: posiedzenie Zespołu ds. Migracji i Integracji",
        "Członkowie zespołu omówili projekt rekomendacji dotyczących edukacji dzieci cudzoziemskich.",
    )  # fmt: skip
    committee = _news(
        "ump-newsletter", "pl", "UMP: posiedzenie Komisji ds. Edukacji",
        "Komisja omówiła zmiany w finansowaniu oświaty samorządowej.",
    )  # fmt: skip
    for new, old in ((committee, team), (team, committee)):
        assert decide_story(new, [Candidate(1, old)]).story_id is None


def test_a_place_most_news_of_the_window_name_is_no_ones_place() -> None:
    """A cycle reads one city's news by the hundred: its name tells none of them apart. The tram
    attack's reports merge on Poznań and two concepts while few stored items name Poznań; when
    more items of the window name it than a key lookup reads (``store.feature_counts``), two news
    of that day sharing it and two concepts are not "one place's news of one day"."""
    eurointegration, regionews = _poznan_tram_reports()
    place = "p:poznan"
    assert place in profile_of(regionews).features
    rare = decide_story(regionews, [Candidate(1, eurointegration)], key_postings={place: 3})
    assert rare.story_id == 1, rare.reason
    common = decide_story(
        regionews, [Candidate(1, eurointegration)], key_postings={place: COMMON_KEY_POSTINGS + 1}
    )
    assert common.story_id is None, common.reason
    # preview tells the editor why: what both state is in too many news of these weeks.
    assert "poznan" in common.reason and "too many stories" in common.reason, common.reason
    assert "too many" not in decide_story(regionews, [Candidate(1, eurointegration)], key_postings={}).reason


def test_what_most_news_of_the_window_state_weighs_nothing() -> None:
    """A headline and its translation, published together, merge on what they say. When every
    word of it is in more stories of the window than a lookup reads (a network's vocabulary:
    integration, education, refugees, youth, Wrocław), they say nothing that tells a story apart,
    however much of it they share: two languages' news of one field are not one story for that
    (a bench of such news chained thousands of items into one story)."""
    polish = _news(
        "wielokultury-pl", "pl",
        "Integracja, edukacja, kultura, dialog i bezpieczeństwo migrantów, uchodźców i młodzieży w szkołach Wrocławia",
        "",
    )  # fmt: skip
    ukrainian = _news(
        "wielokultury-uk", "uk",
        "Інтеграція, освіта, культура, діалог і безпека мігрантів, біженців і молоді у школах Вроцлава",
        "",
    )  # fmt: skip
    assert decide_story(ukrainian, [Candidate(1, polish)]).story_id == 1
    shared = profile_of(polish).features.keys() & profile_of(ukrainian).features.keys()
    assert len(shared) >= 9, shared
    common = dict.fromkeys(shared, COMMON_KEY_POSTINGS + 1)
    decision = decide_story(ukrainian, [Candidate(1, polish)], key_postings=common)
    assert decision.story_id is None, decision.reason


def test_headlines_in_two_languages_saying_four_things_the_same_day_are_one_news() -> None:
    """Real, tune split (ostro.info and 24tv.ua, 11 January 2023): the four mayors' visit to Kyiv,
    in English and in Ukrainian, the headlines naming the same capitals, their mayors and their
    arrival; the teasers go on about other things (a TV channel's report, Klitschko's welcome and
    the mayors' names). Three shared headline features are not enough: the consulate's opening
    announced by Kyiv and its agreement signed in Wrocław a day later (tune split, censor.net and
    doba.pl) share the consulate, Ukraine and Wrocław, and are two news."""
    english = _news(
        "ostro", "en",
        "Mayors of Warsaw, Prague, Budapest and Bratislava suddenly arrive in Kyiv",
        "The mayors of Warsaw, Prague, Budapest and Bratislava are visiting Kyiv. This was reported "
        "by Interfax-Ukraine with reference to the Polsat News Polish TV channel on January 11.",
    )  # fmt: skip
    ukrainian = _news(
        "24tv", "uk",
        "Кличко: Мери Варшави, Праги, Братислави і Будапешта приїхали запевнити, що допомагатимуть Києву",
        "Мер Києва Віталій Кличко зустрівся з мерами чотирьох європейських столиць – членів Пакту "
        "вільних міст. Мер Варшави Рафал Тшасковський, Праги Зденек Гріб, Будапешта Гергелі Карачонь "
        "та Братислави Матуш Валло приїхали до Києва засвідчити підтримку та подальшу допомогу "
        "українській столиці.",
    )  # fmt: skip
    decision = decide_story(english, [Candidate(1, ukrainian)])
    assert decision.story_id == 1, decision.reason
    announced = _news(
        "censor", "en", "",
        "The Consulate General of Ukraine in Wroclaw (Poland) will begin full-fledged work by the end "
        "of 2021, Ukrainian Foreign Minister Dmytro Kuleba has said.",
    )  # fmt: skip
    signed = _news(
        "doba", "pl", "Jeszcze w tym roku otwarcie Konsulatu Generalnego Ukrainy we Wrocławiu",
        "- To ważna chwila nie tylko dla Wrocławia, ale przede wszystkim dla relacji "
        "polsko-ukraińskich – mówił Jacek Sutryk, prezydent Wrocławia, przy podpisywaniu umowy.",
        1,
    )  # fmt: skip
    assert decide_story(signed, [Candidate(1, announced)]).story_id is None


def test_a_running_storys_stages_sharing_an_age_stay_apart() -> None:
    """Real, tune split (wroclaw.se.pl and upday.com, 20 and 22 December 2025): after a girl of 11
    was killed in Jelenia Góra, the services deny a fake about the suspect; two days later the
    police go after two of those who spread it. Both name the town, the girl's age and the hate:
    a small number (an age, an edition) is what a running story's stages repeat, not what
    identifies one of them."""
    denied = _news(
        "se", "pl",
        "Przerażająca fala nienawiści w sieci po zabójstwie 11-latki w Jeleniej Górze. Służby dementują plotki",
        "Po wstrząsającym zabójstwie 11-latki w Jeleniej Górze w sieci pojawiło się nagranie, którego "
        "autor twierdzi, że „ukraińskie dzieci mordują polskie dzieci”.",
    )  # fmt: skip
    pursued = _news(
        "upday", "pl",
        "Ścigani za fake news: Kłamali, że podejrzana w sprawie 11-latki to Ukrainka",
        "Policja dolnośląska wszczęła postępowanie przeciwko dwóm osobom za rozpowszechnianie w sieci "
        "mowy nienawiści. Osoby te fałszywie twierdziły, że 12-latka zatrzymana w sprawie zabójstwa "
        "11-letniej Danusi w Jeleniej Górze jest Ukrainką.",
        2,
    )  # fmt: skip
    decision = decide_story(pursued, [Candidate(1, denied)])
    assert decision.story_id is None, decision.reason


def test_the_police_in_two_news_of_one_day_make_them_no_one_organisations_news() -> None:
    """Real, tune split (rp.pl and rmf24.pl, 13 and 14 August 2025): a 17-year-old detained for
    defacing memorials, then charged. Both name the police, the memorials and Ukraine: the police
    act in every incident's news, so sharing them is not "an organisation's news of one day"."""
    detained = _news(
        "rp", "pl",
        "Dewastacja pomnika „Rzeź Wołyńska”. Zatrzymany to nastolatek z Ukrainy",
        "ABW i policja zatrzymała 17-letniego obywatela Ukrainy, który miał umieszczać na budynkach i "
        "pomnikach w Polsce banderowskie flagi oraz hasła propagujące ideologię nazistowską – "
        "poinformowali w mediach społecznościowych Jacek Dobrzyński i Tomasz Siemoniak.",
    )  # fmt: skip
    lead = (
        "Zarzuty, za które grozi dożywocie, usłyszał 17-letni obywatel Ukrainy za niszczenie w Polsce "
        "miejsc pamięci ofiar Rzezi Wołyńskiej. Trwa posiedzenie aresztowe wobec Ilii K. - zatrzymanego "
        "przez wrocławskich policjantów."
    )
    charged = _news("rmf24", "pl", lead.split(".")[0], lead, 1)
    decision = decide_story(charged, [Candidate(1, detained)])
    assert decision.story_id is None, decision.reason


def test_two_cities_same_matter_of_one_day_in_two_languages_is_one_news() -> None:
    """Real, tune split (resinet.pl and newch.tv, 21 June 2022): Rzeszów's mayor signs the
    partnership with Chernihiv. No name, date or number is shared (the Polish teaser names no one),
    and the Ukrainian one tells more; but both name the two cities, the partnership, the agreement
    and its signing on the same day. One city alone, or two cities days apart, would not do."""
    polish = _news(
        "resinet", "pl", "Czernihów kolejnym miastem partnerskim Rzeszowa",
        "RZESZÓW. Czernihów został 16 miastem partnerskim Rzeszowa, piątym w Ukrainie. W poniedziałek "
        "podpisano umowę partnerską.",
    )  # fmt: skip
    ukrainian = "Владислав Атрошенко: Про співробітництво з польським містом Жешув"
    ukrainian_lead = (
        "20 червня президент польського міста Конрад Фійолек підписав договір рол співпрацю з "
        "Черніговом. Документ передадуть у Чернігів, де його підпише Чернігівський міський голова "
        "Владислав Атрошенко. Відтепер Чернігів і Жешув – міста-побратими."
    )
    decision = decide_story(_news("newch", "uk", ukrainian, ukrainian_lead), [Candidate(1, polish)])
    assert decision.story_id == 1, decision.reason
    later = decide_story(_news("newch", "uk", ukrainian, ukrainian_lead, 3), [Candidate(1, polish)])
    assert later.story_id is None, later.reason


# Real, tune split (pravda.com.ua and suspilne.media, 13 September 2025; censor.net, four days
# later): a cross cut from a Ukrainian church's dome in Legnica, by persons unknown; then the man
# who did it detained. The same church, town and cross: two news of one running story. Untitled,
# so a cycle titles them with their summaries' first words (SPEC "No title").
def _untitled_uk(source: str, summary: str, days: float = 0) -> Item:
    return _news(source, "uk", first_words(summary), summary, days)


_CROSS_STOLEN = _untitled_uk(
    "pravda",
    "У польській Легниці невідомі пошкодили дах та зрізали хрест із головного купола Української "
    "Греко-Католицької церкви Успіння Пресвятої Богородиці.",
)  # fmt: skip
_CROSS_STOLEN_RETOLD = _untitled_uk(
    "suspilne",
    "У місті Леґниця, Нижньосілезьке воєводство Польщі, зрізали хрест з головного купола Української "
    "Греко-Католицької церкви Успіння Пресвятої Богородиці. Посольство України в Польщі вимагає "
    "розслідувати інцидент.",
)  # fmt: skip
_THIEF_DETAINED = _untitled_uk(
    "censor",
    "Польські правоохоронці затримали чоловіка, який кілька днів тому пошкодив дах і зрізав хрест із "
    "головного купола Української греко-католицької церкви Успіння Пресвятої Богородиці у місті Легниця.",
    4,
)  # fmt: skip


def test_an_incident_and_its_suspect_caught_are_two_news() -> None:
    decision = decide_story(_THIEF_DETAINED, [Candidate(1, _CROSS_STOLEN)])
    assert decision.story_id is None, decision.reason
    assert "two stages of one case, a suspect caught and the perpetrators sought" in decision.reason


def test_a_stage_of_a_case_parts_the_whole_story_not_only_its_item() -> None:
    """The retelling names no stage, so on its own it would take the detention's news: the story
    it belongs to tells of the perpetrators unknown, and that parts them."""
    assert decide_story(_THIEF_DETAINED, [Candidate(1, _CROSS_STOLEN_RETOLD)]).story_id == 1
    candidates = [Candidate(1, _CROSS_STOLEN), Candidate(1, _CROSS_STOLEN_RETOLD)]
    assert decide_story(_THIEF_DETAINED, candidates).story_id is None


def test_a_spokeswomans_name_is_no_story_of_its_own() -> None:
    """Real, tune split (babel.ua, 16 December 2025; zaxid.net, four days later): the interior
    ministry's spokeswoman is quoted on a bill ending refugees' special status, then on a denial in
    a murder case. Her name, in both, is who told the news, not what it is about."""
    bill = _untitled_uk(
        "babel",
        "Уряд Польщі підготував законопроєкт про припинення дії спеціального статусу для українських "
        "біженців, який запровадили після початку повномасштабного вторгнення. Про це пише медіа "
        "Interia з посиланням на речницю МВС країни Кароліну Галецьку.",
    )
    denial = _untitled_uk(
        "zaxid",
        "Польські правоохоронці заперечили причетність українки до вбивства 11-річної школярки в місті "
        "Єленя-Гура, тіло якої виявили на початку тижня. Про це повідомила речниця МВС Польщі "
        "Кароліна Галецька.",
        4,
    )
    decision = decide_story(denial, [Candidate(1, bill)])
    assert decision.story_id is None, decision.reason
    assert "haleck" not in profile_of(denial).names


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("W Legnicy nieznani sprawcy ukradli krzyż z kopuły cerkwi", "sought"),
        ("Sprawca kradzieży krzyża został zatrzymany", "caught"),
        ("Zarzuty usłyszał 17-letni obywatel Ukrainy", "caught"),
        ("A 17-year-old Ukrainian, detained on suspicion of vandalism", "caught"),
        ("В польском городе Легница задержали мужчину", "caught"),
        ("Sąd skazał go na dwa lata więzienia", "sentenced"),
        # A later stage retells the earlier ones: the latest named is the item's.
        ("Nieznany dotąd sprawca został zatrzymany po tygodniu", "caught"),
        # Not a case: a president stopping over, administrations "doomed" to work together.
        ("Zełenski wracając z USA zatrzymał się w Polsce", ""),
        ("Ponad 1,2 mln obywateli Ukrainy zatrzymało się choć na chwilę w Lublinie", ""),
        ("Obie strony były skazane na współpracę", ""),
    ],
)
def test_the_stage_of_a_case_is_read_from_its_words(text: str, stage: str) -> None:
    from pipeline.dedupe.stance import case_stage

    assert case_stage(text.lower()) == stage


@pytest.mark.parametrize("case", sorted(APART))
def test_the_issue_look_alikes_stay_apart(case: str) -> None:
    first, second = APART[case]
    decision = decide_story(second, [Candidate(1, first)])
    assert decision.story_id is None, decision.reason


@pytest.mark.parametrize(
    ("language", "text", "not_there"),
    [
        # simplemma lists "ai", "is", "are" and "m" among the forms of "be": "is" was read as AI.
        ("en", "The city is a member and its people are welcome", "c:artificial-intelligence"),
        # …and "tych" (those) among the forms of Tychy.
        ("pl", "Mieszkańcy tych miast spotkali się w ratuszu", "p:tychy"),
        # "Вільно", Vilnius's old name, is "freely": its stem took "вільний" (free) for Vilnius.
        ("uk", "Площа Вільної України, вхід вільний", "p:vilnius"),
        # Common words whose stem is a concept word's: "więcej" (more) is no rally ("wiec")…
        ("pl", "Więcej informacji wkrótce", "c:demonstration"),
        # …"тих" (those) no Tychy, "радіо" (radio) no council, "committed" no committee.
        ("uk", "Для тих, хто слухає радіо", "p:tychy"),
        ("uk", "Для тих, хто слухає радіо", "c:council"),
        ("en", "The city is committed to inclusion", "c:committee"),
        # simplemma lists "latach" (years) among the forms of "lato" (summer).
        ("pl", "W latach 2020-2022 przyjechało wielu studentów", "c:summer"),
    ],
)
def test_a_common_word_is_no_concept_because_a_dictionary_lists_it_as_a_form(
    language: str, text: str, not_there: str
) -> None:
    from pipeline.dedupe.lexicon import ConceptIndex
    from pipeline.dedupe.text import fold, stem, tokens

    words = tokens(fold(text))
    found = {
        concept for _, _, concept in ConceptIndex.default().find(words, [stem(w) for w in words], language)
    }
    assert not_there not in found
    # The written acronym and the city still are.
    words = tokens(fold("AI in Tychy"))
    found = {concept for _, _, concept in ConceptIndex.default().find(words, [stem(w) for w in words], "en")}
    assert {"c:artificial-intelligence", "p:tychy"} <= found


@pytest.mark.parametrize(
    "spellings",
    [("Chrebor", "Khrebor", "Хребор"), ("Wrocław", "Wroclaw", "Вроцлав"), ("Dutkiewicz", "Дуткевич"),
     ("Miszalski", "Мішальський"), ("Sutryk", "Сутрик")],
)  # fmt: skip
def test_a_name_is_one_key_across_scripts_and_spellings(spellings: tuple[str, ...]) -> None:
    from pipeline.dedupe.text import name_key

    assert len({name_key(s) for s in spellings}) == 1, [name_key(s) for s in spellings]
    assert name_key("Chrebor") != name_key("Sutryk")


def test_a_country_in_one_title_and_a_city_in_the_other_do_not_contradict() -> None:
    """A region (a country, a voivodeship) holds places: "in Poland" and "in Gdańsk" can be one
    story; two cities cannot."""
    from pipeline.dedupe import profile_of

    poland = profile_of(
        _news("a", "pl", "12 największych miast w Polsce otwartych na migrację", "Deklaracja.")
    )
    gdansk = profile_of(_news("b", "pl", "Dwie deklaracje podpisane w Gdańsku", "Deklaracja."))
    lublin = profile_of(_news("c", "pl", "Dwie deklaracje podpisane w Lublinie", "Deklaracja."))
    assert contradiction(poland, gdansk, Context({})) is None
    verdict = contradiction(lublin, gdansk, Context({}))
    assert verdict is not None and dict(verdict.facts)["what"] == "places in the titles"


def test_a_lead_standing_in_for_a_headline_counts_in_digits_and_numbers_no_series() -> None:
    """Untitled items: "the first batch of 230 generators" and "130 of them for Kyiv, another 100
    for the regions" are no 1st against 100th of a series; a worded ordinal still is one."""

    def untitled(source: str, lead: str) -> Item:
        return _news(source, "pl", first_words(lead), lead)

    first = untitled("rmf", "Pierwsza partia 230 generatorów dotarła już do stolicy Ukrainy.")
    counted = untitled(
        "gp", "Jest to 230 generatorów, z których 130 przekazujemy miastu, a kolejne 100 regionom."
    )
    assert contradiction(profile_of(first), profile_of(counted), Context({})) is None
    second = untitled("tvn", "Druga partia 230 generatorów dotarła już do stolicy Ukrainy.")
    verdict = contradiction(profile_of(first), profile_of(second), Context({}))
    assert verdict is not None and dict(verdict.facts)["what"] == "numbers in the titles"


def test_a_friend_is_no_second_of_a_series_but_a_second_meeting_is() -> None:
    """Ukrainian "друг" (friend) starts like "другий" (second): a headline about a friend states no
    2nd, so it does not part from the first meeting's news; "друга зустріч" still does."""
    friend = profile_of(_news("a", "uk", "Зустріч у Вроцлаві: друг допоміг", "Зустріч."))
    first = profile_of(_news("b", "uk", "Перша зустріч у Вроцлаві", "Зустріч."))
    assert contradiction(friend, first, Context({})) is None
    second = profile_of(_news("c", "uk", "Друга зустріч у Вроцлаві", "Зустріч."))
    verdict = contradiction(second, first, Context({}))
    assert verdict is not None and dict(verdict.facts)["what"] == "numbers in the titles"


def test_a_russian_text_is_read_with_ukrainian_words_and_latin_names_with_polish_or_english() -> None:
    """Russian folds like Ukrainian ("Гдыня"/"Гдиня"); a Latin name in a Ukrainian text is Polish or
    English ("Spilno Hub Katowice" is no "спільно", together)."""
    russian = profile_of(_news("ru", "ru", "В Гдыне заклеили табличку", "Полиция установила мужчину."))
    assert "p:gdynia" in russian.features
    ukrainian = profile_of(
        _news("uk", "uk", "Відкрили Spilno Hub Katowice", "Відкриття за участю Council of Europe.")
    )
    assert {"p:katowice", "o:coe"} <= ukrainian.features.keys()
    assert "g:together" not in ukrainian.concepts


def test_capitals_of_a_polish_headline_are_names_and_of_an_english_title_case_one_are_not() -> None:
    """Polish and Ukrainian headlines are written in sentence case, so "Chrebor" is a name however
    many capitals the headline has; "Enliven" in an English Title Case headline is not."""
    polish = profile_of(_news("wroclaw", "pl", "Nowa Pełnomocniczka Prezydenta Wrocławia Olga Chrebor", ""))
    english = profile_of(
        _news("uncut", "en", "Kaleidoscope Of Cultures Festival To Enliven Wyspa Słodowa Next Week", "")
    )
    assert any(n.startswith("hrebor") for n in polish.title_names), polish.title_names
    assert not any(n.startswith("enliv") for n in english.title_names)


def test_a_translation_under_a_freely_written_headline_is_one_story() -> None:
    """Headlines sharing little ("Jak Dolny Śląsk radzi sobie z migracją?" / "How does Lower Silesia
    deal with its migrant issues?"), texts saying only the same things in two languages."""
    polish = _news(
        "fundacja",
        "pl",
        "Jak Dolny Śląsk radzi sobie z migracją?",
        "W Centrum Ukraińskim Kultury i Rozwoju spotkają się przedstawiciele władzy, biznesu i "
        "społeczeństwa, żeby wymienić się doświadczeniami i poszukać rozwiązania aktualnych problemów.",
    )
    english = _news(
        "fundacja-en",
        "en",
        "How does Lower Silesia deal with its migrant issues?",
        "In the Ukrainian Center of Culture and Development representatives of the authorities, business "
        "and society will meet to exchange experiences and explore solutions for current problems.",
    )
    assert decide_story(english, [Candidate(3, polish)]).story_id == 3


def test_two_outlets_quoting_one_release_share_a_passage() -> None:
    """Own headlines and leads, one press release's sentence in both: the same story."""
    release = (
        "Prezydenci 12 największych polskich miast zrzeszonych w Unii Metropolii Polskich podpisali "
        "deklarację o współdziałaniu w dziedzinie migracji."
    )
    first = _news(
        "metropolie", "pl", "Deklaracja miast w sprawie migracji", release + " Zadeklarowali otwartość."
    )
    second = _news(
        "portal",
        "pl",
        "Miasta otwarte na migrantów",
        "Wczoraj w Gdańsku. " + release + " To pierwszy taki dokument.",
    )
    decision = decide_story(second, [Candidate(4, first)])
    assert (decision.story_id, decision.rule) == (4, "same passage")
    assert decision.reason.startswith("shares a passage of about")


def test_a_long_name_in_common_is_no_shared_passage() -> None:
    """ "the Academy on the Integration of Migrants and Refugees in Polish Cities": a name, twelve
    words long, that every news of the project repeats."""
    name = "the Academy on the Integration of Migrants and Refugees in Polish Cities"
    first = _news("icc", "en", "Trainers meet in Warsaw", f"Trainers of {name} met to plan the next modules.")
    second = _news(
        "ump", "en", "A closing event in Gdańsk", f"The closing event of {name} celebrated its results."
    )
    assert not profile_of(first).passages & profile_of(second).passages
    assert decide_story(second, [Candidate(4, first)]).rule != "same passage"


def test_opening_hours_are_no_numbers_of_the_story() -> None:
    """ "w godz. 11:00-15:00": two picnics on one day in two cities share no number for it."""
    from pipeline.dedupe.text import facts

    assert facts("23 czerwca 2018 w godz. 11:00-15:00 zapraszamy na piknik").numbers == frozenset()
    assert facts("14-15 maja 2024, 5. spotkanie").numbers == frozenset({5})


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("W ubiegłym roku było nas na placu ponad 20 tysięcy osób", {20_000}),
        ("Ponad 20 тисяч людей зібралися", {20_000}),
        ("20 thousand people marched", {20_000}),
        ("Pomogło 2 tys. osób", {2_000}),  # a quantity, not the year 2000
        ("Program za 5 mln zł", {5_000_000}),
        ("Już drugi raz, 20 osób", {2, 20}),
    ],
)
def test_a_quantity_is_no_number_of_a_series(text: str, numbers: set[int]) -> None:
    """ "20 tysięcy osób" and "już drugi raz" are no 20th and 2nd of a series that could
    contradict each other: a number before a magnitude word is the quantity it names."""
    from pipeline.dedupe.text import facts

    found = facts(text)
    assert found.numbers == frozenset(numbers) and not found.years


def test_an_announcement_and_the_report_of_it_are_two_news() -> None:
    """Real, tune split (Radio Gdańsk and zawszepomorze.pl, August 2025): the programme of the
    weekend's celebrations and, a day later, the report that they began."""
    announced = _news(
        "radiogdansk",
        "pl",
        "Gdańsk uczci 34. rocznicę niepodległości Ukrainy. Koncerty, marsz i wspólna modlitwa",
        "Uroczyste podniesienie ukraińskiej flagi, wspólna modlitwa, przemarsz, koncerty, zbiórka darów – "
        "to niektóre z wydarzeń zaplanowanych w najbliższy weekend w Gdańsku z okazji obchodów Dnia "
        "Niepodległości Ukrainy.",
    )
    reported = _news(
        "zawszepomorze",
        "pl",
        "Ukraina świętuje Dzień Niepodległości. Uroczystości w Gdańsku",
        "W Gdańsku trwa weekend 34. rocznicy proklamowania niepodległości Ukrainy. Uroczystości "
        "rozpoczęły się w sobotę, 23 sierpnia przy konsulacie na Strzyży, gdzie podniesiono flagę Ukrainy.",
        1,
    )
    decision = decide_story(reported, [Candidate(1, announced)])
    assert decision.story_id is None and "one announces an event, the other reports one" in decision.reason, (
        decision.reason
    )


def test_one_days_marches_in_two_cities_are_two_news() -> None:
    """Real, tune split (lublinews.pl and 24kurier.pl, 24 February 2026): the fourth anniversary
    of the invasion, Lublin's in one title, Szczecin's in the other's lead."""
    lublin = _news(
        "lublinews",
        "pl",
        "Czwarta rocznica agresji Rosji na Ukrainę. Lublin upamiętni ofiary konfliktu",
        "We wtorek, 24 lutego 2026 roku, mijają cztery lata od agresji Rosji na Ukrainę. Od początku "
        "konfliktu Lublin stanął po stronie jego ofiar, przyjmując rzesze uchodźców.",
    )
    szczecin = _news(
        "24kurier",
        "pl",
        "Marsz w czwartą rocznicę wojny na Ukrainie [GALERIA]",
        "We wtorek o godz. 17.30 na pl. Solidarności w Szczecinie odbył się wiec oraz przemarsz, który "
        "zorganizowano w hołdzie walczącej z Rosją Ukrainie. Dokładnie dziś, 24 lutego, mijają cztery "
        "lata od ataku Rosji na Ukrainę.",
    )
    decision = decide_story(szczecin, [Candidate(1, lublin)])
    assert decision.story_id is None and "places differ" in decision.reason, decision.reason


@pytest.mark.parametrize(
    ("text", "wording"),
    [
        ("W środę będziemy świętować. W Lublinie odbędą się uroczystości.", "announces"),
        ("W Lublinie trwają uroczystości towarzyszące obchodom.", "reports"),  # under way: the day's report
        ("Uroczystości rozpoczęły się w sobotę przy konsulacie.", "reports"),
        ("У четвер у місті відбулася Божественна літургія.", "reports"),
        ("Trwa nabór do rady. Zapraszamy do zgłoszeń.", "announces"),
        ("Rada przyjęła uchwałę o programie.", ""),
        (
            "W najbliższy weekend (17-18 maja) w teatrze spotkają się przedstawiciele mniejszości.",
            "announces",
        ),
        ("Przedstawiciele mniejszości spotkali się w teatrze.", ""),
        # Real (stories-tune-g): a visit's headline in the present is its report; a speech with its day.
        ("Trudeau meets Polish president to talk about getting Ukrainian refugees to Canada", "reports"),
        ("Trudeau to visit Ukrainian refugee shelter in Poland, meet with Kamala Harris", ""),
        ("Drodzy Ukraińcy w Polsce – mówił w środę prezydent Ukrainy na Zamku Królewskim.", "reports"),
        ("Президент заявив у середу, що Польща допомагає.", "reports"),
        ("Organisers said on Monday the festival will take place in June.", ""),  # both: neither
        # Real (stories-tune-e): an award's ceremony ahead and held; a grant received is no ceremony.
        ("Nagrodę Księżnej Asturii odbierze jutro z rąk króla prezydent Gdańska.", "announces"),
        ("Prezydent Gdańska Aleksandra Dulkiewicz odebrała wyróżnienie w Oviedo.", "reports"),
        ("Wyróżnienie zostało wręczone w niedzielę w Ossolineum we Wrocławiu.", "reports"),
        ("Katowice otrzymają 46 mln zł dofinansowania z UNICEF.", ""),
    ],
)
def test_an_items_event_wording(text: str, wording: str) -> None:
    from pipeline.dedupe.stance import stance

    assert stance(text.lower()) == wording


def _undated(source: str, title: str, summary: str) -> Item:
    """A listing's backlog item: its date unknown (``backfilled``), read at the first cycle."""
    return replace(_news(source, "pl", title, summary), dated=False, backfilled=True)


def test_undated_reports_of_one_large_count_merge_small_numbers_and_years_do_not() -> None:
    """Real, tune split (stories-tune-f): two outlets on UNICEF's 46 mln zł for Katowice, both undated.
    Time cannot part them from other editions, but a quantity of 100 or more they share, with much
    of what they say, is one count reported twice. An age or an edition under 100, or a number that
    could be a year, is what a running story or next year's edition repeats: apart."""
    city = _undated(
        "wkatowicach",
        "UNICEF przekaże 46 mln zł miastu na działania pomocowe i integracyjne. Skorzystają dzieci z Katowic i Ukrainy",
        "Katowice otrzymają 46 mln zł dofinansowania z Funduszu Narodów Zjednoczonych na Rzecz Dzieci (UNICEF) "
        "na polsko-ukraińskie działania pomocowe i integracyjne.",
    )  # fmt: skip
    outlet = _undated(
        "24kato",
        "46 mln zł dostały Katowice od UNICEF-u na polsko-ukraińską integrację. Będą inwestycje m.in. w żłobki",
        "Miasto Katowice zawarło z Funduszem Narodów Zjednoczonych na Rzecz Dzieci (UNICEF) umowę, zgodnie z "
        "którą otrzymało 46 milionów złotych na integrację społeczności polsko-ukraińskiej.",
    )  # fmt: skip
    decision = decide_story(outlet, [Candidate(1, city)])
    assert decision.story_id == 1, decision.reason
    for count, year in (("46", "2022"), ("2022", "2023")):
        edition = _undated(
            "wkatowicach",
            f"UNICEF: {count} grantów dla Katowic w {year} roku",
            "Katowice i UNICEF podpisały umowę o integracji.",
        )
        other = _undated(
            "24kato",
            f"UNICEF: {count} grantów dla Katowic",
            "UNICEF i Katowice: umowa o integracji dzieci z Ukrainy.",
        )
        assert decide_story(other, [Candidate(1, edition)]).story_id is None, (count, year)


def test_a_lead_standing_in_for_a_missing_title_is_no_template() -> None:
    """Untitled items take their summary's first words as a title (SPEC "No title"). Two outlets'
    leads of one indictment (real, tune split: unn.ua and tsn.ua, September 2025) differ in a word
    or two, as rewrites do: that is no template with another word in its slot. Two headlines that
    differ only in the slot still are."""
    lead_a = (
        "Польська прокуратура висунула звинувачення 32-річному чоловіку за тяжке поранення "
        "громадянина Румунії під час стрілянини у торговому центрі Вроцлава 15 березня."
    )
    lead_b = (
        "У Польщі висунули звинувачення 32-річному чоловіку за тяжке поранення громадянина Румунії "
        "під час стрілянини у торговому центрі Вроцлава."
    )
    first = _news("unn", "uk", first_words(lead_a), lead_a)
    second = _news("tsn", "uk", first_words(lead_b), lead_b)
    decision = decide_story(second, [Candidate(1, first)])
    assert decision.story_id == 1, decision.reason

    teaser = "Zapraszamy nauczycieli szkół podstawowych na bezpłatne warsztaty w czwartek po południu."
    hate = _news("a", "pl", "Warsztaty dla nauczycieli: mowa nienawiści w szkole", teaser)
    fakes = _news("b", "pl", "Warsztaty dla nauczycieli: fake newsy w szkole", teaser)
    decision = decide_story(fakes, [Candidate(1, hate)])
    assert decision.story_id is None
    assert "differ in" in decision.reason, decision.reason


def test_one_persons_engagements_on_two_weekdays_or_announced_and_reported_stay_apart() -> None:
    """A visiting president's meeting with charities "on Friday" and his stadium visit "on Saturday"
    (real, tune: stories-tune-g), and his meeting announced ("will meet") against its report ("met
    with"), are two news however much they share. Weekdays are whole words: "czwarty" is no Thursday."""
    friday = _news("a", "en", "Biden and Duda meet charities", "On Friday Joe Biden met with charities.")
    saturday = _news("b", "en", "Biden visits refugees", "On Saturday Joe Biden visited refugees.", days=1)
    verdict = contradiction(profile_of(saturday), profile_of(friday), Context({}))
    assert verdict is not None and dict(verdict.facts)["what"] == "weekdays"
    announced = _news("c", "en", "Biden to meet refugees", "Joe Biden will meet with refugees in Warsaw.")
    met = _news("d", "en", "Biden in Warsaw", "Joe Biden met with refugees in Warsaw.", days=1)
    verdict = contradiction(profile_of(met), profile_of(announced), Context({}))
    assert verdict is not None and dict(verdict.facts)["what"] == "event wording"
    fourth = profile_of(_news("e", "pl", "Czwarty dzień festiwalu", "Festiwal trwa."))
    assert not fourth.weekdays


def test_an_item_joins_two_stories_only_when_they_do_not_contradict_each_other() -> None:
    """An item that is the same story as two stored ones makes them one (``also``), unless the two
    contradict each other: then it is a bridge between two news, not evidence that they are one."""
    summary = "Zapraszamy na festiwal kultur w parku nad Odrą, z koncertami i warsztatami dla dzieci."
    last_year = _news("a", "pl", "Festiwal Kultur 2024 w parku nad Odrą", summary)
    this_year = _news("b", "pl", "Festiwal Kultur 2025 w parku nad Odrą", summary)
    bridge = replace(last_year, source_id="c", key="c:1", title="Festiwal Kultur w parku nad Odrą")
    decision = decide_story(bridge, [Candidate(1, last_year), Candidate(2, this_year)])
    assert decision.story_id == 1 and decision.also == (), decision
    agreeing = replace(this_year, title="Festiwal Kultur 2024 nad Odrą w parku")
    decision = decide_story(bridge, [Candidate(1, last_year), Candidate(2, agreeing)])
    assert decision.story_id == 1 and decision.also == (2,), decision


def test_an_item_never_joins_a_story_whose_other_item_its_wording_contradicts() -> None:
    """Real (stories-tune-g): the report of a visit matched a same-day speech's report, stored with
    the visit's announced meeting: one story holds no announcement and report of one thing, so the
    report starts its own (the announcement and the report are two news, README of the corpus)."""
    summary = "Festiwal Kultur w parku nad Odrą: koncerty i warsztaty dla dzieci, stoiska kultur miasta."
    neutral = _news("a", "pl", "Festiwal Kultur w parku nad Odrą", summary)
    announced = _news(
        "b", "pl", "Festiwal Kultur w parku nad Odrą", "Festiwal odbędzie się w sobotę. " + summary
    )
    report = _news("c", "pl", "Festiwal Kultur w parku nad Odrą", summary + " Festiwal odbył się w sobotę.")
    assert decide_story(report, [Candidate(1, neutral)]).story_id == 1
    decision = decide_story(report, [Candidate(1, neutral), Candidate(1, announced)])
    assert decision.story_id is None, decision
