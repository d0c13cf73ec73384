"""`followup service`: keep `followup watch` running at login, one service per vault.

A systemd user unit on Linux, a launchd LaunchAgent on macOS, a Task Scheduler
task on Windows (for which the `schtasks` command is printed: there is no file to
write). The service runs the same Python that installed it:
`sys.executable -m followup_md --vault ABS watch`.

Pure text generation plus two small file operations. The platform and the target
folder are parameters (and `$FOLLOWUP_SERVICE_DIR` overrides the folder), so tests
never touch the real home directory or the real service manager. Nothing here runs
systemctl, launchctl or schtasks: the commands to run are printed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import plistlib
import re
import shlex
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Literal

from followup_md.core.frozen import record
from followup_md.errors import UsageError
from followup_md.files import atomic_write

System = Literal["linux", "macos", "windows"]

SERVICE_DIR_ENV = "FOLLOWUP_SERVICE_DIR"


def current_system() -> System:
    if sys.platform == "darwin":
        return "macos"
    if sys.platform in ("win32", "cygwin"):
        return "windows"
    return "linux"


def service_name(root: Path) -> str:
    """`followup-watch-<folder>-<hash>`: readable, and unique per absolute vault path."""
    ascii_name = unicodedata.normalize("NFKD", root.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:32].strip("-") or "vault"
    digest = hashlib.sha256(str(root).encode("utf-8")).hexdigest()[:8]
    return f"followup-watch-{slug}-{digest}"


def watch_command(root: Path, python: str | None = None) -> tuple[str, ...]:
    """What the service runs: this very Python, the package as a module, the vault's path."""
    return (python or sys.executable, "-m", "followup_md", "--vault", str(root), "watch")


def default_folder(system: System, home: Path | None = None) -> Path | None:
    """Where the unit goes: `$FOLLOWUP_SERVICE_DIR`, else the service manager's user folder."""
    override = os.environ.get(SERVICE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    home = home or Path.home()
    if system == "linux":
        config = os.environ.get("XDG_CONFIG_HOME") or str(home / ".config")
        return Path(config) / "systemd" / "user"
    if system == "macos":
        return home / "Library" / "LaunchAgents"
    return None


@record
class Service:
    """The service for one vault on one platform: its name, its file and that file's text."""

    system: System
    name: str
    root: Path
    command: tuple[str, ...]
    file: Path | None
    """The unit or plist to write; None on Windows (a command is printed instead)."""
    content: str
    """The unit file's text, or on Windows the `schtasks` command that creates the task."""

    @property
    def label(self) -> str:
        """launchd's label (the plist's name without `.plist`)."""
        return f"local.{self.name}"


def for_vault(
    root: Path,
    *,
    system: System | None = None,
    folder: Path | None = None,
    python: str | None = None,
) -> Service:
    """The service that keeps `followup watch` running for the vault at `root` (absolute)."""
    system = system or current_system()
    if "\n" in str(root) or "\r" in str(root):
        raise UsageError(f"the vault path {root!r} holds a line break; a service cannot run it")
    name = service_name(root)
    command = watch_command(root, python)
    target = folder or default_folder(system)
    if system == "linux":
        assert target is not None
        return Service(
            system, name, root, command, target / f"{name}.service", systemd_unit(root, command)
        )
    if system == "macos":
        assert target is not None
        label = f"local.{name}"
        log = Path.home() / "Library" / "Logs" / f"{label}.log"
        return Service(
            system,
            name,
            root,
            command,
            target / f"{label}.plist",
            launchd_plist(label, command, log),
        )
    return Service(system, name, root, command, None, schtasks_create(name, command))


# ------------------------------------------------------------------ the three formats


def _systemd_quote(arg: str) -> str:
    """A double-quoted ExecStart word: `\\` and `"` escaped, `%` and `$` not expanded."""
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'


def systemd_unit(root: Path, command: tuple[str, ...]) -> str:
    description = f"followup watch: keeps the follow-up agenda of {root} fresh"
    return "\n".join(
        [
            "# Written by `followup service install`; remove it with `followup service uninstall`.",
            "[Unit]",
            "Description=" + description.replace("%", "%%"),
            "",
            "[Service]",
            "Type=simple",
            "ExecStart=" + " ".join(_systemd_quote(arg) for arg in command),
            "Restart=on-failure",
            "RestartSec=10",
            # Exit 1 (another watcher holds the vault) and 2 (a bad configuration) do not
            # get better by restarting every 10 seconds.
            "RestartPreventExitStatus=1 2",
            "",
            "[Install]",
            "WantedBy=default.target",
            "",
        ]
    )


def launchd_plist(label: str, command: tuple[str, ...], log: Path) -> str:
    data = {
        "Label": label,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},  # restart after a crash, not after a clean stop
        "ProcessType": "Background",
        "StandardErrorPath": str(log),
    }
    return plistlib.dumps(data, sort_keys=False).decode("utf-8")


def schtasks_create(name: str, command: tuple[str, ...]) -> str:
    run = subprocess.list2cmdline(list(command)).replace('"', '\\"')
    return f'schtasks /Create /F /SC ONLOGON /TN "{name}" /TR "{run}"'


# ------------------------------------------------------------------ install, uninstall


def _next_steps(service: Service) -> list[str]:
    if service.system == "linux":
        return [
            "Start it now and at every login:",
            f"  systemctl --user daemon-reload && systemctl --user enable --now {service.name}",
            "Follow its log:",
            f"  journalctl --user -u {service.name} -f",
            "To keep it running while you are logged out (and start it at boot):",
            "  loginctl enable-linger $USER",
        ]
    if service.system == "macos":
        return [
            "Start it now (it also starts at every login):",
            f"  launchctl bootstrap gui/$(id -u) {_shell_quote(str(service.file))}",
            "(If an older version is loaded, first: "
            f"launchctl bootout gui/$(id -u)/{service.label})",
            "Follow its log:",
            f"  tail -f ~/Library/Logs/{service.label}.log",
        ]
    return [
        "Start it now:",
        f'  schtasks /Run /TN "{service.name}"',
    ]


def _shell_quote(text: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_./~:@%+=-]+", text):
        return text
    return "'" + text.replace("'", "'\\''") + "'"


def install(service: Service, *, dry_run: bool = False) -> list[str]:
    """Write the unit (unless `dry_run`) and return the lines to show the user."""
    join = subprocess.list2cmdline if service.system == "windows" else shlex.join
    runs = "It runs: " + join(list(service.command))
    if service.file is None:
        return [
            "Windows keeps no unit file: create the task that starts the watcher at logon",
            "by running this command (in a terminal; it may need to be an elevated one):",
            "",
            f"  {service.content}",
            "",
            runs,
            *_next_steps(service),
        ]
    if dry_run:
        return [
            f"Would write {service.file}:",
            "",
            service.content.rstrip("\n"),
            "",
            runs,
            *_next_steps(service),
        ]
    data = service.content.encode("utf-8")
    try:
        before: bytes | None = service.file.read_bytes()
    except FileNotFoundError:
        before = None
    except OSError as exc:
        raise UsageError(f"cannot read {service.file}: {exc.strerror}") from None
    if before == data:
        head = f"Already installed, unchanged: {service.file}"
    else:
        try:
            service.file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(service.file, data)
        except OSError as exc:
            raise UsageError(f"cannot write {service.file}: {exc.strerror}") from None
        head = f"{'Updated' if before is not None else 'Wrote'} {service.file}"
    return [head, runs, *_next_steps(service)]


def uninstall(service: Service, *, dry_run: bool = False) -> list[str]:
    """Remove the unit (unless `dry_run`) and return the lines to show the user."""
    if service.file is None:
        return [
            "Remove the task that starts the watcher at logon with:",
            f'  schtasks /End /TN "{service.name}" & schtasks /Delete /F /TN "{service.name}"',
        ]
    if service.system == "linux":
        # What `systemctl --user disable` removes; gone with the unit, it would dangle.
        wants = service.file.parent / "default.target.wants" / service.file.name
        stop = [
            "Stop the running watcher and forget the unit:",
            f"  systemctl --user stop {service.name}; systemctl --user daemon-reload",
        ]
    else:
        wants = None
        stop = [
            "Stop the running watcher:",
            f"  launchctl bootout gui/$(id -u)/{service.label}",
        ]
    if not service.file.exists():
        return [f"Nothing to remove: no service for {service.root} at {service.file}"]
    if dry_run:
        return [f"Would remove {service.file}", *stop]
    try:
        service.file.unlink()
    except OSError as exc:
        raise UsageError(f"cannot remove {service.file}: {exc.strerror}") from None
    if wants is not None and wants.is_symlink():
        with contextlib.suppress(OSError):
            wants.unlink()
    return [f"Removed {service.file}", *stop]
