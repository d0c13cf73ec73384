"""THE config spec: every `.followup.yaml` key with its reader, type, default and meaning.

`OPTIONS` is the single source of every configuration fact besides the defaults on
`Settings`: `vault/config.py` applies it to `.followup.yaml`; the README's table and the
commented template `init` writes are generated from it, so none can drift. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from followup_md.core.durations import Duration, parse_duration
from followup_md.core.frozen import record
from followup_md.core.settings import (
    CONVERSATIONS,
    DEFAULT_RULES,
    MAX_HORIZON,
    Settings,
    read_addresses,
    read_count,
    read_deadline_shift,
    read_durations,
    read_flag,
    read_holidays,
    read_line_count,
    read_mentions,
    read_optional_note,
    read_paths,
    read_profile_name,
    read_profile_settings,
    read_rules,
    read_tag_cadence,
    read_tag_profile,
    read_tasks_tag,
    read_vault_path,
    read_weekends,
    read_whole_days,
    read_words,
    time_of_day,
)

# ------------------------------------------------------------------ the spec


@record
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
           "where the agenda note is written", read_vault_path("note", ".md")),
    Option("horizon", f"whole number of days, 0 to {MAX_HORIZON}", "7",
           'days ahead counted as "upcoming"', read_whole_days),
    Option("agenda_lines", "whole number of lines (0: all)", "50",
           "the agenda note lists this many lines under Later, Missed and Gone quiet, then "
           "how many more (`followup agenda --all` writes them all)", read_line_count),
    Option("weekends", "skip or keep", "skip",
           "skip: move computed dates off weekends to the Monday; keep: leave them",
           read_weekends),
    Option("holidays", "list of dates (YYYY-MM-DD)", "[]",
           "computed dates on these days move to the next working day", read_holidays,
           example="[2026-12-24, 2026-12-25]"),
    Option("reply_within", "duration", _short(Settings.reply_within),
           "how soon to answer when they reached out", parse_duration),
    Option("nudges", "list of durations", "[" + ", ".join(map(_short, Settings.nudges)) + "]",
           'gaps between unanswered messages; after the last, the contact has "gone quiet"',
           read_durations),
    Option("rules", "mapping of interaction type to duration", _flow_mapping(DEFAULT_RULES),
           "how soon to follow up after each type; merged over the defaults, none removes one",
           read_rules, example="{coffee: 3d, call: none}"),
    Option("tag_cadence", "mapping of tag to duration", "{}",
           "keep-in-touch interval for contacts with these tags (the shortest one wins)",
           read_tag_cadence, example="{family: 14d, friends: 30d}"),
    Option("templates_folder", "folder path in the vault", "templates",
           "notes in this folder are never read as contacts", read_vault_path("folder")),
    Option("contacts_folder", "folder path in the vault", "",
           "where new contacts are created; empty: the vault root", read_vault_path("folder"),
           example="People"),
    Option("contact_template", "note path in the vault", "",
           "a note used as the template for new contacts (.md may be left out)",
           read_optional_note, example="templates/Contact"),
    Option("drafts_folder", "folder path in the vault", "templates/followup",
           "`followup draft` uses a note here named like a built-in draft (thank-you.md) "
           "instead of it", read_vault_path("folder")),
    Option("ics_file", "file path in the vault, ending .ics", "",
           "`followup watch` keeps this calendar of follow-ups current; the default file of "
           "`followup export ics`", read_vault_path("file", ".ics"), example="Follow-ups.ics"),
    Option("conversations", "list of interaction types",
           "[" + ", ".join(sorted(CONVERSATIONS)) + "]",
           "types where both sides talked: never a nudge or a reply after them; replaces the list",
           read_words),
    Option("profiles", "mapping of profile name to its settings", "{}",
           "override professional or personal, or add a profile (rules, nudges, reply_within, "
           "weekends, cadence)", read_profile_settings,
           example="{personal: {cadence: 30d}, mentor: {nudges: [7d], cadence: 60d}}"),
    Option("tag_profile", "mapping of tag to profile", "{}",
           "tags that choose a profile; merged over family, friend, friends, personal -> personal",
           read_tag_profile, example="{client: professional, mentor: mentor}"),
    Option("default_profile", "profile name", "professional",
           "the profile of contacts that neither name one nor have a tag choosing one",
           read_profile_name),
    Option("deadline_shift", "earlier or later", "earlier",
           "a thank-you or reply due on a skipped day moves to the working day before it "
           "(earlier) or after it (later)", read_deadline_shift),
    Option("stale_after", "duration", "30d",
           "a follow-up overdue by more than this moves from Overdue to Missed", parse_duration),
    Option("notify", "true or false", "false",
           "`followup watch` shows the daily digest as a desktop notification (as --notify)",
           read_flag),
    Option("notify_at", "time of day (HH:MM, local)", '"09:00"',
           "when `followup watch` sends the daily digest; later if it starts later",
           time_of_day),
    Option("tasks_tag", "tag", "",
           "a tag every agenda line carries, for a Tasks plugin global filter", read_tasks_tag,
           example='"#followup"'),
    Option("sync_properties", "true or false", "false",
           "keep last_contact, next_follow_up, followup_profile and followup_state current in "
           "each contact note, for Obsidian's property panel and Bases (see `init --base`)",
           read_flag),
    Option("reply_window", "duration", "14d",
           "`followup stats`: a message counts as answered when a reply came within this",
           parse_duration),
    Option("stats_file", "note path in the vault", "Follow-up stats.md",
           "where `followup stats --write` writes the stats note", read_vault_path("note", ".md")),
    Option("count_mentions", "true or false", "false",
           "a link to a contact in a daily note or a note with a `date` counts as contact on "
           "that date, for the cadence only", read_mentions),
    Option("me", "list of email addresses", "[]",
           "your own addresses: `followup sync` tells your mail (out) from theirs (in); "
           "sync needs it", read_addresses, example="[me@example.com, me@work.example]"),
    Option("sync", "list of paths (may be outside the vault)", "[]",
           "mail folders (Maildir, mbox, .eml) and .ics files `followup watch` syncs when "
           "they change; only read", read_paths, example="[~/Mail/work, ~/calendar.ics]"),
    Option("sync_max_recipients", "whole number", "10",
           "`followup sync` skips a message or event with more contacts than this",
           read_count),
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
