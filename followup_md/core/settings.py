"""Settings the engine and front ends are configured with, and the one spec of them.

`OPTIONS` is the single source of every configuration fact besides the defaults
on `Settings`: each key's validator, its type and default as a user writes them,
and its meaning. `vault/config.py` applies it to `.followup.yaml`; the README's
table and the commented template are generated from it, so none can drift.
Pure: no I/O, and nothing outside `core/`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Literal

from followup_md.core.durations import DURATION_HELP, Duration, parse_duration, to_date
from followup_md.core.mentions import DailyNotes

DEFAULT_RULES: Mapping[str, Duration] = {
    # A note within 48 hours of meeting someone, while the conversation is fresh.
    "event": Duration(2),
    "conference": Duration(2),
    "networking": Duration(2),
    # A thank-you within 24 hours of an interview.
    "interview": Duration(1),
    # Recap and next steps within one to two days of a sales conversation.
    "sales": Duration(2),
    "call": Duration(2),
    "meeting": Duration(2),
    "demo": Duration(2),
    # Acknowledge feedback promptly.
    "feedback": Duration(1),
}

Weekends = Literal["skip", "keep"]
DeadlineShift = Literal["earlier", "later"]

CONVERSATIONS: frozenset[str] = frozenset(
    {"call", "meeting", "visit", "coffee", "lunch", "dinner", "video", "event", "conference",
     "networking", "interview", "sales", "demo"}
)  # fmt: skip
"""Types where both sides talked: such an interaction never waits for an answer, never
owes a reply; only a scenario rule (a recap, a thank-you) or the cadence follows it."""

MAX_HORIZON = 3660
"""Ten years ahead: further than any agenda needs, and within the calendar."""


@dataclass(frozen=True)
class Settings:
    """Everything the engine and the front ends may be configured with."""

    agenda_file: str = "Follow-ups.md"
    horizon: int = 7
    weekends: Weekends = "skip"
    holidays: frozenset[dt.date] = frozenset()
    reply_within: Duration = Duration(1)
    nudges: tuple[Duration, ...] = (Duration(3), Duration(7), Duration(14))
    rules: Mapping[str, Duration] = field(default_factory=lambda: dict(DEFAULT_RULES))
    tag_cadence: Mapping[str, Duration] = field(default_factory=dict)
    templates_folder: str = "templates"
    contacts_folder: str = ""
    contact_template: str | None = None
    conversations: frozenset[str] = CONVERSATIONS
    profiles: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Each profile's own settings as written (see core/profiles.py for what they mean)."""
    tag_profile: Mapping[str, str] = field(default_factory=dict)
    default_profile: str = "professional"
    deadline_shift: DeadlineShift = "earlier"
    stale_after: Duration = Duration(30)
    notify: bool = False
    """`followup watch` sends the daily digest as a desktop notification."""
    notify_at: dt.time = dt.time.fromisoformat("09:00")  # (a value, not the clock)
    """When, in local time, the watcher sends it."""
    tasks_tag: str = ""
    """A tag (`#followup`) every agenda line carries, for a Tasks global filter; "" none."""
    count_mentions: DailyNotes | None = None
    """None: mentions do not count. Else links in dated notes count as contact, and this
    says where the daily notes are (the vault fills it from Obsidian's settings)."""


# ------------------------------------------------------------------ validators
# Each turns a YAML value into a Settings value, or raises ValueError/TypeError
# saying what is accepted. An empty YAML value never reaches them: it keeps the default.


def _whole_days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_HORIZON:
        raise ValueError(f"{value!r} should be a whole number of days, 0 to {MAX_HORIZON}")
    return value


def read_weekends(value: Any) -> Weekends:
    if value == "skip":
        return "skip"
    if value == "keep":
        return "keep"
    raise ValueError(f"{value!r} should be 'skip' (move to Monday) or 'keep'")


def _holidays(value: Any) -> frozenset[dt.date]:
    if not isinstance(value, list):
        raise ValueError("should be a list of dates (YYYY-MM-DD)")
    return frozenset(to_date(item) for item in value)


def read_durations(value: Any) -> tuple[Duration, ...]:
    if not isinstance(value, list):
        raise ValueError(f"should be a list of durations, e.g. [3d, 7d, 14d] ({DURATION_HELP})")
    return tuple(parse_duration(item) for item in value)


def _duration_map(value: Any, allow_none: bool) -> dict[str, Duration | None]:
    """Keys as tags are matched: lower case, without a leading `#`."""
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


def rule_overrides(value: Any) -> dict[str, Duration | None]:
    """A profile's rules as written: type -> duration, or None to remove a rule."""
    return _duration_map(value, allow_none=True)


class MergedRules(dict[str, Duration]):
    """Top-level `rules` as read: merged over DEFAULT_RULES, and remembering what was
    `written`, so that a default profile other than professional takes only that."""

    written: Mapping[str, Duration | None] = {}


def _rules(value: Any) -> dict[str, Duration]:
    """Merged over DEFAULT_RULES, so a vault names only what it changes; `none` removes one."""
    merged = MergedRules(DEFAULT_RULES)
    merged.written = _duration_map(value, allow_none=True)
    for rule_type, duration in merged.written.items():
        if duration is None:
            merged.pop(rule_type, None)
        else:
            merged[rule_type] = duration
    return merged


def _tag_cadence(value: Any) -> dict[str, Duration]:
    read = {tag: d for tag, d in _duration_map(value, allow_none=False).items() if d is not None}
    for tag, duration in read.items():
        if duration == Duration():
            raise ValueError(f"'{tag}': a keep-in-touch interval must be longer than 0 days")
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


def _words(value: Any) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("should be a list of interaction types, e.g. [call, meeting, coffee]")
    return frozenset(item.strip().lower() for item in value if item.strip())


def _profile_name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("should be the name of a profile, e.g. professional or personal")
    return value.strip().lower()


def _tag_profile(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError("should be a mapping of tag to profile, e.g. {family: personal}")
    return {
        str(tag).strip().lower().lstrip("#"): _profile_name(name) for tag, name in value.items()
    }


def _deadline_shift(value: Any) -> DeadlineShift:
    if value == "earlier":
        return "earlier"
    if value == "later":
        return "later"
    raise ValueError(f"{value!r} should be 'earlier' (keep the deadline) or 'later'")


def _profiles(value: Any) -> dict[str, dict[str, Any]]:
    from followup_md.core.profiles import read_profiles  # profiles.py builds on this module

    return read_profiles(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} should be true or false")
    return value


def _mentions(value: Any) -> DailyNotes | None:
    """`true` turns mentions on, with Obsidian's default daily notes until the vault's own
    settings are read (`vault/daily_notes.py`)."""
    return DailyNotes() if _flag(value) else None


def _time_of_day(value: Any) -> dt.time:
    """`HH:MM`, 24-hour, local time."""
    text = value.strip() if isinstance(value, str) else ""
    hours, _, minutes = text.partition(":")
    valid = hours.isdigit() and len(hours) <= 2 and len(minutes) == 2 and minutes.isdigit()
    if valid and int(hours) < 24 and int(minutes) < 60:
        return dt.time.fromisoformat(f"{int(hours):02d}:{minutes}")
    raise ValueError(f'{value!r} should be a time of day as HH:MM, e.g. "09:00"')


_TAG = re.compile(r"#?([\w/-]+)")
"""Letters, digits, `_`, `-` and `/`: none of them ends a tag for Obsidian or the Tasks
plugin (whose `hashTags` expression stops at spaces and `!@#$%^&*(),.?":{}|<>`)."""


def _tasks_tag(value: Any) -> str:
    """One word, with or without its `#`, as `#word`; not only digits (Obsidian's rule)."""
    text = value.strip() if isinstance(value, str) else ""
    match = _TAG.fullmatch(text)
    if match is None or match[1].isdigit():
        raise ValueError(f'{value!r} should be one tag, e.g. "#followup"')
    return "#" + match[1]


def _optional_note(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("should be the vault path of a template note")
    text = value.strip()
    return _vault_path("note")(text if text.lower().endswith(".md") else text + ".md")


# ------------------------------------------------------------------ the spec


@dataclass(frozen=True)
class Option:
    """One `.followup.yaml` key: how it is read, and how the docs describe it."""

    name: str
    kind: str
    """The type in words, for the docs: "whole number of days", "list of durations"."""
    default: str
    """The default as a user would write it in YAML; "" when it is best left empty."""
    help: str
    """One line: what the setting means."""
    read: Callable[[Any], Any]
    """YAML value -> Settings value; raises ValueError or TypeError saying what is accepted."""
    example: str | None = None
    """A YAML value worth showing when the default does not illustrate the key."""


def _short(duration: Duration) -> str:
    if not duration.months:
        return f"{duration.days}d"
    return f"{duration.months}m" if not duration.days else str(duration)


def _flow_mapping(mapping: Mapping[str, Duration]) -> str:
    return "{" + ", ".join(f"{key}: {_short(d)}" for key, d in mapping.items()) + "}"


OPTIONS: tuple[Option, ...] = (
    Option("agenda_file", "note path in the vault", "Follow-ups.md",
           "where the agenda note is written", _vault_path("note", ".md")),
    Option("horizon", f"whole number of days, 0 to {MAX_HORIZON}", "7",
           'days ahead counted as "upcoming"', _whole_days),
    Option("weekends", "skip or keep", "skip",
           "skip: move computed dates off weekends to the Monday; keep: leave them",
           read_weekends),
    Option("holidays", "list of dates (YYYY-MM-DD)", "[]",
           "computed dates on these days move to the next working day", _holidays,
           example="[2026-12-24, 2026-12-25]"),
    Option("reply_within", "duration", _short(Settings.reply_within),
           "how soon to answer when they reached out", parse_duration),
    Option("nudges", "list of durations", "[" + ", ".join(map(_short, Settings.nudges)) + "]",
           'gaps between unanswered messages; after the last, the contact has "gone quiet"',
           read_durations),
    Option("rules", "mapping of interaction type to duration", _flow_mapping(DEFAULT_RULES),
           "how soon to follow up after each type; merged over the defaults, none removes one",
           _rules, example="{coffee: 3d, call: none}"),
    Option("tag_cadence", "mapping of tag to duration", "{}",
           "keep-in-touch interval for contacts with these tags (the shortest one wins)",
           _tag_cadence, example="{family: 14d, friends: 30d}"),
    Option("templates_folder", "folder path in the vault", "templates",
           "notes in this folder are never read as contacts", _vault_path("folder")),
    Option("contacts_folder", "folder path in the vault", "",
           "where new contacts are created; empty: the vault root", _vault_path("folder"),
           example="People"),
    Option("contact_template", "note path in the vault", "",
           "a note used as the template for new contacts (.md may be left out)",
           _optional_note, example="templates/Contact"),
    Option("conversations", "list of interaction types",
           "[" + ", ".join(sorted(CONVERSATIONS)) + "]",
           "types where both sides talked: never a nudge or a reply after them; replaces the list",
           _words),
    Option("profiles", "mapping of profile name to its settings", "{}",
           "override professional or personal, or add a profile (rules, nudges, reply_within, "
           "weekends, cadence)", _profiles,
           example="{personal: {cadence: 30d}, mentor: {nudges: [7d], cadence: 60d}}"),
    Option("tag_profile", "mapping of tag to profile", "{}",
           "tags that choose a profile; merged over family, friend, friends, personal -> personal",
           _tag_profile, example="{client: professional, mentor: mentor}"),
    Option("default_profile", "profile name", "professional",
           "the profile of contacts that neither name one nor have a tag choosing one",
           _profile_name),
    Option("deadline_shift", "earlier or later", "earlier",
           "a thank-you or reply due on a skipped day moves to the working day before it "
           "(earlier) or after it (later)", _deadline_shift),
    Option("stale_after", "duration", "30d",
           "a follow-up overdue by more than this moves from Overdue to Missed", parse_duration),
    Option("notify", "true or false", "false",
           "`followup watch` shows the daily digest as a desktop notification (as --notify)",
           _flag),
    Option("notify_at", "time of day (HH:MM, local)", '"09:00"',
           "when `followup watch` sends the daily digest; later if it starts later",
           _time_of_day),
    Option("tasks_tag", "tag", "",
           "a tag every agenda line carries, for a Tasks plugin global filter", _tasks_tag,
           example='"#followup"'),
    Option("count_mentions", "true or false", "false",
           "a link to a contact in a daily note or a note with a `date` counts as contact on "
           "that date, for the cadence only", _mentions),
)  # fmt: skip

OPTIONS_BY_NAME: Mapping[str, Option] = {option.name: option for option in OPTIONS}


# ------------------------------------------------------------------ docs from the spec


def config_table() -> str:
    """The README's Markdown table of every key: key, type, default, meaning."""
    lines = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    for option in OPTIONS:
        default = f"`{option.default}`" if option.default else "(empty)"
        cells = (f"`{option.name}`", option.kind, default, option.help)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def config_template() -> str:
    """A `.followup.yaml` with every key commented out at its default, and what it means.

    Loading it as is gives the defaults; uncommenting a key's line gives them too.
    """
    lines = [
        "# followup settings for this vault. Every key is optional: uncomment a line",
        "# and change its value; an empty value keeps the default.",
    ]
    for option in OPTIONS:
        example = f", e.g. {option.example}" if option.example is not None else ""
        lines += [
            "",
            f"# {option.help[:1].upper()}{option.help[1:]}.",
            f"# Type: {option.kind}{example}.",
            f"# {option.name}: {option.default}".rstrip(),
        ]
    return "\n".join(lines) + "\n"
