"""The sample vault: a small, realistic story that exercises every rule end to end.

`sample-vault/` is Maya Lindqvist's vault on Sunday 2026-11-22. She runs a tiny
SaaS (Loopwise) and is also looking for a Product Lead job; she has just spent
Thursday and Friday at the Nordic SaaS Summit. Her contacts cover every rule
(next, follow_up, reply, scenario, nudge, cadence, birthday), every bucket, both
profiles (family and friends are personal), contacts that went quiet, a missed
thank-you, a contact added weeks ago and never written to, a coffee (a
conversation: no nudge), a paused and a closed contact, a snoozed one, weekend and
holiday shifts (deadlines back, gaps forward), and one note broken on purpose for
the Problems section. Next to them sit notes that must not be read as contacts: a
template, a daily note, a plain note and Obsidian's own settings.

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
SAMPLE = Path(os.environ.get("FOLLOWUP_TEST_SAMPLE_VAULT") or ROOT / "sample-vault")
"""The repository's sample vault (tests/test_setup.py points it at a copy on which the
README's first command has already run)."""
DATA = Path(__file__).resolve().parent / "data"
GOLDEN_MD = DATA / "sample-agenda.md"
GOLDEN_JSON = DATA / "sample-agenda.json"
TODAY = "2026-11-22"
AGENDA_FILE = "Follow-ups.md"
UPDATE = os.environ.get("UPDATE_GOLDEN", "").strip().lower() in ("1", "true", "yes")

# name: (rule, due date, bucket), worked out by hand as of Sunday 2026-11-22 with the
# vault's .followup.yaml (tag_cadence family 14d / friends 30d / network 90d, and
# holidays that include 2027-01-01) and the default profiles, rules, nudges, horizon and
# stale_after (30d). #family and #friends contacts get the personal profile (no scenario
# rules, no nudges, weekends kept); everyone else the professional one. Deadlines (a
# scenario rule, a reply) on a skipped day move to the last working day on or after the
# interaction; gaps (a nudge, a cadence) to the next working day.
STORY: dict[str, tuple[str, str, str]] = {
    # cadence monthly, no interaction yet: due from `added: 2026-10-05` (Mon), 48 days ago
    "Sofie Bakke": ("cadence", "2026-10-05", "overdue"),
    # feedback 2026-11-17 (Tue) + 1d
    "Ingrid Solberg": ("scenario", "2026-11-18", "overdue"),
    # email in 2026-11-20 (Fri) + 1d = Sat 21: a reply is a deadline -> back to Fri 20
    "Bente Kristiansen": ("reply", "2026-11-20", "overdue"),
    # sales call 2026-11-18 (Wed) + 2d
    "Erik Dahl": ("scenario", "2026-11-20", "overdue"),
    # event 2026-11-20 (Fri) + 2d = Sun 22 -> back to Fri 20; the 90d #network cadence is later
    "Jonas Berg": ("scenario", "2026-11-20", "overdue"),
    # interview 2026-11-19T10:30 (Thu) + 1d
    "Priya Nair": ("scenario", "2026-11-20", "overdue"),
    # next: 2026-11-22 is later than the last call (a conversation: no reply owed); an
    # explicit date, kept on a Sunday; his birthday the same day loses the tie to it
    "Per Lindqvist": ("next", "2026-11-22", "today"),
    # email 2026-11-20 after the conference (a conversation): 1 unanswered, + 3d
    "Oskar Lund": ("nudge", "2026-11-23", "upcoming"),
    # next: 2026-11-16 was fulfilled by the coffee that day; coffee follow_up 10d
    "Tom Aas": ("follow_up", "2026-11-26", "upcoming"),
    # emails 11-03, 11-06, 11-13 unanswered: nudge 3 of 3, 2026-11-13 + 14d
    "Camilla Ruud": ("nudge", "2026-11-27", "upcoming"),
    # birthday 1958-11-27: Fri 27, before the #family 14d cadence (call 11-15 + 14d = Sun
    # 29, kept: personal profile)
    "Ellen Lindqvist": ("birthday", "2026-11-27", "upcoming"),
    # coffee 2026-11-11 (Wed), a conversation with no rule: no nudge; cadence 3w = Wed 12-02
    "Sigrid Nilsen": ("cadence", "2026-12-02", "later"),
    # dinner 2026-10-24 with follow_up none; monthly = 11-24, snoozed until 12-04
    "Lars Eriksen": ("cadence", "2026-12-04", "later"),
    # 4 unanswered (quiet); quarterly from 2026-10-01 = 2027-01-01, a holiday -> Mon 4
    "Marta Olsen": ("cadence", "2027-01-04", "later"),
    # her thank-you (interview 10-08 + 1d = Fri 10-09) is missed (over 30 days ago); the
    # #network cadence decides meanwhile: 2026-10-08 + 90d = Wed 2027-01-06
    "Nora Haugen": ("cadence", "2027-01-06", "later"),
}
SHIFTED = {
    "Bente Kristiansen": "2026-11-21",
    "Jonas Berg": "2026-11-22",
    "Marta Olsen": "2027-01-01",
}
SNOOZED = {"Lars Eriksen": "2026-11-24"}
NUDGES = {"Oskar Lund": 1, "Camilla Ruud": 3}
QUIET_WITH_CADENCE = {"Marta Olsen": True, "Viktor Holm": False}
# name: (rule, due date as it was shown, cadence date meanwhile)
MISSED = {"Nora Haugen": ("scenario", "2026-10-09", "2027-01-06")}
PERSONAL = {"Per Lindqvist", "Ellen Lindqvist", "Lars Eriksen"}
"""#family and #friends: the personal profile; every other contact is professional."""
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
    # Without the agenda note the README's first command writes there: the tests see the
    # vault as committed, whatever was run in it.
    shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns(AGENDA_FILE))
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
    missed = {m["name"]: (m["rule"], m["due"], m["cadence_due"]) for m in data["missed"]}
    assert missed == MISSED
    profiles = {name: item["profile"] for name, item in items.items()}
    assert profiles == {n: "personal" if n in PERSONAL else "professional" for n in STORY}
    assert [(p["path"], p["line"]) for p in data["problems"]] == [(BROKEN, 4), (BROKEN, 5)]


def test_story_covers_every_rule_and_bucket(copy: Path) -> None:
    data = agenda_json(copy)
    items = data["items"]
    assert {item["rule"] for item in items} == set(get_args(Rule))
    assert {item["bucket"] for item in items} == set(BUCKETS)
    assert data["quiet"], "no contact has gone quiet"
    assert data["missed"], "no follow-up was missed"
    assert any(m["cadence_due"] for m in data["missed"]), "no missed contact has a cadence"
    assert any("birthday today" in item["reason"] for item in items), "no birthday mentioned"
    assert any(item["reason"].endswith("no contact yet") for item in items), "no `added` date"
    assert {item["profile"] for item in items} == {"professional", "personal"}
    assert data["problems"], "the broken note gives no problem"
    keys = ("items", "quiet", "missed", "problems")
    paths = [entry["path"] for key in keys for entry in data[key]]
    for path in paths:
        assert not path.startswith(IGNORED_FOLDERS), f"{path} should not be read as a contact"


def test_contact_count_and_decoys(copy: Path) -> None:
    checked = CliRunner().invoke(cli, ["--vault", str(copy), "--today", TODAY, "check", "--json"])
    assert checked.exit_code == 1, checked.output  # the broken note, on purpose
    assert 12 <= json.loads(checked.stdout)["contacts"] <= 20
    # The notes that must be skipped are really there, so skipping them is tested.
    assert "{{title}}" in (copy / "templates" / "Contact.md").read_text(encoding="utf-8")
    assert "interactions: []" in (copy / "templates" / "Contact.md").read_text(encoding="utf-8")
    assert (copy / ".obsidian" / "app.json").is_file()
    assert (copy / "Daily" / f"{TODAY}.md").is_file()
    assert not (copy / "Nordic SaaS Summit 2026.md").read_text(encoding="utf-8").startswith("---")
    assert "broken on purpose" in (copy / BROKEN).read_text(encoding="utf-8")


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

    stale = content.replace(b"6 overdue", b"9 overdue")  # an older agenda of ours
    assert stale != content
    target.write_bytes(stale)
    assert "wrote" in run(copy, "agenda").output
    assert target.read_bytes() == content
