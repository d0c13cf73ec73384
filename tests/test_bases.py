"""`followup init --base`: Follow-ups.base beside the agenda note, written once, checked
against the syntax Obsidian's help page "Bases syntax" gives
(https://help.obsidian.md/bases/syntax): YAML whose top level holds `filters`,
`formulas`, `properties`, `summaries` and `views`; a filter is a statement (text) or a
mapping with exactly one of `and`, `or`, `not` holding a list of filters; each view has
a `type` (table, cards, list, map) and a `name`, and may have `limit`, `filters`,
`groupBy` (`property`, `direction` ASC or DESC), `order` (a list of properties) and
`summaries`; `properties` maps a property to its settings, such as `displayName`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from followup_md.cli import cli
from followup_md.core.properties import KEYS, STATES
from followup_md.outputs.bases import base_text

TOP_LEVEL = {"filters", "formulas", "properties", "summaries", "views"}
VIEW_KEYS = {"type", "name", "limit", "filters", "groupBy", "order", "summaries"}
VIEW_TYPES = {"table", "cards", "list", "map"}
FILE_PROPERTIES = {"file.name", "file.path", "file.folder", "file.ext", "file.mtime"}


def init(*args: str) -> Result:
    return CliRunner().invoke(cli, ["init", *args], catch_exceptions=False)


def statements(node: Any) -> list[str]:
    """Every filter statement of a filter, checked to have the documented shape."""
    if isinstance(node, str):
        return [node]
    assert isinstance(node, dict) and len(node) == 1, node
    ((op, items),) = node.items()
    assert op in ("and", "or", "not") and isinstance(items, list) and items
    return [text for item in items for text in statements(item)]


def test_the_base_has_the_documented_structure() -> None:
    base = yaml.safe_load(base_text())
    assert set(base) <= TOP_LEVEL and "views" in base
    found = statements(base["filters"])
    for name, settings in base["properties"].items():
        assert name in KEYS
        assert set(settings) == {"displayName"} and isinstance(settings["displayName"], str)
    assert [view["name"] for view in base["views"]] == ["Due", "By profile", "Gone quiet"]
    for view in base["views"]:
        assert set(view) <= VIEW_KEYS and view["type"] in VIEW_TYPES
        assert set(view["groupBy"]) == {"property", "direction"}
        assert view["groupBy"]["direction"] in ("ASC", "DESC")
        assert view["groupBy"]["property"] in KEYS
        assert all(column in KEYS or column in FILE_PROPERTIES for column in view["order"])
        found += statements(view.get("filters", []) or "true")
    # Filters name only the kept properties, and states that exist.
    for text in found:
        names = set(re.findall(r"\b[a-z_]+(?=\s*(?:==|<=|>=|!=|<|>))", text))
        assert names <= set(KEYS), text
        assert set(re.findall(r'== "(\w+)"', text)) <= set(STATES), text
    assert any('followup_state == "quiet"' in text for text in found)


def test_init_base_writes_once_and_never_overwrites(vault: Path) -> None:
    (vault / ".followup.yaml").write_text("sync_properties: true\n")
    result = init(str(vault), "--base")
    assert result.exit_code == 0, result.output
    base = vault / "Follow-ups.base"
    assert base.read_text("utf-8") == base_text()
    assert "Wrote" in result.stdout and "Warning" not in result.stderr
    base.write_text("views: []  # mine\n")
    stamp = base.stat().st_mtime_ns
    again = init(str(vault), "--base")
    assert again.exit_code == 0
    assert "Follow-ups.base already exists: left untouched." in again.stdout
    assert base.read_text() == "views: []  # mine\n" and base.stat().st_mtime_ns == stamp


def test_init_base_warns_when_sync_properties_is_off(vault: Path) -> None:
    result = init(str(vault), "--base")
    assert result.exit_code == 0
    assert (vault / "Follow-ups.base").exists()
    assert "sync_properties is off" in result.stderr
    assert "sync_properties: true" in result.stderr


def test_the_base_goes_beside_the_agenda_note(vault: Path) -> None:
    (vault / ".followup.yaml").write_text("agenda_file: Reviews/Agenda.md\nsync_properties: true\n")
    assert init(str(vault), "--base").exit_code == 0
    assert (vault / "Reviews/Follow-ups.base").read_text("utf-8") == base_text()
    assert not (vault / "Follow-ups.base").exists()


def test_init_without_base_writes_none(vault: Path) -> None:
    assert init(str(vault)).exit_code == 0
    assert not (vault / "Follow-ups.base").exists()


def test_a_broken_configuration_stops_it_before_anything_is_written(vault: Path) -> None:
    (vault / ".followup.yaml").write_text("sync_properties: maybe\n")
    result = init(str(vault), "--base")
    assert result.exit_code == 2
    assert "sync_properties" in result.output
    assert not (vault / "Follow-ups.base").exists()


def test_the_readme_shows_the_base_as_written() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    start = readme.index("```yaml\n# Written once by `followup init --base`") + len("```yaml\n")
    assert readme[start : readme.index("```\n", start)] == base_text()
