"""`followup import`: real-shaped export files in tests/data, through the real CLI, into a
real vault; the notes written are read back by the agenda's own reader."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run

DATA = Path(__file__).parent / "data"
VCF = DATA / "contacts.vcf"
LINKEDIN = DATA / "Connections.csv"
PEOPLE = DATA / "people.csv"


def _notes(vault: Path) -> dict[str, str]:
    return {
        str(path.relative_to(vault)): path.read_text("utf-8")
        for path in sorted(vault.rglob("*.md"))
        if ".cache" not in path.parts
    }


def _import_json(run: Run, *args: str) -> dict[str, object]:
    result = run("import", *args, "--json")
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    data["exit_code"] = result.exit_code
    return data


def test_a_vcard_file_of_3_0_4_0_and_2_1_cards_imports_every_card_with_a_name(
    run: Run, vault: Path
) -> None:
    result = run("import", str(VCF))
    assert result.exit_code == 1, result.output  # cards 4 and 5 could not be imported
    notes = _notes(vault)
    assert sorted(notes) == [
        "Chidi Okafor.md",
        "Dana Park.md",
        "Jürgen Müller.md",
        "Zoë Ångström-Nakamura.md",
    ]
    dana = notes["Dana Park.md"]
    # the grouped item1.EMAIL (type=pref) first, the other address too; the folded NOTE whole
    assert "email: dana@northwind.example\n" in dana
    assert "emails:\n  - dana@northwind.example\n  - dana.park@mail.example\n" in dana
    assert "phone: +47 912 34 567\n" in dana
    assert "company: Northwind Traders\ntitle: Product Manager\n" in dana
    assert "birthday: 1988-05-14\n" in dana
    assert "tags:\n  - job\n  - conference\n" in dana
    assert dana.endswith(
        "---\n\nMet at the PyCon Nordic hallway track, talked about the PM role and her "
        "team's move to Oslo.\nWants a follow-up after the panel.\n"
    )
    zoe = notes["Zoë Ångström-Nakamura.md"]  # 4.0: PREF=1 first, a tel: URI, --MMDD
    assert "email: zoe@example.se\n" in zoe and "  - zoe.a@example.jp\n" in zoe
    assert 'phone: "+46-70-123-4567"\n' in zoe or "phone: +46-70-123-4567\n" in zoe
    assert 'birthday: "--05-14"\n' in zoe
    # 2.1 quoted-printable with a soft line break, and a comma vobject's cards would cut at
    assert "Kennengelernt auf der Messe, lange Notiz über zwei Zeilen" in notes["Jürgen Müller.md"]
    lines = result.output.splitlines()
    assert f"{VCF}:37: card 4 has no name (FN or N); skipped" in lines
    assert any(line.startswith(f"{VCF}:45: card 5 does not parse") for line in lines)
    assert f"{VCF}:47: card 6 (Chidi Okafor): birthday 'circa 1990' is not a date; " in (
        result.output
    )
    assert "Traceback" not in result.output


def test_imported_notes_read_back_as_contacts_without_problems(run: Run, vault: Path) -> None:
    run("import", str(VCF), str(LINKEDIN), str(PEOPLE))
    assert run("check").exit_code == 0  # no typo taken for emails, phones or title
    dana = json.loads(run("show", "Dana Park", "--json").stdout)
    assert dana["fields"]["emails"] == ["dana@northwind.example", "dana.park@mail.example"]
    assert dana["fields"]["birthday"] == "1988-05-14"
    kim = json.loads(run("show", "Kim Lee", "--json").stdout)
    assert kim["fields"]["cadence"] == "30d"
    assert kim["fields"]["tags"] == ["friends", "climbing"]
    assert kim["profile"] == "personal"  # the friends tag chooses it


def test_linkedin_connections_skip_the_preamble_and_become_a_networking_interaction(
    run: Run, vault: Path
) -> None:
    data = _import_json(run, str(LINKEDIN))
    assert data["created"] == ["Priya Raman.md", "Tomás Ibáñez.md", "Dana Park.md"]
    assert data["problems"] == [
        {"file": str(LINKEDIN), "line": 7, "message": "no name in this row; skipped"}
    ]
    assert data["exit_code"] == 1
    priya = json.loads(run("show", "Priya Raman", "--json").stdout)
    assert priya["timeline"][0] | {"line": None} == {
        "date": "2024-11-06", "type": "networking", "direction": "out", "channel": None,
        "summary": "Connected on LinkedIn", "outcome": None, "follow_up": "none", "line": None,
    }  # fmt: skip
    assert priya["fields"]["title"] == "Head of Data, EMEA"
    assert priya["fields"]["linkedin"] == "https://www.linkedin.com/in/priya-raman"
    assert priya["due"] is None and priya["missed"] is None  # history, not a follow-up owed
    tomas = json.loads(run("show", "Tomás", "--json").stdout)
    assert tomas["fields"]["channel"] == "linkedin"  # no email: LinkedIn is the way


def test_a_generic_csv_maps_its_columns_and_reports_its_bad_rows(run: Run, vault: Path) -> None:
    result = run("import", str(PEOPLE))
    assert result.exit_code == 1
    assert sorted(_notes(vault)) == ["Kim Lee.md", "Ola Nordmann.md"]
    out = result.output.splitlines()
    assert f"{PEOPLE}:4: no name in this row; skipped" in out
    not_utf8 = "holds bytes that are not UTF-8 text; skipped (save the file as UTF-8 CSV)"
    assert f"{PEOPLE}:6: {not_utf8}" in out
    assert f"{PEOPLE}: columns ignored: Favourite colour" in out
    # the same email again, later in the same file, is not a second contact
    assert f"Skipped Kim Lee ({PEOPLE}:7): same email as Kim Lee.md" in out
    assert out[-1] == "Import: 2 created, 1 skipped as already there, 2 problems."
    kim = _notes(vault)["Kim Lee.md"]
    assert 'birthday: "--07-02"\n' in kim and "cadence: 30d\n" in kim
    assert kim.endswith("---\n\nClimbing partner,\nmet at the gym\n")  # a quoted, two-line cell
    assert "Favourite" not in kim and "blue" not in kim


def test_a_second_import_of_the_same_files_changes_nothing(run: Run, vault: Path) -> None:
    files = (str(VCF), str(LINKEDIN), str(PEOPLE))
    first = _import_json(run, *files)
    before = {p: (vault / p).stat().st_mtime_ns for p in _notes(vault)}
    texts = _notes(vault)
    again = _import_json(run, *files)
    assert again["created"] == []
    assert len(again["skipped"]) == len(first["created"]) + len(first["skipped"])  # type: ignore[arg-type]
    assert _notes(vault) == texts
    assert {p: (vault / p).stat().st_mtime_ns for p in _notes(vault)} == before


def test_existing_contacts_are_found_by_email_or_by_name_and_never_changed(
    run: Run, vault: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note(
        "People/Dana.md",
        "---\nname: Dana P.\nemail: DANA@Northwind.example\ninteractions:\n---\nmine\n",
    )
    write_note("People/Jürgen Müller.md", "---\ncadence: 30d\n---\n")  # no email: by name
    write_note("Zoë Ångström-Nakamura.md", "# a meeting note, not a contact\n")
    kept = _notes(vault)
    data = _import_json(run, str(VCF))
    reasons = {s["name"]: s["reason"] for s in data["skipped"]}  # type: ignore[attr-defined]
    assert reasons["Dana Park"] == "same email as People/Dana.md"  # any case
    assert reasons["Jürgen Müller"] == "same name as People/Jürgen Müller.md"
    assert reasons["Zoë Ångström-Nakamura"].startswith(
        "a note already exists at Zoë Ångström-Nakamura.md (not read as a contact)"
    )
    assert data["created"] == ["Chidi Okafor.md"]
    assert {p: t for p, t in _notes(vault).items() if p in kept} == kept


def test_the_same_name_with_another_email_is_skipped_and_said(
    run: Run, vault: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note("Kim Lee.md", "---\nemail: kim.lee@work.example\ncadence: 30d\n---\n")
    data = _import_json(run, str(PEOPLE))
    kim = next(s for s in data["skipped"] if s["name"] == "Kim Lee")  # type: ignore[attr-defined]
    assert kim["reason"].startswith("a contact of this name already exists with another email")


def test_dry_run_writes_nothing_and_says_the_same(run: Run, vault: Path) -> None:
    dry = _import_json(run, "--dry-run", str(VCF), str(PEOPLE))
    assert _notes(vault) == {}
    assert dry["dry_run"] is True
    real = _import_json(run, str(VCF), str(PEOPLE))
    assert real["dry_run"] is False
    for key in ("created", "skipped", "problems", "ignored_columns"):
        assert dry[key] == real[key]
    text = run("import", "--dry-run", str(PEOPLE)).output
    assert text.splitlines()[-1].endswith("(dry run: nothing was written).")


def test_tags_profile_and_the_contacts_folder(
    run: Run, vault: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note(".followup.yaml", "contacts_folder: People/Imported\n")
    result = run(
        "import", str(LINKEDIN), "--tag", "linkedin", "--tag", "#2024", "--profile", "personal"
    )
    assert result.exit_code == 1  # the row without a name
    note = (vault / "People/Imported/Priya Raman.md").read_text("utf-8")
    assert (
        'tags:\n  - linkedin\n  - "2024"\n' in note or "tags:\n  - linkedin\n  - '2024'\n" in note
    )
    assert "profile: personal\n" in note
    bad = run("import", str(LINKEDIN), "--profile", "nosuch")
    assert bad.exit_code == 2
    assert (
        "--profile nosuch: no such profile; the profiles are personal, professional" in bad.output
    )


def test_a_clean_file_exits_0(run: Run, vault: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean.csv"
    header = "First Name;Last Name;E-mail Address;Phone 1 - Value\n"  # Excel's ; and its BOM
    clean.write_text(header + "Ada;Lovelace;ada@example.org;+44 20 7946 0000\n", "utf-8-sig")
    result = run("import", str(clean))
    assert result.exit_code == 0, result.output
    note = (vault / "Ada Lovelace.md").read_text("utf-8")
    assert "email: ada@example.org\n" in note and "phone: +44 20 7946 0000\n" in note


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Company,Position\nAcme,CEO\n", "no header line naming a name column"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Off\r\n", "card 1 never ends (no END:VCARD)"),
        (b"BEGIN:VCARD\r\nFN:Bj\xf6rn\r\nEND:VCARD\r\n", "card 1 is not UTF-8 text"),
    ],
)
def test_a_file_that_gives_nothing_says_why(
    run: Run, vault: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    file = tmp_path / ("in.vcf" if content.startswith(b"BEGIN") else "in.csv")
    file.write_bytes(content)
    result = run("import", str(file))
    assert result.exit_code == 1
    assert message in result.output
    assert _notes(vault) == {}


def test_an_agenda_note_name_or_an_unusable_name_is_a_problem_not_a_crash(
    run: Run, vault: Path, tmp_path: Path
) -> None:
    file = tmp_path / "odd.csv"
    file.write_text(
        "name,email\nFollow-ups,f@example.com\n???,q@example.com\nOk Person,\n", "utf-8"
    )
    result = run("import", str(file))
    assert result.exit_code == 1
    assert f"{file}:2: 'Follow-ups' would be written at Follow-ups.md" in result.output
    assert f"{file}:3: '???' has no characters usable in a file name" in result.output
    assert sorted(_notes(vault)) == ["Ok Person.md"]


def test_a_big_import_reports_its_progress_on_a_terminal(
    run: Run, vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_md.cli import importing as cli_importing

    calls: list[tuple[int, int]] = []
    asked: list[tuple[str, int]] = []

    def bar(label: str = "Reading notes", start: int = 2000) -> Callable[[int, int], None]:
        asked.append((label, start))
        if label != "Importing":
            return lambda done, total: None  # the vault's own read, as `agenda` draws it
        return lambda done, total: calls.append((done, total))

    monkeypatch.setattr(cli_importing, "_progress_bar", bar)  # CliRunner's stderr is no tty
    file = tmp_path / "many.csv"
    file.write_text("name,email\n" + "".join(f"P{i},p{i}@x.example\n" for i in range(600)))
    assert run("import", str(file)).exit_code == 0
    assert asked == [("Importing", cli_importing.PROGRESS_FROM), ("Reading notes", 2000)]
    assert calls[-1] == (600, 600) and len(calls) == 600
    assert len(_notes(vault)) == 600
    calls.clear()
    run("import", str(file), "--json")  # JSON is for programs: no bar
    assert calls == []


def test_the_vaults_contact_template_is_used_and_the_note_goes_below_its_body(
    run: Run, vault: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note(".followup.yaml", "contact_template: templates/Contact\n")
    write_note("templates/Contact.md", "---\ncreated: {{date}}\nemail:\n---\n# {{title}}\n")
    run("import", str(VCF))
    dana = (vault / "Dana Park.md").read_text("utf-8")
    assert dana.startswith("---\ncreated: 2026-11-22\nemail: dana@northwind.example\n")
    assert "added:" not in dana  # the template says when, as with `followup add`
    assert "---\n# Dana Park\n\nMet at the PyCon Nordic hallway track" in dana
    assert run("check").exit_code == 0


def test_google_and_outlook_csv_headers(run: Run, vault: Path, tmp_path: Path) -> None:
    google = tmp_path / "google.csv"
    google.write_text(
        "First Name,Middle Name,Last Name,Organization Name,Organization Title,Birthday,"
        "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,"
        "Phone 1 - Value,Labels\n"
        "Ada,King,Lovelace,Analytical Engines,Programmer,1815-12-10,* Home,ada@example.org,"
        "Work,ada@work.example,Mobile,+44 20 7946 0000,* myContacts\n",
        "utf-8",
    )
    outlook = tmp_path / "outlook.csv"  # as Outlook writes it: UTF-16 with a BOM
    outlook.write_bytes(
        "First Name\tLast Name\tTitle\tJob Title\tCompany\tE-mail Address\tMobile Phone\t"
        "Birthday\tCategories\nGrace\tHopper\tMs.\tRear Admiral\tUS Navy\tgrace@navy.example\t"
        "+1 555 0199\t0/0/00\tnavy;computing\n".encode("utf-16")
    )
    result = run("import", str(google), str(outlook))
    assert result.exit_code == 0, result.output
    ada = json.loads(run("show", "Ada King Lovelace", "--json").stdout)["fields"]
    assert ada["company"] == "Analytical Engines" and ada["title"] == "Programmer"
    assert ada["emails"] == ["ada@example.org", "ada@work.example"]
    assert ada["phone"] == "+44 20 7946 0000" and ada["birthday"] == "1815-12-10"
    grace = json.loads(run("show", "Grace Hopper", "--json").stdout)["fields"]
    assert grace["title"] == "Rear Admiral"  # not Outlook's "Ms."
    assert grace["tags"] == ["navy", "computing"] and "birthday" not in grace
    assert f"{google}: columns ignored: E-mail 1 - Label, E-mail 2 - Label" in result.output


def test_profile_wins_over_a_profile_column_and_a_bad_one_is_left_out(
    run: Run, vault: Path, tmp_path: Path
) -> None:
    file = tmp_path / "p.csv"
    file.write_text("name,profile,cadence\nA One,personal,sometimes\nB Two,nosuch,30d\n", "utf-8")
    result = run("import", str(file))
    assert result.exit_code == 1
    assert "profile: personal\n" in (vault / "A One.md").read_text("utf-8")
    assert "cadence" not in (vault / "A One.md").read_text("utf-8")
    assert f"{file}:2: A One: cadence: 'sometimes' is not a duration" in result.output
    assert "profile" not in (vault / "B Two.md").read_text("utf-8")
    assert f"{file}:3: B Two: no profile 'nosuch' (personal, professional); left out" in (
        result.output
    )
    other = tmp_path / "q.csv"
    other.write_text("name,profile\nC Three,personal\n", "utf-8")
    assert run("import", str(other), "--profile", "professional").exit_code == 0
    assert "profile: professional\n" in (vault / "C Three.md").read_text("utf-8")


def test_vcard_2_1_bare_parameters_and_a_latin_1_quoted_printable_name(
    run: Run, vault: Path, tmp_path: Path
) -> None:
    file = tmp_path / "old-phone.vcf"
    file.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"N;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:M=FCller;J=FCrgen;;;\r\n"
        b"EMAIL;INTERNET:old@example.de\r\nEMAIL;PREF;INTERNET:new@example.de\r\n"
        b"TEL;CELL;QUOTED-PRINTABLE:+49=2030=201234\r\nEND:VCARD\r\n"
    )
    assert run("import", str(file)).exit_code == 0
    note = (vault / "Jürgen Müller.md").read_text("utf-8")
    assert "email: new@example.de\n" in note  # PREF first
    assert "  - old@example.de\n" in note
    assert "phone: +49 30 1234\n" in note


def test_an_address_in_a_contacts_emails_list_is_taken_too(
    run: Run, vault: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note(
        "People/DP.md",
        "---\nname: D. P.\nemail: dp@home.example\nemails:\n  - dp@home.example\n"
        "  - Dana.Park@mail.example\ncadence: 30d\n---\n",
    )
    data = _import_json(run, str(VCF))
    reasons = {s["name"]: s["reason"] for s in data["skipped"]}  # type: ignore[attr-defined]
    assert reasons["Dana Park"] == "same email as People/DP.md"  # her second address


def test_a_stray_quote_costs_its_own_row_and_the_rest_imports(
    run: Run, vault: Path, tmp_path: Path
) -> None:
    file = tmp_path / "stray.csv"
    rows = [f"P{i},p{i}@x.com\n" for i in range(1, 2000)]
    rows[4] = '"Bad,p5@x.com\n'  # line 6: a quote that never closes
    file.write_text("name,email\n" + "".join(rows), "utf-8")
    result = run("import", str(file))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    (problem,) = [line for line in lines if line.startswith(f"{file}:")]
    assert problem.startswith(f"{file}:6: unterminated quote")
    assert problem.endswith("; the rows after it were read from line 7")
    assert lines[-1] == "Import: 1998 created, 0 skipped as already there, 1 problem."
    notes = _notes(vault)
    assert "P6.md" in notes and "P5.md" not in notes and len(notes) == 1998
    assert max(len(name) for name in notes) < 20


def test_a_name_holding_a_line_break_or_too_long_is_a_bad_row(
    run: Run, vault: Path, tmp_path: Path
) -> None:
    file = tmp_path / "names.csv"
    rows = '"Bad,b@x.com\nP3,p3@x.com\nP4",p4@x.com\nP5,p5@x.com\n'  # line 2 opens a quote
    file.write_text("name,email\n" + rows + "x" * 300 + ",long@x.com\n", "utf-8")
    result = run("import", str(file))
    assert result.exit_code == 1
    out = result.output
    assert f"{file}:2: the name holds a line break" in out
    assert "the rows after it were read from line 3" in out
    assert f"{file}:6: the name is 300 characters long" in out
    assert sorted(_notes(vault)) == ["P3.md", "P4.md", "P5.md"]


def test_a_cell_holding_a_unicode_line_separator_or_a_form_feed_stays_in_its_row(
    run: Run, vault: Path, tmp_path: Path
) -> None:
    file = tmp_path / "seps.csv"
    file.write_text(
        "Note: exported\u2028by a tool\nname,email,notes\n"
        "Ann,a@x.com,one\u2028two\nBen,b@x.com,three\x0cfour\nCy,c@x.com,five\x85six\n"
        ",nobody@x.com,\n",
        "utf-8",
    )
    result = run("import", str(file))
    assert result.exit_code == 1
    assert sorted(_notes(vault)) == ["Ann.md", "Ben.md", "Cy.md"]
    assert f"{file}:6: no name in this row; skipped" in result.output.splitlines()


def test_csv_tags_are_stripped_before_their_spaces_become_dashes(
    run: Run, vault: Path, tmp_path: Path
) -> None:
    file = tmp_path / "tags.csv"
    file.write_text('name,tags\nAnn,"t1, t 2 ;  #t3"\n', "utf-8")
    assert run("import", str(file)).exit_code == 0
    ann = json.loads(run("show", "Ann", "--json").stdout)
    assert ann["fields"]["tags"] == ["t1", "t-2", "t3"]


def test_a_name_in_another_unicode_form_is_the_same_name(
    run: Run, vault: Path, tmp_path: Path, write_note: Callable[[str, str], Path]
) -> None:
    import unicodedata

    nfc, nfd = "Zoë Ångström", unicodedata.normalize("NFD", "Zoë Ångström")
    other_nfd = unicodedata.normalize("NFD", "Jürgen Müller")
    write_note(f"{nfc}.md", "---\ncadence: 30d\ninteractions:\n---\n")
    file = tmp_path / "forms.csv"
    file.write_text(f"name\n{nfd}\n{other_nfd}\n{unicodedata.normalize('NFC', other_nfd)}\n")
    data = _import_json(run, str(file))
    assert data["created"] == ["Jürgen Müller.md"]  # written NFC, whatever the file held
    reasons = [s["reason"] for s in data["skipped"]]  # type: ignore[attr-defined]
    assert reasons == [f"same name as {nfc}.md", "same name as Jürgen Müller.md"]
    assert sorted(p.name for p in vault.iterdir()) == ["Jürgen Müller.md", f"{nfc}.md"]


def test_a_file_of_that_name_in_another_case_already_exists(
    run: Run, vault: Path, tmp_path: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note(".followup.yaml", "contacts_folder: People\n")
    write_note("People/dana.md", "# a meeting with Dana, not a contact\n")
    file = tmp_path / "dana.csv"
    file.write_text("name\nDana\n", "utf-8")
    data = _import_json(run, str(file))
    assert data["created"] == []
    (skipped,) = data["skipped"]  # type: ignore[misc]
    assert skipped["reason"].startswith("a note already exists at People/dana.md")
    assert sorted(p.name for p in (vault / "People").iterdir()) == ["dana.md"]


@pytest.mark.parametrize(
    "content", [b"", b"\0" * 120, b"---\nname: Dana Park\nemail: dana@north", b"---\r\n"]
)
def test_a_note_an_import_cut_off_left_is_said_as_such(
    run: Run, vault: Path, tmp_path: Path, content: bytes, write_note: Callable[..., Path]
) -> None:
    write_note("Dana Park.md", content)
    write_note("Ann Lee.md", "# a meeting note, not a contact\n")
    file = tmp_path / "two.csv"
    file.write_text("name\nDana Park\nAnn Lee\n", "utf-8")
    data = _import_json(run, str(file))
    reasons = {s["name"]: s["reason"] for s in data["skipped"]}  # type: ignore[attr-defined]
    assert reasons["Dana Park"] == (
        "a note already exists at Dana Park.md and is empty, or its front matter is never "
        "closed: probably left by an import that was cut off (a crash). Check it and delete "
        "it by hand, then import again; nothing was written over it"
    )
    assert reasons["Ann Lee"] == (
        "a note already exists at Ann Lee.md (not read as a contact): nothing was written over it"
    )
    assert (vault / "Dana Park.md").read_bytes() == content


def test_new_notes_get_their_names_only_once_their_bytes_are_on_disk(
    run: Run, vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from followup_md import files

    seen: list[tuple[list[str], list[bytes]]] = []

    def sync() -> None:  # what a crash at each flush would leave
        temporaries = sorted(p for p in vault.rglob("*") if p.name.startswith(files.TEMP_PREFIX))
        seen.append((sorted(_notes(vault)), [p.read_bytes() for p in temporaries]))

    monkeypatch.setattr(os, "sync", sync)
    file = tmp_path / "three.csv"
    file.write_text("name,email\nAnn,a@x.com\nBen,b@x.com\nCy,c@x.com\n", "utf-8")
    assert run("import", str(file)).exit_code == 0
    (notes_at_first, temporaries), (notes_at_last, left) = seen  # two flushes, no more
    assert notes_at_first == []  # a crash now leaves no note, torn or not
    assert len(temporaries) == 3 and all(
        t.startswith(b"---\nemail: ") and t.endswith(b"interactions:\n---\n") for t in temporaries
    )
    assert notes_at_last == ["Ann.md", "Ben.md", "Cy.md"] and left == []
    assert sorted(_notes(vault)) == ["Ann.md", "Ben.md", "Cy.md"]
    assert [p for p in vault.rglob("*") if p.name.startswith(files.TEMP_PREFIX)] == []


@pytest.mark.parametrize("synced", [True, False])
def test_imported_notes_carry_the_synced_properties_so_the_agenda_rewrites_none(
    run: Run, vault: Path, write_note: Callable[[str, str], Path], synced: bool
) -> None:
    write_note(".followup.yaml", f"sync_properties: {'true' if synced else 'false'}\n")
    assert run("import", str(LINKEDIN), str(PEOPLE)).exit_code == 1  # their bad rows
    texts = _notes(vault)
    priya = texts["Priya Raman.md"]
    assert ("last_contact: 2024-11-06\n" in priya) is synced  # LinkedIn's date
    assert ("followup_profile: professional\n" in priya) is synced
    kim = texts["Kim Lee.md"]
    assert ("next_follow_up: 2026-11-22\n" in kim) is synced  # a cadence, due from `added`
    before = {p: (vault / p).stat().st_mtime_ns for p in texts}
    assert run("agenda").exit_code == 0
    assert {p: t for p, t in _notes(vault).items() if p in texts} == texts
    assert {p: (vault / p).stat().st_mtime_ns for p in texts} == before


def test_a_line_break_in_a_cell_read_but_the_notes_is_a_quote_left_open(
    run: Run, vault: Path, tmp_path: Path
) -> None:
    file = tmp_path / "email.csv"
    file.write_text(
        'name,email,notes\nAnn,"a@x.com\nBen,b@x.com,met at work"\nCy,c@x.com,"two\nlines"\n',
        "utf-8",
    )
    result = run("import", str(file))
    assert result.exit_code == 1
    assert f"{file}:2: its emails cell holds a line break" in result.output
    assert sorted(_notes(vault)) == ["Ben.md", "Cy.md"]
    assert (vault / "Cy.md").read_text("utf-8").endswith("---\n\ntwo\nlines\n")
