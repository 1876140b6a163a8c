"""Regenerate learned.json: the tagger's per-area models, from the real tune split (a developer's step).

    python -m pipeline.vocabulary.learn          # rewrite pipeline/vocabulary/learned.json
    python -m pipeline.vocabulary.learn --check  # exit 1 if it was learned on another tune split

Run from the repository root: the training items are the ``tune`` split of the real labelled corpus
(tests/data/real/tagging-*.jsonl, read by tests/realdata.py), never its held-out split, which the
test gate scores. The file records how many items it was learned on and a digest of their
identities; tests/test_tagging_real.py checks that digest against the current tune split, so a new
tune collection without a new model (or a held-out item among the training items) fails a test.

The model: for each area, an L2-regularised logistic regression (scikit-learn, ``C``, classes
weighted by their frequency) over binary features, the word beginnings of
:func:`pipeline.learned.features`, kept when at least ``MIN_ITEMS`` training items have them.
Settings and ``THRESHOLDS`` were chosen on the tune split alone, leave-one-collection-out (see
``pipeline/learned.py``). scikit-learn is not a run-time dependency: ``pip install -e '.[learn]'``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.learned import LEARNED_FILE, PREFIX, features, teaser
from pipeline.records import AREA_SLUGS

HERE = Path(__file__).parent
C = 1.0
MIN_ITEMS = 2
# The model's probability that gives an area, per area, to an item where at least one of the area's
# own words was found (the model tips the balance of words, it does not tag alone): on the tune
# split alone, the best sum of two F1 figures of the vocabulary-or-model tagger (grid 0.5-0.9):
# leave-one-collection-out over the tune collections, and the five collections tagging-tune-8 to -12
# against the vocabulary as it was before each was tuned on (the model learned on the collections
# before it). Rerun with tagging-tune-13 to -15 as three more fresh collections (grid 0.4-0.9), each
# area's best sum beat these by 0.006 at most, within what one collection moves: they were kept.
THRESHOLDS = {"edukacja": 0.5, "integracja": 0.5, "bezpieczenstwo": 0.7, "wspolpraca": 0.5}
DIGITS = 3  # weights are rounded; smaller ones are dropped


def training_digest(identities: Sequence[str]) -> str:
    """A digest of the training items' identities (url and title), order-free."""
    return hashlib.sha256("\n\n".join(sorted(identities)).encode("utf-8")).hexdigest()


def _digest_of(items: Sequence) -> str:
    return training_digest([f"{item.url}\n{item.title}" for item in items])


def tune_items() -> list:
    sys.path.insert(0, str(HERE.parent.parent))
    from tests.realdata import load_tagging  # the corpus and its split live with the tests

    return [item for item in load_tagging() if item.split == "tune"]


def learn(items: Sequence) -> dict:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    def analyse(text: str) -> list[str]:
        return [feature for feature, _ in features(text)]

    texts = [f"{item.title}\n{teaser(item.summary)}" for item in items]
    vectorizer = CountVectorizer(analyzer=analyse, binary=True, min_df=MIN_ITEMS)
    matrix = vectorizer.fit_transform(texts)
    names = vectorizer.get_feature_names_out()
    areas = {}
    for slug in AREA_SLUGS:
        labels = [slug in item.areas for item in items]
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
        model.fit(matrix, labels)
        weights = {
            str(name): round(float(w), DIGITS)
            for name, w in zip(names, model.coef_[0], strict=True)
            if round(float(w), DIGITS) != 0.0
        }
        areas[slug] = {
            "bias": round(float(model.intercept_[0]), DIGITS),
            "weights": dict(sorted(weights.items())),
        }
    return {
        "prefix": PREFIX,
        "thresholds": THRESHOLDS,
        "trained_on": {
            "items": len(items),
            "digest": _digest_of(items),
        },
        "areas": areas,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.vocabulary.learn", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--check", action="store_true", help="only check that the model matches the tune split"
    )
    args = parser.parse_args(argv)
    items = tune_items()
    path = HERE / LEARNED_FILE
    if args.check:
        stored = json.loads(path.read_text(encoding="utf-8"))["trained_on"]
        if stored["digest"] != _digest_of(items):
            print(f"{path} was learned on another tune split ({stored['items']} items, now {len(items)})")
            return 1
        print(f"{path} matches the tune split ({len(items)} items)")
        return 0
    try:
        document = learn(items)
    except ModuleNotFoundError as error:  # a developer's step: its library is an extra
        missing = (error.name or "sklearn").split(".")[0]  # the package, not a submodule of it
        print(f"{missing} is needed to learn: pip install -e '.[learn]'", file=sys.stderr)
        return 2
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sizes = ", ".join(f"{slug} {len(m['weights'])}" for slug, m in document["areas"].items())
    print(f"wrote {path}: {len(items)} tune items; weights {sizes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
