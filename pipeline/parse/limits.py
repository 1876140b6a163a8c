"""Bounds of what one response may give, shared by the parsers and the worker that runs them."""

# A response with more entries than this is a dump, not news: only the first ones are converted
# (converting 100,000 entries took 25 s; issue 20).
MAX_ITEMS_PER_SOURCE = 500


def too_many(found: int) -> str:
    """The warning for a response with more than ``MAX_ITEMS_PER_SOURCE`` entries."""
    return f"{found} items in one response; only the first {MAX_ITEMS_PER_SOURCE} were read"
