# ruff: noqa: E501 (a paragraph of a message is one line: the message keeps its lines)
"""The built-in drafts, one per situation and length. Pure data.

Each holds what a good follow-up holds: personal (the first name), why now (the last
interaction, so they remember you), one clear ask (the objective), thanks where it fits,
and something of value (the offer). Emails stay under 120 words with a three- or
four-word subject; texts, chats and LinkedIn messages under 60 words and without one.
Nudges get shorter and gentler, the third closing the loop. The personal variants are
warmer and shorter, and never ask for anything. A vault overrides any of them with a file
of the same name (`thank-you.md`) in its drafts folder.
"""

from __future__ import annotations

from collections.abc import Mapping

BUILT_IN: Mapping[str, str] = {
    "thank-you": """\
Subject: Thank you, {first_name} || Thank you for today

Hi {first_name},

Thank you for your time {when}. || Thank you for your time. I enjoyed our conversation ({context}) and I am even more keen on the role. || I enjoyed our conversation and I am even more keen on the role.

Next step, as I see it: {ask}. If anything else would help your decision, I am glad to send it.

Here is something I mentioned: {offer}.

Best regards,
""",
    "thank-you-short": """\
Hi {first_name}, thank you for your time {when}! || Hi {first_name}, thank you for your time! I enjoyed our conversation and I am keen on the role. Next step, as I see it: {ask}.
""",
    "event": """\
Subject: Great meeting you, {first_name} || Great meeting you

Hi {first_name},

It was good to meet you {when} ({context}). || It was good to meet you {when}. || It was good to meet you. Thank you for the conversation.

As promised: {offer}.

I would like to continue where we left off: {ask}. Would a short call next week work for you?

Best,
""",
    "event-short": """\
Hi {first_name}, good to meet you {when}! || Hi {first_name}, good to meet you! I would like to continue the conversation: {ask}. Would a short call next week work?
""",
    "recap": """\
Subject: Recap and next steps

Hi {first_name},

Thank you for your time {when}. || Thank you for your time. A short recap, so we are on the same page: {context}.

Next step, as I see it: {ask} — does that work for you? || What would be a good next step for you?

Something that may help in the meantime: {offer}.

Best regards,
""",
    "recap-short": """\
Hi {first_name}, thanks for your time {when}! || Hi {first_name}, thanks for your time! Recap: {context}. Next step, as I see it: {ask} — does that work for you?
""",
    "feedback": """\
Subject: Thanks for the feedback

Hi {first_name},

Thank you for your feedback {when} ({context}). || Thank you for your feedback {when}. || Thank you for your feedback. It is clear and useful, and I am working through it now.

I will come back to you with what changes. In the meantime, one question: {ask} — would that work for you?

Best regards,
""",
    "feedback-short": """\
Hi {first_name}, thank you for the feedback {when}! || Hi {first_name}, thank you for the feedback! It is useful, and I am on it. I will come back to you with what changes.
""",
    "reply": """\
Subject: Re: your message

Hi {first_name},

Thank you for your message {when} ({context}). || Thank you for your message {when}. || Thank you for your message.

Here is my answer: [your answer].

Best regards,
""",
    "reply-short": """\
Hi {first_name}, thanks for your message {when}! || Hi {first_name}, thanks for your message! [your answer]
""",
    "nudge-1": """\
Subject: Quick follow-up, {first_name} || A quick follow-up

Hi {first_name},

I wanted to follow up on my message {when} ({context}), in case it got buried. || I wanted to follow up on my message {when}, in case it got buried. || I wanted to follow up on my last message ({context}), in case it got buried. || I wanted to follow up on my last message, in case it got buried.

Would you have a moment to look at it? I would be glad to hear what you think.

Best regards,
""",
    "nudge-1-short": """\
Hi {first_name}, following up on my message {when}. || Hi {first_name}, following up on my last message. Would you have a moment for it?
""",
    "nudge-2": """\
Subject: Checking in again

Hi {first_name},

A gentle nudge on my earlier message ({context}). || A gentle nudge on my earlier message. I know things get busy, so no rush. Is this still of interest to you?

Thanks,
""",
    "nudge-2-short": """\
Hi {first_name}, a gentle nudge on my earlier message. Is this still of interest?
""",
    "nudge-3": """\
Subject: Closing the loop

Hi {first_name},

No reply needed: I will close the loop here. Glad to pick it up whenever suits you.

Best,
""",
    "nudge-3-short": """\
Hi {first_name}, I'll close the loop for now. Glad to reconnect anytime.
""",
    "check-in": """\
Subject: Following up, {first_name} || Following up on this

Hi {first_name},

I am following up on our conversation {when} ({context}), as promised. || I am following up on our conversation {when}, as promised. || I am following up, as promised.

Where do things stand on your side? Next step, as I see it: {ask} — does that work for you?

Best regards,
""",
    "check-in-short": """\
Hi {first_name}, following up on our conversation {when}, as promised. || Hi {first_name}, following up, as promised. Where do things stand? Next step, as I see it: {ask}.
""",
    "keep-in-touch": """\
Subject: Catching up, {first_name} || Time to catch up

Hi {first_name},

It has been a while, and I wanted to hear how you are doing. How are things at {company}? I still think of our conversation {when} ({context}).

Thought this might interest you: {offer}.

Would you be up for a short catch-up in the coming weeks?

Best,
""",
    "keep-in-touch-short": """\
Hi {first_name}, it has been a while! How are things going? Would you be up for a catch-up soon?
""",
    "birthday": """\
Subject: Happy birthday, {first_name}! || Happy birthday to you!

Hi {first_name},

Happy birthday! I hope you have a great day and a very good year ahead.

Best wishes,
""",
    "birthday-short": """\
Happy birthday, {first_name}! Have a wonderful day.
""",
    "check-in-personal": """\
Subject: Thinking of you, {first_name} || Thinking of you today

Hi {first_name},

I was thinking of our chat {when} ({context}). || I was thinking of our chat {when}. || I was thinking of you. How are things with you?

Love,
""",
    "check-in-personal-short": """\
Hi {first_name}! Thinking of our chat {when}. || Hi {first_name}! Thinking of you. How are things?
""",
    "keep-in-touch-personal": """\
Subject: Thinking of you, {first_name} || Thinking of you today

Hi {first_name},

I was thinking of you and wanted to hear how you are. Last time we talked about {context}: how did it go?

Let's catch up soon.

Love,
""",
    "keep-in-touch-personal-short": """\
Hi {first_name}! Thinking of you. How are you doing? Let's catch up soon.
""",
    "birthday-personal": """\
Subject: Happy birthday, {first_name}! || Happy birthday to you!

Happy birthday, {first_name}! I hope your day is full of good things. Let's celebrate soon.

Love,
""",
    "birthday-personal-short": """\
Happy birthday, {first_name}! Hope your day is wonderful. Let's celebrate soon!
""",
    "reply-personal": """\
Subject: Re: your message

Hi {first_name},

So good to hear from you! [your answer]

Love,
""",
    "reply-personal-short": """\
So good to hear from you, {first_name}! [your answer]
""",
}
