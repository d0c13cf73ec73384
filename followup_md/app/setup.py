"""`followup init`: make a folder a vault, and optionally record it as the user's vault."""

from __future__ import annotations

from pathlib import Path

from followup_md.core.config_spec import config_template
from followup_md.core.frozen import record
from followup_md.errors import WriteFailed
from followup_md.files import atomic_write
from followup_md.vault import user_config
from followup_md.vault.paths import CONFIG_FILE


@record
class Initialised:
    """What `init` did."""

    config_file: Path
    written: bool
    """False when the file was there already: it was left untouched."""
    recorded_in: Path | None = None
    """The user configuration the vault was recorded in, with --global."""


def init_vault(folder: Path, record_in: Path | None = None) -> Initialised:
    """Write `folder/.followup.yaml` from the settings template unless it exists (never
    replaced), creating `folder` if needed; with `record_in`, record the folder, absolute,
    as the `vault:` of that user configuration file. Raises WriteFailed."""
    root = folder.expanduser().absolute()
    target = root / CONFIG_FILE
    written = False
    try:
        root.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            try:
                atomic_write(target, config_template().encode("utf-8"), replace=False)
                written = True
            except FileExistsError:
                pass  # made meanwhile: left as it is
    except OSError as exc:
        raise WriteFailed(f"{exc.filename or target}: cannot write: {exc.strerror}") from None
    if record_in is not None:
        try:
            user_config.write_vault(record_in, root)
        except OSError as exc:
            raise WriteFailed(
                f"{exc.filename or record_in}: cannot write: {exc.strerror}"
            ) from None
    return Initialised(target, written, record_in)


@record
class BaseWritten:
    """What `init --base` did."""

    file: Path
    written: bool
    """False when the file was there already: it was left untouched."""
    synced: bool
    """Whether the vault's `sync_properties` is on (without it the views stay empty)."""


def write_base(folder: Path) -> BaseWritten:
    """Write `Follow-ups.base` beside the vault's agenda note, unless it exists (never
    replaced). Raises WriteFailed, and ConfigError for a broken .followup.yaml."""
    from followup_md.app.vaults import open_vault
    from followup_md.files import inside
    from followup_md.outputs.bases import BASE_FILE, base_text

    vault = open_vault(folder.expanduser().absolute())
    target = vault.agenda_path.parent / BASE_FILE
    synced = vault.settings.sync_properties
    if not inside(vault.root, target):
        raise WriteFailed(f"{target}: leads outside the vault {vault.root}; nothing was written")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, base_text().encode("utf-8"), replace=False)
    except FileExistsError:
        return BaseWritten(target, False, synced)  # there already (or made meanwhile)
    except OSError as exc:
        raise WriteFailed(f"{exc.filename or target}: cannot write: {exc.strerror}") from None
    return BaseWritten(target, True, synced)
