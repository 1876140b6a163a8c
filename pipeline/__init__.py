"""Powiązane wiadomości: a news aggregation and publishing pipeline for Wrocław's Intercultural Dialogue team."""

__version__ = "0.1.0"
USER_AGENT_NAME = "PowiazaneWiadomosci"
