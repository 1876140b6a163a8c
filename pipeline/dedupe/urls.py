"""Where an item lives: canonical page and image URLs, and what a link says about the article.

``canonical_url`` is the key under which one page is always known (any source, any time), so it
must never raise and must be idempotent; ``link_facts`` tells an article page from a home or
section page and reads article ids from it ("/pl/aktualnosci/24517-…" and "/en/news/24517-…").
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, quote, unquote_to_bytes, urljoin, urlsplit, urlunsplit

__all__ = ["canonical_image_url", "canonical_url", "is_generic_image", "is_year", "link_facts"]

# Query parameters that identify a campaign, a click or a referrer, never the page itself.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "hsctatracking",
        "igshid",
        "yclid",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "_ga",
        "_gl",
        "mkt_tok",
        "wt_mc",
        "wt.mc_id",
        "_openstat",
        "spm",
        "fb_action_ids",
        "fb_action_types",
        "fb_source",
        "fb_ref",
        "action_object_map",
        "action_type_map",
        "action_ref_map",
        "ncid",
        "sr_share",
        "cmpid",
        "s_cid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "wbraid",
        "gbraid",
        "rb_clickid",
        "ito",
        "trk",
        "trkcampaign",
        "mbid",
        "oly_anon_id",
        "oly_enc_id",
        "vero_conv",
        "vero_id",
        "_branch_match_id",
        "share",
        "from_rss",
        "rss",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "matomo_", "at_", "hmb_", "__s", "ga_")

# Liferay (coe.int) portlet state parameters: they describe the portlet's UI state (which window,
# which column, where "back" leads), not the article. ``redirect`` on an article link is the
# "back to the listing" target, unlike on ``/c/portal/update_language`` where it is the target.
_LIFERAY_PARAM = re.compile(r"^(?:p_p_\w+|p_r_p_\w+|p_l_id|inheritredirect|redirect|_\w+_redirect)$")
_LIFERAY_HOST = re.compile(r"(?:^|\.)coe\.int$")
# coe.int serves one article under every UI language: /en/web/<site>/-/<slug>, /fr/..., /uk/...
_LANG_SEGMENT = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2,4})?$")
# Liferay's asset-publisher form of an article link is the same article as its friendly URL.
_ASSET_PUBLISHER = re.compile(r"/-/asset_publisher/[^/]+/content/([^/?#]+)")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PCT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = ":@!$'()*,;/?-._~%"  # '&', '=' and '+' stay encoded inside keys and values
_INDEX_PAGE = re.compile(r"/(?:index|default)\.(?:html?|php|aspx?)$", re.IGNORECASE)


def _normalise_pct(text: str, safe: str) -> str:
    """Decode percent-escapes of unreserved and non-ASCII characters; upper-case the rest (RFC 3986 6.2.2)."""

    def decode(match: re.Match[str]) -> str:
        raw = unquote_to_bytes(match.group(0))
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            return match.group(0).upper()
        return "".join(ch if ch in _UNRESERVED or ord(ch) > 127 else f"%{ord(ch):02X}" for ch in decoded)

    # Re-quote so that an IRI (raw "ś") and its URI form ("%C5%9B") come out the same.
    return quote(_PCT_RUN.sub(decode, text), safe=safe)


def _remove_dot_segments(path: str) -> str:
    if "/." not in path:
        return path
    trailing = path.endswith("/")
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("//"):  # normpath keeps a POSIX-special double slash
        cleaned = cleaned[1:]
    return cleaned + "/" if trailing and cleaned != "/" else cleaned


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The form of ``url`` under which the same page is always known; never raises.

    Scheme and host are lower-cased, http and https are one, ``www.``, default ports, fragments,
    tracking parameters, a trailing slash and ``index.html`` are dropped, the query is sorted and
    percent-encoding normalised. coe.int (Liferay) quirks: the UI-language prefix (``/en/``,
    ``/fr/``, ``/uk/``…) is dropped, ``/c/portal/update_language?...&redirect=<url>`` is unwrapped
    to its target and ``/-/asset_publisher/<id>/content/<slug>`` becomes ``/-/<slug>``. Anything
    that is not an absolute http(s) URL is returned stripped.
    """
    stripped = (url or "").strip()
    try:
        return _canonical(stripped, depth=0)
    except (ValueError, UnicodeError):
        return stripped


def _canonical(url: str, depth: int) -> str:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return url
    # Our own key space: http and https serve the same article on every site we read.
    port = parts.port
    host = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
    if host.startswith("www."):
        host = host[4:]
    netloc = host if port in (None, *_DEFAULT_PORTS.values()) else f"{host}:{port}"
    path = parts.path or "/"

    # Liferay's language switcher: the page is the one in ``redirect`` (often relative).
    if path.rstrip("/").endswith("/c/portal/update_language") and depth < 3:
        target = next((v for k, v in parse_qsl(parts.query) if k == "redirect" and v), None)
        if target:
            return _canonical(urljoin(f"https://{host}/", target), depth + 1)

    liferay = bool(_LIFERAY_HOST.search(host))
    if liferay:
        segments = path.split("/")
        # "/en/web/..." -> "/web/...": the UI language does not change the article.
        if len(segments) > 2 and _LANG_SEGMENT.match(segments[1].lower()):
            path = "/" + "/".join(segments[2:])
        path = _ASSET_PUBLISHER.sub(r"/-/\1", path)

    path = _remove_dot_segments(_normalise_pct(path, _PATH_SAFE))
    path = _INDEX_PAGE.sub("/", path)
    path = path.rstrip("/")
    # Hash-bang and "#/" fragments are routes of single-page sites: they name the content.
    fragment = parts.fragment if parts.fragment.startswith(("!", "/")) else ""

    kept = []
    for piece in parts.query.split("&"):
        # Each piece is normalised as written (not decoded and re-encoded), so "%26" inside a
        # value stays data; "+" is a space in a query (HTML forms).
        key, _, value = piece.replace("+", "%20").partition("=")
        key, value = _normalise_pct(key, _QUERY_SAFE), _normalise_pct(value, _QUERY_SAFE)
        if not key or _is_tracking(key):
            continue
        if (liferay or "/-/" in path) and _LIFERAY_PARAM.match(key.lower()):
            continue
        kept.append((key, value))
    kept.sort()
    query = "&".join(f"{k}={v}" if v else k for k, v in kept)

    if not path and (query or fragment):
        path = "/"
    return urlunsplit(("https", netloc, path, query, fragment))


# Images that many unrelated items share (logos, placeholders, share cards): never evidence.
_GENERIC_IMAGE = re.compile(
    r"(?:^|[/_.\-])(?:logo\w*|logotyp\w*|placeholder|default\w*|no[-_]?image|noimage|no[-_]?photo|"
    r"brak[-_]?zdjecia|blank|spacer|pixel|avatar|favicon|icons?|og[-_]?image|share|social|"
    r"fallback|dummy|herb|godlo|banner|header|sprite|watermark)(?:$|[/_.\-\d])",
    re.IGNORECASE,
)
# Size variants of one picture: WordPress "-1024x683", retina "@2x", Drupal image styles.
_WP_SIZE = re.compile(r"-\d{2,4}x\d{2,4}(?=\.[A-Za-z0-9]{2,5}$)")
_RETINA = re.compile(r"@\dx(?=\.[A-Za-z0-9]{2,5}$)")
_DRUPAL_STYLE = re.compile(r"/styles/[^/]+/public/")
_IMAGE_SIZE_PARAMS = frozenset(
    {
        "w",
        "h",
        "width",
        "height",
        "resize",
        "fit",
        "crop",
        "quality",
        "q",
        "itok",
        "t",
        "v",
        "ver",
        "version",
        "size",
        "format",
        "auto",
        "dpr",
        "fm",
        "ixlib",
        "s",
        "zoom",
        "strip",
        "ssl",
    }
)


def canonical_image_url(url: str | None) -> str | None:
    """The canonical form of an image URL, with size variants folded; None when absent."""
    if not url or not url.strip():
        return None
    canon = canonical_url(url)
    parts = urlsplit(canon)
    if parts.scheme != "https":
        return canon
    path = _DRUPAL_STYLE.sub("/", _RETINA.sub("", _WP_SIZE.sub("", parts.path)))
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and pair.split("=", 1)[0].lower() not in _IMAGE_SIZE_PARAMS
    )
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def is_generic_image(url: str | None) -> bool:
    """True for logos, placeholders, icons and share cards: images that say nothing about the story."""
    if not url:
        return True
    path = urlsplit(url).path
    return path.lower().endswith((".svg", ".ico")) or bool(_GENERIC_IMAGE.search(path))


_ID_RUN = re.compile(r"\d{3,}")


def is_year(number: int) -> bool:
    return 1990 <= number <= 2039


def link_facts(canon: str) -> tuple[bool, frozenset[str]]:
    """Whether a canonical link names an article, and the article ids in it (host-qualified).

    An article link has two path segments or more, a query (``?id=12``) or a long or numbered
    slug; a bare host or ``/aktualnosci`` is a home or section page. Ids are runs of 3+ digits in
    the last two segments or the query, not years: the same article in another language version
    of a site usually keeps its id ("/pl/aktualnosci/24517-…" and "/en/news/24517-…").
    """
    parts = urlsplit(canon)
    if parts.scheme != "https":
        return False, frozenset()
    segments = [s for s in parts.path.split("/") if s]
    specific = bool(parts.query or parts.fragment or len(segments) >= 2) or (
        bool(segments) and (len(segments[0]) >= 25 or bool(re.search(r"\d", segments[0])))
    )
    ids = frozenset(
        f"{parts.hostname}:{run.lstrip('0')}"
        for chunk in (*segments[-2:], parts.query)
        for run in _ID_RUN.findall(chunk)
        if not (len(run) == 4 and is_year(int(run)))
    )
    return specific, ids
