"""`Follow-ups.base`: an Obsidian base over the properties `sync_properties` keeps.

Obsidian's Bases read flat note properties, never the `interactions` list; with
`sync_properties: true` every contact carries `last_contact`, `next_follow_up`,
`followup_profile` and `followup_state` (core/properties.py), and this base shows them
in three table views: Due (what the agenda lists as overdue or today, by date), By
profile, and Gone quiet. The syntax is the one Obsidian's help page "Bases syntax"
(https://help.obsidian.md/bases/syntax) gives: YAML with `filters` (a statement, or one
of `and`/`or`/`not` holding a list), `properties` (each with a `displayName`) and
`views`, each with `type`, `name`, `filters`, `groupBy` (`property`, `direction`
ASC or DESC) and `order` (the columns). Written as text, so nothing here needs YAML:
a test parses it and checks it against those keys.
"""

from __future__ import annotations

from followup_md.core.properties import LAST_CONTACT, NEXT_FOLLOW_UP, PROFILE, STATE

BASE_FILE = "Follow-ups.base"
"""Its name; it is written beside the agenda note."""


def base_text() -> str:
    """The base, with a comment saying what wrote it and what it needs."""
    return f"""\
# Written once by `followup init --base`; followup never rewrites it: edit it freely.
# Its views read the properties followup keeps in each contact note when
# .followup.yaml says `sync_properties: true`. Syntax: https://help.obsidian.md/bases/syntax
filters:
  and:
    - 'file.hasProperty("{STATE}")'
properties:
  {LAST_CONTACT}:
    displayName: Last contact
  {NEXT_FOLLOW_UP}:
    displayName: Next follow-up
  {PROFILE}:
    displayName: Profile
  {STATE}:
    displayName: State
views:
  - type: table
    name: Due
    filters:
      and:
        - '{NEXT_FOLLOW_UP} <= today()'
    groupBy:
      property: {NEXT_FOLLOW_UP}
      direction: ASC
    order:
      - file.name
      - {NEXT_FOLLOW_UP}
      - {LAST_CONTACT}
      - {PROFILE}
  - type: table
    name: By profile
    groupBy:
      property: {PROFILE}
      direction: ASC
    order:
      - file.name
      - {STATE}
      - {NEXT_FOLLOW_UP}
      - {LAST_CONTACT}
  - type: table
    name: Gone quiet
    filters:
      and:
        - '{STATE} == "quiet"'
    groupBy:
      property: {LAST_CONTACT}
      direction: ASC
    order:
      - file.name
      - {LAST_CONTACT}
      - {NEXT_FOLLOW_UP}
      - {PROFILE}
"""
