"""Command line: ``python -m pipeline COMMAND`` (run, check, preview, status, discover, demo).

Parses arguments, calls the runner or a report function, prints. Exit codes (SPEC): 0 the
command did its job (a cycle in which some sources failed included), 2 invalid configuration or
usage, 1 anything that stopped it.

``status`` with an invalid sources.yaml still prints the health it reads from the state (the
sources last run; the state path from ``--state``, else the file's ``state:`` if it can still be
read, else the default) under a line naming the first problem, and exits 2: the health is shown,
and a monitor still learns that the configuration is broken. ``check`` exits 0 with warnings
(e.g. ``publish.base_url`` unset) on stderr.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import DEFAULT_CONFIG, config_warnings, load_config, state_path_hint
from .editorial import editorial_path, load_editorial
from .errors import ConfigError, PipelineError
from .records import Config
from .report import cycle_summary

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m pipeline", description="Powiązane wiadomości — news pipeline")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=DEFAULT_CONFIG, help="sources.yaml to use (default: %(default)s)")
    common.add_argument("-v", "--verbose", action="store_true", help="log every step")
    common.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    writes = argparse.ArgumentParser(add_help=False)
    writes.add_argument(
        "--output", default="output", help="folder of the published files (default: %(default)s)"
    )
    writes.add_argument("--state", default=None, help="state database (default: 'state:' of the config)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", parents=[common, writes], help="one cycle: fetch due sources, publish")
    run.add_argument(
        "--force", action="store_true", help="fetch every enabled source, ignoring schedule/backoff"
    )
    run.add_argument(
        "--source", action="append", default=[], metavar="ID", help="only this source (repeatable)"
    )
    commands.add_parser("check", parents=[common], help="validate sources.yaml")
    preview = commands.add_parser(
        "preview", parents=[common, writes], help="fetch one source now; write nothing"
    )
    preview.add_argument("id", help="the source id")
    status = commands.add_parser("status", parents=[common, writes], help="per-source health from the state")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    discover = commands.add_parser("discover", parents=[common], help="find the feeds of a page")
    discover.add_argument("url")
    demo = commands.add_parser(
        "demo", parents=[common, writes], help="run a cycle against bundled sample sites"
    )
    demo.add_argument("--serve", action="store_true", help="keep serving output/ on localhost afterwards")
    return parser


def _setup_logging(args: argparse.Namespace) -> None:
    level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


def _print_config_error(exc: ConfigError, name: str = "sources.yaml") -> None:
    count = len(exc.problems)
    print(f"{name} has {count} problem{'s' if count != 1 else ''}:", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(args)
    try:
        if args.command == "demo":
            from .demo import run_demo

            return run_demo(args)
        try:
            config = load_config(args.config)
        except ConfigError as exc:
            if args.command != "status":
                raise
            from .commands import run_status

            state = Path(args.state) if args.state else state_path_hint(args.config)
            return run_status(None, args, config_error=exc, state_path=state)
        if args.command == "check":
            return _check(config, args)
        if args.command == "run":
            return _run(config, args)
        if args.command == "preview":
            from .commands import run_preview

            return run_preview(config, args)
        if args.command == "status":
            from .commands import run_status

            return run_status(config, args)
        if args.command == "discover":
            from .commands import run_discover

            return run_discover(config, args)
    except ConfigError as exc:
        _print_config_error(exc)
        return EXIT_USAGE
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_USAGE


def _check(config: Config, args: argparse.Namespace) -> int:
    from .parse.selector_risk import source_selector_risks

    enabled = sum(s.enabled for s in config.sources)
    if not args.quiet:
        print(
            f"{args.config}: OK — {len(config.sources)} sources ({enabled} enabled), "
            f"{len(config.areas)} areas"
        )
        if config.publish.base_url:  # as used, i.e. with the "/" a folder needs
            print(f"publish.base_url: {config.publish.base_url} (embed.html links digest.css there)")
    for warning in config_warnings(config):
        print(f"warning: {args.config}: {warning}", file=sys.stderr)
    editorial_file = editorial_path(config.path)
    try:
        editorial = load_editorial(editorial_file)
    except ConfigError as exc:
        _print_config_error(exc, name="editorial.yaml")
        return EXIT_USAGE
    if editorial.path and not args.quiet:
        print(
            f"{editorial_file}: OK — {len(editorial.hide)} hidden, {len(editorial.pin)} pinned, "
            f"{len(editorial.split)} split, {len(editorial.never_merge)} never-merge"
        )
    # Valid but slow selectors: a warning, not an error (the page may be shallow; the worker's
    # time budget stops a read that runs away), shown even with --quiet.
    for source in config.sources:
        for risk in source_selector_risks(source.selectors):
            print(f"warning: {args.config}: source '{source.id}', {risk}", file=sys.stderr)
    return EXIT_OK


def state_path(config: Config, args: argparse.Namespace) -> Path:
    return Path(args.state) if getattr(args, "state", None) else Path(config.state_path)


def _run(config: Config, args: argparse.Namespace) -> int:
    from .lock import StateLock
    from .runner import Runner

    unknown = [sid for sid in args.source if config.source(sid) is None]
    if unknown:
        known = ", ".join(s.id for s in config.sources)
        print(f"unknown source id: {', '.join(unknown)} (known: {known})", file=sys.stderr)
        return EXIT_USAGE
    state = state_path(config, args)
    progress = _Progress(enabled=not args.quiet and sys.stderr.isatty())
    with StateLock(state, purpose="python -m pipeline run"):
        runner = Runner(config, output_dir=args.output, state_path=state, on_event=progress)
        report = runner.run_cycle(force=args.force, only=tuple(args.source))
    progress.finish()
    if not args.quiet:
        print(cycle_summary(report, config, output_dir=args.output))
    return EXIT_OK


class _Progress:
    """A one-line progress display on a terminal; silent otherwise (logs and the summary suffice)."""

    def __init__(self, *, enabled: bool):
        self.enabled = enabled
        self.done = 0
        self.started = 0

    def __call__(self, event: str, source_id: str, detail: str) -> None:
        if not self.enabled:
            return
        if event == "fetch":
            self.started += 1
        elif event in ("done", "error"):
            self.done += 1
        sys.stderr.write(f"\r\033[K[{self.done}/{self.started}] {source_id}: {event} {detail[:60]}")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


if __name__ == "__main__":
    sys.exit(main())
