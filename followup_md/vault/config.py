"""Settings: the defaults, and the vault's optional `.followup.yaml` over them.

An unknown key or a bad value is a ConfigError (exit 2) that names the key and
line, and nothing is written: a typo must not silently fall back to a default.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup_md.core.config_spec import OPTIONS_BY_NAME
from followup_md.core.profiles import place_top_level
from followup_md.core.settings import Settings
from followup_md.errors import ConfigError
from followup_md.notes.limits import (
    MAX_FRONT_MATTER,
    MAX_INT_DIGITS,
    MAX_QUOTED,
    cut,
    quoted,
    reason,
)
from followup_md.vault.paths import CONFIG_FILE

if TYPE_CHECKING:
    from followup_md.notes.yaml_fast import Loaded


def load(vault: Path) -> Settings:
    """Read `vault/.followup.yaml` if there is one. Raises ConfigError."""
    file = vault / CONFIG_FILE
    loaded = read_yaml_file(file, "the configuration")
    if loaded is None:
        return Settings()
    if loaded.data is None:
        return Settings()
    if not isinstance(loaded.data, dict):
        raise ConfigError(f"{file}: the configuration must be a mapping of keys to values")
    for key, first, second in loaded.duplicates:
        raise ConfigError(
            f"{file}:{second}: '{cut(key)}' appears twice (lines {first} and {second}); keep one"
        )

    def located(key: str) -> str:
        line = loaded.key_lines.get(key)
        return f"{file}:{line}" if line else str(file)

    return from_mapping(loaded.data, located)


def read_yaml_file(file: Path, what: str) -> Loaded | None:
    """A small settings file of ours as YAML (None when there is none), read no further
    than a note's front matter may go, with the notes' safe loader. Raises ConfigError
    naming the file (and line) when it cannot be read."""
    try:
        with open(file, "rb") as handle:
            raw = handle.read(MAX_FRONT_MATTER + 1)  # no more than a note's front matter
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read {what}: {exc.strerror}") from None
    if len(raw) > MAX_FRONT_MATTER:
        raise ConfigError(f"{file}: {what} is over 1 MB; it holds a few settings")
    from followup_md.notes.frontmatter import decode  # YAML only when there is a file
    from followup_md.notes.yaml_fast import YamlError, load_yaml

    try:
        return load_yaml(decode(raw), what=what)
    except UnicodeDecodeError:
        raise ConfigError(f"{file}: not valid UTF-8; save it with UTF-8 encoding") from None
    except YamlError as exc:
        where = f"{file}:{exc.line}" if exc.line else str(file)
        raise ConfigError(f"{where}: {exc.message}") from None


def from_mapping(data: Mapping[str, Any], where: Callable[[str], str] = str) -> Settings:
    """Validate a mapping of configuration keys into Settings. Raises ConfigError.

    Every key is read by its Option in `core.config_spec.OPTIONS`; an empty value keeps
    the default.
    """
    values: dict[str, Any] = {}
    for key, value in data.items():
        option = OPTIONS_BY_NAME.get(key) if isinstance(key, str) else None
        if option is None:
            from followup_md.core.suggest import did_you_mean

            name = str(key)
            hint = did_you_mean(name, OPTIONS_BY_NAME) if len(name) <= MAX_QUOTED else ""
            known = ", ".join(OPTIONS_BY_NAME)
            raise ConfigError(
                f"{where(name)}: unknown key '{cut(name)}'.{hint} Known keys: {known}"
            )
        if value is None:
            continue
        number = _long_number(value)
        if number is not None:
            raise ConfigError(
                f"{where(key)}: '{key}': {quoted(number)} holds a number of more than "
                f"{MAX_INT_DIGITS} digits, which no setting takes"
            )
        try:
            values[key] = option.read(value)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"{where(key)}: '{key}': {reason(exc, value)}") from None
    try:
        values = place_top_level(values)
    except ValueError as exc:
        raise ConfigError(f"{where('profiles')}: {exc}") from None
    return Settings(**values)


_LONG_NUMBER = re.compile(rf"\d{{{MAX_INT_DIGITS + 1}}}")


def _long_number(value: object) -> str | None:
    """The first text in `value` with a number too long to convert, so none is converted.

    YAML keeps such numbers as text; an option that reads a number from text would
    meet Python's limit on converting long ones, whose message is no help here.
    """
    if isinstance(value, str):
        return value if _LONG_NUMBER.search(value) else None
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        for item in value:
            found = _long_number(item)
            if found is not None:
                return found
    return None
