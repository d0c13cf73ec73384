"""CSV files as rows to import: LinkedIn's `Connections.csv`, or any CSV with a name column.

The header is the first line (of the first 20: LinkedIn writes a few lines of notes
before it) that names a name column: `name`, or a first and a last name. Columns are
matched by their header, in any case and spacing, with the usual synonyms (e-mail,
mobile, organisation, given name, ...); the others are ignored and said once. The file
is decoded as UTF-8 with `surrogateescape`, so a row holding bytes that are not UTF-8 is
reported with its line and skipped while the rest imports. Lines end only at `\n`, `\r\n`
and `\r` (a cell may hold U+2028 or a form feed), and a quote left open costs only its
own row: it is reported, and reading resumes at the next line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator

from followup_md.core.model import Problem
from followup_md.importers.rows import Parsed, Row, birthday, clean, clean_note, unique

SINGLE: dict[str, tuple[str, ...]] = {
    "name": ("name", "fullname", "displayname", "contactname"),
    "first": ("firstname", "givenname", "first", "forename"),
    "middle": ("middlename", "additionalname"),
    "last": ("lastname", "familyname", "surname", "last"),
    "company": ("company", "organization", "organisation", "org", "companyname",
                "organizationname", "organisationname", "organization1name", "employer"),
    "title": ("jobtitle", "position", "organizationtitle", "organization1title", "role"),
    "birthday": ("birthday", "birthdate", "dateofbirth", "dob", "bday"),
    "note": ("notes", "note", "comments", "comment"),
    "tags": ("tags", "tag", "categories"),
    "cadence": ("cadence",),
    "channel": ("channel",),
    "objective": ("objective",),
    "profile": ("profile",),
    "linkedin": ("linkedin", "linkedinurl", "linkedinprofile"),
    "connected": ("connectedon",),
}  # fmt: skip
"""Each key and the headers (lower case, letters and digits only) that give it, the
preferred first."""

ONLY_WITHOUT = {"title": "title"}
"""A bare `Title` column is the job title only when no column above gives it: Outlook's
`Title` is Mr. or Ms., beside its `Job Title`."""

MANY = {
    "emails": re.compile(r"e?mail(?:address)?\d*(?:address|value)?\d*"),
    "phones": re.compile(
        r"(?:phone|phonenumber|mobile|mobilephone|mobilenumber|cell|cellphone|tel|telephone"
        r"|homephone|workphone|businessphone)\d*(?:value|number)?\d*"
    ),
}
"""Keys that several columns may give (`E-mail 1 - Value`, `E-mail 2 - Value`)."""

LINKEDIN = ("firstname", "lastname", "url", "emailaddress", "company", "position", "connectedon")
"""LinkedIn's Connections.csv header: its URL is the contact's LinkedIn profile."""

HEADER_WITHIN = 20
_SURROGATE = re.compile("[\udc80-\udcff]")
_MONTHS = {
    month: number
    for number, month in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def _key(header: str) -> str:
    return re.sub(r"[\W_]+", "", header.casefold())


def columns(header: list[str]) -> tuple[dict[str, list[int]], list[str]]:
    """Which columns give which key (the preferred column first), and the ignored headers."""
    keys = [_key(cell) for cell in header]
    found: dict[str, list[int]] = {}
    used: set[int] = set()
    for name, synonyms in SINGLE.items():
        indexes = [i for synonym in synonyms for i, key in enumerate(keys) if key == synonym]
        if indexes:
            found[name] = indexes
            used.update(indexes)
    for name, bare in ONLY_WITHOUT.items():
        indexes = [i for i, key in enumerate(keys) if key == bare and i not in used]
        if indexes and name not in found:
            found[name] = indexes
            used.update(indexes)
    for name, pattern in MANY.items():
        indexes = [i for i, key in enumerate(keys) if i not in used and pattern.fullmatch(key)]
        if indexes:
            found[name] = indexes
            used.update(indexes)
    ignored = [cell.strip() for i, cell in enumerate(header) if i not in used and cell.strip()]
    return found, ignored


def _has_name(found: dict[str, list[int]]) -> bool:
    return "name" in found or ("first" in found or "last" in found)


def read_table(file: str, data: bytes) -> Parsed:
    """Every row of the CSV file with a name, or the problem that keeps it out."""
    text = data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    lines = io.StringIO(text, newline="").readlines()  # only \n, \r\n and \r end a line
    for index, line in enumerate(lines[:HEADER_WITHIN]):
        delimiter = max(",;\t", key=line.count)
        header = next(csv.reader([line], delimiter=delimiter), [])
        found, ignored = columns(header)
        if _has_name(found):
            linkedin = [_key(cell) for cell in header[: len(LINKEDIN)]] == list(LINKEDIN)
            if linkedin:
                found["linkedin"] = [2]
                ignored = [cell for cell in ignored if _key(cell) != "url"]
            parsed = Parsed(ignored=ignored, kind="LinkedIn" if linkedin else "CSV")
            _read_rows(file, lines, index + 1, (delimiter, found), parsed)
            return parsed
    return Parsed(
        problems=[
            Problem(
                file,
                1,
                "no header line naming a name column (name, or first name and last name) "
                f"in the first {HEADER_WITHIN} lines; nothing was read from this file",
            )
        ]
    )


def _reader(lines: list[str], first: int, delimiter: str) -> Iterator[list[str]]:
    """A strict reader from line `first` (counting from 0): a quote left open is an error
    (at the end of the file, or where a cell should end), never a row swallowing the rest."""
    return csv.reader(
        map(lines.__getitem__, range(first, len(lines))), delimiter=delimiter, strict=True
    )


def _read_rows(
    file: str,
    lines: list[str],
    first: int,
    layout: tuple[str, dict[str, list[int]]],
    parsed: Parsed,
) -> None:
    """The rows from line `first` (counting from 0). A record that does not parse, or with
    a line break in its name or another column read (a quote left open), is reported and
    skipped, and reading resumes at the line after the one it started on, so the rows it
    swallowed import."""
    delimiter, found = layout
    reader = _reader(lines, first, delimiter)
    start = first  # the line the next row starts on, counting from 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            why: str | None = _unparsed(exc, lines[start])
        else:
            why = _broken(cells, found)
        end = first + getattr(reader, "line_num", 0)  # the line after the record
        if why is not None:
            if end > start + 1:
                why += f"; the rows after it were read from line {start + 2}"
            parsed.problems.append(Problem(file, start + 1, why))
            first = start = start + 1
            reader = _reader(lines, first, delimiter)
            continue
        line, start = start + 1, end
        if not any(cell.strip() for cell in cells):
            continue
        if any(_SURROGATE.search(cell) for cell in cells):
            message = "holds bytes that are not UTF-8 text; skipped (save the file as UTF-8 CSV)"
            parsed.problems.append(Problem(file, line, message))
            continue
        row = _row(file, line, cells, found, parsed.problems)
        if row is not None:
            parsed.rows.append(row)


def _unparsed(exc: csv.Error, line: str) -> str:
    """Why the record starting on `line` does not parse, and what to do."""
    if "field larger" in str(exc) and '"' not in line:
        return (
            f"a cell is longer than {csv.field_size_limit():,} characters; skipped: check "
            "this line in the file"
        )
    return (
        f"unterminated quote: a cell opened with '\"' on this line does not close where a "
        f"cell ends (csv: {exc}); skipped: fix the quote (one inside a quoted cell is "
        'written "") and import again'
    )


def _broken(cells: list[str], found: dict[str, list[int]]) -> str | None:
    """Why the row cannot be read as it is: a line break in its name, or in any other
    column read but the notes, means a quote left open swallowed the rows after it."""
    broken = [
        key
        for key, indexes in found.items()
        if key != "note"
        and any(i < len(cells) and ("\n" in cells[i] or "\r" in cells[i]) for i in indexes)
    ]
    if not broken:
        return None
    names = {"name", "first", "middle", "last"}
    what = "the name" if names & set(broken) else f"its {broken[0]} cell"
    return (
        f"{what} holds a line break (a quote left open on this line?); skipped: fix the "
        "quote and import again"
    )


def _row(
    file: str, line: int, cells: list[str], found: dict[str, list[int]], problems: list[Problem]
) -> Row | None:
    def get(key: str) -> str | None:
        values = [cells[i] for i in found.get(key, []) if i < len(cells) and cells[i].strip()]
        return values[0] if values else None

    name = clean(get("name")) or clean(
        " ".join(filter(None, map(get, ("first", "middle", "last"))))
    )
    if name is None:
        problems.append(Problem(file, line, "no name in this row; skipped"))
        return None
    row = Row(
        name=name,
        file=file,
        line=line,
        emails=unique([cells[i] for i in found.get("emails", []) if i < len(cells)]),
        phones=unique([cells[i] for i in found.get("phones", []) if i < len(cells)]),
        company=clean(get("company")),
        title=clean(get("title")),
        note=clean_note(get("note")),
        tags=unique(_split_tags(get("tags"))),
        extra={
            key: value
            for key in ("cadence", "channel", "objective", "profile", "linkedin")
            if (value := clean(get(key))) is not None
        },
    )
    return _dates(row, get("birthday"), get("connected"), problems)


def _split_tags(value: str | None) -> list[str]:
    """A tags cell's tags: split on `,` or `;`, each stripped (of `#` too), its inner spaces
    made dashes (`t 2` is `t-2`)."""
    parts = (part.strip().lstrip("#").strip() for part in re.split(r"[,;]", value or ""))
    return [re.sub(r"\s+", "-", part) for part in parts]


def _dates(row: Row, born: str | None, connected: str | None, problems: list[Problem]) -> Row:
    """The row with its birthday and LinkedIn's date read; a value that is no date is left
    out and said."""
    from dataclasses import replace

    def left_out(what: str, value: str) -> None:
        message = f"{row.name}: {what} {value[:40]!r} is not a date; imported without it"
        problems.append(Problem(row.file, row.line, message))

    if born and not born.strip(" 0/.-"):
        born = None  # Outlook's "0/0/00": no birthday
    day = birthday(born) if born else None
    if born and day is None:
        left_out("birthday", born)
    on = connected_on(connected) if connected else None
    if connected and on is None:
        left_out("Connected On", connected)
    if row.extra.get("linkedin") and not row.emails and "channel" not in row.extra:
        row.extra["channel"] = "linkedin"
    return replace(row, birthday=day, connected=on)


def connected_on(value: str) -> dt.date | None:
    """LinkedIn's `06 Nov 2024` (English month names whatever the locale), or an ISO date."""
    text = value.strip()
    match = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]{3})[a-z]*[ -](\d{4})", text)
    try:
        if match:
            month = _MONTHS.get(match.group(2).lower())
            if month is None:
                return None
            return dt.date(int(match.group(3)), month, int(match.group(1)))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
