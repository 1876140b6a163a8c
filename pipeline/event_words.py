"""The words that tell what an item's dates are (issue 18), apart from how the dates are read
(``events``): invitation and report wording, what names something to attend, and what makes a day
no event's (the last day to apply, a day off by law, a world day defined, a collection, an event
called off), and which of a text's dates its wording points at (``worded_first``). Lower-cased
texts in; Polish, English and Ukrainian forms side by side.

Kept apart from ``dedupe.stance``, whose lists are narrower on purpose: there an announcement and a
report part two items for good; here the words only pick a date's kind.
"""

from __future__ import annotations

import re
from typing import Literal

from .parse.dates import DateMention

# What an item's event is to its reader: to come, or gone by.
EventKind = Literal["invitation", "report"]

# fmt: off
INVITATION = re.compile(
    r"\b(?:zaprasza\w*|zapisy|zapisz\w*|zapisa\w*|rejestracj\w*|zarejestruj\w*|zgłoś\s+się|"
    r"odbędzie\s+się|odbędą\s+się|ma(?:ją)?\s+się\s+odbyć|rozpocznie\s+się|rozpoczną\s+się|weź(?:cie)?\s+udział|"
    r"zacznie\s+się|zaczną\s+się|(?:weźmie|wezmą)(?:\s+[^\W\d_]+){0,2}?\s+udział|візьм(?:е|уть)\s+участь|"
    r"will\s+take\s+part|(?:zostanie|zostaną)\s+(?:uroczyście\s+)?(?:odsłonięt|zaprezentowan|wręczon)\w*|"
    r"zachęcamy\s+do\s+udziału|będzie\s+można|odbywa\s+się|trwa\b|takes\s+place|is\s+taking\s+place|organizuj[eą]\b|taking\s+place\s+(?:this|next|on)\b|"
    r"startuj[eą]\b|rusza(?:ją)?\b|стартує|стартують|розпочинається|починається|"
    r"will\s+(?:\w+\s+){0,2}?(?:take\s+place|be\s+held|hold|host|carry\s+out|organi[sz]e|meet|launch|start|"
    r"open|gather|engage|run|be\s+organi[sz]ed|welcome|focus|feature|present|screen)|to\s+meet\s+on|"
    r"will\s+be\s+[a-z]+ing\b|"  # "will be conducting a meeting … on 9 February"
    r"runs\s+(?:from|until|till|through)\b|"  # "Intercultural Limerick, which runs from October 17 to 23"
    r"upamiętni(?:ą)?\b|uczczą\b|вшанують\b|wystąpi(?:ą)?\b|"  # "Lublin upamiętni ofiary": will commemorate
    r"join\s+(?:us|the)|"
    r"register\w*|registrations?|(?:we\s+)?invites?\b|(?:are|is|be|you're|you)\s+(?:\w+\s+)?invited|save\s+the\s+date|"
    r"scheduled\s+to\s+take\s+place|(?:is|are)\s+scheduled\s+for|zaplanowan\w*|запланован\w*|"
    r"spotkają\s+się|w\s+najbliższ\w+\s+(?:weekend|sobotę|niedzielę|piątek|czwartek|środę|wtorek|poniedziałek)|"
    r"announce[sd]?\s+(?:a|an|the)\s|upcoming|"
    r"запрош\w*|відбудеться|відбудуться|відбуватиметься|розпочнеться|почнеться|почнуться|пройде|"
    r"проведуть|кличуть\s+на|завітає|завітають|"
    r"реєстрац\w*|зареєстр\w*|долучайтеся|оголошуємо|відбувається|триває|"
    # An announcement's info block ("Де: Plac Szczepański Коли: 18 травня о 18:00 Ціна: вхід вільний").
    r"(?:kiedy|when|коли)\s*:|wstęp\s+(?:wolny|bezpłatny)|free\s+(?:entry|admission)|вхід\s+вільний)",
)
REPORT = re.compile(
    r"\b(?:odbył[aoy]?\s+się|odbyły\s+się|miał[aoy]?\s+miejsce|za\s+nami|spotkał[aoy]?\s+się|"
    r"spotkali\s+się|wzię(?:li|ły|liśmy|łyśmy|ła|ło|ł)\s+udział|podpisali|omawialiśmy|dziękujemy|"
    r"zakończył[aoy]?\s+się|relacja\s+z|rozpoczął\s+się|rozpoczęł[aoy]\s+się|"
    r"(?<!be\s)(?<!will\s)(?:adopted|presented|signed|discussed|celebrated|attended|visited|hosted|elected|"
    r"conducted|stressed|marked|paid\s+tribute)\b|(?:has|have)\s+called\s+on|(?:was|were)\s+launched|(?:zorganizowano|przeprowadzono|zapalono|otwarto|wręczono|podpisano|odsłonięto|uczczono)(?!\w)|"
    r"zaprezentowano|wziął\s+udział|wystąpi(?:ł|ła|li|ły)\b|стартува(?:в|ла|ли)\b|почал(?:и|ися|ася|ося)\b|"
    r"зустріл(?:ися|ись)|"
    r"took\s+place|(?:was|were)\s+held|(?<!be\s)held\s+(?:its|their|a|an|the|online|in|on|at)\b|"
    r"met\s+(?:in|with|on|at)\b|participated|organi[sz]ed\s+(?:a|an)\s|gathered|"
    r"відбу(?:вся|лася|лося|лися|лась|лось|лись)|пройш(?:ов|ла|ло|ли)|проходив\w*|провів(?:ши)?|провели|"
    r"kicked\s+off|(?:був|була|були)\s+присутн\w*|(?:was|were)\s+present|(?:był|była|byli|były)\s+obecn\w*|"
    r"відзначили|вшанува(?:в|ла|ли)|brought\s+together|"
    r"взя(?:в|ла|ли)\s+участь|побувал[аио]|ознайомлювал\w*|за\s+нами|розпочав(?:ся|ла|лася|ли|лися)?)"
)
# Words naming something one attends: without one of them (or event wording) a date is no event.
EVENT_WORD = re.compile(
    r"\b(?:spotkani\w*|konferencj\w*|warsztat\w*|festiwal\w*|szkoleni\w*|webinar\w*|seminari\w*|"
    r"piknik\w*|kurs\w*|zajęci\w*|debat\w*|forum|gal[aię]|koncert\w*|koncerci\w*|wystaw\w*|spacer\w*|parad\w*|"
    r"wernisaż\w*|vernissage|вернісаж\w*|bal(?:u|em)?\b|"
    r"posiedzeni\w*|zgromadzeni\w*|obrad\w*|wizyt\w*|akademi\w*|uroczystoś\w*|obchod\w*|"
    r"meeting|conference|workshop|festival|training|seminar|picnic|course|debate|visit|academy|"
    r"summit|session|gathering|event|lab|ceremony|concert|exhibition|parade|celebrations?|"
    r"зустріч\w*|конференці\w*|семінар\w*|вебінар\w*|фестивал\w*|форум\w*|тренінг\w*|курс\w*|пікнік\w*|"
    r"молитв\w*|літургі\w*|панахид\w*|modlitw\w*|nabożeństw\w*|liturgi\w*|prayers?|"
    r"концерт\w*|виставк\w*|засіданн\w*|захід|заход\w*|огляд\w*|свят\w*|"
    # Marches and rallies, tournaments, screenings, lectures, fairs, evenings of poetry or song.
    r"marsz\w*|manifestacj\w*|demonstracj\w*|pikiet\w*|wiec(?:u|em)?\b|turniej\w*|pokaz\w*|projekcj\w*|"
    r"wykład\w*|spektakl\w*|kiermasz\w*|jarmark\w*|wieczor(?:nic|ek|ku|em|y|u)\w*|wieczór|"
    r"rally|tournament|screening|lecture|meet-?ups?\b|"
    # Round tables, panels, presentations ("круглий стіл", "Panel Discussion: …", "prezentacja książki").
    r"round\s*tables?|okrągł\w+\s+sto\w+|кругл\w+\s+стол\w*|кругл\w+\s+стіл|panel\w*|presentations?|"
    r"prezentacj\w*|презентаці\w*|uroczyst\w+\s+otwarci\w*|official\s+opening|opening\s+ceremony|"
    r"урочист\w+\s+відкритт\w*|"
    # Championships (as tournaments), commemorations, evenings (as "wieczór"), events ("події", as
    # "event"), mystery plays, the Lemko "Watra" festivals.
    r"mistrzostw\w*|championships?|чемпіонат\w*|commemorations?|evenings?|поді[яїйює]\w*|misteri\w*|"
    r"ватр[аиіу]\b|watr[aąyz]\w*|"
    # Open days of an institution ("Dzień Otwarty Magistratu", "день відкритих дверей").
    r"dzień\s+otwart\w*|dni\s+otwart\w*|drzwi\s+otwart\w*|open\s+days?\b|open\s+house|відкритих\s+дверей|"
    # Shared meals of a community ("Wielkanocne śniadanie dla uchodźców", "wigilia dla Ukraińców").
    r"śniadani\w*|breakfasts?\b|сніданок|сніданк\w*|wigili[aię]\w*|"
    r"марш\w*|мітинг\w*|турнір\w*|лекці\w*|ярмар\w*|вечор\w*|вистав\w*)"
)
# A day that closes applications is no event: "mogą aplikować do 19 grudnia", "zgłoszenia
# przyjmowane są do 30 listopada", "apply by 5 May", "заявки приймаються до 10 травня".
DEADLINE_BEFORE = re.compile(
    r"(?:aplikowa\w*|zgłasza\w*|zgłoszeni\w*|przyjmowan\w*|składa\w*|nadsyła\w*|termin\w*|nabór|"
    r"apply|applications?|submi\w*|deadline|nominations?|заявк\w*|подава\w*|приймаються)"
    r"[^.!?]{0,40}?(?:\bdo|\buntil|\bby|\bbefore|\bдо)\s*$"
)
DEADLINE_REACH = 80  # characters before a day within which its deadline wording is looked for
# ...and written the other way round: "Do 8 sierpnia trwa nabór wniosków", "until 5 May applications".
UNTIL_BEFORE = re.compile(r"(?:\bdo|\buntil|\bby|\bдо|^to)\s*$")  # "^to": a headline "to Sept 20 | …"
# "Do niedzieli, 26 października", "До неділі, 26 жовтня", "until Sunday, 26 October": the last day.
UNTIL_WEEKDAY_BEFORE = re.compile(
    r"(?:\bdo|\buntil|\btill|\bдо)\s+(?:niedzieli|soboty|piątku|czwartku|środy|wtorku|poniedziałku|"
    r"неділі|суботи|п.ятниці|четверга|середи|вівторка|понеділка|sunday|saturday|friday|thursday|wednesday|"
    r"tuesday|monday)\s*,?\s*(?:\(\s*)?$"
)
# Of the invitation wording, what says the event opens the day it is published ("startuje",
# "розпочинається"): read on the invitation words found.
OPENS_NOW = re.compile(r"\b(?:startuj[eą]|rusza(?:ją)?|стартує|стартують|розпочинається|починається)\b")
DEADLINE_AFTER = re.compile(
    r"\W*(?:[^.!?]{0,30}?)(?:nabór|zgłoszeni\w*|wnioski|aplikacj\w*|applications?|submissions?|"
    r"nominations?|заявк\w*|прийом\s+заявок)"
)
# A day off by law is no event to attend: "Відтепер 24 грудня — державний вихідний".
DAY_OFF = re.compile(
    r"[^.!?]{0,40}?(?:вихідн\w*|dni\w*\s+woln\w*|wolny\s+od\s+pracy|day\s+off|public\s+holiday)"
)
# Civic dates that "take place" but are nothing a reader attends: elections, a referendum.
CIVIC_DATE = re.compile(
    r"\b(?:wybor\w*|elections?|referend\w*|вибор\w*|референдум\w*|"
    # a school's exams: pupils sit them, readers attend nothing ("egzamin ósmoklasisty", "матура")
    r"egzamin\w*|matur[aąyze]\b|exams?\b|examinations?|іспит\w*|екзамен\w*|"
    # a collection of money or gifts, not the meeting point of a guided walk ("Zbiórka pod kościołem")
    r"zbiórk\w*\s+(?:finansow\w*|funduszy|pieniędzy|darów|środków|żywności|do\s+puszek|publiczn\w*|na\s+pomoc))")
# An event called off, moved or refused is not one to list on its old day (nor, unsure, on a new one).
CALLED_OFF = re.compile(
    r"\b(?:odwołan\w*|odwołuj\w*|przełożon\w*|cancel(?:l?ed|s)\b|postponed|скасува\w*|скасован\w*|перенесли|"
    r"перенесено|"
    # ...or refused: "міська рада не дозволила організацію ярмарку", "zakazał marszu", "banned".
    r"не\s+дозволи\w*|заборони(?:ла|ли|в)\b|nie\s+zgodzi\w*|zakaza(?:ł|ła|li|no)\b|banned|"
    # ...or said not to happen: "will no longer be held", "nie odbędzie się", "не відбудеться".
    r"(?:no\s+longer|will\s+not)\s+(?:be\s+held|take\s+place)|nie\s+odbęd\w*\s+się|не\s+відбуд\w*)"
)
# A listing's date line with the minute it was published ("2023-08-22, 13:24", "16:18, 9 серпня 2025"):
# events start on the hour, the half or the quarter; a stamp's minute is any. A clock with its seconds
# ("[12/10/2015 17:30:00]") or beside an ISO day ("2022-04-18, 12:40") is a machine's stamp whatever
# its minute, and so is a clock before the day ("09:15 3 травня 2019 р."): calendars write none of these.
PUBLISHING_STAMP = re.compile(
    r"(?<![\d:])\d{1,2}:(?:[0-5][1-46-9])(?![\d:])|\d{1,2}:\d{2}:\d{2}|\b\d{4}-\d{2}-\d{2},?\s+\d{1,2}:\d{2}\b"
    r"|^\W*\d{1,2}:\d{2},?\s+\d"
)
# An event page's block of practical details: "Kiedy: 7 grudnia 2025 ✅ Gdzie: Ukraiński Dom",
# "Date: 14 Oct 2023 Time: 3:30pm Venue: …", "Коли: … Де: …", "Kiedy? 7 czerwca, godz. 17:00 Gdzie?
# …": a "when" label and a "where" or "at what time" one.
INFO_WHEN = re.compile(
    r"(?<!\w)(?:kiedy|data(?:\s+i\s+godzina)?|dates?(?:\s+of\s+the\s+[^\W\d_]+)?|when|коли|дата)\s*[:?]"
)
INFO_WHERE = re.compile(r"(?<!\w)(?:gdzie|miejsce|godzina|where|venue|time|де|місце|час)\s*[:?]")
# A day's programme start, said without its day: "Rozpoczęcie o 17.00", "Початок о 8 годині",
# "Piknik rozpocznie się w sobotę o godz. 11".
START_AT = re.compile(
    r"(?<!\w)(?:początek|rozpoczęcie|rozpocznie\s+się|start|starts\s+at|begins\s+at|початок|розпочнеться)(?!\w)"
)
# A call to apply is no event, whatever day it is published on ("Now open: Apply to become…").
CALL = re.compile(
    r"\b(?:call\s+for\s+(?:applications|proposals|partners|nominations|candidates)|apply\s+to\s+become|"
    r"now\s+open|nabór\s+(?:wniosków|zgłoszeń|partnerów)|konkurs\s+na|приймання\s+заявок)"
)
# fmt: on

# A day defined, not an event: "20 czerwca obchodzony jest Światowy Dzień Uchodźcy".
# Up to three words between the day and the verb: "15 травня в Україні відзначають День вишиванки";
# up to eight within one clause: "18 grudnia z inicjatywy Organizacji Narodów Zjednoczonych na świecie
# obchodzony jest Międzynarodowy Dzień Migrantów".
DAY_DEFINED = re.compile(
    r"\W*(?:(?:[^\W\d]+\W+){0,3}?|(?:[^\W\d]+[ ,]+){4,8}?)(?:jest\s+)?"
    r"(?:obchodzon\w*|obchodzi\s+się|is\s+(?:celebrated|observed|marked)|відзнача(?:є|ють)\w*|відзначатимуть)"
    # a headline's "20 czerwca – Światowy Dzień Uchodźcy": the world day's date, named as such
    r"|\s*[-–—:]\s*(?:światow\w*|międzynarodow\w*|world|international|всесвітн\w*|міжнародн\w*)\s+"
    r"(?:dzie[ńn]|day|день)\b"
)
# ...or the verb before the day: "У 2022 день вишиванки святкують 19 травня", "is celebrated on";
# a holiday's day in the calendar ("Великдень цього року припадає на 24 квітня"); a day something
# has lasted "since".
DAY_DEFINED_BEFORE = re.compile(
    r"(?:святкують|відзначають|(?:is|are)\s+(?:celebrated|observed|marked)\s+on|obchodzon[aey]\s+(?:jest\s+)?|"
    r"przypada\s+(?:na|w)|припадає\s+на|falls\s+on|\bsince)\s*$"
)

# ...or said to recur on it: "Refugee Week takes place every year around World Refugee Day on the
# 20th June" (the day of every year, not this year's event), unless "this year" follows.
YEARLY_BEFORE = re.compile(
    r"(?:every\s+year|each\s+year|annually|co\s+roku|corocznie|щороку|щорічно|кожного\s+року)"
    r"(?![^.!?]*?(?:this\s+year|w\s+tym\s+roku|tegoroczn|цього\s+року|цьогоріч))[^.!?]*$"
)
YEARLY_REACH = 60

# Weekdays, for items that give no date ("From Wednesday to Friday"): exact forms, as "środowisko",
# "czwarta" (fourth) and "серед" (among) must not count.
WEEKDAYS = (
    ("monday", "poniedziałek", "poniedziałku", "понеділок", "понеділка"),
    ("tuesday", "wtorek", "wtorku", "вівторок", "вівторка"),
    ("wednesday", "środa", "środę", "środy", "środzie", "середа", "середу", "середи"),
    ("thursday", "czwartek", "czwartku", "четвер", "четверга"),
    ("friday", "piątek", "piątku", "п'ятниця", "п'ятницю", "п'ятниці", "п’ятниця", "п’ятницю", "п’ятниці"),
    ("saturday", "sobota", "sobotę", "soboty", "субота", "суботу", "суботи"),
    ("sunday", "niedziela", "niedzielę", "niedzieli", "неділя", "неділю", "неділі"),
)
WEEKDAY_OF = {form: i for i, forms in enumerate(WEEKDAYS) for form in forms}
PAST_WEEKDAY = re.compile(
    r"(?<!\w)(?:minion\w*|ubieg\w*|zeszł\w*|ostatni\w*|last|past|минул\w*|попередн\w*)\s+"
    r"(?:" + "|".join(sorted(WEEKDAY_OF, key=len, reverse=True)) + r")(?!\w)"
)
# A rule about weekdays, not one of them: "в третій четвер травня", "przypada na środę".
NOT_ONE_WEEKDAY = re.compile(
    r"(?:\b(?:pierwsz|drug|trzec|czwart|ostatni|first|second|third|fourth|last|перш|друг|трет|четверт|"
    r"останн)\w*|przypada\s+(?:na|w)|припадає\s+на|falls\s+on)\s+$"
)
RELATIVE_DAYS = {
    "za tydzień": 7, "in a week": 7, "через тиждень": 7,
    "pojutrze": 2, "the day after tomorrow": 2, "післязавтра": 2,
    "jutro": 1, "tomorrow": 1, "завтра": 1,
    "dziś": 0, "dzisiaj": 0, "dzisiejszego": 0, "dzisiejszej": 0, "dzisiejszy": 0, "today": 0, "tonight": 0,
    "this evening": 0, "сьогодні": 0, "сьогодня": 0, "сьогоднішній": 0, "сьогоднішня": 0,
    "za godzinę": 0, "in an hour": 0, "через годину": 0,  # "Za godzinę rozpocznie się manifestacja"
    "wczoraj": -1, "yesterday": -1, "вчора": -1, "учора": -1,
    # "will take place next week": Monday to Sunday of that week (``NEXT_WEEK``; the shift is a week's).
    "next week": 7, "w przyszłym tygodniu": 7, "наступного тижня": 7,
    # "Już w ten weekend odbędzie się Skorovoda Fest": the coming Saturday and Sunday (``THIS_WEEKEND``).
    "w ten weekend": 0, "w najbliższy weekend": 0, "this weekend": 0, "this coming weekend": 0,
    "у ці вихідні": 0, "в ці вихідні": 0, "цими вихідними": 0, "на цих вихідних": 0,
}  # fmt: skip
NEXT_WEEK = frozenset(("next week", "w przyszłym tygodniu", "наступного тижня"))
THIS_WEEKEND = frozenset(
    ("w ten weekend", "w najbliższy weekend", "this weekend", "this coming weekend", "у ці вихідні",
     "в ці вихідні", "цими вихідними", "на цих вихідних")
)  # fmt: skip
# A weekday said to be the coming one ("this Thursday", "w najbliższą sobotę", "цієї п'ятниці"):
# with an event word, a day to come even without invitation wording.
COMING_WEEKDAY = re.compile(
    r"(?<!\w)(?:this|this\s+coming|coming|najbliższ\w+|w\s+t[eę]n?|цієї|цього|у\s+цю|у\s+цей|в\s+цю|в\s+цей|"
    r"найближч\w+)\s+$"
)
_TODAY_WORDS = sorted(
    (word for word, shift in RELATIVE_DAYS.items() if shift == 0 and word not in THIS_WEEKEND),
    key=len,
    reverse=True,
)
TODAY = re.compile(r"(?<!\w)(?:" + "|".join(_TODAY_WORDS) + r")(?!\w)")
RELATIVE = re.compile(r"(?<!\w)(" + "|".join(sorted(RELATIVE_DAYS, key=len, reverse=True)) + r")(?!\w)")
WEEKDAY = re.compile(r"(?<!\w)(" + "|".join(sorted(WEEKDAY_OF, key=len, reverse=True)) + r")(?!\w)")
WEEKDAY_AFTER = re.compile(  # "14 października (sobota)"
    r"\s*[,(]\s*(" + "|".join(sorted(WEEKDAY_OF, key=len, reverse=True)) + r")(?!\w)"
)


# Which of a text's dates its wording points at. Texts are lower-cased by then: a stop before a word
# (not before a digit: "godz. 17") ends a sentence.
SENTENCE_END = re.compile(r"[.!?](?=\s+[^\W\d_])|\n")
UNWORDED = 2  # the rank of a date neither labelled nor in a sentence with invitation wording


def worded_first(text: str, mentions: tuple[DateMention, ...]) -> list[int]:
    """The mentions' indices: a labelled one first ("Date: 24 May 2019", "Kiedy: …"), then those in
    a sentence with invitation wording ("24 marca przybywa delegacja ... seminarium odbędzie się 25
    marca o godz. 17"; "Today is Independence Day ... next Saturday (September 2nd) events will take
    place"), else in order. O(text)."""
    if len(mentions) < 2:
        return list(range(len(mentions)))
    ranks = mention_ranks(text, mentions)
    return sorted(range(len(mentions)), key=lambda i: ranks[i])


def mention_ranks(
    text: str, mentions: tuple[DateMention, ...], *, with_event_word: bool = False
) -> list[int]:
    """Each mention's rank: 0 labelled ("Date: 24 May 2019"), 1 in a sentence with invitation
    wording (and, ``with_event_word``, an event word: "This year's edition will take place between 8-17
    of September and will include concerts"), 2 (``UNWORDED``) neither. O(text + mentions × sentences)."""
    ends = [m.end() for m in SENTENCE_END.finditer(text)]
    ranks = []
    for mention in mentions:
        start = max((e for e in ends if e <= mention.start), default=0)
        end = min((e for e in ends if e >= mention.end), default=len(text))
        labelled = INFO_WHEN.search(text, start, mention.start) is not None
        worded = INVITATION.search(text, start, end) and (
            not with_event_word or EVENT_WORD.search(text, start, end)
        )
        ranks.append(0 if labelled else 1 if worded else UNWORDED)
    return ranks
