"""Parsers: response bodies -> RawItem records. Third-party objects never leave this package."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..errors import ParseError
from ..records import FetchResult, RawItem, Source
from .auto_cards import AUTO, FALLBACK, Detection, parse_listing_auto
from .encoding import charset_from_content_type
from .feeds import looks_like_feed, parse_feed
from .listings import ItemsNotFound, ListingDiagnostics, ListingResult, find_feed_links, parse_listing


@dataclass
class ParsedResponse:
    """What one source's response gave: items, problems stepped over, and (listings) a diagnosis.

    ``detection`` says how a listing's cards were found when no selector found them: without
    selectors, or after the item selector matched nothing (issue 16); None: by the selectors.
    """

    kind: str  # "feed" | "html"
    raws: list[RawItem]
    warnings: list[str] = field(default_factory=list)
    diagnostics: ListingDiagnostics | None = None
    detection: Detection | None = None


def parse_response(source: Source, result: FetchResult, *, now: datetime) -> ParsedResponse:
    """A feed, or a listing page read with the source's selectors (or, without them or when the
    item selector matches nothing, with the cards found automatically); the kind comes from the
    body when sources.yaml does not say (a server's Content-Type is often wrong)."""
    content_type = result.header("content-type")
    kind = source.kind or ("feed" if looks_like_feed(result.body) else "html")
    if kind == "feed":
        outcome = parse_feed(
            result.body,
            url=result.url,
            now=now,
            content_type=content_type,
            encoding=source.encoding,
            source_id=source.id,
        )
        return ParsedResponse("feed", list(outcome.items), list(outcome.warnings))
    charset = charset_from_content_type(content_type)
    detection = None
    try:
        if source.selectors is None:
            listing, detection = _auto(source, result, now, charset, AUTO)
        else:
            listing = parse_listing(
                result.body,
                page_url=result.url,
                selectors=source.selectors,
                now=now,
                encoding=source.encoding,
                headers_charset=charset,
                source_id=source.id,
            )
    except ItemsNotFound as exc:
        # A redesign: this cycle still gets the cards, and the editor is told to update them.
        try:
            listing, detection = _auto(source, result, now, charset, FALLBACK)
        except ParseError:
            raise ParseError(source.id, exc.message) from None
    warnings = list(listing.warnings)
    if source.kind is None and listing.diagnostics.advertised_feeds:
        warnings.append(
            f"the page advertises a feed ({listing.diagnostics.advertised_feeds[0]}); consider using it"
        )
    return ParsedResponse("html", list(listing.items), warnings, listing.diagnostics, detection)


def _auto(
    source: Source, result: FetchResult, now: datetime, charset: str | None, mode: str
) -> tuple[ListingResult, Detection]:
    """The cards found automatically; without selectors, a page with none names its feed if any."""
    try:
        found = parse_listing_auto(
            result.body,
            page_url=result.url,
            now=now,
            encoding=source.encoding,
            headers_charset=charset,
            source_id=source.id,
            mode=mode,
        )
    except ParseError as exc:
        if mode != AUTO:
            raise
        feeds = find_feed_links(result.body, result.url, encoding=source.encoding, headers_charset=charset)
        hint = f"; the page advertises a feed: {feeds[0]} — use it as the url" if feeds else ""
        raise ParseError(source.id, exc.message + hint) from None
    return found.result, found.detection
