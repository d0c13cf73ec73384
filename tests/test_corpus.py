"""Every hostile kind through every command that reads the vault (issue 9's corpus).

For each kind: `agenda`, `agenda --json`, `check`, `check --json` and `show` finish
without a traceback, the good contact beside the bad note is still scheduled, and the
problem the kind deserves is reported (or none, where silence is right). A real process
per kind proves the time (5 s) and memory (500 MB of address space) bounds, and one
watcher over the whole corpus writes an agenda with every good contact in it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup_md.cli import cli

from .hostile_corpus import CORPUS, GOOD_NAME, Kind, build

TODAY = "2026-11-22"
LIMIT_SECONDS = 5.0
LIMIT_BYTES = 500 * 2**20


def _run(vault: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--vault", str(vault), "--today", TODAY, *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args}: {result.exception!r}") from result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("kind", CORPUS, ids=[kind.name for kind in CORPUS])
def test_every_command_survives_the_kind_and_reports_it(tmp_path: Path, kind: Kind) -> None:
    vault = tmp_path / "vault"
    build(vault, kind)
    started = time.monotonic()
    code, out, err = _run(vault, "agenda", "--json", "--no-write")
    assert code == 0, err
    data = json.loads(out)
    assert GOOD_NAME in [item["name"] for item in data["items"]]
    messages = [problem["message"] for problem in data["problems"]]
    if kind.problem is None:
        assert messages == []
    else:
        assert any(kind.problem in message for message in messages), messages
    assert all(len(message) < 1000 for message in messages)
    code, out, _ = _run(vault, "check", "--json")
    assert code == (1 if messages else 0)
    assert [p["message"] for p in json.loads(out)["problems"]] == messages
    assert _run(vault, "check")[0] == code
    code, out, _ = _run(vault, "agenda")
    assert code == 0 and GOOD_NAME in (vault / "Follow-ups.md").read_text("utf-8")
    assert _run(vault, "show", "good")[0] == 0
    assert time.monotonic() - started < LIMIT_SECONDS


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


@pytest.mark.parametrize("kind", CORPUS, ids=[kind.name for kind in CORPUS])
def test_a_real_process_stays_within_time_and_memory(tmp_path: Path, kind: Kind) -> None:
    vault = tmp_path / "vault"
    build(vault, kind)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "followup_md", "--vault", str(vault), "--today", TODAY,
         "check", "--json"],
        capture_output=True, text=True, timeout=30, preexec_fn=_bounded, check=False,
        env={**os.environ, "FOLLOWUP_CACHE_DIR": str(tmp_path / "cache")},
    )  # fmt: skip
    assert time.monotonic() - started < LIMIT_SECONDS
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    json.loads(result.stdout)


def test_a_watcher_over_the_whole_corpus_keeps_every_good_contact(tmp_path: Path) -> None:
    """One real watcher over every kind at once: it starts, writes the agenda a fresh
    `followup agenda` writes (every good contact, every problem), and stops cleanly."""
    from .test_watch import Proc, wait_agenda

    vault = tmp_path / "vault"
    for number, kind in enumerate(CORPUS):
        build(vault / f"k{number:02d}", kind)
    proc = Proc(vault, tmp_path / "watch.log", "--debounce", "50", today=None)
    try:
        started = time.monotonic()
        note = wait_agenda(vault, proc.log, today=dt.date.today())
        assert time.monotonic() - started < 4 * LIMIT_SECONDS
        assert note.count(GOOD_NAME) == len(CORPUS)
        assert proc.stop() == 0
        assert "Traceback" not in proc.log.read_text("utf-8")
    finally:
        proc.close()
