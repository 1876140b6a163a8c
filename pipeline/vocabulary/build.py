"""Regenerate forms.json from areas.txt and concepts.txt with simplemma (a developer's step).

    python -m pipeline.vocabulary.build          # rewrite pipeline/vocabulary/forms.json
    python -m pipeline.vocabulary.build --check  # exit 1 if forms.json is out of date

For each language in ``LEMMATISED_LANGUAGES`` it lemmatises every word of every phrase of both
files (the tagger's areas, dedupe's concepts) with simplemma, then scans simplemma's whole
dictionary of that language once and keeps each form whose
lemma is one of those. The result is every inflection simplemma knows of the vocabulary, ~0.2 MB,
so the pipeline never loads simplemma at run time. Words shorter than three letters ("i", "ds",
"w") are kept as written: they are not inflected and their dictionary entries are mostly noise.

This takes ~10 s and ~1 GB (three full dictionaries); run it after editing areas.txt or
concepts.txt and commit forms.json with them. Only this module imports simplemma, which is not a
run-time dependency: ``pip install -e '.[vocabulary]'`` first.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.vocabulary import (
    FORMS_FILE,
    LEMMATISED_LANGUAGES,
    parse_vocabulary,
    words,
)

HERE = Path(__file__).parent
MIN_INFLECTED_LEN = 3


def _normalise(word: str) -> str:
    """Lower-case and unify apostrophes exactly like the runtime tokenizer does."""
    found = words(word)
    return "'".join(found) if len(found) > 1 and "'" in word else (found[0] if found else "")


def _phrases(vocabulary_text: str, concepts_text: str) -> list[tuple[str, str, bool]]:
    """(language, phrase, is a one-word name) of every line of both files."""
    from pipeline.dedupe.lexicon import parse_concepts

    found = [(entry.language, entry.phrase, False) for entry in parse_vocabulary(vocabulary_text)]
    for concept, language, phrases in parse_concepts(concepts_text):
        name = concept.startswith(("p:", "r:", "o:"))
        found += [(language, phrase, name and len(words(phrase)) == 1) for phrase in phrases]
    return found


# Forms simplemma gives a name of ours that are, far more often, a common word of their own: the
# old name of Vilnius "Вільно" is "freely", and its stem then took "вільний" (free: "вхід вільний")
# for Vilnius too; "сум" (sorrow) is no case of Sumy, "радо" (gladly) none of "рада" (council);
# "text" is not short for "textbook" (an education word: "publishes a false text" was education),
# "pln" (złoty) not for "plain"; "w latach", "przed laty", "latami" are years, not summers (lato);
# "stanowi" (constitutes) is no case of "stan".
HOMOGRAPHS = frozenset(
    {"вільно", "сум", "радо", "text", "pln", "latach", "laty", "latami", "latom", "stanowi"}
)


def _ambiguous_form(form: str, lemma: str) -> bool:
    """A form too short or too common to stand for its lemma: simplemma lists "ai", "is" and "m"
    among the forms of "be" (so every "is" read as the concept AI) and "tych" (those) among
    Tychy's. A lemma stays its own form; abbreviations and acronyms are written in the files."""
    from pipeline.dedupe.text import STOPWORDS

    return form != lemma and (len(form) < MIN_INFLECTED_LEN or form in STOPWORDS or form in HOMOGRAPHS)


def build_forms(vocabulary_text: str, concepts_text: str = "") -> dict[str, object]:
    """Compute the forms.json document for the given areas.txt (and concepts.txt) text."""
    # Imported here, not at the top: only this build step may pay for simplemma.
    import simplemma
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    phrases = _phrases(vocabulary_text, concepts_text)
    factory = DefaultDictionaryFactory(cache_max_size=1)
    forms: dict[str, dict[str, list[str]]] = {}
    for language in LEMMATISED_LANGUAGES:
        written_to_lemma: dict[str, str] = {}
        for phrase_language, phrase, is_name in phrases:
            if phrase_language != language:
                continue
            for word in words(phrase):
                if len(word) < MIN_INFLECTED_LEN:
                    continue
                if is_name:
                    # A place's name is its own lemma: lemmatised as a word, "Poznań" becomes
                    # "poznać" (to get to know) and "Lwów" "lew" (a lion). Its inflected forms are
                    # the dictionary's forms whose lemma is the name ("Lwowie" -> "Lwów").
                    written_to_lemma.setdefault(word, word)
                    continue
                lemma = simplemma.lemmatize(word, lang=language).lower()
                written_to_lemma[word] = _normalise(lemma) or word
        lemmas = set(written_to_lemma.values())
        collected: dict[str, set[str]] = {lemma: set() for lemma in lemmas}
        dictionary = factory.get_dictionary(language)
        for form, lemma in dictionary.items():
            lemma = lemma.lower()
            if lemma in collected:
                form = _normalise(form.lower()) or form.lower()
                if " " not in form and not _ambiguous_form(form, lemma):
                    collected[lemma].add(form)
        for written, lemma in written_to_lemma.items():
            collected[lemma].add(written)
        forms[language] = {
            lemma: sorted(f for f in collected[lemma] if f != lemma) for lemma in sorted(collected)
        }
    return {
        "generated_by": "python -m pipeline.vocabulary.build",
        "simplemma": simplemma.__version__,
        "forms": forms,
    }


def main(argv: list[str] | None = None) -> int:
    """Rewrite forms.json (or, with --check, report whether it is current)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that forms.json is current")
    args = parser.parse_args(argv)
    vocabulary_text = (HERE / "areas.txt").read_text(encoding="utf-8")
    concepts_text = (HERE / "concepts.txt").read_text(encoding="utf-8")
    try:
        document = build_forms(vocabulary_text, concepts_text)
    except ModuleNotFoundError as error:  # a developer's step: its library is an extra
        missing = (error.name or "simplemma").split(".")[0]  # the package, not a submodule of it
        print(f"{missing} is needed to build: pip install -e '.[vocabulary]'", file=sys.stderr)
        return 2
    text = json.dumps(document, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
    target = HERE / FORMS_FILE
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date: run python -m pipeline.vocabulary.build", file=sys.stderr)
            return 1
        print(f"{target} is current")
        return 0
    target.write_text(text, encoding="utf-8")
    counts = {lang: sum(len(v) + 1 for v in lemmas.values()) for lang, lemmas in document["forms"].items()}
    print(f"wrote {target} ({target.stat().st_size / 1024:.0f} KiB; forms per language: {counts})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
