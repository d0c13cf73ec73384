"""The house rules, read from the code itself like a linter: who may import whom, and size.

Arrows point one way: the front ends (`cli`, `daemon`) call the use cases (`app`) and
the renderers (`outputs`); the use cases use storage (`vault`, `notes`) and the pure
`core`; `core` imports nothing outside itself. Each third-party library that ties the
code to one medium is imported in exactly one place.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "followup_md"
MODULES = sorted(PACKAGE.rglob("*.py"))

ALLOWED: dict[str, set[str]] = {
    "core": {"core"},
    "notes": {"core", "notes"},
    "vault": {"core", "notes", "vault"},
    "outputs": {"core", "outputs"},
    "importers": {"core", "importers"},
    "syncs": {"core", "syncs"},
    "app": {"core", "notes", "vault", "outputs", "app", "importers", "syncs"},
    "cli": {"core", "outputs", "app", "cli", "daemon"},
    "daemon": {"core", "outputs", "app", "daemon"},
}
"""Which sub-packages of followup_md each sub-package may import. The top-level modules
(the version, `errors`, `files`, `dirs`) are foundations every layer but `core` may use:
`core` is pure."""

ONLY_IN: dict[str, tuple[str, ...]] = {
    "click": ("cli",),
    "watchdog": ("daemon",),
    "yaml": ("notes",),
    "frontmatter": ("notes",),
    "icalendar": ("outputs", "syncs"),  # writing the export; reading calendars to sync
    "recurring_ical_events": ("syncs",),
    "vobject": ("importers",),
}
"""Third-party imports allowed in these sub-packages only."""

PURE_FORBIDDEN = {"os", "sys", "io", "time", "subprocess", "shutil", "tempfile", "socket"}
PURE_FORBIDDEN |= {"pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath"}
"""What `core` may not import: it reads no disk, no clock, no environment (the pure path
classes, which only parse text, are fine)."""

CLOCK_CALLS = {"today", "now", "utcnow", "time", "monotonic"}
"""Calls that read the clock: `today` is always a parameter of the core."""


TYPING_ONLY = {"typing_extensions"}
"""Imported only for the type checker (`if TYPE_CHECKING:`), anywhere: its newer typing
forms. Never at run time, where it is no dependency."""


def _typing_only_lines(tree: ast.AST) -> set[int]:
    """The lines of the statements under `if TYPE_CHECKING:`."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in {
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        }:
            lines |= {inner.lineno for stmt in node.body for inner in ast.walk(stmt)
                      if hasattr(inner, "lineno")}  # fmt: skip
    return lines


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module `path` imports (top-level and inside functions), with its line; what
    only the type checker imports (see TYPING_ONLY) left out."""
    tree = ast.parse(path.read_text("utf-8"))
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found: list[tuple[int, str]] = []
    typing_only = _typing_only_lines(tree)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and node.lineno in typing_only:
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if all(name.split(".")[0] in TYPING_ONLY for name in names):
                continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
    return found


def _room(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else "followup_md"


def _violations(path: Path) -> list[str]:
    room, rel = _room(path), path.relative_to(PACKAGE.parent)
    wrong: dict[str, None] = {}  # ordered, and each finding once
    for line, name in _imports(path):
        top, *rest = name.split(".")
        target = rest[0] if rest else ""
        if top == "followup_md" and target and (PACKAGE / target).is_dir():
            if room in ALLOWED and target not in ALLOWED[room]:
                wrong[f"{rel}:{line}: {room}/ imports {target}/"] = None
        elif top == "followup_md":
            if room == "core":  # not even the foundations: core is pure
                wrong[f"{rel}:{line}: core/ imports followup_md.{target or '__init__'}"] = None
        elif top in ONLY_IN and room not in ONLY_IN[top]:
            where = " and ".join(f"{place}/" for place in ONLY_IN[top])
            wrong[f"{rel}:{line}: only {where} imports {top}"] = None
        elif room == "core" and any(name == f or name.startswith(f + ".") for f in PURE_FORBIDDEN):
            wrong[f"{rel}:{line}: core/ is pure, yet imports {name}"] = None
        elif room == "core" and top not in sys.stdlib_module_names and top != "__future__":
            wrong[f"{rel}:{line}: core/ imports the third-party {top}"] = None
    return list(wrong)


def test_the_type_checkers_own_imports_are_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`typing_extensions` under `if TYPE_CHECKING:` is the type checker's alone."""
    module = tmp_path / "followup_md" / "core" / "typed.py"
    module.parent.mkdir(parents=True)
    module.write_text("if TYPE_CHECKING:\n    from typing_extensions import dataclass_transform\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "followup_md")
    assert _violations(module) == []


def test_the_core_never_reads_the_clock() -> None:
    calls = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.func.attr}()"
        for path in sorted((PACKAGE / "core").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCK_CALLS
    ]
    assert calls == []


def test_every_module_keeps_the_import_rules() -> None:
    wrong = [problem for path in MODULES for problem in _violations(path)]
    assert wrong == []


@pytest.mark.parametrize(
    ("room", "source", "expected"),
    [
        ("core", "import os\n", "core/ is pure, yet imports os"),
        ("core", "from followup_md.vault import cache\n", "core/ imports vault/"),
        (
            "core",
            "from followup_md.errors import FollowupError\n",
            "core/ imports followup_md.errors",
        ),
        ("cli", "from followup_md.notes import reader\n", "cli/ imports notes/"),
        (
            "daemon",
            "def f():\n    from followup_md.vault.store import Store\n",
            "daemon/ imports vault/",
        ),
        ("app", "import click\n", "only cli/ imports click"),
        ("outputs", "from ..vault import paths\n", "outputs/ imports vault/"),
        ("vault", "import yaml\n", "only notes/ imports yaml"),
        ("app", "import icalendar\n", "only outputs/ and syncs/ imports icalendar"),
        ("syncs", "from followup_md.notes import reader\n", "syncs/ imports notes/"),
        (
            "core",
            "from typing_extensions import dataclass_transform\n",
            "core/ imports the third-party typing_extensions",
        ),
        (
            "core",
            "if TYPE_CHECKING:\n    import os\n",
            "core/ is pure, yet imports os",
        ),
    ],
)
def test_the_rules_catch_a_forbidden_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, room: str, source: str, expected: str
) -> None:
    """The checker itself: each kind of violation is found, also inside a function."""
    fake = tmp_path / "followup_md"
    for name in ALLOWED:
        (fake / name).mkdir(parents=True)
    module = fake / room / "bad.py"
    module.write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    (problem,) = _violations(module)
    assert problem.endswith(expected)


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_no_module_is_a_god_module() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in MODULES
        if (lines := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_runs_past_a_screen() -> None:
    long = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}: {length}")
    assert long == []


def test_every_module_says_why_it_exists() -> None:
    missing = [
        str(path.relative_to(PACKAGE))
        for path in MODULES
        if not ast.get_docstring(ast.parse(path.read_text("utf-8")))
    ]
    assert missing == []
