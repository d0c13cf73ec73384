"""`.followup.yaml`: defaults, every key, and clear errors that name the key."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from pathlib import Path

import pytest

from followup_md.core.config_spec import (
    OPTIONS,
    Option,
    config_table,
    config_template,
)
from followup_md.core.durations import Duration
from followup_md.core.settings import (
    DEFAULT_RULES,
    Settings,
)
from followup_md.core.suggest import closest
from followup_md.errors import ConfigError
from followup_md.notes.yaml_fast import load_yaml
from followup_md.vault import config

README = Path(__file__).resolve().parent.parent / "README.md"


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
        (
            "horizn: 3\n",
            ":1: unknown key 'horizn'. Did you mean 'horizon'? Known keys: agenda_file, horizon",
        ),
        ("Weekend: keep\n", "unknown key 'Weekend'. Did you mean 'weekends'?"),
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


def test_a_key_nothing_like_a_known_one_gets_no_suggestion(vault: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load(vault, "colour: blue\n")
    assert "unknown key 'colour'. Known keys: agenda_file" in caught.value.message


@pytest.mark.parametrize(
    ("word", "expected"),
    [("horizn", "horizon"), ("HORIZON", "horizon"), ("tag_cadense", "tag_cadence"), ("x", None)],
)
def test_the_closest_known_name_is_suggested_only_when_close(
    word: str, expected: str | None
) -> None:
    assert closest(word, ["horizon", "weekends", "tag_cadence"]) == expected


# ------------------------------------------------------------------ the one spec


def test_every_settings_field_has_exactly_one_option_and_vice_versa() -> None:
    names = [option.name for option in OPTIONS]
    assert sorted(names) == sorted(f.name for f in fields(Settings))
    assert len(names) == len(set(names))


@pytest.mark.parametrize("option", OPTIONS, ids=[option.name for option in OPTIONS])
def test_the_documented_default_and_example_read_as_written(option: Option) -> None:
    default = load_yaml(option.default).data
    if default is None:  # left empty: the built-in default stands
        assert getattr(Settings(), option.name) in ("", None)
    else:
        assert option.read(default) == getattr(Settings(), option.name)
    if option.example is not None:
        option.read(load_yaml(option.example).data)  # raises if the docs show a bad value
    assert option.kind and option.help and "\n" not in option.help


def test_the_readme_table_is_the_generated_one() -> None:
    text = README.read_text("utf-8")
    start, end = "<!-- config-table:start -->", "<!-- config-table:end -->"
    assert text.count(start) == 1 and text.count(end) == 1
    between = text[text.index(start) + len(start) : text.index(end)]
    assert between == f"\n\n{config_table()}\n", (
        "README.md's configuration table is stale; paste in the output of "
        "`python -c 'from followup_md.core.config_spec import config_table; "
        "print(config_table())'`"
    )


def test_the_template_loads_as_the_defaults_commented_or_not(vault: Path) -> None:
    template = config_template()
    assert load(vault, template) == Settings()
    keys = tuple(f"# {option.name}:" for option in OPTIONS)
    uncommented = "".join(
        line[2:] if line.startswith(keys) else line for line in template.splitlines(True)
    )
    assert uncommented != template
    assert load(vault, uncommented) == Settings()
    assert all(f"\n{option.name}:" in uncommented for option in OPTIONS)
