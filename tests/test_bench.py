"""The benchmark harness runs end to end, at a tiny scale: it proves it works, it times nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_runs_and_reports_every_measure(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--contacts", "60", "--repeat", "1",
         "--edits", "2", "--debounce", "50", "--json", str(report)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for measure in ("baseline", "walk+stat", "read all", "agenda cold", "agenda warm",
                    "agenda warm, 1% changed", "watcher: edit to agenda",
                    "import vCards, empty vault", "import CSV, empty vault",
                    "import CSV, dry run, dups"):  # fmt: skip
        assert measure in result.stdout
    data = json.loads(report.read_text())
    assert data["contacts"] == 60
    assert data["measures"]["baseline"]["ratio"] == 1.0
    assert data["measures"]["agenda cold"]["ratio"] > 0
    assert data["watcher"]["edits"] == 2


def test_the_benchmark_measures_sync_properties(tmp_path: Path) -> None:
    report, vault = tmp_path / "bench.json", tmp_path / "vault"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--contacts", "30", "--repeat", "1",
         "--no-watch", "--sync-properties", "--keep", str(vault), "--json", str(report)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "first agenda (one run)" in json.loads(report.read_text())["measures"]
    note = next(vault.rglob("Contact 000000.md")).read_text("utf-8")
    assert "followup_state: " in note and "last_contact: " in note
