"""What a cycle publishes (SPEC "Outputs"): the outputs when anything that shapes them changed,
and status.json every time.

Whether to publish is decided from the state, not from what this run did: items stored by a run
that was stopped before it published are published by the next (issue 20). editorial.yaml is read
here, its last valid version kept in the state so that a mistake in it never un-hides anything.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path

from . import __version__
from .editorial import (
    EDITORIAL_META,
    Editorial,
    editorial_path,
    link_variants,
    load_editorial,
    parse_editorial,
)
from .errors import ConfigError
from .ingest import STORED_GENERATION
from .publish.files import publish_files, remove_leftovers
from .publish.outputs import output_names, render_outputs
from .publish.status import status_json
from .records import Config, CycleReport, Story
from .selection import PUBLISH_NOTES_META, WARSAW, Selection, select_stories
from .store import Store

log = logging.getLogger(__name__)


class Publisher:
    """Publishes one configuration's stored stories into ``output_dir``."""

    def __init__(
        self, config: Config, *, output_dir: Path, state_path: Path, clock: Callable[[], datetime]
    ) -> None:
        self.config = config
        self.output_dir = output_dir
        self.state_path = state_path
        self.clock = clock

    def publish(self, report: CycleReport, *, force: bool = False) -> CycleReport:
        """Write the outputs (when anything that shapes them changed) and status.json for ``report``."""
        with Store(self.state_path) as store:
            editorial, trouble = self.editorial(store)
            changed, published, notes = self._publish(store, editorial, force=force)
            health = self._health(store)
        finished = self.clock()
        report = replace(
            report,
            finished=finished,
            changed_files=tuple(changed),
            published=published,
            publish_notes=tuple([*trouble, *notes]),
        )
        status_changed = publish_files(self.output_dir, {"status.json": status_json(report, health)})
        return replace(report, changed_files=tuple(changed + status_changed))

    def _health(self, store: Store) -> dict[str, tuple[str, ...]]:
        from .health import health_warnings

        states = store.load_states()
        counts = store.source_counts()
        now = self.clock()
        return {
            s.id: health_warnings(s, states.get(s.id), counts.get(s.id), now) for s in self.config.sources
        }

    def _fingerprint(self, editorial: Editorial) -> str:
        """What, besides the items, shapes the outputs: a change re-publishes even without new items."""
        templates = ""
        if self.config.templates and Path(self.config.templates).is_dir():
            templates = ";".join(
                f"{p.name}:{p.stat().st_mtime_ns}" for p in sorted(Path(self.config.templates).iterdir())
            )
        payload = json.dumps(
            [
                __version__,
                asdict(self.config.site),
                asdict(self.config.publish),
                [asdict(a) for a in self.config.areas],
                [(s.id, s.name, s.priority, s.enabled, s.include, s.exclude) for s in self.config.sources],
                editorial.digest,
                # Pins expire and events pass by date: a new day may change the outputs.
                self.clock().astimezone(WARSAW).date().isoformat(),
                templates,
                str(self.output_dir.resolve()),
            ],
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    def outputs_present(self) -> bool:
        return all((self.output_dir / name).exists() for name in ("feed.xml", "index.html"))

    def editorial(self, store: Store) -> tuple[Editorial, list[str]]:
        """editorial.yaml as last saved in a valid form: a mistake in it must not un-hide what
        editors hid, nor stop publishing. Returns the decisions and what went wrong reading them."""
        path = editorial_path(self.config.path)
        try:
            editorial = load_editorial(path)
        except ConfigError as exc:
            saved = store.get_meta(EDITORIAL_META)
            kept = parse_editorial(saved, name=str(path)) if saved else Editorial()
            problem = exc.problems[0]
            message = (
                f"{problem}; publishing with the last valid editorial.yaml"
                if saved
                else f"{problem}; publishing without editorial decisions until it is fixed"
            )
            log.warning("%s", message)
            return kept, [message]
        if editorial.path is not None and store.get_meta(EDITORIAL_META) != editorial.text:
            with store.transaction():
                store.set_meta(EDITORIAL_META, editorial.text)
        return editorial, []

    def _publish(
        self, store: Store, editorial: Editorial, *, force: bool
    ) -> tuple[list[str], bool, list[str]]:
        fingerprint = self._fingerprint(editorial)
        # What the state holds, not what this run did, decides: items stored by a run that was
        # stopped before it published are published by the next (issue 20, case 7).
        stored = store.get_meta(STORED_GENERATION) or "0"
        pending = stored != (store.get_meta("published_generation") or "0")
        if (
            not force
            and not pending
            and self.outputs_present()
            and store.get_meta("publish_fingerprint") == fingerprint
        ):
            # The outputs are as the last publish left them: so are its notes.
            return [], False, json.loads(store.get_meta(PUBLISH_NOTES_META) or "[]")
        remove_leftovers(self.output_dir)  # a killed run's temporary files (we hold the state lock)
        # Forget the fingerprint until the files are written: if publishing fails (disk full,
        # read-only folder, a kill), the next run publishes again even without new items.
        with store.transaction():
            store.set_meta("publish_fingerprint", "")
        selection = self.select(store, editorial)
        files = render_outputs(selection.stories, self.config, generated=self.clock())
        stale = tuple(name for name in output_names(self.output_dir) if name not in files)
        changed = publish_files(self.output_dir, files, stale=stale)
        with store.transaction():
            store.set_meta("publish_fingerprint", fingerprint)
            store.set_meta("published_generation", stored)
            store.set_meta(PUBLISH_NOTES_META, json.dumps(selection.notes(), ensure_ascii=False))
        return changed, True, selection.notes()

    def load_stories(self, store: Store) -> list[Story]:
        """The stories every output shows, in page order (editorial.yaml applied)."""
        return self.select(store, self.editorial(store)[0]).stories

    def select(self, store: Store, editorial: Editorial) -> Selection:
        """The newest stored stories, enough for every output (feeds, digest pages, per-area
        feeds), with sources.yaml and the editors' decisions applied (``selection``)."""
        publish = self.config.publish
        wanted = max(publish.limit, publish.page_size * publish.pages) * 3
        return select_stories(
            store.newest_stories(wanted),
            config=self.config,
            editorial=editorial,
            today=self.clock().astimezone(WARSAW).date(),
            source_names=store.source_names() | {s.id: s.name for s in self.config.sources},
            named_rows=store.stories_of_links(link_variants(editorial.urls())),
        )
