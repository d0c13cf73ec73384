"""When the watcher tries again after a failed update: 5 s, then 10, 20, ... up to 5 minutes,
and why it failed, said once per failure in the log. No clock of its own: `now` is given."""

from __future__ import annotations

import logging

RETRY_FIRST = 5.0
RETRY_MAX = 300.0
"""After a failed update, try again after 5 s, then 10, 20, ... up to 5 minutes."""


class Backoff:
    """The next retry after a failure; `at` is None while the last update succeeded."""

    def __init__(self) -> None:
        self.at: float | None = None
        self._delay = RETRY_FIRST

    def failed(self, now: float, exc: Exception, log: logging.Logger) -> None:
        delay = self._delay
        self.at = now + delay
        self._delay = min(delay * 2, RETRY_MAX)
        if isinstance(exc, OSError):
            what = f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
        else:
            what = f"{type(exc).__name__}: {exc}"
        log.error(
            "could not update the agenda (%s); trying again in %d s",
            what,
            round(delay),
            exc_info=log.isEnabledFor(logging.DEBUG),
        )

    def succeeded(self) -> None:
        self.at = None
        self._delay = RETRY_FIRST
