"""Domain exceptions, each carrying the exit code the CLI should end with.

Problems found *in notes* are not exceptions: they are `model.Problem` values, so
one bad note never stops a scan. These exceptions are for conditions that stop a
command: a broken configuration, an unknown contact, a refused edit.
"""

from __future__ import annotations


class FollowupError(Exception):
    """Base class: a message meant for the user, and the exit code that goes with it."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(FollowupError):
    """The command line or the environment is wrong (exit 2)."""

    exit_code = 2


class ConfigError(UsageError):
    """`.followup.yaml` is unreadable or holds an unknown key or a bad value (exit 2)."""


class VaultError(UsageError):
    """The vault folder is missing or not a folder (exit 2)."""


class ContactNotFound(FollowupError):
    """No contact matches the name the user gave (exit 1)."""


class AmbiguousContact(FollowupError):
    """Several contacts match the name the user gave (exit 1)."""


class EditRefused(FollowupError):
    """A note was not changed because the edit could not be made safely (exit 1).

    Its front matter does not parse, it changed on disk while being edited, or the
    proof that only the intended change was made failed. Nothing was written.
    """

    def __init__(self, message: str, *, line: int | None = None, reason: str = "") -> None:
        super().__init__(message)
        self.line = line
        """The note's line at fault, when one is."""
        self.reason = reason or message
        """The message without the note's name: for a problem listed under that note."""


class TickOvertaken(EditRefused):
    """A tick in the agenda was not applied: its note changed since the line was written."""


class NoteExists(FollowupError):
    """A new note would overwrite an existing one (exit 1)."""


class OutsideVault(FollowupError):
    """A path would lead outside the vault (exit 1)."""


class WriteFailed(FollowupError):
    """A file could not be written (exit 1): the message names it and the reason."""


class TemplateError(UsageError):
    """A draft template is missing or uses a placeholder that does not exist (exit 2)."""
