"""Opening a vault: the folder checked, and the settings read from its `.followup.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from followup_md.core.settings import Settings
from followup_md.errors import (
    VaultError,
)
from followup_md.vault import config


@dataclass(frozen=True)
class Vault:
    """A vault folder and the settings read from its `.followup.yaml`."""

    root: Path
    settings: Settings

    @property
    def agenda_path(self) -> Path:
        return self.root / self.settings.agenda_file


def open_vault(path: Path) -> Vault:
    """Check the folder and load its configuration. Raises VaultError, ConfigError."""
    root = path.expanduser()
    if not root.exists():
        raise VaultError(
            f"vault folder {root} does not exist; pass --vault DIR or set FOLLOWUP_VAULT"
        )
    if not root.is_dir():
        raise VaultError(f"{root} is not a folder; --vault takes the folder that holds your notes")
    return Vault(root.resolve(), config.load(root))
