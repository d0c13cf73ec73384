"""`followup service`: the units that keep `followup watch` running, per platform.

Every test writes under tmp_path ($FOLLOWUP_SERVICE_DIR, and HOME pointed there too):
nothing touches the real home folder or runs a service manager.
"""

from __future__ import annotations

import plistlib
import shlex
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from followup_md.cli import cli
from followup_md.daemon import service


@pytest.fixture(autouse=True)
def _no_real_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    units = tmp_path / "units"
    monkeypatch.setenv("FOLLOWUP_SERVICE_DIR", str(units))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return units


@pytest.fixture
def units(tmp_path: Path) -> Path:
    return tmp_path / "units"


def invoke(vault: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--vault", str(vault), "service", *args])


def test_names_are_readable_and_unique_per_vault_path(tmp_path: Path) -> None:
    name = service.service_name(Path("/home/kim/My Notes"))
    assert (
        name.startswith("followup-watch-my-notes-")
        and len(name) == len("followup-watch-my-notes-") + 8
    )
    assert service.service_name(Path("/home/kim/My Notes")) == name  # stable
    assert service.service_name(Path("/backup/My Notes")) != name  # same folder name elsewhere
    assert service.service_name(Path("/home/kim/Notizen Ärger")).startswith(
        "followup-watch-notizen-arger-"
    )
    assert service.service_name(Path("/home/kim/日記")).startswith("followup-watch-vault-")


def test_the_systemd_unit(tmp_path: Path) -> None:
    root = Path("/home/kim/My Notes 100%")
    unit = service.for_vault(root, system="linux", folder=tmp_path, python="/opt/py/bin/python3")
    assert unit.file == tmp_path / f"{unit.name}.service"
    lines = unit.content.splitlines()
    assert "[Unit]" in lines and "[Service]" in lines and "[Install]" in lines
    assert (
        "Description=followup watch: keeps the follow-up agenda of /home/kim/My Notes 100%% fresh"
        in lines
    )
    assert (
        'ExecStart="/opt/py/bin/python3" "-m" "followup_md" "--vault" "/home/kim/My Notes 100%%" '
        '"watch"'
    ) in lines
    assert "Restart=on-failure" in lines
    assert "RestartPreventExitStatus=1 2" in lines
    assert "WantedBy=default.target" in lines


def test_systemd_quoting_keeps_dollars_quotes_and_backslashes() -> None:
    word = service._systemd_quote('a "b" \\c $HOME %h')
    assert word == '"a \\"b\\" \\\\c $$HOME %%h"'


def test_the_launchd_agent(tmp_path: Path) -> None:
    root = Path("/Users/kim/Notes & <more>")
    unit = service.for_vault(root, system="macos", folder=tmp_path)
    assert unit.file == tmp_path / f"local.{unit.name}.plist"
    data = plistlib.loads(unit.content.encode("utf-8"))
    assert data["Label"] == f"local.{unit.name}"
    assert data["ProgramArguments"] == [
        sys.executable, "-m", "followup_md", "--vault", str(root), "watch",
    ]  # fmt: skip
    assert data["RunAtLoad"] is True
    assert data["KeepAlive"] == {"SuccessfulExit": False}
    assert data["StandardErrorPath"].endswith(f"/Library/Logs/local.{unit.name}.log")


def test_windows_gets_the_schtasks_command_and_no_file() -> None:
    root = Path("C:/Users/kim/My Notes")
    unit = service.for_vault(root, system="windows", python="C:/Python 3/python.exe")
    assert unit.file is None
    assert unit.content == (
        f'schtasks /Create /F /SC ONLOGON /TN "{unit.name}" /TR '
        f'"\\"C:/Python 3/python.exe\\" -m followup_md --vault \\"{root}\\" watch"'
    )
    lines = service.install(unit)
    assert f"  {unit.content}" in lines
    assert service.uninstall(unit)[-1] == (
        f'  schtasks /End /TN "{unit.name}" & schtasks /Delete /F /TN "{unit.name}"'
    )


def test_install_dry_run_prints_and_writes_nothing(vault: Path, units: Path) -> None:
    result = invoke(vault, "install", "--dry-run", "--platform", "linux")
    assert result.exit_code == 0
    name = service.service_name(vault.resolve())
    assert result.stdout.startswith(f"Would write {units / name}.service:\n\n# Written by")
    assert f'"--vault" "{vault.resolve()}" "watch"' in result.stdout
    assert (
        f"  systemctl --user daemon-reload && systemctl --user enable --now {name}\n"
        in result.stdout
    )
    assert "loginctl enable-linger" in result.stdout
    assert not units.exists()


def test_install_writes_the_unit_that_runs_this_python_and_uninstall_removes_it(
    vault: Path, units: Path
) -> None:
    name = service.service_name(vault.resolve())
    unit_file = units / f"{name}.service"
    result = invoke(vault, "install", "--platform", "linux")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"Wrote {unit_file}"
    exec_start = next(
        line for line in unit_file.read_text("utf-8").splitlines() if line.startswith("ExecStart=")
    )
    assert shlex.split(exec_start.removeprefix("ExecStart=")) == [
        sys.executable, "-m", "followup_md", "--vault", str(vault.resolve()), "watch",
    ]  # fmt: skip

    again = invoke(vault, "install", "--platform", "linux")
    assert again.stdout.splitlines()[0] == f"Already installed, unchanged: {unit_file}"

    # `systemctl --user enable` links it into default.target.wants; uninstall unlinks it too.
    wants = units / "default.target.wants"
    wants.mkdir()
    (wants / unit_file.name).symlink_to(unit_file)
    removed = invoke(vault, "uninstall", "--platform", "linux")
    assert removed.exit_code == 0
    assert removed.stdout.splitlines() == [
        f"Removed {unit_file}",
        "Stop the running watcher and forget the unit:",
        f"  systemctl --user stop {name}; systemctl --user daemon-reload",
    ]
    assert not unit_file.exists() and not (wants / unit_file.name).is_symlink()
    nothing = invoke(vault, "uninstall", "--platform", "linux")
    assert nothing.exit_code == 0 and nothing.stdout.startswith("Nothing to remove")


def test_two_vaults_get_two_units(tmp_path: Path, units: Path) -> None:
    for folder in ("a/notes", "b/notes"):
        (tmp_path / folder).mkdir(parents=True)
        assert invoke(tmp_path / folder, "install", "--platform", "linux").exit_code == 0
    assert len(list(units.glob("followup-watch-notes-*.service"))) == 2


def test_macos_install_and_uninstall(vault: Path, units: Path) -> None:
    result = invoke(vault, "install", "--platform", "macos")
    assert result.exit_code == 0
    (plist,) = units.glob("local.followup-watch-vault-*.plist")
    assert f"  launchctl bootstrap gui/$(id -u) {plist}" in result.stdout.splitlines()
    removed = invoke(vault, "uninstall", "--platform", "macos")
    assert removed.stdout.splitlines()[-1] == f"  launchctl bootout gui/$(id -u)/{plist.stem}"
    assert not plist.exists()


def test_uninstall_works_when_the_vault_is_gone(tmp_path: Path, units: Path) -> None:
    vault = tmp_path / "gone"
    vault.mkdir()
    assert invoke(vault, "install", "--platform", "linux").exit_code == 0
    vault.rmdir()
    removed = invoke(vault, "uninstall", "--platform", "linux")
    assert removed.exit_code == 0 and removed.stdout.startswith("Removed ")
    assert list(units.glob("*.service")) == []


def test_install_on_a_missing_vault_is_a_usage_error(tmp_path: Path, units: Path) -> None:
    result = invoke(tmp_path / "nope", "install", "--platform", "linux")
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert not units.exists()


def test_the_default_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOLLOWUP_SERVICE_DIR")
    home = tmp_path / "home"
    assert service.default_folder("linux", home) == home / ".config" / "systemd" / "user"
    assert service.default_folder("macos", home) == home / "Library" / "LaunchAgents"
    assert service.default_folder("windows", home) is None
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert service.default_folder("linux", home) == tmp_path / "cfg" / "systemd" / "user"
