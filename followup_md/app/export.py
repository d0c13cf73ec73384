"""Exports of the agenda for other tools, in a registry by format (`ics` for calendars).

An export is computed through the same agenda pipeline as the agenda note, and written
like it: atomically, only when its content changed, and never over a file followup did
not write (a file of the user's at that path is refused with how to resolve it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

from followup_md.app.vaults import Vault
from followup_md.core.frozen import record
from followup_md.core.model import Agenda, AgendaItem
from followup_md.errors import ConfigError, WriteFailed
from followup_md.files import inside, write_if_changed
from followup_md.outputs import ics

DEFAULT_ICS = "Follow-ups.ics"


@record
class Export:
    data: bytes
    items: tuple[AgendaItem, ...]
    """The follow-ups it holds."""
    path: Path | None
    """Where it goes; None for standard output."""
    today: dt.date


def ics_options(vault: Vault, horizon: int = 30, **given: object) -> ics.IcsOptions:
    """The calendar's options for this vault: UIDs keyed by it, links when it is Obsidian's."""
    obsidian = vault.root.name if (vault.root / ".obsidian").is_dir() else None
    return ics.IcsOptions(
        horizon=horizon,
        vault_key=str(vault.root),
        obsidian_vault=obsidian,
        **given,  # type: ignore[arg-type]
    )


def export_ics(vault: Vault, agenda: Agenda, options: ics.IcsOptions, path: Path | None) -> Export:
    """The agenda's follow-ups as an iCalendar file bound for `path`."""
    items = tuple(ics.included(agenda, options.horizon))
    return Export(ics.calendar(agenda, options), items, path, agenda.today)


EXPORTERS: Mapping[str, Callable[[Vault, Agenda, ics.IcsOptions, Path | None], Export]] = {
    "ics": export_ics,
}
"""Each export format by name; `followup export NAME` offers these."""


def agenda_for(vault: Vault, today: dt.date, horizon: int) -> Agenda:
    """The agenda an export needs: every follow-up up to `horizon` days ahead."""
    from followup_md.app.agenda import AgendaPipeline  # (which keeps the `ics_file` with us)

    return AgendaPipeline(vault).agenda(today, horizon)


def default_path(vault: Vault) -> Path:
    return vault.root / (vault.settings.ics_file or DEFAULT_ICS)


def write(export: Export) -> bool:
    """Write the export if its content changed; True when it was written."""
    target = export.path
    assert target is not None
    try:
        head = target.read_bytes()[:64]
    except FileNotFoundError:
        head = None
    except IsADirectoryError:
        raise ConfigError(f"{target} is a folder; give a file's path") from None
    except OSError:
        head = None
    if head and not head.startswith(b"BEGIN:VCALENDAR"):
        raise WriteFailed(
            f"{target} exists and is not a calendar file, so it was not replaced: "
            "give another path, or remove that file"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return write_if_changed(target, export.data)
    except OSError as exc:
        raise WriteFailed(f"cannot write {target}: {exc.strerror or exc}") from None


def kept_file(vault: Vault) -> Path | None:
    """The calendar the watcher keeps current (`ics_file`), inside the vault; else None."""
    name = vault.settings.ics_file
    if not name:
        return None
    target = vault.root / name
    return target if inside(vault.root, target) else None
