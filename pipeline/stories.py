"""Pure decisions about stories: which item represents a story, what a published Story holds."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from .records import Item, Member, StoredItem, Story


def story_guid(source_id: str, item_key: str) -> str:
    """The guid given to a story when its first item arrives; it never changes afterwards."""
    digest = hashlib.sha256(f"{source_id}\n{item_key}".encode()).hexdigest()[:24]
    return f"urn:powiazane-wiadomosci:{digest}"


def pick_representative(members: Sequence[Member], priorities: Mapping[str, int]) -> Member:
    """The item that represents a story: highest source priority, then earliest seen."""
    return min(members, key=lambda m: (-priorities.get(m.source_id, 0), m.first_seen, m.row_id))


def assemble_story(
    story_id: int,
    guid: str,
    members: Sequence[StoredItem],
    *,
    source_names: Mapping[str, str],
    area_labels: Mapping[str, str],
    source_urls: Mapping[str, str] | None = None,
) -> Story:
    """A Story from its stored items, the representative first.

    Areas are the union over every source's item (the representative's first): one source may
    describe the story in words another doesn't use.
    """
    items: tuple[Item, ...] = tuple(m.item for m in members)
    source_ids: list[str] = []
    for item in items:
        if item.source_id not in source_ids:
            source_ids.append(item.source_id)
    slugs: list[str] = []
    for item in items:
        slugs.extend(slug for slug in item.area_slugs if slug not in slugs)
    ordered = [slug for slug in area_labels if slug in slugs] + [s for s in slugs if s not in area_labels]
    return Story(
        id=story_id,
        guid=guid,
        representative=items[0],
        items=items,
        source_ids=tuple(source_ids),
        source_names=tuple(source_names.get(sid, sid) for sid in source_ids),
        source_urls=tuple((source_urls or {}).get(sid, "") for sid in source_ids),
        area_labels=tuple((slug, area_labels.get(slug, slug)) for slug in ordered),
    )
