"""Profiles: the timing that fits a relationship, and which one each contact gets.

A sales pipeline and a family need different rules. `professional` is the timing of
a working relationship (a recap after a meeting, a thank-you after an interview,
polite nudges when nobody answers); `personal` has no scenario rules and no nudges,
answers within two days and keeps weekends: a message to a friend is not a lead. A
vault may override either and add its own under `profiles:`; a profile that leaves a
key out takes it from `professional`, and its rules are merged over professional's.
The top-level `rules`, `nudges`, `reply_within` and `weekends` set the default profile
(`vault/config.py` files them under it when that is not professional). Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, replace
from typing import Any

from followup_md.core.durations import Duration, parse_duration
from followup_md.core.frozen import record
from followup_md.core.settings import DEFAULT_RULES, Settings, Weekends

PROFILE_KEYS = ("rules", "nudges", "reply_within", "weekends", "cadence")
"""What a profile sets; `rules`, `nudges`, `reply_within` and `weekends` are also top-level."""

TOP_LEVEL = ("rules", "nudges", "reply_within", "weekends")


@record
class Profile:
    """The timing settings one contact is planned with."""

    name: str
    rules: Mapping[str, Duration] = field(default_factory=lambda: dict(DEFAULT_RULES))
    nudges: tuple[Duration, ...] = (Duration(3), Duration(7), Duration(14))
    reply_within: Duration = Duration(1)
    weekends: Weekends = "skip"
    cadence: Duration | None = None
    """A default keep-in-touch interval for its contacts, if any."""


PROFESSIONAL = Profile("professional")
PERSONAL = Profile("personal", rules={}, nudges=(), reply_within=Duration(2), weekends="keep")
BUILT_IN: Mapping[str, Profile] = {"professional": PROFESSIONAL, "personal": PERSONAL}

BUILT_IN_TAGS: Mapping[str, str] = {
    "family": "personal",
    "friend": "personal",
    "friends": "personal",
    "personal": "personal",
}
"""Tags that choose a profile unless `tag_profile:` says otherwise."""


def resolve(settings: Settings) -> dict[str, Profile]:
    """Every profile by name, as the vault's settings define them."""
    top = {key: getattr(settings, key) for key in TOP_LEVEL}
    default = settings.default_profile
    professional = replace(PROFESSIONAL, **top) if default == "professional" else PROFESSIONAL
    found = {"professional": _overlay(professional, settings.profiles.get("professional"))}
    found["personal"] = _overlay(PERSONAL, settings.profiles.get("personal"))
    for name, override in settings.profiles.items():
        if name not in found:
            found[name] = _overlay(replace(found["professional"], name=name), override)
    return found


def _overlay(base: Profile, override: Mapping[str, Any] | None) -> Profile:
    """`base` with the keys `override` sets; its rules merged over base's (None removes)."""
    if not override:
        return base
    values = {key: value for key, value in override.items() if key != "rules"}
    if "rules" in override:
        rules = dict(base.rules)
        for rule_type, duration in override["rules"].items():
            if duration is None:
                rules.pop(rule_type, None)
            else:
                rules[rule_type] = duration
        values["rules"] = rules
    return replace(base, **values)


def profile_name_of(
    own: str | None, tags: tuple[str, ...], settings: Settings, known: Mapping[str, Profile]
) -> tuple[str, str | None]:
    """The profile a contact gets, and a problem when it names one that does not exist.

    Its own `profile:` wins; else the first of its tags that maps to a profile; else
    the default.
    """
    if own is not None:
        if own.lower() in known:
            return own.lower(), None
        choices = ", ".join(sorted(known))
        problem = f"unknown profile '{own}' (profiles: {choices}); the default is used"
        return settings.default_profile, problem
    by_tag = {**BUILT_IN_TAGS, **settings.tag_profile}
    for tag in tags:
        name = by_tag.get(tag.lower().lstrip("#"))
        if name is not None and name in known:
            return name, None
    return settings.default_profile, None


# ------------------------------------------------------------------ reading `profiles:`


def _interval(value: Any) -> Duration:
    """A keep-in-touch interval: a duration longer than zero."""
    duration = parse_duration(value)
    if duration == Duration():
        raise ValueError("a keep-in-touch interval must be longer than 0 days")
    return duration


def read_profiles(value: Any) -> dict[str, dict[str, Any]]:
    """`profiles:` from YAML: name -> the keys it sets, validated (for the config spec)."""
    from followup_md.core.settings import read_durations, read_weekends, rule_overrides

    if not isinstance(value, dict):
        raise ValueError("should be a mapping of profile names to settings")
    readers = {
        "rules": rule_overrides,
        "nudges": read_durations,
        "reply_within": parse_duration,
        "weekends": read_weekends,
        "cadence": _interval,
    }
    result: dict[str, dict[str, Any]] = {}
    for name, keys in value.items():
        label = str(name).strip().lower()
        if not isinstance(keys, dict):
            raise ValueError(f"profile '{label}' should be a mapping of its settings")
        result[label] = {}
        for key, item in keys.items():
            if key not in readers:
                raise ValueError(
                    f"profile '{label}': unknown key '{key}' (a profile sets "
                    f"{', '.join(PROFILE_KEYS)})"
                )
            if item is not None:
                try:
                    result[label][key] = readers[key](item)
                except (ValueError, TypeError) as exc:
                    raise ValueError(f"profile '{label}': '{key}': {exc}") from None
    return result


def place_top_level(values: dict[str, Any]) -> dict[str, Any]:
    """Configuration values with the top-level profile keys filed where they belong.

    Given at the top level, `rules`, `nudges`, `reply_within` and `weekends` set the
    default profile: they stay where they are for `professional` (so existing settings
    mean what they meant) and move under `profiles:` for another default. Raises
    ValueError naming both places when a key is set at the top level and under the
    default profile, and when a profile named elsewhere does not exist.
    """
    default = values.get("default_profile", "professional")
    profiles: dict[str, dict[str, Any]] = {
        name: dict(keys) for name, keys in values.get("profiles", {}).items()
    }
    known = {*BUILT_IN, *profiles}
    if default not in known:
        raise ValueError(
            f"default_profile '{default}' is not a profile ({', '.join(sorted(known))})"
        )
    for tag, name in values.get("tag_profile", {}).items():
        if name not in known:
            raise ValueError(
                f"tag_profile: tag '{tag}' names the profile '{name}', which does not exist "
                f"({', '.join(sorted(known))})"
            )
    given = [key for key in TOP_LEVEL if key in values]
    for key in given:
        if key in profiles.get(default, {}):
            raise ValueError(
                f"'{key}' is set twice: at the top level and under profiles: {default}; "
                "the top-level keys set the default profile, so keep one of them"
            )
    if default == "professional" or not given:
        return values
    moved = {key: value for key, value in values.items() if key not in given}
    # Top-level `rules` are merged over professional's; the profile takes what was written.
    written = {key: getattr(values[key], "written", values[key]) for key in given}
    profiles.setdefault(default, {}).update(written)
    moved["profiles"] = profiles
    return moved
