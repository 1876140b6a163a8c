"""Whether an item announces an event or reports one, by its wording (``Profile.stance``).

An announcement and the report of what it announced are two news (README of the real corpus):
future wording in one, past wording in the other (``rules.contradiction``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..event_words import WEEKDAYS as EVENT_WEEKDAYS
from .text import fold

__all__ = ["WEEKDAYS", "case_stage", "stance", "weekdays_named"]


# Only the clear forms (an event's verb), so that a report's "zapraszamy na kolejną edycję" or an
# invitation's "last year we gathered" tips nothing. (``event_words.INVITATION`` and ``REPORT`` are
# broader on purpose: there they only pick a date's kind; here they part two items for good.)
_ANNOUNCES = re.compile(
    r"\b(?:odbędzie\s+się|odbędą\s+się|zaprasza\w*|będziemy\s+\w+|uczci\b|zaplanowan\w*|rozpocznie\s+się|"
    r"spotkają\s+się|w\s+najbliższ\w+\s+(?:weekend|sobotę|niedzielę|piątek|czwartek|środę|wtorek|poniedziałek)|"
    r"will\s+(?:take\s+place|be\s+held)|invites?|are\s+invited|відбудеться|відбудуться|запрошу\w*|"
    r"пройде\b|відзначатимуть|will\s+(?:meet|visit)|(?:planning|plans?)\s+to\s+visit|odwiedzi\b|spotka\s+się|"
    r"відвідає|зустрінеться|посетит|встретится|"
    # An award to be collected, then collected: "odbierze jutro nagrodę" / "odebrała wyróżnienie".
    r"odbierze\b|zostanie\s+wręczon\w*|wręczy\b)"
)
_REPORTS = re.compile(
    r"\b(?:odbył[aoy]?\s+się|odbyły\s+się|uczcili|uczciła|uczcił|świętowali|zebrali\s+się|zebrało\s+się|"
    r"wzię(?:li|ły)\s+udział|rozpoczął\s+się|rozpoczęł[aoy]\s+się|took\s+place|(?:was|were)\s+held|"
    r"celebrated|gathered|visited|met\s+with|meets\b|odwiedził\w*|spotkał\w*\s+się|відвідав\w*|зустрів\w*|"
    # A speech reported with its day: "mówił w środę", "said on Saturday", "заявив у середу".
    r"(?:mówił[aoy]?|powiedział[aoy]?|said|заяви(?:в|ла|ли)|сказа(?:в|ла|ли))\s+(?:w|we|on|у|в)\s+"
    r"(?:poniedziałek|wtorek|środę|czwartek|piątek|sobotę|niedzielę|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|понеділок|вівторок|середу|четвер|п'ятницю|п’ятницю|суботу|неділю)|"
    r"посетил\w*|встретил\w*|odebrał\w*|(?:został[aoy]?|zostało)\s+wręczon\w*|wręczono|"
    r"відбу(?:вся|лася|лося|лися|лась|лось|лись)|пройш(?:ов|ла|ли)|зібрал\w*|вшанували|"
    # Under way on the day it is written: the day's report, not the invitation of the day before.
    r"trwaj[ąa]\s+(?:uroczystości|obchody)|trwa\s+(?:weekend|festiwal|święto)|"
    r"тривають\s+(?:урочистості|святкування)|триває\s+(?:фестиваль|свято))"
)


def stance(text: str) -> str:
    """ "announces" or "reports" when ``text`` (lower-cased) words an event one way only, else ""."""
    announces, reports = bool(_ANNOUNCES.search(text)), bool(_REPORTS.search(text))
    return "announces" if announces and not reports else "reports" if reports and not announces else ""


# The stages of an incident's news, as the outlets of one running story write them up in turn: the
# act with its perpetrators still unknown or sought, then a suspect caught (detained, charged:
# often told together, so one stage), then a sentence. A report of a later stage retells the earlier
# ones, so an item's stage is the latest its words name.
_CASE_STAGES = (
    (
        "sought",
        re.compile(
            r"\b(?:nieznan\w*\s+(?:dotąd\s+)?sprawc\w*|sprawc\w*\s+(?:jest\s+|są\s+)?poszukiwan\w*|"
            r"(?:szuka|poszukuje|szukają)\s+(?:sprawc|wandal|napastnik)\w*|wszczęł\w*\s+śledztw\w*|"
            r"невідом\w*\s+(?:зловмисник|особ|вандал|нападник)\w*|невідомі\b|розшук\w*|"
            r"неизвестн\w*|разыскива\w*|"
            r"unknown\s+(?:perpetrator|person|assailant|attacker|vandal|individual)s?|"
            r"(?:police|prosecutors?)\s+(?:are|is)\s+(?:looking|searching)\s+for)"
        ),
    ),
    (
        "caught",
        re.compile(
            r"\b(?:zatrzyma[nłl]\w*\b(?!\s+się)|ujęt\w*|ujął|ujęła|ujęli|aresztowa\w*|"
            r"usłyszał\w*\s+zarzut\w*|zarzut\w*[^.]{0,60}?usłyszał\w*|"
            r"(?:postawion|przedstawion)\w*\s+zarzut\w*|akt\w*\s+oskarżenia|"
            r"затрима(?:в|ли|ла|но|ний|ного|ні|них)\b|заарештува\w*|повідоми\w*\s+про\s+підозру|"
            r"звинувачен\w*|задержа(?:л|ли|ла|но|н|нн)\w*|арестова\w*|обвинени\w*|"
            r"detained|arrested|(?:was|were|has\s+been|have\s+been)\s+charged|indicted|indictment)"
        ),
    ),
    (
        "sentenced",
        re.compile(
            r"\b(?:skazan\w*\s+(?:na\s+(?:\d|karę|dożywo|\w+\s+lat)|przez\s+sąd)|sąd\w*\s+skazał\w*|"
            r"wyrok\w*\s+(?:więzienia|pozbawienia)|засуджен\w*|засудив|"
            r"осужден\w*|приговор\w*|sentenced|convicted)"
        ),
    ),
)


def case_stage(text: str) -> str:
    """The latest stage of an incident that ``text`` (lower-cased) names: "sought", "caught",
    "sentenced", or "" when it names none. Two items of different stages are two news of one
    running story (a church's cross stolen; the thief detained four days later)."""
    found = ""
    for name, pattern in _CASE_STAGES:
        if pattern.search(text):
            found = name
    return found


# The weekdays of ``event_words`` (pl, uk, en: exact forms, so "czwarty", fourth, or "серед", among,
# are none), folded as profiles fold words, with and without the apostrophe ("п'ятниця"); and
# Russian's, whose items a Ukrainian site's Russian edition brings.
_RUSSIAN_WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
WEEKDAYS = {
    variant: day
    for day, forms in enumerate(EVENT_WEEKDAYS)
    for form in (*forms, _RUSSIAN_WEEKDAYS[day])
    for variant in (fold(form), fold(form).replace("'", ""))
}


def weekdays_named(folded_words: Iterable[str]) -> frozenset[int]:
    """The weekdays (0 Monday .. 6 Sunday) among folded words: the day of this week's event."""
    return frozenset(WEEKDAYS[w] for w in folded_words if w in WEEKDAYS)
