"""Opening a vault: the folder checked, the settings read from its `.followup.yaml`, and
the files excluded in Obsidian read from `.obsidian/app.json`."""

from __future__ import annotations

from dataclasses import field, replace
from pathlib import Path
from typing import ClassVar

from followup_md.core.frozen import record
from followup_md.core.settings import Settings
from followup_md.errors import (
    VaultError,
)
from followup_md.vault import config, obsidian, paths, user_config
from followup_md.vault.daily_notes import DAILY_FILE, daily_notes


@record
class Vault:
    """A vault folder, the settings read from its `.followup.yaml`, and what its owner
    excluded in Obsidian (skipped by every command, as dot folders are)."""

    root: Path
    settings: Settings
    ignore: paths.IgnoreFilters = field(default=paths.NO_FILTERS)

    config_file: ClassVar[str] = paths.CONFIG_FILE
    obsidian_file: ClassVar[str] = obsidian.APP_FILE
    """Obsidian's settings: a change to its excluded files is a settings change."""
    settings_files: ClassVar[tuple[str, ...]] = (config_file, obsidian_file, DAILY_FILE)
    """A change to any of these is a settings change (the daily notes' place, for mentions)."""

    @property
    def agenda_path(self) -> Path:
        return self.root / self.settings.agenda_file

    # The vault's path policy, for front ends that see paths (the watcher's events).

    def is_note(self, rel: str) -> bool:
        """Whether the vault-relative path `rel` is a note that is read."""
        return paths.is_note_path(rel, self.settings, self.ignore)

    def is_read_folder(self, rel: str) -> bool:
        """Whether the notes in the folder `rel` are read."""
        return not paths.is_skipped_folder(rel, self.settings, self.ignore)

    @staticmethod
    def is_hidden(name: str) -> bool:
        """A dot file or folder: never a note, never searched for notes."""
        return paths.is_hidden(name)

    def is_agenda_note(self, rel: str) -> bool:
        return paths.is_agenda_note(rel, self.settings)


def open_vault(path: Path, source: str = "--vault") -> Vault:
    """Check the folder and load its configuration. Raises VaultError, ConfigError.

    `source` names where the path came from, for the messages: `--vault`,
    `FOLLOWUP_VAULT`, or the user configuration file."""
    root = path.expanduser()
    prefix = "" if source == "--vault" else f"{source}: "
    if not root.exists():
        raise VaultError(
            f"{prefix}vault folder {root} does not exist; pass --vault DIR or set FOLLOWUP_VAULT"
        )
    if not root.is_dir():
        raise VaultError(
            f"{prefix}{root} is not a folder; --vault takes the folder that holds your notes"
        )
    settings = config.load(root)
    ignore = obsidian.ignore_filters(root)
    if settings.count_mentions is not None:
        daily, trouble = daily_notes(root)
        settings = replace(settings, count_mentions=daily)
        # Listed where discovery lists every problem with Obsidian's settings files.
        ignore = replace(ignore, problems=(*ignore.problems, *trouble))
    return Vault(root.resolve(), settings, ignore)


NO_VAULT = (
    "no vault found. Either pass --vault DIR (or set FOLLOWUP_VAULT); or run followup "
    "inside a vault, a folder holding .followup.yaml or .obsidian/ (`followup init` makes "
    "one); or record your vault once with `followup init --global DIR`"
)


def find_vault(start: Path, user_config_file: Path) -> tuple[Path, str]:
    """The vault when none was given, as git finds a repository, and where it came from.

    The nearest folder from `start` up holding `.followup.yaml` or `.obsidian/`; else the
    `vault:` of the user configuration. Raises VaultError (exit 2) naming the three ways
    when there is neither, ConfigError when the user configuration cannot be used.
    """
    here = start.absolute()
    for folder in (here, *here.parents):
        if (folder / paths.CONFIG_FILE).is_file() or (folder / ".obsidian").is_dir():
            return folder, "--vault"
    configured = user_config.read_vault(user_config_file)
    if configured is not None:
        return configured, str(user_config_file)
    raise VaultError(NO_VAULT)
