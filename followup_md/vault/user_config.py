"""The user configuration: one small YAML file outside every vault, naming the vault to
use when none is given and none is found above the current folder.

    vault: /home/me/notes

Read with the notes' YAML loader; written whole, atomically (it holds only `vault`).
"""

from __future__ import annotations

import json
from pathlib import Path

from followup_md.errors import ConfigError
from followup_md.files import atomic_write
from followup_md.notes.limits import cut

KEYS = ("vault",)
"""The keys the user configuration may hold."""


def read_vault(file: Path) -> Path | None:
    """The `vault:` of the user configuration `file`, or None when there is no file or
    no `vault`. Raises ConfigError naming the file (and line) when it cannot be used."""
    from followup_md.vault.config import read_yaml_file

    loaded = read_yaml_file(file, "the user configuration")
    if loaded is None:
        return None
    data = loaded.data
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ConfigError(
            f"{file}: the user configuration must be a mapping, like `vault: ~/notes`"
        )
    for key in data:
        if key not in KEYS:
            line = loaded.key_lines.get(key)
            where = f"{file}:{line}" if line else str(file)
            raise ConfigError(f"{where}: '{cut(str(key))}' is not a setting here (only vault)")
    value = data.get("vault")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        line = loaded.key_lines.get("vault")
        where = f"{file}:{line}" if line else str(file)
        raise ConfigError(f"{where}: vault must be the path of a folder, like `vault: ~/notes`")
    return Path(value.strip()).expanduser()


def write_vault(file: Path, vault: Path) -> None:
    """Record `vault` (absolute) in the user configuration `file`, replacing an earlier one."""
    file.parent.mkdir(parents=True, exist_ok=True)
    text = (
        "# followup-md user configuration, written by `followup init --global`.\n"
        "# The vault used when neither --vault nor FOLLOWUP_VAULT is given and no\n"
        "# folder above the current one holds .followup.yaml or .obsidian/.\n"
        f"vault: {json.dumps(str(vault), ensure_ascii=False)}\n"
    )
    atomic_write(file, text.encode("utf-8"))
