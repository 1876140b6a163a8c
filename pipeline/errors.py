"""The project's one exception tree.

::

    PipelineError
    ├── ConfigError          sources.yaml is unreadable or invalid (carries every ConfigProblem)
    ├── SourceError          one source failed; carries the source id. The runner records it and goes on.
    │   ├── FetchError       the request failed (network, status, limits, robots.txt, policy)
    │   └── ParseError       the response could not be turned into items
    ├── StoreError           the SQLite state could not be read or written
    ├── LockError            another process holds the state
    └── PublishError         an output file could not be written

Third-party exceptions are translated once, at the boundary that calls the library, with
``raise ... from exc``. Anything outside this tree reaching the runner is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


class PipelineError(Exception):
    """Root of every error this package raises on purpose."""


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One located problem in sources.yaml: where, which field, what is wrong and what would be right."""

    file: str
    line: int | None
    field: str
    message: str
    source_id: str | None = None
    column: int | None = None  # 1-based; given for syntax mistakes, where the line alone is vague

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.line and self.column:
            where += f":{self.column}"
        who = f" source '{self.source_id}'" if self.source_id else ""
        return f"{where}:{who} {self.field}: {self.message}"


class ConfigError(PipelineError):
    """sources.yaml cannot be used; ``problems`` lists every problem found, not just the first."""

    def __init__(self, problems: list[ConfigProblem] | tuple[ConfigProblem, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SourceError(PipelineError):
    """A failure that concerns one source only; the cycle goes on with the others."""

    def __init__(self, source_id: str, message: str, *, http_status: int | None = None):
        self.source_id = source_id
        self.message = message
        self.http_status = http_status
        super().__init__(f"{source_id}: {message}")

    def __reduce__(self) -> tuple[object, ...]:
        # Raised in a worker process and re-raised here: pickle what __init__ takes.
        return (_rebuild, (type(self), dict(self.__dict__)))


def _rebuild(cls: type[SourceError], state: dict[str, object]) -> SourceError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, f"{state.get('source_id')}: {state.get('message')}")
    return error


class FetchError(SourceError):
    """The request for a source (or one of its pages) failed."""

    def __init__(
        self,
        source_id: str,
        message: str,
        *,
        http_status: int | None = None,
        retry_after_s: float | None = None,
    ):
        super().__init__(source_id, message, http_status=http_status)
        self.retry_after_s = retry_after_s


class ParseError(SourceError):
    """The response came back but nothing usable could be read from it."""


class StoreError(PipelineError):
    """The state database could not be opened, migrated, read or written."""


class LockError(PipelineError):
    """Another process (scheduler or run) holds the lock on the same state."""


class PublishError(PipelineError):
    """An output file could not be written; the previous file stays in place."""
