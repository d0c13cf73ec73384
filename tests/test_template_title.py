"""{{title}} in a contact template's front matter reads back as the title, whatever it is:
a name with a comma, an `&`, a `#`, `: ` or quotes never changes what the note says."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import given
from hypothesis import strategies as st

from followup_md.notes.create import fill_template

TEMPLATE = (
    "---\naliases: [{{title}}]\nname: \"{{title}}\"\nnick: '{{title}}'\nlabel: {{title}}\n"
    "---\n# {{title}}\n"
)


@given(
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"),
        min_size=1,
        max_size=40,
    ).filter(lambda t: t.strip() == t and "{{" not in t and "}}" not in t)
)
def test_the_title_reads_back_whole_in_every_yaml_context(title: str) -> None:
    filled = fill_template(TEMPLATE, title, dt.datetime(2026, 11, 22, 9, 0))
    front, body = filled.split("\n---\n", 1)
    data = yaml.safe_load(front.removeprefix("---\n"))
    assert data == {"aliases": [title], "name": title, "nick": title, "label": title}
    assert body == f"# {title}\n"  # the body keeps the title as written
