"""The sample vault: a small, realistic story that exercises every rule end to end.

`sample-vault/` is Maya Lindqvist's vault on Sunday 2026-11-22. She runs a tiny
SaaS (Loopwise) and is also looking for a Product Lead job; she has just spent
Thursday and Friday at the Nordic SaaS Summit. Her contacts cover every rule
(next, follow_up, reply, scenario, nudge, cadence), every bucket, contacts that
went quiet, a paused and a closed contact, a snoozed one, weekend and holiday
shifts, and one note broken on purpose for the Problems section. Next to them
sit notes that must not be read as contacts: a template, a daily note, a plain
note and Obsidian's own settings.

The tests never touch `sample-vault/` itself: each one runs the real CLI on a
copy in `tmp_path`, and a module fixture checks the folder is unchanged at the
end.

Golden files (compare to them after any intended change in the vault or output):

- `tests/data/sample-agenda.md`: the written `Follow-ups.md`, byte for byte;
- `tests/data/sample-agenda.json`: `agenda --json --no-write`, compared parsed.

Regenerate them with

    UPDATE_GOLDEN=1 pytest tests/test_sample_vault.py

(the golden tests then rewrite the files and report themselves as skipped), and
read `git diff tests/data` line by line before committing. `STORY` below holds
the due dates worked out by hand from the rules; it is not regenerated, so a
wrong golden cannot slip through unnoticed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn, get_args

import pytest
from click.testing import CliRunner, Result

from followup_md.cli import cli
from followup_md.core.model import BUCKETS, Rule

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample-vault"
DATA = Path(__file__).resolve().parent / "data"
GOLDEN_MD = DATA / "sample-agenda.md"
GOLDEN_JSON = DATA / "sample-agenda.json"
TODAY = "2026-11-22"
AGENDA_FILE = "Follow-ups.md"
UPDATE = os.environ.get("UPDATE_GOLDEN", "").strip().lower() in ("1", "true", "yes")

# name: (rule, due date, bucket), worked out by hand as of Sunday 2026-11-22 with the
# vault's .followup.yaml (tag_cadence family 14d / friends 30d / network 90d, and
# holidays that include 2027-01-01) and the default rules, nudges and horizon.
STORY: dict[str, tuple[str, str, str]] = {
    # feedback 2026-11-17 (Tue) + 1d
    "Ingrid Solberg": ("scenario", "2026-11-18", "overdue"),
    # sales call 2026-11-18 (Wed) + 2d
    "Erik Dahl": ("scenario", "2026-11-20", "overdue"),
    # interview 2026-11-19T10:30 (Thu) + 1d
    "Priya Nair": ("scenario", "2026-11-20", "overdue"),
    # next: 2026-11-22 is later than the last call: an explicit date, kept on a Sunday
    "Per Lindqvist": ("next", "2026-11-22", "today"),
    # email in 2026-11-20 (Fri) + 1d = Sat 21 -> Mon
    "Bente Kristiansen": ("reply", "2026-11-23", "upcoming"),
    # event 2026-11-20 (Fri) + 2d = Sun 22 -> Mon; the 90d #network cadence is later
    "Jonas Berg": ("scenario", "2026-11-23", "upcoming"),
    # email 2026-11-20 after the conference: 1 unanswered, + 3d
    "Oskar Lund": ("nudge", "2026-11-23", "upcoming"),
    # next: 2026-11-16 was fulfilled by the coffee that day; coffee follow_up 10d
    "Tom Aas": ("follow_up", "2026-11-26", "upcoming"),
    # emails 11-03, 11-06, 11-13 unanswered: nudge 3 of 3, 2026-11-13 + 14d
    "Camilla Ruud": ("nudge", "2026-11-27", "upcoming"),
    # call in 2026-11-15 with follow_up none; #family 14d = Sun 29 -> Mon 30 (8 days)
    "Ellen Lindqvist": ("cadence", "2026-11-30", "later"),
    # dinner 2026-10-24 with follow_up none; monthly = 11-24, snoozed until 12-04
    "Lars Eriksen": ("cadence", "2026-12-04", "later"),
    # 4 unanswered (quiet); quarterly from 2026-10-01 = 2027-01-01, a holiday -> Mon 4
    "Marta Olsen": ("cadence", "2027-01-04", "later"),
}
SHIFTED = {
    "Bente Kristiansen": "2026-11-21",
    "Jonas Berg": "2026-11-22",
    "Ellen Lindqvist": "2026-11-29",
    "Marta Olsen": "2027-01-01",
}
SNOOZED = {"Lars Eriksen": "2026-11-24"}
NUDGES = {"Oskar Lund": 1, "Camilla Ruud": 3}
QUIET_WITH_CADENCE = {"Marta Olsen": True, "Viktor Holm": False}
BROKEN = "People/Kim Tran.md"
IGNORED_FOLDERS = ("templates/", ".obsidian/", "Daily/")


# ------------------------------------------------------------------------ helpers


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder below `folder`, with a digest and mtime of each file."""
    found: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        for name in dirnames:
            found[(here / name).relative_to(folder).as_posix() + "/"] = "dir"
        for name in filenames:
            file = here / name
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
            found[file.relative_to(folder).as_posix()] = f"{digest} {file.stat().st_mtime_ns}"
    return found


@pytest.fixture(scope="module", autouse=True)
def sample_vault_untouched() -> Iterator[None]:
    """The repository's sample-vault is only ever copied, never written to."""
    before = _snapshot(SAMPLE)
    yield
    assert _snapshot(SAMPLE) == before, "a test wrote into the repository's sample-vault/"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A fresh copy of sample-vault/ to run the CLI on."""
    copy = tmp_path / "sample-vault"
    shutil.copytree(SAMPLE, copy)
    return copy


def run(vault: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--vault", str(vault), "--today", TODAY, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    return result


def agenda_json(vault: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run(vault, "agenda", "--json", "--no-write").stdout)
    return data


def _update_golden(path: Path, data: bytes) -> NoReturn:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    pytest.skip(f"UPDATE_GOLDEN: rewrote {path.relative_to(ROOT)}; review the diff")


# ------------------------------------------------------------------------ goldens


def test_agenda_note_matches_golden(copy: Path) -> None:
    run(copy, "agenda")
    written = (copy / AGENDA_FILE).read_bytes()
    if UPDATE:
        _update_golden(GOLDEN_MD, written)
    expected = GOLDEN_MD.read_bytes()
    assert written.decode("utf-8") == expected.decode("utf-8")
    assert written == expected  # byte for byte: line endings and the final newline too


def test_json_matches_golden(copy: Path) -> None:
    data = agenda_json(copy)
    assert not (copy / AGENDA_FILE).exists(), "--no-write wrote the agenda note"
    if UPDATE:
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        _update_golden(GOLDEN_JSON, text.encode("utf-8"))
    assert data == json.loads(GOLDEN_JSON.read_text(encoding="utf-8"))


# -------------------------------------------------------------------------- story


def test_story_due_dates(copy: Path) -> None:
    data = agenda_json(copy)
    items = {item["name"]: item for item in data["items"]}
    assert {name: (i["rule"], i["due"], i["bucket"]) for name, i in items.items()} == STORY
    assert {n: i["shifted_from"] for n, i in items.items() if i["shifted_from"]} == SHIFTED
    assert {n: i["snoozed_from"] for n, i in items.items() if i["snoozed_from"]} == SNOOZED
    assert {n: i["nudge"] for n, i in items.items() if i["nudge"]} == NUDGES
    quiet = {q["name"]: q["cadence_due"] is not None for q in data["quiet"]}
    assert quiet == QUIET_WITH_CADENCE
    assert {q["unanswered"] for q in data["quiet"]} == {4}
    assert [(p["path"], p["line"]) for p in data["problems"]] == [(BROKEN, 4), (BROKEN, 5)]


def test_story_covers_every_rule_and_bucket(copy: Path) -> None:
    data = agenda_json(copy)
    items = data["items"]
    assert {item["rule"] for item in items} == set(get_args(Rule))
    assert {item["bucket"] for item in items} == set(BUCKETS)
    assert data["quiet"], "no contact has gone quiet"
    assert data["problems"], "the broken note gives no problem"
    paths = [entry["path"] for key in ("items", "quiet", "problems") for entry in data[key]]
    for path in paths:
        assert not path.startswith(IGNORED_FOLDERS), f"{path} should not be read as a contact"


def test_contact_count_and_decoys(copy: Path) -> None:
    checked = CliRunner().invoke(cli, ["--vault", str(copy), "--today", TODAY, "check", "--json"])
    assert checked.exit_code == 1, checked.output  # the broken note, on purpose
    assert 12 <= json.loads(checked.stdout)["contacts"] <= 16
    # The notes that must be skipped are really there, so skipping them is tested.
    assert "{{title}}" in (SAMPLE / "templates" / "Contact.md").read_text(encoding="utf-8")
    assert "interactions: []" in (SAMPLE / "templates" / "Contact.md").read_text(encoding="utf-8")
    assert (SAMPLE / ".obsidian" / "app.json").is_file()
    assert (SAMPLE / "Daily" / f"{TODAY}.md").is_file()
    assert not (SAMPLE / "Nordic SaaS Summit 2026.md").read_text(encoding="utf-8").startswith("---")
    assert "broken on purpose" in (SAMPLE / BROKEN).read_text(encoding="utf-8")
    assert not (SAMPLE / AGENDA_FILE).exists(), (
        f"sample-vault/{AGENDA_FILE} is generated: delete it, it must not be committed"
    )


# ------------------------------------------------------------------------ writing


def test_second_run_leaves_the_agenda_note_alone(copy: Path) -> None:
    target = copy / AGENDA_FILE
    assert "wrote" in run(copy, "agenda").output
    content = target.read_bytes()
    old = 946_684_800_000_000_000  # 2000-01-01: any rewrite would change it
    os.utime(target, ns=(old, old))
    inode = target.stat().st_ino

    assert "unchanged:" in run(copy, "agenda").output
    assert target.stat().st_mtime_ns == old
    assert target.stat().st_ino == inode
    assert target.read_bytes() == content

    stale = content.replace(b"3 overdue", b"9 overdue")  # an older agenda of ours
    target.write_bytes(stale)
    assert "wrote" in run(copy, "agenda").output
    assert target.read_bytes() == content
