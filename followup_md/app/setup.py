"""`followup init`: make a folder a vault, and optionally record it as the user's vault."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from followup_md.core.settings import config_template
from followup_md.errors import WriteFailed
from followup_md.files import atomic_write
from followup_md.vault import user_config
from followup_md.vault.paths import CONFIG_FILE


@dataclass(frozen=True)
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
