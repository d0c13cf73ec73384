"""Finding the vault like git finds a repository, `followup init`, and the global options
given before or after the command (issue 11, items 2 and 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from followup_md.cli import cli
from followup_md.core.config_spec import OPTIONS, config_template

NOTE = """---
interactions:
  - {date: 2026-11-19, type: interview, summary: Panel}
---
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with no vault above it, and a private user configuration folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def followup(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def user_config(tmp_path: Path) -> Path:
    return tmp_path / "config" / "followup-md" / "config.yaml"


def make_vault(root: Path, marker: str = ".followup.yaml") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if marker == ".obsidian":
        (root / ".obsidian").mkdir()
    else:
        (root / marker).write_text("horizon: 7\n", "utf-8")
    (root / "Dana.md").write_text(NOTE, "utf-8")
    return root


# ------------------------------------------------------------------- discovery


@pytest.mark.parametrize("marker", [".followup.yaml", ".obsidian"])
def test_the_nearest_vault_up_from_here_is_used(
    home: Path, monkeypatch: pytest.MonkeyPatch, marker: str
) -> None:
    vault = make_vault(home / "notes", marker)
    deep = vault / "People" / "work"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = followup("agenda", "--no-write", "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert "Dana" in result.output


def test_the_nearest_of_two_nested_vaults_wins(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outer = make_vault(home / "outer")
    inner = make_vault(outer / "inner", ".obsidian")
    (inner / "Dana.md").rename(inner / "Kim.md")
    monkeypatch.chdir(inner)
    result = followup("--today", "2026-11-22", "agenda", "--no-write")
    assert "Kim" in result.output and "Dana" not in result.output


def test_the_user_configuration_names_the_vault(home: Path, tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "elsewhere")
    user_config(tmp_path).parent.mkdir(parents=True)
    user_config(tmp_path).write_text(f'vault: "{vault}"\n', "utf-8")
    result = followup("agenda", "--no-write", "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert "Dana" in result.output


def test_a_vault_found_up_from_here_comes_before_the_user_configuration(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_config(tmp_path).parent.mkdir(parents=True)
    user_config(tmp_path).write_text(f"vault: {tmp_path / 'missing'}\n", "utf-8")
    monkeypatch.chdir(make_vault(home / "notes"))
    assert followup("check").exit_code == 0


def test_no_vault_anywhere_is_refused_naming_the_three_ways(home: Path) -> None:
    result = followup("agenda")
    assert result.exit_code == 2
    assert "no vault found" in result.stderr
    for way in ("--vault DIR", "FOLLOWUP_VAULT", ".followup.yaml or .obsidian/", "init --global"):
        assert way in result.stderr
    assert not list(home.iterdir())  # nothing written in the current folder


def test_a_broken_user_configuration_is_named(home: Path, tmp_path: Path) -> None:
    user_config(tmp_path).parent.mkdir(parents=True)
    user_config(tmp_path).write_text("vualt: ~/notes\n", "utf-8")
    result = followup("agenda")
    assert result.exit_code == 2
    assert f"{user_config(tmp_path)}:1: 'vualt' is not a setting here" in result.stderr


def test_a_missing_vault_of_the_environment_names_the_variable(home: Path) -> None:
    result = followup("agenda", env={"FOLLOWUP_VAULT": str(home / "nope")})
    assert result.exit_code == 2
    assert "FOLLOWUP_VAULT: vault folder" in result.stderr


# ------------------------------------------------------------------------ init


def test_init_writes_the_template_in_the_current_folder(home: Path) -> None:
    result = followup("init")
    assert result.exit_code == 0, result.output
    assert (home / ".followup.yaml").read_text("utf-8") == config_template()
    assert "Wrote" in result.output
    assert followup("check").exit_code == 0  # now a vault, with the default settings


def test_init_does_not_walk_up(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = make_vault(home / "notes")
    (vault / "sub").mkdir()
    monkeypatch.chdir(vault / "sub")
    followup("init")
    assert (vault / "sub" / ".followup.yaml").read_text("utf-8") == config_template()


def test_init_leaves_an_existing_file_untouched(home: Path) -> None:
    (home / ".followup.yaml").write_bytes(b"horizon: 3\n")
    result = followup("init", str(home))
    assert result.exit_code == 0
    assert "already exists: left untouched" in result.output
    assert (home / ".followup.yaml").read_bytes() == b"horizon: 3\n"


def test_init_global_records_the_vault_replacing_an_earlier_one(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert followup("init", "--global", str(tmp_path / "first")).exit_code == 0
    result = followup("init", "--global", "~/notes")
    assert result.exit_code == 0, result.output
    text = user_config(tmp_path).read_text("utf-8")
    assert f'vault: "{tmp_path / "notes"}"' in text and "first" not in text
    assert (tmp_path / "notes" / ".followup.yaml").is_file()
    (tmp_path / "notes" / "Dana.md").write_text(NOTE, "utf-8")
    shown = followup("agenda", "--no-write", "--today", "2026-11-22")  # from anywhere
    assert "Dana" in shown.output


def test_init_help_lists_every_setting(home: Path) -> None:
    result = followup("init", "--help")
    for option in OPTIONS:
        assert option.name in result.output


# --------------------------------------------------------- options anywhere


def test_global_options_after_the_command(home: Path) -> None:
    vault = make_vault(home / "notes")
    result = followup("agenda", "--no-write", "--today", "2026-11-22", "--vault", str(vault))
    assert result.exit_code == 0, result.output
    assert "as of Sun 2026-11-22" in result.output


@pytest.mark.parametrize("option", [["--today", "2026-11-22"], ["--no-color"]])
def test_an_option_given_before_and_after_is_refused(home: Path, option: list[str]) -> None:
    vault = str(make_vault(home / "notes"))
    result = followup("--vault", vault, *option, "check", *option)
    assert result.exit_code == 2
    assert f"{option[0]} is given both before and after the command" in result.stderr


def test_a_bad_date_in_the_environment_names_the_variable(home: Path) -> None:
    make_vault(home / "notes")
    result = followup("--vault", str(home / "notes"), "check", env={"FOLLOWUP_TODAY": "bad"})
    assert result.exit_code == 2
    assert "FOLLOWUP_TODAY: 'bad' is not a date" in result.stderr
    given = followup("--vault", str(home / "notes"), "--today", "2026-11-22", "check")
    assert given.exit_code == 0  # an option given wins over the variable, unread
