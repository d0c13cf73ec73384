"""Settings the engine and front ends are configured with, their defaults, and how each
is read from its YAML value (the readers `core/config_spec.py` names for every key).

Pure: no I/O, and nothing outside `core/`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import PurePosixPath
from typing import Any, Literal

from followup_md.core.durations import DURATION_HELP, Duration, parse_duration, to_date
from followup_md.core.frozen import record
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


@record
class Settings:
    """Everything the engine and the front ends may be configured with."""

    agenda_file: str = "Follow-ups.md"
    horizon: int = 7
    agenda_lines: int = 50
    """Lines the agenda note lists in each of Later, Missed and Gone quiet; 0: all."""
    weekends: Weekends = "skip"
    holidays: frozenset[dt.date] = frozenset()
    reply_within: Duration = Duration(1)
    nudges: tuple[Duration, ...] = (Duration(3), Duration(7), Duration(14))
    rules: Mapping[str, Duration] = field(default_factory=lambda: dict(DEFAULT_RULES))
    tag_cadence: Mapping[str, Duration] = field(default_factory=dict)
    templates_folder: str = "templates"
    contacts_folder: str = ""
    contact_template: str | None = None
    drafts_folder: str = "templates/followup"
    """Where a vault's own drafts (`thank-you.md`, ...) override the built-in ones."""
    ics_file: str = ""
    """A calendar file (`.ics`) in the vault that `followup watch` keeps current; "" none."""
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
    sync_properties: bool = False
    """Keep the flat properties of core/properties.py current in every contact note."""
    reply_window: Duration = Duration(14)
    """`followup stats`: a message counts as answered when a reply came within this."""
    stats_file: str = "Follow-up stats.md"
    """Where `followup stats --write` writes the stats note."""
    count_mentions: DailyNotes | None = None
    """None: mentions do not count. Else links in dated notes count as contact, and this
    says where the daily notes are (the vault fills it from Obsidian's settings)."""
    me: tuple[str, ...] = ()
    """Your own email addresses, lower case: `sync` tells your mail from theirs."""
    sync: tuple[str, ...] = ()
    """Mail folders and calendar files `followup watch` syncs when they change (as written;
    they may be outside the vault, and are only read)."""
    sync_max_recipients: int = 10
    """`sync` skips a message or event with more contacts than this: a newsletter."""


# ------------------------------------------------------------------ validators
# Each turns a YAML value into a Settings value, or raises ValueError/TypeError
# saying what is accepted. An empty YAML value never reaches them: it keeps the default.


def read_whole_days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_HORIZON:
        raise ValueError(f"{value!r} should be a whole number of days, 0 to {MAX_HORIZON}")
    return value


def read_line_count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
        raise ValueError(f"{value!r} should be a whole number of lines (0: all)")
    return value


def read_weekends(value: Any) -> Weekends:
    if value == "skip":
        return "skip"
    if value == "keep":
        return "keep"
    raise ValueError(f"{value!r} should be 'skip' (move to Monday) or 'keep'")


def read_holidays(value: Any) -> frozenset[dt.date]:
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


def read_rules(value: Any) -> dict[str, Duration]:
    """Merged over DEFAULT_RULES, so a vault names only what it changes; `none` removes one."""
    merged = MergedRules(DEFAULT_RULES)
    merged.written = _duration_map(value, allow_none=True)
    for rule_type, duration in merged.written.items():
        if duration is None:
            merged.pop(rule_type, None)
        else:
            merged[rule_type] = duration
    return merged


def read_tag_cadence(value: Any) -> dict[str, Duration]:
    read = {tag: d for tag, d in _duration_map(value, allow_none=False).items() if d is not None}
    for tag, duration in read.items():
        if duration == Duration():
            raise ValueError(f"'{tag}': a keep-in-touch interval must be longer than 0 days")
    return read


def read_vault_path(kind: str, suffix: str | None = None) -> Callable[[Any], str]:
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


def read_words(value: Any) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("should be a list of interaction types, e.g. [call, meeting, coffee]")
    return frozenset(item.strip().lower() for item in value if item.strip())


def read_profile_name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("should be the name of a profile, e.g. professional or personal")
    return value.strip().lower()


def read_tag_profile(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError("should be a mapping of tag to profile, e.g. {family: personal}")
    return {
        str(tag).strip().lower().lstrip("#"): read_profile_name(name) for tag, name in value.items()
    }


def read_deadline_shift(value: Any) -> DeadlineShift:
    if value == "earlier":
        return "earlier"
    if value == "later":
        return "later"
    raise ValueError(f"{value!r} should be 'earlier' (keep the deadline) or 'later'")


def read_profile_settings(value: Any) -> dict[str, dict[str, Any]]:
    from followup_md.core.profiles import read_profiles  # profiles.py builds on this module

    return read_profiles(value)


def read_flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} should be true or false")
    return value


def read_mentions(value: Any) -> DailyNotes | None:
    """`true` turns mentions on, with Obsidian's default daily notes until the vault's own
    settings are read (`vault/daily_notes.py`)."""
    return DailyNotes() if read_flag(value) else None


def time_of_day(value: Any) -> dt.time:
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


def read_tasks_tag(value: Any) -> str:
    """One word, with or without its `#`, as `#word`; not only digits (Obsidian's rule)."""
    text = value.strip() if isinstance(value, str) else ""
    match = _TAG.fullmatch(text)
    if match is None or match[1].isdigit():
        raise ValueError(f'{value!r} should be one tag, e.g. "#followup"')
    return "#" + match[1]


def read_optional_note(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("should be the vault path of a template note")
    text = value.strip()
    return read_vault_path("note")(text if text.lower().endswith(".md") else text + ".md")


def read_addresses(value: Any) -> tuple[str, ...]:
    """A list of email addresses (one alone is taken too), kept in lower case."""
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        text = item.strip().lower() if isinstance(item, str) else ""
        text = text.removeprefix("mailto:")
        if text.count("@") != 1 or text.startswith("@") or text.endswith("@") or " " in text:
            raise ValueError(f"{item!r} is not an email address; write it as you@example.com")
        found.append(text)
    return tuple(dict.fromkeys(found))


def read_paths(value: Any) -> tuple[str, ...]:
    """A list of paths (one alone is taken too), as written; `~` is the home folder."""
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str) and item.strip() for item in items):
        raise ValueError("should be a list of paths, e.g. [~/Mail/work, ~/calendar.ics]")
    return tuple(item.strip() for item in items)


def read_count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{value!r} should be a whole number, 1 or more")
    return value
