"""`followup draft`: a ready-to-edit message for a contact's current follow-up.

The contact is found and planned as `show` does; the draft is chosen by situation and
channel (`core.drafts`), from the vault's own template when its drafts folder holds one
of that name, else the built-in one, and filled from the note.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from followup_md.app.contacts import report
from followup_md.app.vaults import Vault
from followup_md.core import drafts
from followup_md.core.draft_texts import BUILT_IN
from followup_md.core.frozen import record
from followup_md.core.model import Contact, Due
from followup_md.errors import TemplateError
from followup_md.files import inside


@record
class Draft:
    contact: Contact
    situation: str
    """What the message is for: `thank-you`, `nudge-2`, `keep-in-touch`, ..."""
    template: str
    """The template's name; `source` says where it came from."""
    source: str
    """`built-in`, or the vault-relative path of the vault's own template."""
    channel: str | None
    to: str | None
    """The address the message goes to: the note's `email` for an email, else its phone."""
    message: drafts.Message
    due: Due | None
    """The follow-up it is for; None when nothing is due (a keep-in-touch draft)."""

    def mailto(self) -> str:
        """A `mailto:` link with the address, subject and body percent-encoded (RFC 6068:
        line breaks as CRLF)."""
        fields = []
        if self.message.subject:
            fields.append("subject=" + quote(self.message.subject, safe=""))
        fields.append("body=" + quote(self.message.body.replace("\n", "\r\n"), safe=""))
        address = quote(self.to or "", safe="@")
        return f"mailto:{address}?" + "&".join(fields)

    def text(self) -> str:
        """The message as printed: `Subject:` line (an email), a blank line, the body."""
        head = f"Subject: {self.message.subject}\n\n" if self.message.subject else ""
        return head + self.message.body


def draft(
    vault: Vault, query: str, today: dt.date, template: str | None = None, *, email: bool = False
) -> Draft:
    """The draft for the contact `query` names, as of `today`; `template` picks one by name;
    `email` shapes it as an email whatever the channel (for a `mailto:` link)."""
    found = report(vault, query, today)
    contact = found.contact
    due = found.item.due if found.item else found.missed.due if found.missed else None
    kind = drafts.situation(due)
    channel = (due.channel if due else None) or contact.channel
    channel = "email" if email else channel or ("email" if contact.email else None)
    name = template or drafts.template_name(kind, channel)
    text, source = _template(vault, name)
    offer = found.fields.get("offer")
    values = drafts.fill_values(contact, due, today, str(offer) if offer else None)
    short = drafts.is_short(channel)
    try:
        message = drafts.render(text, values, short=short)
    except drafts.UnknownPlaceholder as exc:
        known = ", ".join("{" + name + "}" for name in drafts.PLACEHOLDERS)
        raise TemplateError(
            f"{vault.root / source}:{exc.line}: unknown placeholder {{{exc.placeholder}}} in "
            f"the draft template '{name}'; use one of {known} (or {{{{ for a brace)"
        ) from None
    to = contact.email if not short else contact.phone if drafts.is_phone(channel) else None
    return Draft(contact, kind, name, source, channel, to, message, due)


def _template(vault: Vault, name: str) -> tuple[str, str]:
    """The template called `name`: the vault's own, else the built-in one."""
    folder = vault.settings.drafts_folder
    rel = f"{folder}/{name}.md" if folder else f"{name}.md"
    file = vault.root / rel
    if inside(vault.root, file) and file.is_file():
        try:
            return file.read_text("utf-8-sig"), rel
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(f"{file}: cannot read the draft template: {exc}") from None
    if name in BUILT_IN:
        return BUILT_IN[name], "built-in"
    raise TemplateError(
        f"no draft template '{name}': put {rel} in the vault, or use one of "
        + ", ".join(sorted(BUILT_IN))
    )
