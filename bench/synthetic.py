"""Synthetic news sources for the benchmark: realistic pl/en/uk items and a local HTTP server.

Standard library only, so the benchmark's orchestrator, our worker (project venv) and reader's
worker (its own venv) can all import it and generate the *same* content from the same seed.

Content: titles and summaries are composed from per-language phrase tables in the domain of the
product (intercultural dialogue, migrants, schools, safety, city networks), with organisations,
places, numbers and dates drawn at random. Tagging therefore matches real vocabulary and dedupe
meets what makes it hard in real life: many template-alike items ("Szkolenie … 12. edycja" vs
"13. edycja") that must *not* merge, and a share of stories republished by several sources (same
text, the original link with ``utm_*`` added or a link of the republishing site) that must merge.

Server: one asyncio event loop on a background thread, one listening socket per source on
127.0.0.1 with its own port. Our fetcher allows 2 requests at a time per *host:port* (reader's
requests pool is also per host:port), so a port per source keeps the per-host limit from
serialising the benchmark without needing extra loopback addresses (127.0.0.2, …), which macOS
and some containers don't route. Every path answers with an ETag and Last-Modified and honours
If-None-Match / If-Modified-Since with 304; an optional latency delays every response (robots.txt
included, as on a real slow site). asyncio rather than a thread per connection because 200 sites
× keep-alive connections × sleeping responses would mean hundreds of threads competing with the
client for the machine's two cores.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

# --- phrase tables --------------------------------------------------------------------------------

# fmt: off
_PL = {
    "event": (
        "Warsztaty", "Spotkanie", "Konferencja", "Szkolenie", "Debata", "Festiwal", "Kurs", "Wystawa",
        "Seminarium", "Dzień otwarty", "Konsultacje społeczne", "Piknik sąsiedzki", "Webinar",
        "Gra miejska", "Panel ekspertów", "Spacer międzykulturowy", "Kampania informacyjna",
    ),
    "topic": (
        "dla nauczycieli o edukacji międzykulturowej", "o integracji cudzoziemców",
        "dla migrantów z Ukrainy", "o przeciwdziałaniu mowie nienawiści",
        "o bezpieczeństwie w przestrzeni publicznej", "koordynatorów sieci Miast Międzykulturowych",
        "o kursach języka polskiego dla dorosłych", "o prawach mniejszości narodowych",
        "dla młodzieży o różnorodności", "o pomocy uchodźcom wojennym",
        "o przeciwdziałaniu dezinformacji", "o współpracy metropolii w sprawach migracji",
        "dla rodziców uczniów z doświadczeniem migracji", "o rynku pracy dla cudzoziemców",
        "o antydyskryminacji w urzędach", "o zdrowiu psychicznym uchodźców",
        "dla asystentów międzykulturowych w szkołach", "o przestępstwach z nienawiści",
        "o wolontariacie i aktywności obywatelskiej", "o dziedzictwie kulturowym mniejszości",
    ),
    "place": (
        "we Wrocławiu", "w Krakowie", "w Gdańsku", "w Poznaniu", "w Lublinie", "w Łodzi",
        "w Katowicach", "w Rzeszowie", "w Szczecinie", "w Białymstoku", "w Bydgoszczy", "w Warszawie",
        "w Opolu", "w Toruniu", "w Gdyni", "w Kielcach",
    ),
    "org": (
        "Fundacja Ocalenie", "Centrum Wielokulturowe", "Stowarzyszenie Nomada", "Urząd Miejski",
        "Rada Europy", "Unia Metropolii Polskich", "Biuro Rzecznika Praw Obywatelskich",
        "Komenda Miejska Policji", "Dolnośląskie Centrum Doskonalenia Nauczycieli",
        "Fundacja Ukraiński Dom", "Polska Akcja Humanitarna", "Caritas", "Centrum Pomocy Migrantom",
        "Instytut Spraw Publicznych", "Fundacja Kalejdoskop Kultur", "Miejski Ośrodek Pomocy Społecznej",
    ),
    "person": (
        "Anna Kowalska", "Piotr Nowak", "Olena Shevchenko", "Marek Wiśniewski", "Katarzyna Zielińska",
        "Tomasz Lewandowski", "Iryna Bondarenko", "Agnieszka Wójcik", "Michał Kamiński", "Oksana Melnyk",
    ),
    "venue": (
        "Biblioteka Miejska", "Dom Kultury Śródmieście", "Ratusz", "Szkoła Podstawowa nr {n}",
        "Centrum Historii Zajezdnia", "Muzeum Etnograficzne", "Teatr Lalek", "Uniwersytet Ekonomiczny",
        "Hala Stulecia", "Klub Osiedlowy Różanka", "Przedszkole Tęczowy Zakątek", "Stadion Miejski",
        "Filharmonia", "Pawilon Czterech Kopuł", "Świetlica środowiskowa na Nadodrzu", "Liceum nr {n}",
        "Galeria Sztuki Współczesnej", "Centrum Aktywności Lokalnej", "Dworzec Główny", "Park Szczytnicki",
    ),
    "s1": (
        "{org} zaprasza na wydarzenie, które odbędzie się {date} {place}.",
        "W spotkaniu wzięło udział {n} osób z organizacji pozarządowych, szkół i instytucji miejskich.",
        "Udział jest bezpłatny, obowiązują zapisy do {date}; liczba miejsc jest ograniczona do {n}.",
        "{person} z organizacji {org} przedstawiła wyniki badania przeprowadzonego wśród {n} uczestników.",
        "{venue} gości {date} uczestników programu, który wspiera mieszkańców różnego pochodzenia.",
        "Od {date} {venue} prowadzi cotygodniowe dyżury konsultantów dla rodzin cudzoziemców.",
        "Ponad {n} mieszkańców skorzystało już z porad prawnych, tłumaczeń i mentoringu zawodowego.",
        "Radni przyjęli uchwałę, na mocy której {org} otrzyma {n} tysięcy złotych na działania lokalne.",
        "Wolontariusze przygotowali poczęstunek, koncerty i stoiska z potrawami z {n} krajów.",
        "Funkcjonariusze patrolowali okolice {venue} po zgłoszeniach o incydentach na tle etnicznym.",
    ),
    "s2": (
        "Program obejmuje warsztaty praktyczne, rozmowy z ekspertami i wymianę dobrych praktyk.",
        "Projekt jest finansowany ze środków miasta i realizowany we współpracy z partnerami z sieci.",
        "Organizatorzy zapewniają tłumaczenie na język ukraiński i angielski.",
        "Podsumowanie i materiały ze spotkania zostaną opublikowane na stronie programu.",
        "Zajęcia prowadzą doświadczeni trenerzy i mediatorzy międzykulturowi.",
    ),
    "suffix": ("{n}. edycja", "już {date}", "relacja", "zapisy do {date}", "ruszają zapisy", "podsumowanie"),
    "months": (
        "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
        "października", "listopada", "grudnia",
    ),
}

_EN = {
    "event": (
        "Workshop", "Meeting", "Conference", "Training", "Debate", "Festival", "Course", "Exhibition",
        "Seminar", "Open day", "Public consultation", "Neighbourhood picnic", "Webinar", "Study visit",
        "Expert panel", "Intercultural walk", "Awareness campaign",
    ),
    "topic": (
        "for teachers on intercultural education", "on the integration of migrants",
        "for refugees from Ukraine", "on preventing hate speech", "on safety in public spaces",
        "of Intercultural Cities coordinators", "on language courses for adults",
        "on the rights of national minorities", "for young people on diversity",
        "on support for war refugees", "on countering disinformation",
        "on metropolitan cooperation in migration policy", "for parents of newcomer pupils",
        "on access to the labour market for foreigners", "on anti-discrimination in public services",
        "on the mental health of refugees", "for intercultural mediators in schools",
        "on hate crime reporting", "on volunteering and civic participation",
        "on the cultural heritage of minorities",
    ),
    "place": (
        "in Wrocław", "in Lisbon", "in Barcelona", "in Oslo", "in Bergen", "in Dublin", "in Reggio Emilia",
        "in Montreal", "in Strasbourg", "in Botkyrka", "in Limassol", "in Ioannina", "in Novi Sad",
        "in Patras", "in Rotterdam", "in Turin",
    ),
    "org": (
        "the Council of Europe", "the Intercultural Cities programme", "the city council", "UNHCR",
        "the Migration Policy Group", "Eurocities", "the European Commission", "the local police",
        "the Anti-Rumours network", "the regional education board", "the Red Cross", "IOM",
        "the Fundamental Rights Agency", "the municipal integration office",
    ),
    "person": (
        "Ivana d'Alessandro", "John Smith", "Maria Garcia", "Lars Hansen", "Aoife Murphy", "Nadia Haddad",
        "Peter Novak", "Sofia Rossi", "Tomás Silva", "Emma Johansson",
    ),
    "venue": (
        "The city library", "The town hall", "Primary school no. {n}", "The community centre",
        "The museum of migration", "The youth club", "The university campus", "The central station",
        "The old tram depot", "The harbour warehouse", "The neighbourhood house", "The public park",
        "The concert hall", "The sports arena", "The art gallery", "Secondary school no. {n}",
    ),
    "s1": (
        "{org} invites residents to the event taking place {place} on {date}.",
        "The meeting brought together {n} participants from NGOs, schools and city departments.",
        "Participation is free; registration closes on {date} and places are limited to {n}.",
        "{person} of {org} presented the findings of a survey among {n} respondents.",
        "{venue} hosts, from {date}, weekly drop-in hours for newcomer families.",
        "More than {n} residents have already used legal advice, interpreting and job mentoring.",
        "Councillors approved a grant of {n} thousand euros for neighbourhood initiatives run by {org}.",
        "Volunteers prepared food, concerts and stalls with dishes from {n} countries.",
        "Officers increased patrols near {venue} after reports of incidents targeting minorities.",
    ),
    "s2": (
        "The programme includes practical workshops, talks with experts and an exchange of good practices.",
        "The project is funded by the city and delivered with partners from the network.",
        "Interpretation into Polish and Ukrainian will be provided.",
        "A summary and the materials from the meeting will be published on the programme's website.",
        "Sessions are led by experienced trainers and intercultural mediators.",
    ),
    "suffix": ("edition {n}", "on {date}", "report", "register by {date}", "registration open", "summary"),
    "months": (
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ),
}

_UK = {
    "event": (
        "Семінар", "Зустріч", "Конференція", "Тренінг", "Дебати", "Фестиваль", "Курс", "Виставка",
        "Вебінар", "День відкритих дверей", "Громадські консультації", "Сусідський пікнік",
        "Панель експертів", "Міжкультурна прогулянка", "Інформаційна кампанія",
    ),
    "topic": (
        "з міжкультурної освіти для вчителів", "про інтеграцію мігрантів", "для біженців з України",
        "про протидію мові ворожнечі", "про безпеку в громадському просторі",
        "координаторів мережі міжкультурних міст", "з вивчення польської мови для дорослих",
        "про права національних меншин", "для молоді про різноманіття",
        "про допомогу біженцям війни", "про протидію дезінформації",
        "про співпрацю метрополій у сфері міграції", "для батьків учнів-мігрантів",
        "про працевлаштування іноземців", "про протидію дискримінації",
        "про психологічну підтримку біженців", "для міжкультурних асистентів у школах",
        "про злочини на ґрунті ненависті", "про волонтерство та громадську активність",
    ),
    "place": (
        "у Вроцлаві", "у Кракові", "у Львові", "у Києві", "в Одесі", "у Харкові", "у Варшаві",
        "у Гданську", "у Познані", "у Люблині", "у Дніпрі", "у Вінниці", "у Лодзі", "у Катовіце",
    ),
    "org": (
        "Український дім", "Фонд Відкритий Діалог", "Міська рада", "Рада Європи", "Центр підтримки мігрантів",
        "Консульство України", "Червоний Хрест", "Спілка українців у Польщі", "Фонд Ocalenie",
        "Міжнародна організація з міграції",
    ),
    "person": (
        "Олена Шевченко", "Андрій Коваленко", "Ірина Бондаренко", "Оксана Мельник", "Тарас Ткаченко",
        "Наталія Кравчук", "Богдан Олійник", "Марія Лисенко",
    ),
    "venue": (
        "Міська бібліотека", "Ратуша", "Школа № {n}", "Будинок культури", "Музей міграції",
        "Молодіжний клуб", "Університетський кампус", "Центральний вокзал", "Громадський центр",
        "Міський парк", "Філармонія", "Художня галерея", "Ліцей № {n}", "Спортивна арена",
    ),
    "s1": (
        "{org} запрошує на захід, який відбудеться {date} {place}.",
        "У зустрічі взяли участь {n} представників громадських організацій, шкіл і міських установ.",
        "Участь безкоштовна, реєстрація до {date}; кількість місць обмежена до {n}.",
        "{person} з організації {org} представила результати опитування {n} учасників.",
        "{venue} з {date} проводить щотижневі консультації для родин іноземців.",
        "Понад {n} мешканців уже скористалися юридичними порадами, перекладом і наставництвом.",
        "Депутати ухвалили рішення, за яким {org} отримає {n} тисяч злотих на місцеві ініціативи.",
        "Волонтери підготували частування, концерти та стенди зі стравами з {n} країн.",
        "Поліція посилила патрулювання біля {venue} після повідомлень про інциденти.",
    ),
    "s2": (
        "Програма включає практичні майстер-класи, розмови з експертами та обмін досвідом.",
        "Проєкт фінансується містом і реалізується разом з партнерами мережі.",
        "Організатори забезпечують переклад польською та англійською мовами.",
        "Підсумки та матеріали зустрічі будуть опубліковані на сайті програми.",
        "Заняття проводять досвідчені тренери та міжкультурні медіатори.",
    ),
    "suffix": ("{n}-й випуск", "вже {date}", "репортаж", "реєстрація до {date}", "підсумки"),
    "months": (
        "січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня",
        "жовтня", "листопада", "грудня",
    ),
}

# fmt: on
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {"pl": _PL, "en": _EN, "uk": _UK}
LANGUAGE_CYCLE = ("pl", "pl", "pl", "pl", "pl", "en", "en", "en", "uk", "uk")  # of sources: 50/30/20 %
_PATHS = {"pl": "aktualnosci", "en": "news", "uk": "novyny"}


# --- items ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Story:
    """One synthetic news item as a source publishes it."""

    story_id: int
    language: str
    title: str
    summary: str
    link: str
    guid: str
    published: datetime
    image_url: str | None


# The shared-vocabulary case of issue 13: news of one field drawing on ~30 words, so that every
# item shares most of its words with every other one (the worst case for candidate search).
# fmt: off
SHARED_WORDS: dict[str, tuple[str, ...]] = {
    "pl": (
        "międzykulturowy", "integracja", "migranci", "miasto", "dialog", "spotkanie", "uchodźcy",
        "edukacja", "współpraca", "projekt", "mieszkańcy", "Wrocław", "strategia", "warsztaty",
        "cudzoziemcy", "szkoła", "bezpieczeństwo", "program", "sieć", "konferencja", "wsparcie",
        "kultura", "różnorodność", "społeczność", "organizacje", "inicjatywa", "młodzież", "rada",
        "raport", "Ukraina",
    ),
    "en": (
        "intercultural", "integration", "migrants", "city", "dialogue", "meeting", "refugees",
        "education", "cooperation", "project", "residents", "Wrocław", "strategy", "workshop",
        "foreigners", "school", "safety", "programme", "network", "conference", "support", "culture",
        "diversity", "community", "organisations", "initiative", "youth", "council", "report",
        "Ukraine",
    ),
    "uk": (
        "міжкультурний", "інтеграція", "мігранти", "місто", "діалог", "зустріч", "біженці", "освіта",
        "співпраця", "проєкт", "мешканці", "Вроцлав", "стратегія", "семінар", "іноземці", "школа",
        "безпека", "програма", "мережа", "конференція", "підтримка", "культура", "різноманіття",
        "громада", "організації", "ініціатива", "молодь", "рада", "звіт", "Україна",
    ),
}
# fmt: on


def _shared_sentence(rng: random.Random, language: str, words: int) -> str:
    text = " ".join(rng.choice(SHARED_WORDS[language]) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_story(
    story_id: int, language: str, published: datetime, *, domain: str, vocabulary: str = "phrases"
) -> Story:
    """A deterministic item for ``story_id``: the same id always gives the same text.

    ``vocabulary="shared"``: title and summary are drawn from :data:`SHARED_WORDS` only.
    """
    rng = random.Random(story_id * 7919 + 17)
    if vocabulary == "shared":
        title = _shared_sentence(rng, language, rng.randint(6, 10)).rstrip(".")
        summary = " ".join(_shared_sentence(rng, language, rng.randint(8, 14)) for _ in range(3))
        slug = hashlib.sha1(title.encode()).hexdigest()[:10]
        link = f"https://{domain}/{_PATHS[language]}/{slug}-{story_id}"
        image = f"https://{domain}/media/{story_id}.jpg" if rng.random() < 0.5 else None
        return Story(story_id, language, title, summary, link, f"{domain}:{story_id}", published, image)
    p = PHRASES[language]
    date = f"{rng.randint(1, 28)} {rng.choice(p['months'])}"
    fill = {
        "venue": rng.choice(p["venue"]).format(n=rng.randint(1, 120)),
        "org": rng.choice(p["org"]),
        "person": rng.choice(p["person"]),
        "place": rng.choice(p["place"]),
        "n": rng.randint(12, 480),
        "date": date,
    }
    title = f"{rng.choice(p['event'])} {rng.choice(p['topic'])} {fill['place']}"
    if rng.random() < 0.4:  # many titles name who or where: more of the variety of real headlines
        title = f"{rng.choice((fill['org'], fill['venue'], fill['person']))}: {title}"
    if rng.random() < 0.7:
        title += " — " + rng.choice(p["suffix"]).format(**fill)
    sentences = (rng.choice(p["s1"]).format(**fill), rng.choice(p["s2"]), rng.choice(p["s1"]).format(**fill))
    summary = " ".join(s[0].upper() + s[1:] for s in sentences)
    slug = hashlib.sha1(title.encode()).hexdigest()[:10]
    link = f"https://{domain}/{_PATHS[language]}/{slug}-{story_id}"
    image = f"https://{domain}/media/{story_id}.jpg" if rng.random() < 0.5 else None
    return Story(story_id, language, title, summary, link, f"{domain}:{story_id}", published, image)


def republished(story: Story, *, by_index: int, domain: str) -> Story:
    """The same story as another source republishes it: same text and picture, its own guid, and
    either the original link with tracking parameters (half) or a link on its own site (half)."""
    if story.story_id % 2:
        link = f"{story.link}?utm_source=src{by_index}&utm_medium=rss&utm_campaign=share"
    else:
        link = f"https://{domain}/{_PATHS[story.language]}/przedruk-{story.story_id}"
    return Story(
        story.story_id,
        story.language,
        story.title,
        story.summary,
        link,
        f"{domain}:re-{story.story_id}",
        story.published + timedelta(hours=3),
        story.image_url,
    )


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One synthetic source: what it is and what its page lists."""

    index: int
    source_id: str
    name: str
    kind: str  # rss | atom | html
    language: str
    domain: str
    stories: tuple[Story, ...]

    @property
    def path(self) -> str:
        return {"rss": "/feed.xml", "atom": "/atom.xml", "html": "/aktualnosci.html"}[self.kind]

    @property
    def is_feed(self) -> bool:
        return self.kind != "html"


def build_sources(
    count: int,
    items: int,
    *,
    now: datetime,
    html_share: float = 0.0,
    duplicate_share: float = 0.1,
    prefix: str = "src",
    first_story_id: int = 1,
    vocabulary: str = "phrases",
) -> list[SourceSpec]:
    """``count`` sources of ``items`` items each, newest first, dated over the last few days.

    ``html_share`` of them are HTML listings, the rest alternate RSS 2.0 / Atom. About
    ``duplicate_share`` of each source's items are stories another source of the same language
    also publishes (each shared story appears on ~3 sources), so dedupe has merges to make.
    ``vocabulary``: "phrases" (domain phrase tables) or "shared" (see :data:`SHARED_WORDS`).
    """
    html_every = round(1 / html_share) if html_share else 0
    specs_meta = []
    for i in range(count):
        language = LANGUAGE_CYCLE[i % len(LANGUAGE_CYCLE)]
        kind = "html" if html_every and i % html_every == html_every - 1 else ("rss", "atom")[i % 2]
        specs_meta.append((i, language, kind, f"{prefix}-{i:03d}.example.org"))
    per_source_shared = round(items * duplicate_share)
    next_id = first_story_id
    pools: dict[str, list[Story]] = {}
    for language in ("pl", "en", "uk"):
        n_sources = sum(1 for m in specs_meta if m[1] == language)
        pool = []
        for _ in range(max(1, n_sources * per_source_shared // 3)):
            published = now - timedelta(minutes=random.Random(next_id).randint(60, 4 * 24 * 60))
            pool.append(
                make_story(
                    next_id,
                    language,
                    published,
                    domain=f"origin-{language}.example.org",
                    vocabulary=vocabulary,
                )
            )
            next_id += 1
        pools[language] = pool
    specs = []
    for i, language, kind, domain in specs_meta:
        rng = random.Random(i)
        stories: list[Story] = []
        for _ in range(items - per_source_shared):
            published = now - timedelta(minutes=rng.randint(30, 6 * 24 * 60))
            stories.append(make_story(next_id, language, published, domain=domain, vocabulary=vocabulary))
            next_id += 1
        for original in rng.sample(pools[language], min(per_source_shared, len(pools[language]))):
            stories.append(republished(original, by_index=i, domain=domain))
        while len(stories) < items:  # a small pool (few sources of a language): own stories instead
            stories.append(
                make_story(next_id, language, now - timedelta(hours=1), domain=domain, vocabulary=vocabulary)
            )
            next_id += 1
        stories.sort(key=lambda s: s.published, reverse=True)
        name = {"pl": "Serwis", "en": "Newsroom", "uk": "Новини"}[language] + f" {prefix.upper()} {i}"
        specs.append(SourceSpec(i, f"{prefix}-{i:03d}", name, kind, language, domain, tuple(stories)))
    return specs


def history_stories(
    count: int, sources: Sequence[SourceSpec], *, newest: datetime, per_day: int, first_story_id: int
) -> Iterator[tuple[SourceSpec, Story]]:
    """``count`` older items spread over ``sources``, ``per_day`` a day going back from ``newest``
    (a constant rate, so 100,000 stored items are a longer history than 10,000, not a denser one)."""
    step = timedelta(days=1) / per_day
    for n in range(count):
        spec = sources[n % len(sources)]
        yield spec, make_story(first_story_id + n, spec.language, newest - step * n, domain=spec.domain)


# --- rendering ------------------------------------------------------------------------------------


def render(spec: SourceSpec, stories: Sequence[Story] | None = None) -> tuple[bytes, str]:
    """The body and Content-Type of the source's page listing ``stories`` (default: its own)."""
    stories = spec.stories if stories is None else stories
    if spec.kind == "rss":
        return render_rss(spec, stories), "application/rss+xml; charset=utf-8"
    if spec.kind == "atom":
        return render_atom(spec, stories), "application/atom+xml; charset=utf-8"
    return render_listing(spec, stories), "text/html; charset=utf-8"


def render_rss(spec: SourceSpec, stories: Sequence[Story]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(spec.name)}</title><link>https://{spec.domain}/</link>"
        f"<description>{escape(spec.name)}</description><language>{spec.language}</language>"
    ]
    for s in stories:
        enclosure = (
            f'<enclosure url="{escape(s.image_url)}" type="image/jpeg" length="0"/>' if s.image_url else ""
        )
        parts.append(
            f"<item><title>{escape(s.title)}</title><link>{escape(s.link)}</link>"
            f'<guid isPermaLink="false">{escape(s.guid)}</guid>'
            f"<pubDate>{format_datetime(s.published)}</pubDate>"
            f"<description>{escape('<p>' + escape(s.summary) + '</p>')}</description>{enclosure}</item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


def render_atom(spec: SourceSpec, stories: Sequence[Story]) -> bytes:
    updated = max((s.published for s in stories), default=datetime(2025, 1, 1, tzinfo=UTC))
    parts = [
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:lang="{spec.language}"><title>{escape(spec.name)}</title><id>urn:{spec.domain}</id>'
        f'<link href="https://{spec.domain}/"/><updated>{updated.isoformat()}</updated>'
    ]
    for s in stories:
        image = (
            f'<link rel="enclosure" type="image/jpeg" href="{escape(s.image_url)}"/>' if s.image_url else ""
        )
        parts.append(
            f"<entry><title>{escape(s.title)}</title><id>urn:{escape(s.guid)}</id>"
            f'<link rel="alternate" href="{escape(s.link)}"/>{image}'
            f"<updated>{s.published.isoformat()}</updated><published>{s.published.isoformat()}</published>"
            f'<summary type="text">{escape(s.summary)}</summary></entry>'
        )
    parts.append("</feed>\n")
    return "".join(parts).encode("utf-8")


def render_listing(spec: SourceSpec, stories: Sequence[Story]) -> bytes:
    """A news listing page as CMSs render it; see :data:`LISTING_SELECTORS`."""
    cards = []
    for s in stories:
        image = (
            f'<img src="{escape(s.image_url)}" alt="Zdjęcie: {escape(s.title[:40])}">' if s.image_url else ""
        )
        cards.append(
            f'<article class="news">{image}<h3><a href="{escape(s.link)}">{escape(s.title)}</a></h3>'
            f'<time class="date" datetime="{s.published.isoformat()}">{s.published:%d.%m.%Y}</time>'
            f"<p>{escape(s.summary)}</p></article>"
        )
    page = (
        f'<!doctype html><html lang="{spec.language}"><head><meta charset="utf-8">'
        f"<title>{escape(spec.name)}</title></head><body><header><nav><a href='/'>Start</a>"
        f"<a href='/kontakt'>Kontakt</a></nav></header><main><h1>Aktualności</h1>"
        f"{''.join(cards)}<nav class='pager'><a href='?page=2'>Starsze</a></nav></main>"
        f"<footer>© {escape(spec.name)}</footer></body></html>\n"
    )
    return page.encode("utf-8")


LISTING_SELECTORS = {
    "item": "article.news",
    "title": "h3",
    "link": "h3 a",
    "date": "time",
    "summary": "p",
    "image": "img",
}


# --- the server -----------------------------------------------------------------------------------


@dataclass
class _Page:
    body: bytes
    content_type: str
    etag: str
    last_modified: str


@dataclass
class _Site:
    pages: dict[str, _Page] = field(default_factory=dict)


class SiteServer:
    """Many small HTTP/1.1 sites, one port each, served by one asyncio loop on a daemon thread.

    ``start(n)`` opens n listeners and returns their base URLs; ``set_page`` (thread-safe: a dict
    assignment) changes what a site serves, with a new ETag. ``latency_s`` delays every response.
    ``counts`` tallies responses by kind (``200``, ``304``, ``robots``, ``404``) for checks.
    """

    ROBOTS = b"User-agent: *\nDisallow: /admin/\n"

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.latency_s = 0.0
        self.sites: list[_Site] = []
        self.counts: Counter[str] = Counter()
        self._loop = asyncio.new_event_loop()
        self._servers: list[asyncio.AbstractServer] = []
        self._thread = threading.Thread(target=self._loop.run_forever, name="bench-sites", daemon=True)
        self._thread.start()

    def start(self, count: int) -> list[str]:
        """Open ``count`` more sites; their base URLs (``http://127.0.0.1:PORT``), in order."""
        return asyncio.run_coroutine_threadsafe(self._open(count), self._loop).result()

    async def _open(self, count: int) -> list[str]:
        urls = []
        for _ in range(count):
            site = _Site()
            self.sites.append(site)
            server = await asyncio.start_server(
                lambda r, w, site=site: self._serve(site, r, w), self.host, 0, backlog=64
            )
            self._servers.append(server)
            port = server.sockets[0].getsockname()[1]
            urls.append(f"http://{self.host}:{port}")
        return urls

    def set_page(self, site_index: int, path: str, body: bytes, content_type: str) -> None:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = format_datetime(
            datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=len(body)), usegmt=True
        )
        self.sites[site_index].pages[path] = _Page(body, content_type, etag, modified)

    def reset_counts(self) -> Counter[str]:
        counts, self.counts = self.counts, Counter()
        return counts

    def stop(self) -> None:
        async def close() -> None:
            for server in self._servers:
                server.close()
            for server in self._servers:
                await server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _serve(self, site: _Site, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                parts = lines[0].split(" ")
                path = parts[1].split("?", 1)[0] if len(parts) > 1 else "/"
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name:
                        headers[name.strip().lower()] = value.strip()
                if self.latency_s:
                    await asyncio.sleep(self.latency_s)
                writer.write(self._response(site, path, headers))
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, OSError):
            return
        finally:
            writer.close()

    def _response(self, site: _Site, path: str, headers: dict[str, str]) -> bytes:
        if path == "/robots.txt":
            self.counts["robots"] += 1
            return _head(200, "text/plain", len(self.ROBOTS)) + self.ROBOTS
        page = site.pages.get(path)
        if page is None:
            self.counts["404"] += 1
            return _head(404, "text/plain", 9) + b"not found"
        validators = f"ETag: {page.etag}\r\nLast-Modified: {page.last_modified}\r\n"
        if headers.get("if-none-match") == page.etag or (
            "if-none-match" not in headers and headers.get("if-modified-since") == page.last_modified
        ):
            self.counts["304"] += 1
            return f"HTTP/1.1 304 Not Modified\r\n{validators}\r\n".encode("latin-1")
        self.counts["200"] += 1
        return _head(200, page.content_type, len(page.body), validators) + page.body


def _head(status: int, content_type: str, length: int, extra: str = "") -> bytes:
    reason = {200: "OK", 404: "Not Found"}[status]
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n"
        f"{extra}\r\n"
    ).encode("latin-1")
