"""Opening a vault: the folder checked, and the settings read from its `.followup.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from followup_md.core.settings import Settings
from followup_md.errors import (
    VaultError,
)
from followup_md.vault import config, paths


@dataclass(frozen=True)
class Vault:
    """A vault folder and the settings read from its `.followup.yaml`."""

    root: Path
    settings: Settings

    config_file: ClassVar[str] = paths.CONFIG_FILE

    @property
    def agenda_path(self) -> Path:
        return self.root / self.settings.agenda_file

    # The vault's path policy, for front ends that see paths (the watcher's events).

    def is_note(self, rel: str) -> bool:
        """Whether the vault-relative path `rel` is a note that is read."""
        return paths.is_note_path(rel, self.settings)

    def is_read_folder(self, rel: str) -> bool:
        """Whether the notes in the folder `rel` are read."""
        return not paths.is_skipped_folder(rel, self.settings)

    @staticmethod
    def is_hidden(name: str) -> bool:
        """A dot file or folder: never a note, never searched for notes."""
        return paths.is_hidden(name)

    def is_agenda_note(self, rel: str) -> bool:
        return paths.is_agenda_note(rel, self.settings)


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
