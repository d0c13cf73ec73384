"""`.followup.yaml`: defaults, every key, and clear errors that name the key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from followup_md.core.durations import Duration
from followup_md.core.settings import DEFAULT_RULES, Settings
from followup_md.errors import ConfigError
from followup_md.vault import config


def load(vault: Path, text: str) -> Settings:
    (vault / ".followup.yaml").write_text(text, "utf-8")
    return config.load(vault)


def test_no_file_or_an_empty_one_gives_the_defaults(vault: Path) -> None:
    assert config.load(vault) == Settings()
    assert load(vault, "") == Settings()
    assert load(vault, "# only a comment\n") == Settings()


def test_every_key_is_read(vault: Path) -> None:
    settings = load(
        vault,
        """\
agenda_file: Reviews/Agenda.md
horizon: 14
weekends: keep
holidays: [2026-12-24, 2026-12-25]
reply_within: 2d
nudges: [2d, 1w, 1m]
rules: {coffee: 3d, interview: 2d, call: none}
tag_cadence: {family: 14d, "#Friends": monthly}
templates_folder: Meta/Templates
contacts_folder: People
contact_template: Meta/Templates/Contact
""",
    )
    assert settings.agenda_file == "Reviews/Agenda.md"
    assert (settings.horizon, settings.weekends) == (14, "keep")
    assert settings.holidays == {dt.date(2026, 12, 24), dt.date(2026, 12, 25)}
    assert settings.reply_within == Duration(2)
    assert settings.nudges == (Duration(2), Duration(7), Duration(months=1))
    assert settings.rules["coffee"] == Duration(3) and settings.rules["interview"] == Duration(2)
    assert "call" not in settings.rules and settings.rules["event"] == DEFAULT_RULES["event"]
    assert settings.tag_cadence == {"family": Duration(14), "friends": Duration(months=1)}
    assert (settings.templates_folder, settings.contacts_folder) == ("Meta/Templates", "People")
    assert settings.contact_template == "Meta/Templates/Contact.md"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("horizn: 3\n", ":1: unknown key 'horizn'. Known keys: agenda_file, horizon"),
        ("horizon: 7\nhorizon_days: 3\n", ":2: unknown key 'horizon_days'"),
        ("horizon: soon\n", ":1: 'horizon': 'soon' should be a whole number of days"),
        ("horizon: -1\n", "'horizon'"),
        ("weekends: sometimes\n", "'weekends': 'sometimes' should be 'skip'"),
        ("holidays: 2026-12-24\n", "'holidays': should be a list of dates"),
        ("holidays: [christmas]\n", "'holidays': 'christmas' is not a date"),
        ("reply_within: asap\n", "'reply_within': 'asap' is not a duration"),
        ("nudges: 3d\n", "'nudges': should be a list of durations"),
        ("rules: {coffee: soon}\n", "'rules': 'coffee': 'soon' is not a duration"),
        ("tag_cadence: [family]\n", "'tag_cadence': should be a mapping"),
        ("agenda_file: /etc/agenda.md\n", "must be a note path inside the vault"),
        ("agenda_file: ../outside.md\n", "must be a note path inside the vault"),
        ("agenda_file: Agenda.txt\n", "should end with .md"),
        ("contacts_folder: ../../elsewhere\n", "must be a folder path inside the vault"),
        ("horizon: [unclosed\n", "invalid YAML"),
        ("- a\n- b\n", "must be a mapping"),
    ],
)
def test_bad_configuration_names_the_key_and_what_to_do(
    vault: Path, text: str, fragment: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load(vault, text)
    assert fragment in caught.value.message
    assert ".followup.yaml" in caught.value.message
    assert caught.value.exit_code == 2


def test_a_key_written_twice_is_an_error_not_a_silent_choice(vault: Path) -> None:
    with pytest.raises(ConfigError, match=r"\.followup\.yaml:3: 'horizon' appears twice"):
        load(vault, "horizon: 30\nweekends: keep\nhorizon: 7\n")
