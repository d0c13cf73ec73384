"""The writer: edits of a note's text that change nothing but what was asked, each proven.

`edits` holds the pure edits (add an interaction, set a value), `remove` takes a key
out, `batch` sets or removes several in one edit, `splice` and `emit` how new text is
shaped, `proof` the check that only the intended change was made, and `update` the
race-checked atomic replace of the file.
"""

from followup_md.notes.writer.batch import set_values
from followup_md.notes.writer.edits import NewInteraction, add_interaction, format_value, set_value
from followup_md.notes.writer.many import add_interactions
from followup_md.notes.writer.remove import remove_value
from followup_md.notes.writer.update import update_note

__all__ = [
    "NewInteraction",
    "add_interaction",
    "add_interactions",
    "format_value",
    "remove_value",
    "set_value",
    "set_values",
    "update_note",
]
