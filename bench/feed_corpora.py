"""Read the public feed test corpora of feedparser and reader the way a cycle does, and compare
what would be published with plain ``feedparser.parse`` of the same bytes (issue 19).

    .venv/bin/python bench/feed_corpora.py              # clones both repositories into bench/.corpora/
    .venv/bin/python bench/feed_corpora.py --feedparser PATH --reader PATH   # existing checkouts
    .venv/bin/python bench/feed_corpora.py --list dates  # the files behind one count

Counted, per file, against feedparser on the same bytes (its ``Header: Content-type`` comment is
sent as the HTTP header, as feedparser's own tests do):

- refused: feedparser reads entries, we read none (the cycle would report an error);
- garbled: an entry's title, as plain text, differs from feedparser's (feedparser's text is the
  reference: the corpora were written for it);
- dates: where the entry's date text carries a zone and feedparser gives a date, ours is the same
  instant to the second; zone-less texts are Europe/Warsaw (SPEC), so they are counted apart;
  where feedparser gives no date, we give none.

The corpora are not vendored: they are cloned into a git-ignored folder.
"""

from __future__ import annotations

import argparse
import calendar
import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import feedparser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.errors import PipelineError  # noqa: E402
from pipeline.parse import parse_response  # noqa: E402
from pipeline.records import FetchResult, Source  # noqa: E402
from pipeline.text import html_to_text, is_http_url  # noqa: E402

REPOSITORIES = {
    "feedparser": "https://github.com/kurtmckee/feedparser",
    "reader": "https://github.com/lemon24/reader",
}
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
_HEADER = re.compile(rb"Header:\s*Content-type:\s*([^\r\n]+)", re.IGNORECASE)
# A date text that says its zone: Z, +01:00, +0100, or a named zone at the end.
_ZONED = re.compile(r"(?:[+-]\d\d:?\d\d|Z|\b[A-Z]{1,5}(?:[+-]\d+)?)\s*$")


def corpus_files(feedparser_dir: Path, reader_dir: Path) -> list[Path]:
    files: list[Path] = []
    for part in ("wellformed", "illformed", "encoding", "entities", "json"):
        files += sorted(
            p for p in (feedparser_dir / "tests" / part).rglob("*") if p.suffix in (".xml", ".json")
        )
    files += sorted(
        p
        for p in (reader_dir / "tests" / "data").rglob("*")
        if p.is_file() and p.suffix in (".rss", ".atom", ".xml", ".json") and "invalid" not in p.name
    )
    return files


def _plain(text: object) -> str:
    return html_to_text(text if isinstance(text, str) else "")


def _has_link(entry: dict) -> bool:
    link = entry.get("link") or ""
    return bool(link) and (is_http_url(link) or not entry.get("guidislink"))


def _reference_date(entry: dict) -> tuple[str, str | None, datetime | None]:
    """(field, its text, feedparser's instant) of the entry's first date field."""
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        if entry.get(key) or parsed:
            moment = datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None
            return key, entry.get(key), moment
    return "published", None, None


def compare(path: Path, counts: Counter[str], listing: dict[str, list[str]]) -> None:
    body = path.read_bytes()
    header = _HEADER.search(body[:2000])
    content_type = header.group(1).decode("latin-1").strip() if header else "application/xml"
    reference = feedparser.parse(body, response_headers={"content-type": content_type})
    # Entries with no title, link or text are not news cards: the product skips them (SPEC). An id
    # that is no web address ("urn:uuid:…") is no link, though feedparser copies it into ``link``.
    entries = [
        e
        for e in reference.get("entries", [])
        if _plain(e.get("title"))
        or _has_link(e)
        or _plain(e.get("summary"))
        or any(_plain(c.get("value")) for c in e.get("content") or [])
    ]
    result = FetchResult(
        "corpus",
        "http://corpus.invalid/feed",
        "http://corpus.invalid/feed",
        200,
        (("content-type", content_type),),
        body,
    )
    source = Source(id="corpus", name="corpus", url="http://corpus.invalid/feed")
    counts["files"] += 1
    try:
        items = parse_response(source, result, now=NOW).raws
    except PipelineError:
        items = []
    if entries and not items:
        counts["refused"] += 1
        listing["refused"].append(path.name)
        return
    counts["read"] += bool(items)
    # Entries without title and link are skipped by both; compare in order where counts agree.
    if len(items) != len(entries):
        counts["entry count differs"] += 1
        listing["count"].append(path.name)
        return
    for entry, item in zip(entries, items, strict=True):
        theirs = _plain(entry.get("title"))
        if theirs:
            counts["titles compared"] += 1
            if theirs != (item.title or ""):
                counts["titles garbled"] += 1
                listing["garbled"].append(f"{path.name}: {theirs!r} -> {item.title!r}")
        key, text, moment = _reference_date(entry)
        # The same field on both sides: an Atom <updated> (or CDF LASTMOD) is our ``updated``.
        ours = item.updated if key == "updated" else item.published
        if moment is None:
            counts["no date in feedparser"] += 1
            if ours is not None:
                counts["date invented"] += 1
                listing["dates"].append(f"{path.name}: {text!r} -> {ours} (feedparser: none)")
        elif text and _ZONED.search(text.strip()):
            counts["zoned dates compared"] += 1
            if ours != moment:
                counts["zoned dates differ"] += 1
                listing["dates"].append(f"{path.name}: {text!r} -> {ours} (feedparser: {moment})")
        else:
            counts["zone-less dates (Warsaw)"] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=ROOT / "bench" / ".corpora")
    parser.add_argument("--feedparser", type=Path)
    parser.add_argument("--reader", type=Path)
    parser.add_argument("--list", choices=["refused", "count", "garbled", "dates"])
    args = parser.parse_args()
    dirs = {}
    for name, url in REPOSITORIES.items():
        given = getattr(args, name)
        target = given or args.corpora / name
        if not target.exists():
            print(f"cloning {url} into {target} …", file=sys.stderr)
            subprocess.run(["git", "clone", "--quiet", "--depth", "1", url, str(target)], check=True)
        dirs[name] = target
    counts: Counter[str] = Counter()
    listing: dict[str, list[str]] = {"refused": [], "count": [], "garbled": [], "dates": []}
    for path in corpus_files(dirs["feedparser"], dirs["reader"]):
        compare(path, counts, listing)
    for key in (
        "files",
        "read",
        "refused",
        "entry count differs",
        "titles compared",
        "titles garbled",
        "zoned dates compared",
        "zoned dates differ",
        "zone-less dates (Warsaw)",
        "no date in feedparser",
        "date invented",
    ):
        print(f"{key:28} {counts[key]:6}")
    if args.list:
        print("\n".join(listing[args.list]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
