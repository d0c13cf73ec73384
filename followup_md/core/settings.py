"""Settings the engine and front ends are configured with, and their defaults.

Pure data: `config.py` reads the vault's `.followup.yaml` into these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from followup_md.core.durations import Duration

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
