"""The watcher's daily digest as a desktop notification, with the notifier replaced by a
recorder and the wall clock passed in: no sleeping, no real notification."""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from followup_md.app.vaults import open_vault
from followup_md.cli import cli
from followup_md.daemon import loop as watch
from followup_md.daemon import notify
from followup_md.daemon.notify import DailyNotice, NotifyFailed
from followup_md.daemon.watcher import Watcher

TUESDAY = dt.date(2026, 11, 24)
WriteNote = Callable[[str, "str | bytes"], Path]


def contact(name: str, due: dt.date) -> str:
    return f"---\nname: {name}\nnext: {due.isoformat()}\n---\nSome body text.\n"


def wall(day: dt.date, hour: int, minute: int = 0) -> float:
    """The wall clock (seconds since the epoch) at that local time."""
    return dt.datetime(day.year, day.month, day.day, hour, minute).timestamp()


class Recorder:
    name = "the recorder"

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[str, str]] = []
        self.fail = fail

    def send(self, title: str, message: str) -> None:
        if self.fail:
            raise NotifyFailed("the recorder refused")
        self.sent.append((title, message))


class Lines(list[str]):
    def count_of(self, text: str) -> int:
        return sum(text in line for line in self)


@pytest.fixture
def log() -> Iterator[tuple[logging.Logger, Lines]]:
    lines = Lines()
    logger = logging.getLogger(f"followup_md.test_notify.{id(lines)}")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    logger.addHandler(handler)
    yield logger, lines
    logger.removeHandler(handler)


class Day:
    """The watcher's date, moved on by the test."""

    def __init__(self, day: dt.date = TUESDAY) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


Make = Callable[..., tuple[Watcher, Recorder, Day]]


@pytest.fixture
def make(vault: Path, log: tuple[logging.Logger, Lines]) -> Make:
    """A started Watcher whose notice sends to a recorder (a new one: a restart)."""

    def build(
        recorder: Recorder | None = None, *, forced: bool = True, found: bool = True
    ) -> tuple[Watcher, Recorder, Day]:
        recorder = recorder or Recorder()
        notice = DailyNotice(
            vault, forced=forced, detect=lambda: recorder if found else None, log=log[0]
        )
        day = Day()
        watcher = Watcher(open_vault(vault), clock=day, log=log[0], notice=notice)
        watcher.start(0.0)
        return watcher, recorder, day

    return build


@pytest.fixture
def due(write_note: WriteNote) -> None:
    write_note("Alice.md", contact("Alice", TUESDAY - dt.timedelta(days=1)))
    write_note("Bob.md", contact("Bob", TUESDAY))


@pytest.mark.usefixtures("due")
def test_one_notification_a_day_at_notify_at(make: Make, vault: Path) -> None:
    watcher, recorder, day = make()
    watcher.tick(1.0, wall(TUESDAY, 8, 59))
    assert recorder.sent == []  # before 09:00: nothing
    watcher.tick(2.0, wall(TUESDAY, 9, 0))
    assert recorder.sent == [("followup", "2 follow-ups due: Alice, Bob")]
    for second in range(3, 10):
        watcher.tick(float(second), wall(TUESDAY, 9 + second))
    assert len(recorder.sent) == 1  # once a day
    state = json.loads(notify.state_file(vault).read_text("utf-8"))
    assert state == {"vault": str(vault), "date": "2026-11-24"}
    day.day = TUESDAY + dt.timedelta(days=1)
    watcher.tick(20.0, wall(day.day, 7))
    assert len(recorder.sent) == 1
    watcher.tick(21.0, wall(day.day, 9, 30))
    assert len(recorder.sent) == 2


@pytest.mark.usefixtures("due")
def test_a_restart_does_not_repeat_it(make: Make) -> None:
    first, recorder, _ = make()
    first.tick(1.0, wall(TUESDAY, 10))
    assert len(recorder.sent) == 1
    second, again, _ = make()  # a new watcher: it reads what was announced from the state file
    second.tick(1.0, wall(TUESDAY, 11))
    assert again.sent == []


@pytest.mark.usefixtures("due")
def test_a_watcher_starting_late_notifies_at_once(make: Make) -> None:
    watcher, recorder, _ = make()
    watcher.tick(1.0, wall(TUESDAY, 17, 45))  # started (or woke) long after 09:00
    assert recorder.sent == [("followup", "2 follow-ups due: Alice, Bob")]


def test_silent_when_nobody_is_due(
    make: Make, vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    write_note("Alice.md", contact("Alice", TUESDAY + dt.timedelta(days=3)))
    watcher, recorder, _ = make()
    for second in range(1, 5):
        watcher.tick(float(second), wall(TUESDAY, 9 + second))
    assert recorder.sent == []
    assert not notify.state_file(vault).exists()
    assert log[1].count_of("nobody is due today") == 1


@pytest.mark.usefixtures("due")
def test_a_failure_does_not_mark_the_day_announced(
    make: Make, vault: Path, log: tuple[logging.Logger, Lines]
) -> None:
    recorder = Recorder(fail=True)
    watcher, _, _ = make(recorder)
    watcher.tick(1.0, wall(TUESDAY, 9))
    watcher.tick(2.0, wall(TUESDAY, 9))  # not retried at once: the log is not flooded
    assert log[1].count_of("could not show the daily digest (the recorder refused)") == 1
    assert not notify.state_file(vault).exists()
    recorder.fail = False
    watcher.tick(1.0 + notify.RETRY, wall(TUESDAY, 9, 5))
    assert recorder.sent == [("followup", "2 follow-ups due: Alice, Bob")]
    assert notify.state_file(vault).exists()


@pytest.mark.usefixtures("due")
def test_no_notifier_is_said_once(make: Make, log: tuple[logging.Logger, Lines]) -> None:
    watcher, recorder, _ = make(found=False)
    for second in range(1, 6):
        watcher.tick(float(second), wall(TUESDAY, 9 + second))
    assert recorder.sent == []
    assert log[1].count_of("desktop notifications are on, but") == 1


@pytest.mark.usefixtures("due")
def test_off_unless_asked_and_notify_at_from_the_settings(
    make: Make, vault: Path, write_note: WriteNote
) -> None:
    watcher, recorder, _ = make(forced=False)
    watcher.tick(1.0, wall(TUESDAY, 12))
    assert recorder.sent == []  # neither --notify nor `notify: true`
    write_note(".followup.yaml", 'notify: true\nnotify_at: "13:30"\n')
    watcher, recorder, _ = make(forced=False)
    watcher.tick(1.0, wall(TUESDAY, 13, 29))
    assert recorder.sent == []
    watcher.tick(2.0, wall(TUESDAY, 13, 30))
    assert len(recorder.sent) == 1


@pytest.mark.usefixtures("due")
def test_without_a_wall_clock_no_notification(make: Make) -> None:
    watcher, recorder, _ = make()
    watcher.tick(1.0)
    assert recorder.sent == []


def test_a_broken_state_file_is_ignored(vault: Path, log: tuple[logging.Logger, Lines]) -> None:
    state = notify.state_file(vault)
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text("{not json", "utf-8")
    notice = DailyNotice(vault, forced=True, detect=Recorder, log=log[0])
    assert notice._done is None
    assert log[1].count_of("ignoring") == 1


def test_each_vault_has_its_own_state_file(tmp_path: Path) -> None:
    a, b = notify.state_file(tmp_path / "a"), notify.state_file(tmp_path / "b")
    assert a != b and a.name.startswith("notified-") and a.suffix == ".json"


# ===================================================================== the platforms


class FakeRun:
    def __init__(self, returncode: int = 0, stderr: bytes = b"", error: Exception | None = None):
        self.calls: list[tuple[list[str], dict[str, Any]]] = []
        self.returncode, self.stderr, self.error = returncode, stderr, error

    def __call__(self, args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        self.calls.append((args, kwargs))
        if self.error is not None:
            raise self.error
        return subprocess.CompletedProcess(args, self.returncode, b"", self.stderr)


def test_notify_send_runs_without_a_shell() -> None:
    run = FakeRun()
    notify.notify_send("/usr/bin/notify-send", run).send("followup", "1 follow-up due: $(rm x)")
    ((args, kwargs),) = run.calls
    assert args == [
        "/usr/bin/notify-send",
        "--app-name=followup",
        "followup",
        "1 follow-up due: $(rm x)",
    ]
    assert kwargs["timeout"] == notify.TIMEOUT and not kwargs.get("shell")


def test_osascript_quotes_the_text() -> None:
    run = FakeRun()
    notify.osascript("/usr/bin/osascript", run).send("followup", 'Ann "A\\B"')
    ((args, _),) = run.calls
    assert args == [
        "/usr/bin/osascript",
        "-e",
        'display notification "Ann \\"A\\\\B\\"" with title "followup"',
    ]


def test_the_toast_takes_its_text_from_the_environment() -> None:
    run = FakeRun()
    notify.toast("powershell.exe", run).send("followup", "Ann'; Remove-Item x")
    ((args, kwargs),) = run.calls
    assert args[:4] == ["powershell.exe", "-NoProfile", "-NonInteractive", "-Command"]
    assert "Ann" not in args[4]
    assert kwargs["env"]["FOLLOWUP_MESSAGE"] == "Ann'; Remove-Item x"
    assert kwargs["env"]["FOLLOWUP_TITLE"] == "followup"


@pytest.mark.parametrize(
    ("run", "said"),
    [
        (FakeRun(1, b"no session bus\n"), "notify-send exited with status 1: no session bus"),
        (FakeRun(error=subprocess.TimeoutExpired("x", 10)), "notify-send took more than 10 s"),
        (FakeRun(error=FileNotFoundError(2, "No such file")), "notify-send: No such file"),
    ],
)
def test_a_failing_command_raises_notify_failed(run: FakeRun, said: str) -> None:
    with pytest.raises(NotifyFailed, match="^" + said.replace("(", r"\(") + "$"):
        notify.notify_send("notify-send", run).send("followup", "x")


@pytest.mark.parametrize(
    ("system", "programs", "name"),
    [
        ("linux", {"notify-send"}, "notify-send"),
        ("darwin", {"osascript"}, "osascript"),
        ("win32", {"pwsh"}, "a PowerShell toast"),
        ("linux", set(), None),
        ("darwin", {"notify-send"}, None),
    ],
)
def test_detection(system: str, programs: set[str], name: str | None) -> None:
    found = notify.detect(
        system, lambda program: f"/bin/{program}" if program in programs else None
    )
    assert (found.name if found else None) == name


# ===================================================================== the CLI's wiring


def test_watch_passes_notify(monkeypatch: pytest.MonkeyPatch, vault: Path) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(watch, "run", lambda vault, **kwargs: calls.append(kwargs))
    CliRunner().invoke(cli, ["--vault", str(vault), "watch", "--notify"])
    CliRunner().invoke(cli, ["--vault", str(vault), "watch"])
    assert [call["notify"] for call in calls] == [True, False]
