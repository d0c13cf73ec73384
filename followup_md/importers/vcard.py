"""vCard files (`.vcf`, 2.1, 3.0 and 4.0, one card or many) as rows to import.

vobject's line layer reads each card: unfolding, quoted-printable soft line breaks (2.1,
as old phones export them, with `allowQP`), parameters in their 2.1, 3.0 and 4.0 forms
and `item1.` groups. Its card objects are not used: they cut a text value at its first
unescaped comma (a 2.1 NOTE "Met at the fair, ..." keeps "Met at the fair") and cost
three times as much to build; values are decoded (quoted-printable, in their CHARSET)
and unescaped here. vobject stops at the first line it cannot parse, so the file is
split into cards here, at BEGIN:VCARD and END:VCARD, and each card is read alone: a bad
card is reported by its number and line, and the others import."""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator

from followup_md.core.frozen import record
from followup_md.core.model import Problem
from followup_md.importers.rows import Parsed, Row, birthday, clean, clean_note, unique

_BEGIN = re.compile(rb"^\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
_END = re.compile(rb"^\s*END\s*:\s*VCARD\s*$", re.IGNORECASE)


def cards(data: bytes) -> Iterator[tuple[int, int, bytes | None]]:
    """Each card's number (from 1), the line its BEGIN:VCARD is on (from 1), and its bytes;
    None for a card that never ends."""
    number, start, lines = 0, 0, list[bytes]()
    inside = False
    for line_number, line in enumerate(data.splitlines(keepends=True), start=1):
        if _BEGIN.match(line):
            if inside:  # a BEGIN before the last card ended: that card is cut off
                yield number, start, None
            number, start, lines, inside = number + 1, line_number, [line], True
        elif inside:
            lines.append(line)
            if _END.match(line):
                yield number, start, b"".join(lines)
                inside = False
    if inside:
        yield number, start, None


def read_vcards(file: str, data: bytes) -> Parsed:
    """Every card of the file, or the problem that keeps it out, with its number and line."""
    parsed = Parsed(kind="vCard")
    data = data.removeprefix(b"\xef\xbb\xbf")
    for number, start, raw in cards(data):
        where = f"card {number}"
        if raw is None:
            parsed.problems.append(Problem(file, start, f"{where} never ends (no END:VCARD)"))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = start + raw[: exc.start].count(b"\n")
            message = f"{where} is not UTF-8 text; export the contacts as UTF-8 vCards"
            parsed.problems.append(Problem(file, line, message))
            continue
        try:
            contents = content_lines(text)
        except Exception as exc:  # noqa: BLE001 (vobject raises many kinds on bad input)
            parsed.problems.append(_unparsed(file, start, where, exc))
            continue
        row = _row(file, start, number, contents, parsed.problems)
        if row is not None:
            parsed.rows.append(row)
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(Problem(file, 1, "no vCard in this file (no BEGIN:VCARD line)"))
    return parsed


@record
class Prop:
    """One property of a card: unfolded, quoted-printable decoded, still escaped."""

    name: str
    """Lower case."""
    params: dict[str, list[str]]
    """Upper-case names; 2.1's bare parameters (`TEL;CELL;PREF:`) under TYPE."""
    value: str


def content_lines(text: str) -> dict[str, list[Prop]]:
    """The card's properties by lower-case name, through vobject's line layer (unfolding,
    quoted-printable soft breaks, parameters in every version's form, `item1.` groups).
    vobject's own ContentLine objects cost three times as much to build."""
    import io

    from vobject.base import getLogicalLines, parseLine

    contents: dict[str, list[Prop]] = {}
    depth = 0
    for logical, number in getLogicalLines(io.StringIO(text), True):
        name, raw_params, value, _group = parseLine(logical, number)
        name = name.lower()
        if name in ("begin", "end"):
            depth += 1 if name == "begin" else -1
            continue
        if depth != 1:  # inside a nested AGENT card
            continue
        params: dict[str, list[str]] = {}
        for param in raw_params:
            key, values = ("TYPE", param) if len(param) == 1 else (param[0].upper(), param[1:])
            params.setdefault(key, []).extend(values)
        encodings = [v.upper() for v in params.get("ENCODING", []) + params.get("TYPE", [])]
        if "QUOTED-PRINTABLE" in encodings:
            charset = (params.get("CHARSET") or ["utf-8"])[0]
            value = quopri.decodestring(value.encode("utf-8")).decode(charset)
        contents.setdefault(name, []).append(Prop(name, params, value))
    return contents


_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def unescape(value: str) -> str:
    """A text value: `\\n` a new line, `\\,` `\\;` `\\\\` the character itself."""
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def split(value: str, separator: str) -> list[str]:
    """A structured (N, ORG) or list (CATEGORIES) value's parts, unescaped."""
    return [unescape(part) for part in re.split(rf"(?<!\\){re.escape(separator)}", value)]


def _unparsed(file: str, start: int, where: str, exc: Exception) -> Problem:
    line = getattr(exc, "lineNumber", None)
    at = start + line - 1 if isinstance(line, int) and line > 0 else start
    message = str(getattr(exc, "msg", exc)) or type(exc).__name__
    return Problem(file, at, f"{where} does not parse ({message[:120]}); it is skipped")


def _row(
    file: str, start: int, number: int, contents: dict[str, list[Prop]], problems: list[Problem]
) -> Row | None:
    name = _name(contents)
    if name is None:
        problems.append(Problem(file, start, f"card {number} has no name (FN or N); skipped"))
        return None
    born = _first(contents, "bday")
    day = birthday(born) if born else None
    if born and day is None:
        problems.append(
            Problem(
                file,
                start,
                f"card {number} ({name}): birthday {born[:40]!r} is not a date; "
                "imported without it",
            )
        )
    org = [part for line in contents.get("org", []) for part in split(line.value, ";")]
    return Row(
        name=name,
        file=file,
        line=start,
        card=number,
        emails=unique([_strip_scheme(v, "mailto:") for v in _preferred(contents, "email")]),
        phones=unique([_strip_scheme(v, "tel:") for v in _preferred(contents, "tel")]),
        company=clean(org[0]) if org else None,
        title=clean(_first(contents, "title")),
        birthday=day,
        note=clean_note("\n\n".join(unescape(line.value) for line in contents.get("note", []))),
        tags=unique([tag.replace(" ", "-").lstrip("#") for tag in _categories(contents)]),
    )


def _name(contents: dict[str, list[Prop]]) -> str | None:
    """FN, else N put together (given, additional, family), else None."""
    formatted = clean(_first(contents, "fn"))
    if formatted:
        return formatted
    for line in contents.get("n", []):
        parts = [*split(line.value, ";"), "", "", ""]
        family, given, additional = parts[0], parts[1], parts[2]
        name = clean(" ".join(p.replace(",", " ") for p in (given, additional, family)))
        if name:
            return name
    return None


def _first(contents: dict[str, list[Prop]], key: str) -> str | None:
    for line in contents.get(key, []):
        if line.value.strip():
            return unescape(line.value)
    return None


def _categories(contents: dict[str, list[Prop]]) -> list[str]:
    return [part for line in contents.get("categories", []) for part in split(line.value, ",")]


def _preferred(contents: dict[str, list[Prop]], key: str) -> list[str]:
    """The property's values, the preferred one first (TYPE=pref in 3.0, PREF=1 in 4.0)."""

    def rank(line: Prop) -> int:
        params = {k.upper(): [str(v).lower() for v in vs] for k, vs in line.params.items()}
        types = ",".join(params.get("TYPE", [])).split(",")
        pref = params.get("PREF", [])
        if "pref" in types:
            return 1
        return int(pref[0]) if pref and pref[0].isdigit() else 101

    lines = sorted(contents.get(key, []), key=rank)  # stable: file order among equals
    return [unescape(line.value) for line in lines]


def _strip_scheme(value: str, scheme: str) -> str:
    text = value.strip()
    return text[len(scheme) :] if text.lower().startswith(scheme) else text
