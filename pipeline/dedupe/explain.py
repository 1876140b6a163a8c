"""The sentence ``preview``, the demo and the logs show for a duplicate decision.

Written only for the verdict that decided (``decide_story``), from the figures the rule kept: a
comparison that lost never pays for its words.
"""

from __future__ import annotations

from .rules import CASE_STAGE, EVENT_WORDING, Verdict

__all__ = ["explain"]

COMMON_SHOWN = 4  # features named in a refusal's "too common to tell" clause


def _fmt(values: object) -> str:
    return ", ".join(str(v) for v in sorted(values, key=str)) or "none"  # type: ignore[call-overload]


def _shown(key: str) -> str:
    """A shared feature as a reader understands it: "date 5-14", "the same picture", "UMP"."""
    kind, _, value = key.partition(":")
    if kind == "d":
        month, day = value.split("-")
        return f"date {day}.{int(month):02d}"
    return {
        "#": f"number {value}",
        "img": "the same picture",
        "id": f"article id {value.rpartition(':')[2]}",
        "y": f"year {value}",
    }.get(kind, value)


# The stages of ``stance.case_stage``, as the explanation words them.
_STAGE_WORDS = {
    "sought": "the perpetrators sought",
    "caught": "a suspect caught",
    "sentenced": "a sentence passed",
}


def explain(verdict: Verdict, who: str) -> str:
    """The sentence ``preview`` shows for a verdict; ``who`` names the candidate."""
    f = dict(verdict.facts)
    days = "one of unknown date" if f.get("time") == "unknown" else f"{verdict.days:.0f} days apart"
    if verdict.rule == "same link":
        return f"same canonical link as {who}"
    if verdict.rule == "same text":
        agree = "numbers agree" if f.get("numbers") else "no numbers to contradict"
        image = ", same image" if f.get("image") else ""
        return f"{f['basis']} {verdict.score:.0f}% similar to {who} ({agree}{image}, {days})"
    if verdict.rule == "same passage":
        return f"shares a passage of about {f['words']} words with {who} ({days})"
    if verdict.rule == "same event":
        shared = ", ".join(_shown(k) for k in f["shared"])
        langs = "/".join(lang or "?" for lang in f["languages"])
        coverage = f"{f['coverage']:.0%} of its specifics"
        return f"the same event as {who} ({langs}): shares {shared} ({coverage}, {days})"
    if verdict.rule == "shared page":
        return (
            f"not merged with {who}: the shared link {f['link']} is not an article page and the titles differ"
        )
    if verdict.rule == "same source, shared page":
        return (
            f"not merged with {who}: same source and link but different titles, so the link is a shared page"
        )
    if verdict.rule == "same source":
        return f"not merged with {who}: same source, different link (another entry)"
    if verdict.rule == "time window":
        return f"not merged with {who}: {days}, outside the {f['window']}-day window"
    if verdict.rule == "contradiction" and f["what"] == EVENT_WORDING:
        return f"not merged with {who}: one announces an event, the other reports one"
    if verdict.rule == "contradiction" and f["what"] == CASE_STAGE:
        stages = (_STAGE_WORDS[next(iter(f["a"]))], _STAGE_WORDS[next(iter(f["b"]))])
        return f"not merged with {who}: two stages of one case, {stages[0]} and {stages[1]}"
    if verdict.rule == "contradiction":
        return f"not merged with {who}: {f['what']} differ ({_fmt(f['a'])} vs {_fmt(f['b'])})"
    if verdict.rule in ("names differ", "title slot"):
        label = "names differ" if verdict.rule == "names differ" else "titles differ in"
        return f"not merged with {who} ({verdict.score:.0f}%): {label} '{_fmt(f['a'])}' vs '{_fmt(f['b'])}'"
    if f.get("common"):
        common = ", ".join(_shown(k) for k in f["common"][:COMMON_SHOWN])
        return (
            f"closest was {who}, but nothing identifies the same story: what both state ({common}) is "
            f"in too many stories of these weeks to tell one ({days})"
        )
    return f"closest was {who}, but nothing identifies the same story ({days})"
