"""Settings: the defaults, and the vault's optional `.followup.yaml` over them.

An unknown key or a bad value is a ConfigError (exit 2) that names the key and
line, and nothing is written: a typo must not silently fall back to a default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from followup_md.core.settings import OPTIONS_BY_NAME, Settings
from followup_md.core.suggest import did_you_mean
from followup_md.errors import ConfigError
from followup_md.vault.paths import CONFIG_FILE


def load(vault: Path) -> Settings:
    """Read `vault/.followup.yaml` if there is one. Raises ConfigError."""
    file = vault / CONFIG_FILE
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read the configuration: {exc.strerror}") from None
    from followup_md.notes.frontmatter import decode  # YAML only when there is a file
    from followup_md.notes.yaml_fast import YamlError, load_yaml

    try:
        loaded = load_yaml(decode(raw))
    except UnicodeDecodeError:
        raise ConfigError(f"{file}: not valid UTF-8; save it with UTF-8 encoding") from None
    except YamlError as exc:
        where = f"{file}:{exc.line}" if exc.line else str(file)
        raise ConfigError(f"{where}: {exc.message}") from None
    if loaded.data is None:
        return Settings()
    if not isinstance(loaded.data, dict):
        raise ConfigError(f"{file}: the configuration must be a mapping of keys to values")
    for key, first, second in loaded.duplicates:
        raise ConfigError(
            f"{file}:{second}: '{key}' appears twice (lines {first} and {second}); keep one"
        )

    def located(key: str) -> str:
        line = loaded.key_lines.get(key)
        return f"{file}:{line}" if line else str(file)

    return from_mapping(loaded.data, located)


def from_mapping(data: Mapping[str, Any], where: Callable[[str], str] = str) -> Settings:
    """Validate a mapping of configuration keys into Settings. Raises ConfigError.

    Every key is read by its Option in `core.settings.OPTIONS`; an empty value keeps
    the default.
    """
    values: dict[str, Any] = {}
    for key, value in data.items():
        option = OPTIONS_BY_NAME.get(key) if isinstance(key, str) else None
        if option is None:
            hint = did_you_mean(str(key), OPTIONS_BY_NAME)
            known = ", ".join(OPTIONS_BY_NAME)
            raise ConfigError(f"{where(str(key))}: unknown key '{key}'.{hint} Known keys: {known}")
        if value is None:
            continue
        try:
            values[key] = option.read(value)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"{where(key)}: '{key}': {exc}") from None
    return Settings(**values)
