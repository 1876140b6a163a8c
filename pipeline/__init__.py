"""Powiązane wiadomości: news aggregation and publishing for Wrocław's Intercultural Dialogue team."""

__version__ = "0.1.0"
PRODUCT = "PowiazaneWiadomosci"
