"""RawItem -> Item: identity, fallbacks, dates, language, the source's filters. Pure functions.

SPEC rules applied here: no title -> the first words of the summary; no link -> the listing page;
no date -> the time the item was first seen, stored once and marked undated.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from .records import Item, RawItem, Source
from .text import clean_text, first_words, is_http_url, strip_boilerplate, strip_read_more

# A date further ahead than this is an event date or a typo, not a publication date.
FUTURE_TOLERANCE = timedelta(days=1)
_DATE_LINE_CHARS = 200  # a calendar row's date, hours and place; more is not a date line
MAX_TITLE_CHARS = 300
MAX_SUMMARY_CHARS = 2000


def item_key(raw: RawItem) -> str:
    """A stable identity within one source: the guid, else the link, else a hash of the text."""
    if raw.guid:
        return "guid:" + raw.guid[:500]
    if raw.link:
        return "link:" + raw.link[:1000]
    text = f"{raw.title or ''}\n{raw.summary or ''}"
    return "hash:" + hashlib.sha256(text.encode()).hexdigest()[:32]


def is_wanted(raw: RawItem | Item, source: Source) -> bool:
    """The source's include/exclude phrase filters (case-insensitive, over title and summary); a
    stored item meets them again at every publish (issue 15: a filter written later applies)."""
    if not source.include and not source.exclude:
        return True
    text = f"{raw.title or ''} {raw.summary or ''}".casefold()
    if source.include and not any(phrase.casefold() in text for phrase in source.include):
        return False
    return not any(phrase.casefold() in text for phrase in source.exclude)


def why_unwanted(raw: RawItem | Item, source: Source) -> str | None:
    """Why the source's filters leave ``raw`` out, in words for ``preview``; None if wanted."""
    if is_wanted(raw, source):
        return None
    text = f"{raw.title or ''} {raw.summary or ''}".casefold()
    excluded = [phrase for phrase in source.exclude if phrase.casefold() in text]
    if excluded:
        return f"exclude: contains {excluded[0]!r}"
    return "include: contains none of " + ", ".join(repr(p) for p in source.include)


def normalise(
    raw: RawItem,
    source: Source,
    *,
    first_seen: datetime,
    stored_published: datetime | None = None,
    language: str,
) -> Item:
    """Build the Item for ``raw``. ``first_seen``: when this item was first collected (now, if new).

    ``stored_published``: the date already stored for an undated item, kept so that an item with no
    date never moves to "today" on a later run.
    """
    summary = strip_read_more(strip_boilerplate(clean_text(raw.summary)))[:MAX_SUMMARY_CHARS]
    title = (
        clean_text(raw.title)[:MAX_TITLE_CHARS] or first_words(summary) or clean_text(raw.link) or source.name
    )
    link = raw.link if is_http_url(raw.link) else source.url
    published = raw.published or raw.updated
    dated = published is not None
    if published is not None and published > first_seen + FUTURE_TOLERANCE:
        published, dated = None, False
    if published is None:
        published = stored_published or first_seen
    return Item(
        source_id=source.id,
        key=item_key(raw),
        title=title,
        link=link,
        summary=summary,
        content_html=raw.content_html or "",
        published=published,
        dated=dated,
        image_url=raw.image_url if is_http_url(raw.image_url) else None,
        image_alt=clean_text(raw.image_alt) or None,
        language=language,
        author=raw.author,
        updated=raw.updated,
        event=raw.event,
        page_text=raw.text or "",
        date_line=clean_text(raw.date_line)[:_DATE_LINE_CHARS],
    )


def content_hash(item: Item) -> str:
    """What must change for an item to count as updated (areas included: a vocabulary edit re-tags)."""
    payload = json.dumps(
        [
            item.title,
            item.link,
            item.summary,
            item.content_html,
            item.published.isoformat() if item.dated else "",
            item.image_url,
            item.image_alt,
            item.language,
            [(a.slug, a.words) for a in item.areas],
            # Only when there is one: items without an event keep the hashes stored before events.
            *([repr(item.event)] if item.event is not None else []),
            *([item.date_line] if item.date_line else []),
        ],
        ensure_ascii=False,
    )
    return hashlib.blake2b(payload.encode(), digest_size=16).hexdigest()
