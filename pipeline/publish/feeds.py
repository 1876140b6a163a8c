"""Stories -> RSS 2.0 (feedgen), Atom 1.0 (feedgen + a fix-up), JSON Feed 1.1 (json).

Pure: each function returns bytes; writing is files.py's job. Output is deterministic — dates
come from the data (feedgen's defaults are "now", FIELD-NOTES), so unchanged input gives
byte-identical files and nothing is rewritten.
"""

from __future__ import annotations

import html
import json
import mimetypes
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from lxml import etree

from .. import PRODUCT, __version__
from ..events import Event
from ..records import Site, Story
from ..text import html_to_text, is_http_url, sanitize_html
from .cards import lang_tag

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def newest_date(stories: Sequence[Story]) -> datetime:
    """The date a feed of ``stories`` was last changed, from the data alone."""
    dates = [d for s in stories for d in (s.representative.published, s.representative.updated) if d]
    return max(dates, default=EPOCH)


def story_html(story: Story) -> str:
    """The sanitized HTML description of a story (sanitized again here: defence in depth)."""
    item = story.representative
    if item.content_html:
        return sanitize_html(item.content_html)
    return f"<p>{html.escape(item.summary)}</p>" if item.summary else ""


def safe_title(story: Story) -> str:
    """The title as plain text, whatever reached the story (many readers render titles as HTML)."""
    return html_to_text(story.representative.title) or "(bez tytułu)"


def safe_link(story: Story, site: Site) -> str:
    """Only http(s) links are ever published; anything else falls back to the site's page."""
    link = story.representative.link
    return link if is_http_url(link) else site.link


def _image_type(url: str) -> str:
    guessed, _ = mimetypes.guess_type(urlsplit(url).path)
    return guessed if guessed and guessed.startswith("image/") else "image/jpeg"


def _generator(
    stories: Sequence[Story], *, site: Site, title: str, self_url: str | None, built: datetime
) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("media", rss=True, atom=False)
    fg.load_extension("dc", rss=True, atom=False)  # RSS <author> must be an e-mail; dc:creator takes names
    fg.id(self_url or site.link)
    fg.title(title)
    fg.description(site.description)
    fg.subtitle(site.description)
    if self_url:
        fg.link(href=self_url, rel="self")  # RSS <link>: the last fg.link() wins, so self goes first
    fg.link(href=site.link, rel="alternate")
    fg.language(site.language)
    fg.generator(PRODUCT, version=__version__)
    fg.lastBuildDate(built)
    fg.updated(built)
    for story in stories:
        item = story.representative
        entry = fg.add_entry(order="append")  # feedgen prepends by default (FIELD-NOTES)
        entry.id(story.guid)
        entry.guid(story.guid, permalink=False)
        entry.title(safe_title(story))
        entry.link(href=safe_link(story, site), rel="alternate")
        entry.published(item.published)
        entry.updated(item.updated if item.updated and item.updated > item.published else item.published)
        description = story_html(story)
        if description:
            entry.description(description)
        for slug, label in story.area_labels:
            entry.category(term=label, label=label, scheme=slug)
        names = [html_to_text(name) for name in (story.source_names or story.source_ids)]
        if names:
            entry.author(name=", ".join(names))
            entry.dc.dc_creator(", ".join(names))
            # RSS <source url> is the source's own feed (or listing page), not the item.
            source_url = (
                story.source_urls[0] if story.source_urls and story.source_urls[0] else safe_link(story, site)
            )
            entry.source(url=source_url, title=names[0])
        if item.image_url and is_http_url(item.image_url):
            entry.media.content(
                {"url": item.image_url, "medium": "image", "type": _image_type(item.image_url)}
            )
    return fg


def render_rss(
    stories: Sequence[Story],
    *,
    site: Site,
    title: str | None = None,
    self_url: str | None = None,
    built: datetime | None = None,
) -> bytes:
    """RSS 2.0 of ``stories`` (newest first, already limited)."""
    fg = _generator(
        stories, site=site, title=title or site.title, self_url=self_url, built=built or newest_date(stories)
    )
    return fg.rss_str(pretty=True)


def render_atom(
    stories: Sequence[Story], *, site: Site, self_url: str | None = None, built: datetime | None = None
) -> bytes:
    """Atom 1.0 of ``stories``, with images as ``rel="enclosure"`` links and ``xml:lang`` per entry.

    feedgen 1.0 drops rel/type/length from entry links (upstream issue #135), so an enclosure would
    become a second alternate link — invalid Atom. We add the enclosure links ourselves after.
    """
    fg = _generator(
        stories, site=site, title=site.title, self_url=self_url, built=built or newest_date(stories)
    )
    document = etree.fromstring(fg.atom_str(pretty=False))
    images = {s.guid: s.representative.image_url for s in stories if s.representative.image_url}
    languages = {s.guid: lang_tag(s.representative.language) for s in stories}
    for entry in document.iterfind(f"{{{ATOM_NS}}}entry"):
        guid = entry.findtext(f"{{{ATOM_NS}}}id")
        language = languages.get(guid or "")
        if language:
            # Each entry in its own language (RFC 4287 §2: xml:lang on any element); RSS 2.0 has
            # only the channel's <language>, so RSS stays as it is.
            entry.set(XML_LANG, language)
        content = entry.find(f"{{{ATOM_NS}}}content")
        if content is not None:
            content.set("type", "html")  # feedgen leaves it "text": readers would show the tags
        for category in entry.iterfind(f"{{{ATOM_NS}}}category"):
            # RSS wants the label as the category's text; Atom a term token and a label.
            category.set("term", category.get("scheme") or category.get("term", ""))
            category.attrib.pop("scheme", None)
        image = images.get(guid or "")
        if image and is_http_url(image):
            link = etree.SubElement(entry, f"{{{ATOM_NS}}}link")
            link.set("rel", "enclosure")
            link.set("href", image)
            link.set("type", _image_type(image))
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def render_json_feed(
    stories: Sequence[Story],
    *,
    site: Site,
    self_url: str | None = None,
    built: datetime | None = None,
    events: Mapping[str, Event] | None = None,
) -> bytes:
    """JSON Feed 1.1 with the ``_pipeline`` extension (SPEC); ``events``: story guid -> the event
    it announces or reports (``_pipeline.event``, issue 18)."""
    items = []
    for story in stories:
        item = story.representative
        evidence = {}
        for member in story.items:
            for area in member.areas:
                evidence.setdefault(area.slug, {"words": [], "by_source": False})
                words = evidence[area.slug]["words"]
                words.extend(w for w in area.words if w not in words)
                evidence[area.slug]["by_source"] = evidence[area.slug]["by_source"] or area.by_source
                if area.learned:  # the words fell short and the learned model was asked
                    known = evidence[area.slug].get("learned", 0.0)
                    evidence[area.slug]["learned"] = max(known, area.learned)  # type: ignore[type-var]
        entry: dict[str, object] = {
            "id": story.guid,
            "url": safe_link(story, site),
            "title": safe_title(story),
            "content_html": story_html(story),
            "summary": html_to_text(item.summary),
            "date_published": item.published.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "tags": [slug for slug, _label in story.area_labels],
            "language": item.language,
            "authors": [{"name": html_to_text(name)} for name in (story.source_names or story.source_ids)],
            "_pipeline": {
                "source": story.source_ids[0],
                "sources": list(story.source_ids),
                "areas": [slug for slug, _label in story.area_labels],
                "language": item.language,
                "dated": item.dated,
                "evidence": evidence,
                "links": {member.source_id: member.link for member in story.items},
            },
        }
        event = (events or {}).get(story.guid)
        if event is not None:
            entry["_pipeline"]["event"] = event_json(event)  # type: ignore[index]
        if item.updated and item.updated > item.published:
            entry["date_modified"] = item.updated.astimezone(UTC).isoformat().replace("+00:00", "Z")
        if is_http_url(item.image_url):
            entry["image"] = item.image_url
            if item.image_alt:
                entry["_pipeline"]["image_alt"] = html_to_text(item.image_alt)  # type: ignore[index]
        items.append(entry)
    document: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.title,
        "home_page_url": site.link,
        "description": site.description,
        "language": site.language,
        "items": items,
    }
    if self_url:
        document["feed_url"] = self_url
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def event_json(event: Event) -> dict[str, object]:
    """An event as ``_pipeline.event``: ISO dates (all-day) or date-times with their offset."""

    def iso(value: date | datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "kind": event.kind,
        "start": iso(event.start),
        "end": iso(event.end),
        "all_day": event.all_day,
        "time_zone": event.tz,
        "place": event.place,
        "evidence": list(event.fragments),
    }
