"""Benchmark of the tagging stage (issue 4 targets: start-up < 0.5 s, >= 20,000 items/s).

    python bench/tagging.py [--items 20000] [--text]

Prints the start-up time (importing and building a Tagger and a LanguageDetector from cold), the
throughput of ``Tagger.tag`` and of ``LanguageDetector.detect`` over the labelled corpus repeated
to ``--items`` items, and the peak RSS of the process. ``--text`` adds ~1,500 characters of
article text to every item (the ``enrich: true`` case). A script, not a timed test: figures
depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "tagging" / "corpus.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=20_000, help="items to tag (default 20000)")
    parser.add_argument("--text", action="store_true", help="add article text to every item")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))

    started = time.perf_counter()
    from pipeline.language import LanguageDetector
    from pipeline.tagging import BUILTIN_AREAS, Tagger

    tagger = Tagger(BUILTIN_AREAS)
    detector = LanguageDetector()
    startup_s = time.perf_counter() - started

    with CORPUS.open(encoding="utf-8") as f:
        corpus = [json.loads(line) for line in f if line.strip()]
    body = ""
    if args.text:
        # Article text built from other items' summaries: realistic words, realistic length.
        body = " ".join(item["summary"] for item in corpus[:12])
    items = [corpus[i % len(corpus)] for i in range(args.items)]

    started = time.perf_counter()
    tagged = 0
    for item in items:
        matches = tagger.tag(
            title=item["title"], summary=item["summary"], text=body, language=item["language"]
        )
        tagged += bool(matches)
    tag_s = time.perf_counter() - started

    started = time.perf_counter()
    for item in items:
        detector.detect(f"{item['title']} {item['summary']}")
    detect_s = time.perf_counter() - started

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"start-up (import + Tagger + LanguageDetector): {startup_s:.3f} s   (target < 0.5 s)")
    print(
        f"tagging: {len(items)} items in {tag_s:.2f} s = {len(items) / tag_s:,.0f} items/s"
        f"{' with article text' if args.text else ''}   (target >= 20,000); {tagged} got an area"
    )
    print(f"language detection: {len(items) / detect_s:,.0f} items/s")
    print(f"peak RSS: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
