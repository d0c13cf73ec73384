"""The watcher's daily digest as a desktop notification (`watch --notify`, `notify: true`).

One notification a day, at `notify_at` (local time) or as soon after as the watcher
runs, with `outputs.digest`'s line; nothing on a day when nobody is due. The date last
announced is kept in the state folder, one small file per vault, and written only after
the notifier succeeded, so a restart does not repeat it and a failure is tried again.
The notifier is the platform's own: `notify-send`, `osascript`, a PowerShell toast,
each run without a shell.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from followup_md import dirs
from followup_md.core.model import Agenda
from followup_md.core.settings import Settings
from followup_md.files import atomic_write
from followup_md.outputs.digest import digest_text

LOG = logging.getLogger("followup_md.watch")

TITLE = "followup"
TIMEOUT = 10.0
"""Seconds a notifier may take before it counts as failed."""
RETRY = 300.0
"""After a failed notification, try again this many seconds later."""


class NotifyFailed(Exception):
    """The notifier could not show the notification."""


class Notifier(Protocol):
    name: str

    def send(self, title: str, message: str) -> None:
        """Show the notification; raise NotifyFailed when it could not be shown."""


Runner = Callable[..., "subprocess.CompletedProcess[bytes]"]

_TOAST = (
    "$ErrorActionPreference = 'Stop';"
    "[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications,"
    " ContentType = WindowsRuntime] > $null;"
    "$t = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent("
    "[Windows.UI.Notifications.ToastTemplateType]::ToastText02);"
    "$x = $t.GetElementsByTagName('text');"
    "$x.Item(0).AppendChild($t.CreateTextNode($env:FOLLOWUP_TITLE)) > $null;"
    "$x.Item(1).AppendChild($t.CreateTextNode($env:FOLLOWUP_MESSAGE)) > $null;"
    "$n = [Windows.UI.Notifications.ToastNotification]::new($t);"
    "[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier("
    "'{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\WindowsPowerShell\\v1.0\\powershell.exe'"
    ").Show($n)"
)
"""A toast through the WinRT API, shown as from PowerShell's registered app id. The texts
come from the environment, never from the script, so nothing in them is ever run."""


def applescript_string(text: str) -> str:
    """`text` as an AppleScript string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class CommandNotifier:
    """A notifier that runs one program (never through a shell)."""

    def __init__(
        self,
        name: str,
        program: str,
        args: Callable[[str, str], list[str]],
        *,
        env: Callable[[str, str], dict[str, str]] | None = None,
        run: Runner = subprocess.run,
    ) -> None:
        self.name = name
        self.program = program
        self.args = args
        self.env = env
        self.run = run

    def command(self, title: str, message: str) -> list[str]:
        return [self.program, *self.args(title, message)]

    def send(self, title: str, message: str) -> None:
        env = {**os.environ, **self.env(title, message)} if self.env else None
        try:
            done = self.run(
                self.command(title, message),
                timeout=TIMEOUT,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise NotifyFailed(f"{self.name} took more than {TIMEOUT:g} s") from None
        except OSError as exc:
            raise NotifyFailed(f"{self.name}: {exc.strerror or exc}") from None
        if done.returncode != 0:
            said = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            why = f": {said[-1]}" if said else ""
            raise NotifyFailed(f"{self.name} exited with status {done.returncode}{why}")


def notify_send(program: str, run: Runner = subprocess.run) -> CommandNotifier:
    return CommandNotifier(
        "notify-send", program, lambda t, m: ["--app-name=followup", t, m], run=run
    )


def osascript(program: str, run: Runner = subprocess.run) -> CommandNotifier:
    def args(title: str, message: str) -> list[str]:
        script = f"display notification {applescript_string(message)}"
        return ["-e", f"{script} with title {applescript_string(title)}"]

    return CommandNotifier("osascript", program, args, run=run)


def toast(program: str, run: Runner = subprocess.run) -> CommandNotifier:
    return CommandNotifier(
        "a PowerShell toast",
        program,
        lambda t, m: ["-NoProfile", "-NonInteractive", "-Command", _TOAST],
        env=lambda t, m: {"FOLLOWUP_TITLE": t, "FOLLOWUP_MESSAGE": m},
        run=run,
    )


_PROGRAMS: dict[str, Sequence[tuple[str, Callable[[str], CommandNotifier]]]] = {
    "linux": (("notify-send", notify_send),),
    "darwin": (("osascript", osascript),),
    "win32": (("powershell", toast), ("pwsh", toast)),
}

MISSING = {
    "linux": "notify-send was not found (install libnotify-bin or libnotify)",
    "darwin": "osascript was not found",
    "win32": "PowerShell was not found",
}


def detect(
    system: str = sys.platform, which: Callable[[str], str | None] = shutil.which
) -> Notifier | None:
    """The platform's notifier, or None when it has none on the PATH."""
    key = "linux" if system.startswith(("linux", "freebsd", "openbsd")) else system
    for program, make in _PROGRAMS.get(key, ()):
        found = which(program)
        if found:
            return make(found)
    return None


def state_file(root: Path) -> Path:
    """Where the date last announced for the vault at `root` is kept."""
    digest = hashlib.sha256(os.path.normcase(str(root)).encode("utf-8")).hexdigest()[:16]
    return dirs.state_dir() / f"notified-{digest}.json"


class DailyNotice:
    """Decides when to send the day's notification, sends it, remembers it.

    `check()` is called on each of the watcher's ticks; it costs a comparison until the
    day's notice is due. `forced` is `--notify`; else `notify` in the settings decides.
    """

    def __init__(
        self,
        root: Path,
        *,
        forced: bool = False,
        detect: Callable[[], Notifier | None] = detect,
        state: Path | None = None,
        log: logging.Logger = LOG,
    ) -> None:
        self.root = root
        self.forced = forced
        self.detect = detect
        self.state = state_file(root) if state is None else state
        self.log = log
        self.notifier: Notifier | None = None
        self._detected = False
        self._done: dt.date | None = self._load()
        self._retry_at = 0.0

    def enabled(self, settings: Settings) -> bool:
        return self.forced or settings.notify

    def _is_done(self, today: dt.date) -> bool:
        return self._done is not None and self._done >= today

    def check(
        self,
        now: float,
        wall: float,
        today: dt.date,
        settings: Settings,
        agenda: Callable[[dt.date], Agenda],
    ) -> bool:
        """Send today's notification if it is due and not sent yet; True when sent."""
        if not self.enabled(settings) or self._is_done(today) or now < self._retry_at:
            return False
        if dt.datetime.fromtimestamp(wall).time() < settings.notify_at:
            return False
        notifier = self._notifier(settings)
        if notifier is None:
            return False
        try:
            text = digest_text(agenda(today))
        except Exception as exc:  # the agenda's own update logs and retries the failure
            self.log.debug("no daily digest yet: %s: %s", type(exc).__name__, exc)
            self._retry_at = now + RETRY
            return False
        if text is None:
            self.log.info("daily digest: nobody is due today; no notification")
            self._done = today  # in memory only: a restart today looks again
            return False
        try:
            notifier.send(TITLE, text)
        except NotifyFailed as exc:
            self._retry_at = now + RETRY
            self.log.warning(
                "could not show the daily digest (%s); trying again in %d s", exc, round(RETRY)
            )
            return False
        self._done = today
        self._save(today)
        self.log.info("daily digest sent through %s: %s", notifier.name, text)
        return True

    def _notifier(self, settings: Settings) -> Notifier | None:
        if not self._detected:
            self._detected = True
            self.notifier = self.detect()
            if self.notifier is None:
                key = "linux" if sys.platform.startswith("linux") else sys.platform
                why = MISSING.get(key, f"this platform ({sys.platform}) has no notifier")
                self.log.warning(
                    "desktop notifications are on, but %s: no daily digest will be shown "
                    "(`followup digest` prints it)",
                    why,
                )
            else:
                at = settings.notify_at.strftime("%H:%M")
                self.log.info("daily digest at %s through %s", at, self.notifier.name)
        return self.notifier

    # ------------------------------------------------------------ the state file

    def _load(self) -> dt.date | None:
        try:
            data = json.loads(self.state.read_text("utf-8"))
            return dt.date.fromisoformat(data["date"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self.log.warning("ignoring %s (%s)", self.state, exc)
            return None

    def _save(self, day: dt.date) -> None:
        folder = dirs.private_folder(self.state.parent)
        if folder is None:
            self.log.warning(
                "cannot remember the daily digest in %s: a restart today may repeat it",
                self.state.parent,
            )
            return
        data = {"vault": str(self.root), "date": day.isoformat()}
        try:
            atomic_write(self.state, (json.dumps(data) + "\n").encode("utf-8"))
        except OSError as exc:
            self.log.warning(
                "cannot write %s (%s): a restart today may repeat the daily digest",
                self.state,
                exc.strerror or exc,
            )
