"""Writing the published files: atomically, and only when their content changed.

A web server publishes ``output/`` as it is, so a reader must never see a half-written file:
each file is written to a temporary file in the same folder, flushed and fsynced, then renamed
over the old one (rename is atomic on POSIX). An unchanged file is not touched at all.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import PublishError


def write_if_changed(path: Path, content: bytes) -> bool:
    """Atomically replace ``path`` with ``content`` unless it already holds exactly that."""
    try:
        if path.read_bytes() == content:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise PublishError(f"cannot read {path}: {exc.strerror}") from exc
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; the web server must read it
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise PublishError(
            f"cannot write {path}: {exc.strerror or exc}; the previous file is unchanged"
        ) from exc
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return True


def remove_leftovers(output_dir: Path) -> None:
    """Delete temporary files a killed process left behind (only ours: ``.<name>.<random>.tmp``).

    Safe because one process at a time holds the state lock and so publishes into this folder.
    """
    if not output_dir.is_dir():
        return
    for leftover in output_dir.rglob(".*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def publish_files(output_dir: Path, files: Mapping[str, bytes], *, stale: tuple[str, ...] = ()) -> list[str]:
    """Write every file of ``files`` (relative path -> bytes); return the paths that changed.

    ``stale``: relative paths of files this program wrote before that are no longer produced
    (e.g. a digest page beyond the current count); they are removed after the new files are in place.
    """
    changed = [
        name for name, content in sorted(files.items()) if write_if_changed(output_dir / name, content)
    ]
    for name in stale:
        if name not in files:
            try:
                (output_dir / name).unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise PublishError(f"cannot remove the stale {output_dir / name}: {exc.strerror}") from exc
            changed.append(name)
    return changed
