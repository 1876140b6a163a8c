"""Month names as the sources write them (pl/en/uk, abbreviations, Roman numerals): one table for
the date parser (``parse/dates.py``) and for dedupe's facts (``dedupe/text.py``)."""

from __future__ import annotations

__all__ = ["MONTHS", "MONTH_FORMS", "ROMAN_MONTHS"]

# Every form of each month that occurs on the sources: Polish nominative/genitive/locative/
# instrumental, Ukrainian nominative/genitive/locative, English full names, and abbreviations.
# One line per language keeps the table reviewable.
# fmt: off
MONTH_FORMS: dict[int, tuple[str, ...]] = {
    1: ("styczeń", "stycznia", "styczniu", "styczniem", "sty",
        "січень", "січня", "січні", "січ",
        "january", "jan"),
    2: ("luty", "lutego", "lutym", "lut",
        "лютий", "лютого", "лютому", "лют",
        "february", "feb"),
    3: ("marzec", "marca", "marcu", "marcem", "mar",
        "березень", "березня", "березні", "бер",
        "march"),
    4: ("kwiecień", "kwietnia", "kwietniu", "kwietniem", "kwi",
        "квітень", "квітня", "квітні", "квіт",
        "april", "apr"),
    5: ("maj", "maja", "maju", "majem",
        "травень", "травня", "травні", "трав",
        "may"),
    6: ("czerwiec", "czerwca", "czerwcu", "czerwcem", "cze",
        "червень", "червня", "червні", "черв",
        "june", "jun"),
    7: ("lipiec", "lipca", "lipcu", "lipcem", "lip",
        "липень", "липня", "липні", "лип",
        "july", "jul"),
    8: ("sierpień", "sierpnia", "sierpniu", "sierpniem", "sie",
        "серпень", "серпня", "серпні", "серп",
        "august", "aug"),
    9: ("wrzesień", "września", "wrześniu", "wrześniem", "wrz",
        "вересень", "вересня", "вересні", "вер",
        "september", "sept", "sep"),
    10: ("październik", "października", "październiku", "październikiem", "paź",
         "жовтень", "жовтня", "жовтні", "жовт",
         "october", "oct"),
    11: ("listopad", "listopada", "listopadzie", "listopadem", "lis",
         "листопад", "листопада", "листопаді", "лист",
         "november", "nov"),
    12: ("grudzień", "grudnia", "grudniu", "grudniem", "gru",
         "грудень", "грудня", "грудні", "груд",
         "december", "dec"),
}
MONTHS: dict[str, int] = {form: number for number, forms in MONTH_FORMS.items() for form in forms}
# Roman month numerals ("13 V 2022") are still common in Polish official writing.
ROMAN_MONTHS: dict[str, int] = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7,
                                "viii": 8, "ix": 9, "x": 10, "xi": 11, "xii": 12}
# fmt: on
