"""Every published file of a cycle, as bytes: feeds, per-area feeds and the HTML digest."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from ..records import Config, Story
from .digest import render_digest
from .feeds import newest_date, render_atom, render_json_feed, render_rss
from .ics import CalendarStory, render_ics
from .upcoming import story_events, upcoming

_GENERATED = re.compile(r"^(page-\d+\.html|areas/[a-z0-9-]+\.(xml|html|ics))$")


def render_outputs(stories: Sequence[Story], config: Config, *, generated: datetime) -> dict[str, bytes]:
    """Relative path -> content for every output file (status.json aside)."""
    site, publish = config.site, config.publish
    base = publish.base_url
    newest = list(stories[: publish.limit])
    built = newest_date(stories)
    events = story_events(stories, now=generated)
    soon = upcoming(stories, events, now=generated)

    def url(name: str) -> str | None:
        return base + name if base else None

    files = {
        "feed.xml": render_rss(newest, site=site, self_url=url("feed.xml"), built=built),
        "atom.xml": render_atom(newest, site=site, self_url=url("atom.xml"), built=built),
        "feed.json": render_json_feed(
            newest, site=site, self_url=url("feed.json"), built=built, events=events
        ),
        "events.ics": render_ics(
            [(e, CalendarStory.of(s)) for e, s in soon], title=f"{site.title} — wydarzenia", now=generated
        ),
    }
    for area in config.areas:
        in_area = [s for s in stories if any(slug == area.slug for slug, _ in s.area_labels)][: publish.limit]
        files[f"areas/{area.slug}.ics"] = render_ics(
            [
                (e, CalendarStory.of(s))
                for e, s in soon
                if any(slug == area.slug for slug, _ in s.area_labels)
            ],
            title=f"{site.title} — {area.label} — wydarzenia",
            now=generated,
        )
        files[f"areas/{area.slug}.xml"] = render_rss(
            in_area,
            site=site,
            title=f"{site.title} — {area.label}",
            self_url=url(f"areas/{area.slug}.xml"),
            built=built,
        )
    # The digest cuts its main pages to page_size × pages itself; its area pages need the rest.
    files.update(
        render_digest(
            stories,
            site=site,
            publish=publish,
            areas=config.areas,
            templates_dir=config.templates,
            generated=generated,
            upcoming=soon,
        )
    )
    return files


def output_names(output_dir: Path) -> list[str]:
    """Files in ``output_dir`` that this program generates and may have to remove when stale."""
    if not output_dir.is_dir():
        return []
    names = []
    for path in output_dir.rglob("*"):
        relative = path.relative_to(output_dir).as_posix()
        if path.is_file() and _GENERATED.match(relative):
            names.append(relative)
    return names
