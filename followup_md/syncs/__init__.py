"""Reading what other programs keep on disk, for `followup sync`: mail (Maildir, mbox,
`.eml` files) and calendars (`.ics`), turned into plain records.

Only reads, never writes; knows nothing of the vault or the notes: `app/syncing.py`
matches the records to contacts and writes them. Imports only `core` (and the
foundations), `mailbox`, `email`, and `icalendar` with its recurrence library.
"""
