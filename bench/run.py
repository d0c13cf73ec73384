"""Benchmark followup-md against the loop a user would otherwise write.

    python bench/run.py [--contacts N] [--interactions K] [--repeat R] [--json PATH]

Generates a deterministic synthetic vault, then times whole processes, alternating
the measures within each repetition so that machine noise hits them alike:

- baseline: a plain loop that `frontmatter.load`s every `.md` file and collects
  `interactions` (what a user would write without this tool);
- floors: walking and stat-ing every file; reading every file's bytes;
- `followup agenda --no-write`: cold (no cache, text and --json), warm (nothing changed:
  text, --json, and `agenda` writing its note), and warm after 1% of the notes changed
  (`--write`: `agenda` writing its note throughout; with `--sync-properties`, the vault's
  properties kept too, the first run that writes them all reported apart);
- the commands people type: `show`, `log`, `done`, `snooze`, `next` (each on another
  contact, by full name) and the shell completion of a name;
- the watcher: the time from editing one note until the agenda file holds the
  change, debounce subtracted (median and worst of --edits edits);
- peak memory (RSS) of the cold agenda and of the watcher;
- `followup import` of generated files as phones and spreadsheets export them (as many
  rows as contacts, `--import-rows`): vCards and CSV into an empty vault, and a dry run of
  the CSV against the benchmark vault, where half the rows are its contacts (duplicates).
- with `--sync-mail N` (and only then, instead of the measures above): `followup sync
  mail` over a Maildir of N messages, headers as real mail has them, to and from the
  vault's contacts, strangers and mailing lists: the first sync (which writes), a dry
  run, and a second sync that finds nothing new.

Every measure runs on two vaults (`--vaults`): the benchmark vault (uniform notes of 10
interactions in block mappings) and a mixed-style vault as people write by hand (a third
block mappings with quoted summaries, a third flow mappings, a third one-line strings; tags
as flow lists; comments; 3 to 18 interactions; prose bodies). The imports run on the first.

It prints medians with min-max and, above all, ratios against the baseline measured
in the same run, each beside its target from issue 16 with ✓ or ✗, and writes everything
as JSON with --json. Machines are noisy: compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TODAY = "2026-11-22"
SEED = 20261122
FIRST_NAMES = [
    "Anna",
    "Bjorn",
    "Carla",
    "Dana",
    "Erik",
    "Farah",
    "Gustav",
    "Hana",
    "Ivan",
    "Jonas",
    "Kari",
    "Liam",
    "Maya",
    "Nils",
    "Olga",
    "Per",
    "Quinn",
    "Rita",
    "Sven",
    "Tara",
    "Uma",
    "Viktor",
    "Wenche",
    "Xavier",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Berg",
    "Dahl",
    "Eriksen",
    "Holm",
    "Johansen",
    "Kristiansen",
    "Lund",
    "Moe",
    "Nair",
    "Olsen",
    "Park",
    "Ruud",
    "Solberg",
    "Tran",
    "Wiik",
    "Aas",
    "Haugen",
    "Larsen",
    "Nilsen",
    "Pedersen",
]
TYPES = ("email", "call", "meeting", "event", "interview", "message", "demo", "feedback", "coffee")
CHANNELS = ("email", "phone", "linkedin", "in person", "WhatsApp")
WORDS = [
    "follow",
    "up",
    "on",
    "the",
    "proposal",
    "pricing",
    "quote",
    "pilot",
    "roadmap",
    "intro",
    "coffee",
    "conference",
    "team",
    "hiring",
    "feedback",
    "budget",
    "timeline",
    "contract",
    "next",
    "steps",
    "demo",
    "onboarding",
    "renewal",
    "partnership",
    "referral",
]
BASELINE = """
import os, sys, frontmatter
found = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = [d for d in dirs if not d.startswith(".")]
    for name in files:
        if name.endswith(".md"):
            try:
                post = frontmatter.load(os.path.join(folder, name))
            except Exception:
                continue
            found += len(post.metadata.get("interactions") or [])
print(found)
"""
WALK_STAT = """
import os, sys
n = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = [d for d in dirs if not d.startswith(".")]
    for name in files:
        os.stat(os.path.join(folder, name)); n += 1
print(n)
"""
READ_ALL = """
import os, sys
n = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = [d for d in dirs if not d.startswith(".")]
    for name in files:
        with open(os.path.join(folder, name), "rb") as f:
            n += len(f.read())
print(n)
"""


# ----------------------------------------------------------------------- the vault


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def make_note(rng: random.Random, index: int, interactions: int) -> str:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    lines = [
        "---",
        f"name: {first} {last} {index}",
        f"email: {first.lower()}.{last.lower()}{index}@example.com",
        f'phone: "+47{rng.randrange(10_000_000, 99_999_999)}"',
        f"company: {rng.choice(LAST_NAMES)} {rng.choice(['AS', 'Labs', 'Group', 'Consulting'])}",
        f"channel: {rng.choice(CHANNELS)}",
        f"objective: {_sentence(rng, 5)}",
        "tags:",
        f"  - {rng.choice(['network', 'client', 'friends', 'family', 'recruiter'])}",
    ]
    if rng.random() < 0.5:
        lines.append(f"cadence: {rng.choice(['30d', '2w', 'monthly', 'quarterly', '90d'])}")
    lines.append("interactions:")
    day = rng.randrange(0, 60)
    start = 20_410 - 400  # days since 1970 around 2024-2026
    for _ in range(interactions):
        day += rng.randrange(1, 40)
        date = time.strftime("%Y-%m-%d", time.gmtime((start + day) * 86_400))
        lines += [
            f"  - date: {date}",
            f"    type: {rng.choice(TYPES)}",
            f"    direction: {rng.choice(['in', 'out', 'out'])}",
            f"    summary: {_sentence(rng, rng.randrange(4, 10))}",
        ]
    lines.append("---")
    body = "\n\n".join(_sentence(rng, rng.randrange(15, 30)) + "." for _ in range(5))
    return "\n".join(lines) + f"\n# {first} {last}\n\n{body}\n"


def _interaction(rng: random.Random, style: int, date: str) -> list[str]:
    """One interaction in one of the three ways people write them."""
    kind, way = rng.choice(TYPES), rng.choice(["in", "out", "out"])
    summary = _sentence(rng, rng.randrange(4, 12))
    if style == 0:  # a block mapping, the summary quoted (it holds a colon)
        lines = [f"  - date: {date}", f"    type: {kind}", f"    direction: {way}",
                 f'    summary: "Re: {summary}"']  # fmt: skip
        if rng.random() < 0.3:
            lines.append(f"    channel: {rng.choice(CHANNELS)}")
        return lines
    if style == 1:  # a flow mapping
        return [f'  - {{date: {date}, type: {kind}, direction: {way}, summary: "{summary}"}}']
    return [f"  - {date} {kind} {way}: {summary}"]  # a one-line string


def make_mixed_note(rng: random.Random, index: int) -> str:
    """A hand-written note: a third block mappings with quoted summaries, a third flow
    mappings, a third one-line strings; tags as a flow list; comments; 3 to 18
    interactions; a body of prose with headings and lists."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    tags = rng.sample(["network", "client", "friends", "family", "recruiter", "mentor"], 2)
    lines = [
        "---",
        "# written by hand",
        f'name: "{first} {last} {index}"' if index % 2 else f"name: {first} {last} {index}",
        f"aliases: [{first[0]}{last[0]}{index}]",
        f"email: {first.lower()}.{last.lower()}{index}@example.com  # work address",
        f"company: {rng.choice(LAST_NAMES)} {rng.choice(['AS', 'Labs', 'Group'])}",
        f"tags: [{', '.join(tags)}]",
        f"objective: '{_sentence(rng, 6)}'",
    ]
    if rng.random() < 0.5:
        lines.append(f"cadence: {rng.choice(['30d', '2w', 'monthly', 'quarterly', '90d'])}")
    lines.append("interactions:  # oldest first")
    day = rng.randrange(0, 60)
    start = 20_410 - 400
    for number in range(rng.randrange(3, 19)):
        day += rng.randrange(1, 40)
        date = time.strftime("%Y-%m-%d", time.gmtime((start + day) * 86_400))
        if number % 5 == 4:
            lines.append("  # after the conference")
        lines += _interaction(rng, index % 3, date)
    lines.append("---")
    body = [f"# {first} {last}", "", _sentence(rng, 25) + ".", "", "## Notes", ""]
    body += [f"- {_sentence(rng, 8)}" for _ in range(rng.randrange(2, 6))]
    body += ["", "\n\n".join(_sentence(rng, rng.randrange(20, 40)) + "." for _ in range(3))]
    return "\n".join(lines) + "\n" + "\n".join(body) + "\n"


def make_vault(
    root: Path, contacts: int, interactions: int, mentions: bool = False, mixed: bool = False
) -> None:
    """A deterministic vault: contacts in 50 folders, a few broken and non-contact notes;
    with `mentions`, also `count_mentions: true` and a year of daily notes linking contacts;
    with `mixed`, notes in the mixed hand-written styles of `make_mixed_note`."""
    rng = random.Random(SEED)
    folders = [root / f"Area {n:02d}" for n in range(50)]
    for folder in folders:
        folder.mkdir(parents=True)
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "app.json").write_text("{}")
    for index in range(contacts):
        text = make_mixed_note(rng, index) if mixed else make_note(rng, index, interactions)
        if index % 1000 == 999:
            text = text.replace("cadence:", "cadence: [broken", 1).replace(
                "\ninteractions:", "\ninteractions: {", 1
            )
        (folders[index % 50] / f"Contact {index:06d}.md").write_text(text, "utf-8")
    for index in range(max(1, contacts // 100)):
        (folders[index % 50] / f"Daily {index:05d}.md").write_text(
            f"# Day {index}\n\n{_sentence(rng, 40)}.\n", "utf-8"
        )
    if mentions:
        make_journal(root, contacts)


def make_journal(root: Path, contacts: int) -> None:
    """Mentions on: one daily note a day for a year in `Journal/`, each linking 5 contacts
    by file name, plus the settings that say so."""
    rng = random.Random(SEED + 2)
    (root / ".followup.yaml").write_text("count_mentions: true\n")
    (root / ".obsidian" / "daily-notes.json").write_text('{"folder": "Journal"}')
    (root / "Journal").mkdir()
    end = 20_779  # 2025-11-22 .. 2026-11-22, in days since 1970
    for day in range(end - 365, end + 1):
        date = time.strftime("%Y-%m-%d", time.gmtime(day * 86_400))
        links = " ".join(f"[[Contact {rng.randrange(contacts):06d}]]" for _ in range(5))
        text = f"# {date}\n\n{_sentence(rng, 30)}. Talked to {links}.\n"
        (root / "Journal" / f"{date}.md").write_text(text, "utf-8")


def make_import_files(folder: Path, rows: int, vault: Path) -> tuple[Path, Path, Path]:
    """A vCard file and a CSV file of `rows` new people, and a CSV whose every other row is
    a contact of `vault` (by email): what `followup import` is timed on."""
    rng = random.Random(SEED + 2)
    folder.mkdir(parents=True, exist_ok=True)
    people = []
    for index in range(rows):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        people.append(
            (
                f"{first} {last} I{index}",
                first,
                last,
                f"{first}.{last}.i{index}@example.org".lower(),
            )
        )
    cards = []
    for name, first, last, email in people:
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"N:{last};{first};;;\r\nFN:{name}\r\n"
            f"item1.EMAIL;type=INTERNET;type=pref:{email}\r\nitem1.X-ABLabel:_$!<Work>!$_\r\n"
            f"TEL;type=CELL:+47 {rng.randrange(10_000_000, 99_999_999)}\r\n"
            f"ORG:{rng.choice(LAST_NAMES)} Labs;\r\nTITLE:Engineer\r\n"
            f"BDAY:19{rng.randrange(50, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}\r\n"
            f"NOTE:{_sentence(rng, 12)}\\, met at a meetup\r\n  in Oslo\r\nEND:VCARD\r\n"
        )
    vcf = folder / "contacts.vcf"
    vcf.write_text("".join(cards), "utf-8", newline="")
    header = "Name,E-mail,Mobile,Organization,Job Title,Tags,Notes\n"
    table = folder / "contacts.csv"
    table.write_text(
        header
        + "".join(
            f"{n},{e},+4712345678,Acme,Engineer,network;imported,Met once\n"
            for n, _, _, e in people
        ),
        "utf-8",
    )
    existing = []
    for note in sorted(vault.rglob("Contact *.md"))[:rows]:
        head = note.read_text("utf-8")[:400]
        name = head.split("\nname: ", 1)[1].split("\n", 1)[0]
        existing.append((name, head.split("\nemail: ", 1)[1].split("\n", 1)[0]))
    mixed = folder / "mixed.csv"
    lines = [
        f"{existing[i // 2][0]},{existing[i // 2][1]}\n" if i % 2 == 0 and i // 2 < len(existing)
        else f"{people[i][0]},{people[i][3]}\n"
        for i in range(rows)
    ]  # fmt: skip
    mixed.write_text("Name,Email\n" + "".join(lines), "utf-8")
    return vcf, table, mixed


# ----------------------------------------------------------------------- timing


def run_process(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run a process to completion; (seconds, peak RSS in KiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{error}")
    if process.stderr:
        process.stderr.close()
    return elapsed, usage.ru_maxrss


def touch_notes(vault: Path, fraction: float, rng: random.Random) -> None:
    notes = sorted(vault.rglob("Contact *.md"))
    for note in rng.sample(notes, max(1, int(len(notes) * fraction))):
        with note.open("a", encoding="utf-8") as handle:
            handle.write("\nTouched.\n")


def contact_names(vault: Path, count: int) -> list[str]:
    """`count` contacts' names, spread over the vault, for the interactive commands."""
    notes = sorted(vault.rglob("Contact *.md"))
    names = []
    for note in notes[:: max(1, len(notes) // max(1, count))]:
        text = note.read_text("utf-8")
        if "[broken" in text:
            continue
        line = text.split("\nname: ", 1)[1].split("\n", 1)[0]
        names.append(line.strip('"'))
    return (names * count)[:count]


def measure_processes(
    vault: Path,
    repeat: int,
    env: dict[str, str],
    imports: tuple[Path, Path, Path] | None,
    write: bool = False,
) -> dict[str, list[float]]:
    python = sys.executable
    followup = [python, "-m", "followup_md", "--vault", str(vault), "--today", TODAY]
    scratch = Path(tempfile.mkdtemp(prefix="followup-bench-cache-"))
    warm_env = {**env, "FOLLOWUP_CACHE_DIR": str(scratch / "warm")}
    first, _ = run_process([*followup, "agenda", "--no-write"], warm_env)  # prime the cache
    if write:  # `agenda` writes (and syncs properties, when on): the measures run it so
        agenda = ["agenda"]
        first, _ = run_process([*followup, *agenda], warm_env)
        run_process([*followup, *agenda], warm_env)  # re-reads what the first one wrote
    else:
        agenda = ["agenda", "--no-write"]
    rng = random.Random(SEED + 1)
    names = iter(contact_names(vault, 5 * repeat))
    times: dict[str, list[float]] = {}
    rss: dict[str, list[float]] = {}

    def cold_env() -> dict[str, str]:
        folder = scratch / f"cold-{time.monotonic_ns()}"
        return {**env, "FOLLOWUP_CACHE_DIR": str(folder)}

    def settle() -> None:
        """Nothing changed since the last run of each warm measure: run each once."""
        for args in (agenda, ["agenda", "--no-write", "--json"], ["agenda"]):
            run_process([*followup, *args], warm_env)

    def one(command: str, *rest: str) -> Callable[[], list[str]]:
        return lambda: [*followup, command, next(names), *rest]

    complete = {**warm_env, "_FOLLOWUP_COMPLETE": "bash_complete", "COMP_CWORD": "4",
                "COMP_WORDS": f"followup --vault {vault} show Anna Ber"}  # fmt: skip
    nothing = lambda: None  # noqa: E731
    measures: list[
        tuple[str, Callable[[], list[str]], Callable[[], dict[str, str]], Callable[[], None]]
    ] = [
        ("baseline", lambda: [python, "-c", BASELINE, str(vault)], lambda: env, nothing),
        ("walk+stat", lambda: [python, "-c", WALK_STAT, str(vault)], lambda: env, nothing),
        ("read all", lambda: [python, "-c", READ_ALL, str(vault)], lambda: env, nothing),
        ("agenda cold", lambda: [*followup, *agenda], cold_env, nothing),
        (
            "agenda cold --json",
            lambda: [*followup, "agenda", "--no-write", "--json"],
            cold_env,
            nothing,
        ),  # fmt: skip
        ("agenda warm", lambda: [*followup, *agenda], lambda: warm_env, settle),
        (
            "agenda warm --json",
            lambda: [*followup, "agenda", "--no-write", "--json"],
            lambda: warm_env,
            nothing,
        ),  # fmt: skip
        ("agenda warm, writing", lambda: [*followup, "agenda"], lambda: warm_env, nothing),
        ("show", one("show"), lambda: warm_env, nothing),
        ("log", one("log", "-s", "Benchmark"), lambda: warm_env, nothing),
        ("done", one("done"), lambda: warm_env, nothing),
        ("snooze", one("snooze", "2027-01-15", "--yes"), lambda: warm_env, nothing),
        ("next", one("next", "2027-02-01", "--yes"), lambda: warm_env, nothing),
        (
            "completion of a name",
            lambda: [python, "-m", "followup_md"],
            lambda: complete,
            nothing,
        ),  # fmt: skip
        (
            "agenda warm, 1% changed",
            lambda: [*followup, *agenda],
            lambda: warm_env,
            lambda: touch_notes(vault, 0.01, rng),
        ),  # fmt: skip
    ]
    measures += _import_measures(imports, followup, scratch, cold_env, warm_env)
    for _ in range(repeat):
        for name, args, environment, prepare in measures:
            prepare()
            seconds, peak = run_process(args(), environment())
            times.setdefault(name, []).append(seconds)
            rss.setdefault(name, []).append(peak / 1024)
    shutil.rmtree(scratch, ignore_errors=True)
    times["peak RSS MB: agenda cold"] = rss["agenda cold"]
    times["first agenda (one run)"] = [first]
    return times


def _import_measures(
    imports: tuple[Path, Path, Path] | None,
    followup: list[str],
    scratch: Path,
    cold_env: Callable[[], dict[str, str]],
    warm_env: dict[str, str],
) -> list[tuple[str, Callable[[], list[str]], Callable[[], dict[str, str]], Callable[[], None]]]:
    """`followup import` into an empty vault (vCards, CSV) and a dry run with duplicates."""
    if imports is None:
        return []
    python = sys.executable

    def into_empty_vault(file: Path) -> Callable[[], list[str]]:
        def args() -> list[str]:
            empty = scratch / f"empty-{time.monotonic_ns()}"
            empty.mkdir()
            return [python, "-m", "followup_md", "--vault", str(empty), "--today", TODAY,
                    "import", str(file)]  # fmt: skip

        return args

    vcf, table, mixed = imports
    return [
        ("import vCards, empty vault", into_empty_vault(vcf), cold_env, lambda: None),
        ("import CSV, empty vault", into_empty_vault(table), cold_env, lambda: None),
        (
            "import CSV, dry run, dups",
            lambda: [*followup, "import", "--dry-run", str(mixed)],
            lambda: warm_env,
            lambda: None,
        ),
    ]


ME = "me@bench.example"


def make_maildir(vault: Path, root: Path, messages: int) -> int:
    """A Maildir of `messages` messages: 60% to or from a contact, 30% from strangers,
    10% mailing-list mail; the contacts' addresses read from their notes. Returns
    how many contacts were found."""
    import re

    rng = random.Random(SEED + 2)
    pattern = re.compile(r"^email: (.+)$", re.M)
    addresses = [m.group(1) for note in sorted(vault.rglob("Contact *.md"))
                 if (m := pattern.search(note.read_text("utf-8")))]  # fmt: skip
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    for index in range(messages):
        roll = rng.random()
        other = rng.choice(addresses) if roll < 0.7 else f"someone{index}@elsewhere.example"
        sender, to = (ME, other) if roll < 0.3 else (other, ME)
        extra = "List-Id: <news.lists.example>\n" if roll >= 0.9 else ""
        day = 1 + index % 28
        text = (
            f"Return-Path: <{sender}>\nReceived: from mx.example by mx.example; "
            f"{day} Oct 2026 10:00:00 +0000\nFrom: Someone <{sender}>\nTo: {to}\n"
            f"Subject: Re: {_sentence(rng, 5)}\n"
            f"Date: {day:02d} Oct 2026 10:{index % 60:02d}:00 +0000\n"
            f"Message-ID: <m{index}@bench.example>\nMIME-Version: 1.0\n{extra}"
            f"Content-Type: text/plain; charset=utf-8\n\n{_sentence(rng, 200)}\n"
        )
        (root / "cur" / f"{index}.bench.example:2,S").write_text(text, "utf-8")
    return len(addresses)


def measure_sync(vault: Path, messages: int, env: dict[str, str]) -> dict[str, list[float]]:
    """`followup sync mail` over a Maildir of `messages`: first, dry run, again."""
    maildir = vault.parent / "Mail"
    found = make_maildir(vault, maildir, messages)
    (vault / ".followup.yaml").write_text(f"me: [{ME}]\n", "utf-8")
    print(f"maildir: {messages} messages, {found} contacts with an address")
    followup = [sys.executable, "-m", "followup_md", "--vault", str(vault), "--today", TODAY]
    env = {**env, "FOLLOWUP_CACHE_DIR": str(vault.parent / "cache")}
    run_process([*followup, "agenda", "--no-write"], env)  # the scan's cache, as a user has it
    times: dict[str, list[float]] = {}
    times["sync mail --dry-run"] = [run_process([*followup, "sync", "mail", str(maildir),
                                                 "--dry-run"], env)[0]]  # fmt: skip
    times["sync mail: first"] = [run_process([*followup, "sync", "mail", str(maildir)], env)[0]]
    times["sync mail: again"] = [run_process([*followup, "sync", "mail", str(maildir)], env)[0]]
    return times


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def measure_watcher(
    vault: Path, edits: int, debounce_ms: int, env: dict[str, str]
) -> dict[str, Any]:
    """Edit one note at a time; time until the agenda file shows the edit."""
    agenda = vault / "Follow-ups.md"
    agenda.unlink(missing_ok=True)
    cache_dir = tempfile.mkdtemp(prefix="followup-bench-watch-")
    args = [sys.executable, "-m", "followup_md", "--vault", str(vault), "--today", TODAY,
            "watch", "--debounce", str(debounce_ms), "--quiet"]  # fmt: skip
    process = subprocess.Popen(args, env={**env, "FOLLOWUP_CACHE_DIR": cache_dir},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    started = time.perf_counter()
    try:
        while not agenda.exists():
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise SystemExit(f"watcher exited: {error}")
            if time.perf_counter() - started > 600:
                raise SystemExit("the watcher wrote no agenda within 10 minutes")
            time.sleep(0.01)
        startup = time.perf_counter() - started
        time.sleep(0.5)
        note = sorted(vault.rglob("Contact *.md"))[0]
        original = note.read_text("utf-8")
        latencies = []
        for edit in range(edits):
            marker = f"2027-{1 + edit // 28:02d}-{1 + edit % 28:02d}"
            note.write_text(original.replace("---\n", f"---\nnext: {marker}\n", 1), "utf-8")
            edited = time.perf_counter()
            while f"(next: {marker})" not in agenda.read_text("utf-8"):
                if time.perf_counter() - edited > 30:
                    raise SystemExit(f"the watcher did not show edit {edit} within 30 s")
                time.sleep(0.002)
            latencies.append(time.perf_counter() - edited - debounce_ms / 1000)
            time.sleep(debounce_ms / 1000 + 0.05)
        note.write_text(original, "utf-8")
        memory = _vm_hwm_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(cache_dir, ignore_errors=True)
    return {"latencies": latencies, "startup": startup, "rss_mb": memory}


# ----------------------------------------------------------------------- report


def summarise(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


TARGETS: dict[str, tuple[str, float]] = {
    "agenda cold": ("x", 0.5),
    "agenda cold --json": ("x", 0.5),
    "agenda warm": ("x", 0.06),
    "agenda warm --json": ("x", 0.06),
    "agenda warm, writing": ("x", 0.1),
    "show": ("x", 0.1),
    "log": ("x", 0.1),
    "done": ("x", 0.1),
    "snooze": ("x", 0.1),
    "next": ("x", 0.1),
    "completion of a name": ("x", 0.1),
    "agenda warm, 1% changed": ("x", 0.1),
    "watcher: worst edit": ("ms", 50),
    "peak RSS MB: watcher": ("MB", 80),
}
"""Issue 16's targets at 10,000 contacts: a ratio to the baseline of the same run ("x"),
milliseconds or megabytes."""

TARGETS_100K: dict[str, tuple[str, float]] = {
    "agenda warm": ("s", 1.5),
    "peak RSS MB: agenda cold": ("MB", 300),
}
"""At 100,000 contacts: seconds and megabytes."""


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of each process measure")
    parser.add_argument("--edits", type=int, default=20, help="watcher edits to time")
    parser.add_argument("--debounce", type=int, default=100, help="watcher debounce in ms")
    parser.add_argument("--no-watch", action="store_true", help="skip the watcher measures")
    parser.add_argument("--watch-only", action="store_true", help="only the watcher measures")
    parser.add_argument("--import-rows", type=int, help="rows to import (default: --contacts)")
    parser.add_argument("--no-import", action="store_true", help="skip the import measures")
    parser.add_argument(
        "--vaults",
        default="benchmark,mixed",
        help="which vaults, comma-separated: benchmark (uniform notes), mixed (hand-written "
        "styles); default both",
    )
    parser.add_argument(
        "--keep", type=Path, help="build (or reuse) the vault here (the mixed one at PATH-mixed)"
    )
    parser.add_argument(
        "--mentions", action="store_true", help="count_mentions: true, and a year of daily notes"
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument(
        "--write", action="store_true", help="time `agenda` (writing) instead of --no-write"
    )
    parser.add_argument(
        "--sync-properties",
        action="store_true",
        help="set sync_properties: true in the vault (implies --write); the first agenda, "
        "which writes every contact's properties, is reported apart",
    )
    parser.add_argument(
        "--sync-mail", type=int, metavar="N", help="only time `sync mail` over N messages"
    )
    return parser.parse_args()


def bench_vault(
    options: argparse.Namespace, kind: str, vault: Path, workdir: Path, env: dict[str, str]
) -> dict[str, Any]:
    """Build `vault` (if it is not there) and run every measure on it."""
    began = time.perf_counter()
    if not vault.exists():
        make_vault(vault, options.contacts, options.interactions, options.mentions, kind == "mixed")
    config = vault / ".followup.yaml"
    written = config.read_text("utf-8") if config.exists() else ""
    if options.sync_properties and "sync_properties" not in written:
        config.write_text(written + "sync_properties: true\n", "utf-8")
    size = sum(p.stat().st_size for p in vault.rglob("*.md")) / max(1, options.contacts)
    print(
        f"\n{kind} vault: {options.contacts} contacts, {size / 1024:.1f} KB per note, "
        f"built in {time.perf_counter() - began:.1f} s"
    )
    write = options.write or options.sync_properties
    imports = None
    if kind == "benchmark" and not options.no_import:
        rows = options.import_rows or options.contacts
        imports = make_import_files(workdir / "import", rows, vault)
        print(f"import files: {rows} vCards, {rows} CSV rows, {rows} CSV rows half duplicates")
    if hasattr(os, "sync"):  # the files just written go to disk now, not during the measures
        os.sync()
    times = (
        {} if options.watch_only else measure_processes(vault, options.repeat, env, imports, write)
    )
    watcher = (
        None if options.no_watch else measure_watcher(vault, options.edits, options.debounce, env)
    )
    return report(kind, options, times, watcher)


def report(
    kind: str,
    options: argparse.Namespace,
    times: dict[str, list[float]],
    watcher: dict[str, Any] | None,
) -> dict[str, Any]:
    """Print one vault's measures, each beside its target; the same as JSON."""
    baseline = statistics.median(times["baseline"]) if times else float("nan")
    measures: dict[str, Any] = {}
    print(f"\n{kind + ' vault':<28}{'median':>10}{'min-max':>20}{'x baseline':>12}   target")
    for name, values in times.items():
        stats = summarise(values)
        if name.startswith("peak RSS"):
            measures[name] = {"max": stats["max"]}
            print(f"{name:<28}{stats['max']:>9.0f}M{'':>32}   {_verdict(name, options, measures)}")
            continue
        ratio = stats["median"] / baseline
        measures[name] = {**stats, "ratio": ratio}
        span = f"{stats['min']:.3f}-{stats['max']:.3f}"
        verdict = _verdict(name, options, measures)
        print(f"{name:<28}{stats['median']:>9.3f}s{span:>20}{ratio:>12.3f}   {verdict}")
    results: dict[str, Any] = {"measures": measures}
    if watcher:
        lat = watcher["latencies"]
        results["watcher"] = {
            "edits": len(lat),
            "debounce_ms": options.debounce,
            "median_ms": statistics.median(lat) * 1000,
            "worst_ms": max(lat) * 1000,
            "startup_s": watcher["startup"],
            "peak_rss_mb": watcher["rss_mb"],
        }
        measures["watcher: worst edit"] = {"max": max(lat) * 1000}
        worst = f"worst {max(lat) * 1000:.1f}ms"
        print(
            f"{'watcher: edit to agenda':<28}{statistics.median(lat) * 1000:>8.1f}ms"
            f"{worst:>20}{'':>12}   {_verdict('watcher: worst edit', options, measures)}"
            "   (debounce subtracted)"
        )
        print(f"{'watcher: start-up':<28}{watcher['startup']:>9.2f}s")
        if watcher["rss_mb"] is not None:
            measures["peak RSS MB: watcher"] = {"max": watcher["rss_mb"]}
            verdict = _verdict("peak RSS MB: watcher", options, measures)
            print(f"{'peak RSS MB: watcher':<28}{watcher['rss_mb']:>9.0f}M{'':>32}   {verdict}")
    return results


def _verdict(name: str, options: argparse.Namespace, measures: dict[str, Any]) -> str:
    """`≤ target ✓` or `✗` for a measure with a target at this size, else ""."""
    targets = TARGETS_100K if options.contacts >= 100_000 else TARGETS
    if name not in targets:
        return ""
    unit, limit = targets[name]
    found = measures[name]
    value = {"x": found.get("ratio"), "s": found.get("median")}.get(unit, found.get("max"))
    if value is None:
        return ""
    mark = "✓" if value <= limit else "✗"
    scale = "" if options.contacts in (10_000, 100_000) else " (a target at 10,000)"
    return f"≤ {limit:g}{'' if unit == 'x' else ' ' + unit} {mark}{scale}"


def bench_sync_mail(options: argparse.Namespace, vault: Path, env: dict[str, str]) -> None:
    """`--sync-mail N`: only `sync mail` over a Maildir of N messages, on the benchmark vault."""
    if not vault.exists():
        make_vault(vault, options.contacts, options.interactions, options.mentions)
    sync_times = measure_sync(vault, options.sync_mail, env)
    for name, values in sync_times.items():
        print(f"{name:<28}{values[0]:>9.2f}s")
    if options.json:
        options.json.write_text(json.dumps(sync_times, indent=2) + "\n")


def main() -> None:
    options = _parse()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    workdir = Path(tempfile.mkdtemp(prefix="followup-bench-"))
    kinds = [kind.strip() for kind in options.vaults.split(",") if kind.strip()]
    if not kinds or set(kinds) - {"benchmark", "mixed"}:
        raise SystemExit("--vaults takes benchmark, mixed or both")
    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },  # fmt: skip
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "contacts": options.contacts,
        "mentions": options.mentions,
        "interactions": options.interactions,
        "repeat": options.repeat,
        "load_average_at_start": list(os.getloadavg()),
    }
    try:
        if options.sync_mail:
            bench_sync_mail(options, options.keep or workdir / "vault", env)
            return
        for kind in kinds:
            where = options.keep or workdir / "vault"
            where = where if kind == "benchmark" else where.with_name(where.name + "-mixed")
            found = bench_vault(options, kind, where, workdir, env)
            if kind == "benchmark":
                results.update(found)
            else:
                results["mixed"] = found
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results["load_average_at_end"] = list(os.getloadavg())
    start, end = results["load_average_at_start"], results["load_average_at_end"]
    print(f"\nload average (1, 5, 15 min): {start} at the start, {end} at the end")
    if options.json:
        options.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"\nwrote {options.json}")


if __name__ == "__main__":
    main()
