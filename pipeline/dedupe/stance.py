"""Whether an item announces an event or reports one, by its wording (``Profile.stance``).

An announcement and the report of what it announced are two news (README of the real corpus):
future wording in one, past wording in the other (``rules.contradiction``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["WEEKDAYS", "stance", "weekdays_named"]


# Only the clear forms (an event's verb), so that a report's "zapraszamy na kolejną edycję" or an
# invitation's "last year we gathered" tips nothing. (``event_words.INVITATION`` and ``REPORT`` are
# broader on purpose: there they only pick a date's kind; here they part two items for good.)
_ANNOUNCES = re.compile(
    r"\b(?:odbędzie\s+się|odbędą\s+się|zaprasza\w*|będziemy\s+\w+|uczci\b|zaplanowan\w*|rozpocznie\s+się|"
    r"spotkają\s+się|w\s+najbliższ\w+\s+(?:weekend|sobotę|niedzielę|piątek|czwartek|środę|wtorek|poniedziałek)|"
    r"will\s+(?:take\s+place|be\s+held)|invites?|are\s+invited|відбудеться|відбудуться|запрошу\w*|"
    r"пройде\b|відзначатимуть|will\s+(?:meet|visit)|(?:planning|plans?)\s+to\s+visit|odwiedzi\b|spotka\s+się|"
    r"відвідає|зустрінеться|посетит|встретится)"
)
_REPORTS = re.compile(
    r"\b(?:odbył[aoy]?\s+się|odbyły\s+się|uczcili|uczciła|uczcił|świętowali|zebrali\s+się|zebrało\s+się|"
    r"wzię(?:li|ły)\s+udział|rozpoczął\s+się|rozpoczęł[aoy]\s+się|took\s+place|(?:was|were)\s+held|"
    r"celebrated|gathered|visited|met\s+with|odwiedził\w*|spotkał\w*\s+się|відвідав\w*|зустрів\w*|"
    r"посетил\w*|встретил\w*|"
    r"відбу(?:вся|лася|лося|лися|лась|лось|лись)|пройш(?:ов|ла|ли)|зібрал\w*|вшанували|"
    # Under way on the day it is written: the day's report, not the invitation of the day before.
    r"trwaj[ąa]\s+(?:uroczystości|obchody)|trwa\s+(?:weekend|festiwal|święto)|"
    r"тривають\s+(?:урочистості|святкування)|триває\s+(?:фестиваль|свято))"
)


def stance(text: str) -> str:
    """ "announces" or "reports" when ``text`` (lower-cased) words an event one way only, else ""."""
    announces, reports = bool(_ANNOUNCES.search(text)), bool(_REPORTS.search(text))
    return "announces" if announces and not reports else "reports" if reports and not announces else ""


# A weekday's forms, folded (pl, uk, ru, en): only whole words, so that "czwarty" (fourth), "серед"
# (among) or "wtórny" (secondary) are not one.
_WEEKDAY_FORMS = {
    1: "monday poniedzialek poniedzialku ponedilok ponedilka ponedelnyk ponedelnyka",
    2: "tuesday wtorek wtorku vivtorok vivtorka vtornyk vtornyka",
    3: "wednesday sroda srode srody srodzie sereda seredu sreda sredu",
    4: "thursday czwartek czwartku chetver chetverha chetverh",
    5: "friday piatek piatku p'iatnytsia p'iatnytsiu p'iatnytsi piatnytsia piatnytsiu piatnytsa piatnytsu",
    6: "saturday sobota sobote soboty sobocie subota subotu suboty subbota subbotu subboty",
    7: "sunday niedziela niedziele niedzieli nedilia nediliu nedili voskresene voskresenia",
}
WEEKDAYS = {form: day for day, forms in _WEEKDAY_FORMS.items() for form in forms.split()}


def weekdays_named(folded_words: Iterable[str]) -> frozenset[int]:
    """The weekdays (1 Monday .. 7 Sunday) among folded words: the day of this week's event."""
    return frozenset(WEEKDAYS[w] for w in folded_words if w in WEEKDAYS)
