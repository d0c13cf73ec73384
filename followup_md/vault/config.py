"""Settings: the defaults, and the vault's optional `.followup.yaml` over them.

An unknown key or a bad value is a ConfigError (exit 2) that names the key and
line, and nothing is written: a typo must not silently fall back to a default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import fields
from pathlib import Path, PurePosixPath
from typing import Any

from followup_md.core.durations import DURATION_HELP, Duration, parse_duration, to_date
from followup_md.core.settings import DEFAULT_RULES, Settings, Weekends
from followup_md.errors import ConfigError

CONFIG_FILE = ".followup.yaml"

KEYS = tuple(f.name for f in fields(Settings))


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
    """Validate a mapping of configuration keys into Settings. Raises ConfigError."""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _READERS:
            known = ", ".join(KEYS)
            raise ConfigError(f"{where(str(key))}: unknown key '{key}'. Known keys: {known}")
        if value is None:
            continue  # an empty value keeps the default
        try:
            values[key] = _READERS[key](value)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"{where(key)}: '{key}': {exc}") from None
    if "rules" in values:
        merged = dict(DEFAULT_RULES)
        for rule_type, duration in values["rules"].items():
            if duration is None:
                merged.pop(rule_type, None)
            else:
                merged[rule_type] = duration
        values["rules"] = merged
    return Settings(**values)


MAX_HORIZON = 3660
"""Ten years ahead: further than any agenda needs, and within the calendar."""


def _whole_days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_HORIZON:
        raise ValueError(f"{value!r} should be a whole number of days, 0 to {MAX_HORIZON}")
    return value


def _weekends(value: Any) -> Weekends:
    if value == "skip":
        return "skip"
    if value == "keep":
        return "keep"
    raise ValueError(f"{value!r} should be 'skip' (move to Monday) or 'keep'")


def _holidays(value: Any) -> frozenset[dt.date]:
    if not isinstance(value, list):
        raise ValueError("should be a list of dates (YYYY-MM-DD)")
    return frozenset(to_date(item) for item in value)


def _duration(value: Any) -> Duration:
    return parse_duration(value)


def _durations(value: Any) -> tuple[Duration, ...]:
    if not isinstance(value, list):
        raise ValueError(f"should be a list of durations, e.g. [3d, 7d, 14d] ({DURATION_HELP})")
    return tuple(parse_duration(item) for item in value)


def _duration_map(allow_none: bool) -> Callable[[Any], dict[str, Duration | None]]:
    def read(value: Any) -> dict[str, Duration | None]:
        if not isinstance(value, dict):
            raise ValueError("should be a mapping, e.g. {interview: 1d, coffee: 3d}")
        result: dict[str, Duration | None] = {}
        for name, duration in value.items():
            key = str(name).strip().lower().lstrip("#")
            if allow_none and (duration is None or str(duration).lower() == "none"):
                result[key] = None
                continue
            try:
                result[key] = parse_duration(duration)
            except ValueError as exc:
                raise ValueError(f"'{name}': {exc}") from None
        return result

    return read


def _vault_path(kind: str, suffix: str | None = None) -> Callable[[Any], str]:
    """A path inside the vault, written with `/`; never absolute, never `..`."""

    def read(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"should be a {kind} path inside the vault")
        text = value.strip().replace("\\", "/")
        path = PurePosixPath(text)
        if path.is_absolute() or ".." in path.parts or text[1:3] == ":/":
            raise ValueError(f"{value!r} must be a {kind} path inside the vault, relative to it")
        normal = "/".join(part for part in path.parts if part not in ("", "."))
        if suffix and not normal.lower().endswith(suffix):
            raise ValueError(f"{value!r} should end with {suffix}")
        return normal

    return read


def _optional_note(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("should be the vault path of a template note")
    text = value.strip()
    return _vault_path("note")(text if text.lower().endswith(".md") else text + ".md")


_READERS: dict[str, Callable[[Any], Any]] = {
    "agenda_file": _vault_path("note", ".md"),
    "horizon": _whole_days,
    "weekends": _weekends,
    "holidays": _holidays,
    "reply_within": _duration,
    "nudges": _durations,
    "rules": _duration_map(allow_none=True),
    "tag_cadence": _duration_map(allow_none=False),
    "templates_folder": _vault_path("folder"),
    "contacts_folder": _vault_path("folder"),
    "contact_template": _optional_note,
}
assert set(_READERS) == set(KEYS), "every Settings field needs a reader"
