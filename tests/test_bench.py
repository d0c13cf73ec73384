"""The benchmark harness runs end to end, at a tiny scale: it proves it works, it times nothing."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_runs_and_reports_every_measure(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--contacts", "60", "--repeat", "1",
         "--edits", "2", "--debounce", "50", "--json", str(report)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for measure in ("baseline", "walk+stat", "read all", "agenda cold", "agenda warm",
                    "agenda warm --json", "agenda warm, writing", "show", "log", "done",
                    "snooze", "next", "completion of a name",
                    "agenda warm, 1% changed", "watcher: edit to agenda",
                    "import vCards, empty vault", "import CSV, empty vault",
                    "import CSV, dry run, dups", "benchmark vault", "mixed vault"):  # fmt: skip
        assert measure in result.stdout
    assert "≤ 0.06" in result.stdout and "≤ 50 ms" in result.stdout
    data = json.loads(report.read_text())
    assert data["contacts"] == 60
    for vault in (data, data["mixed"]):
        assert vault["measures"]["baseline"]["ratio"] == 1.0
        assert vault["measures"]["agenda cold"]["ratio"] > 0
        assert vault["measures"]["show"]["ratio"] > 0
        assert vault["watcher"]["edits"] == 2


def test_the_mixed_vault_holds_every_style(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import run  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    run.make_vault(tmp_path / "v", 30, 10, mixed=True)
    texts = [p.read_text("utf-8") for p in sorted((tmp_path / "v").rglob("Contact *.md"))]
    assert any('    summary: "' in t for t in texts)  # block mappings, quoted summaries
    assert any("  - {date: " in t for t in texts)  # flow mappings
    assert any(re.search(r"\n  - \d{4}-\d\d-\d\d \w+ (in|out): ", t) for t in texts)
    assert all("tags: [" in t and "# " in t for t in texts)
    counts = [t.split("\n---\n")[0].count("\n  - ") for t in texts]
    assert min(counts) >= 3 and max(counts) <= 18


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
