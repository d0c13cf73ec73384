"""Putting text on the clipboard with the platform's own tool, where there is one.

macOS has `pbcopy`, Windows `clip`; on Linux `wl-copy` (Wayland) or `xclip`/`xsel` (X11)
may be installed. No tool found is not an error: the caller says so and the text is
printed anyway.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

TOOLS: tuple[tuple[str, ...], ...] = (
    ("pbcopy",),
    ("wl-copy",),
    ("xclip", "-selection", "clipboard"),
    ("xsel", "--clipboard", "--input"),
    ("clip",),
)


def _candidates() -> list[tuple[str, ...]]:
    if sys.platform == "darwin":
        return [TOOLS[0]]
    if sys.platform == "win32":
        return [TOOLS[4]]
    found = []
    if os.environ.get("WAYLAND_DISPLAY"):
        found.append(TOOLS[1])
    if os.environ.get("DISPLAY"):
        found += [TOOLS[2], TOOLS[3]]
    return found


def copy(text: str) -> str | None:
    """Copy `text`; the tool's name when it worked, None when no tool could."""
    for command in _candidates():
        path = shutil.which(command[0])
        if path is None:
            continue
        data = ("\ufeff" + text).encode("utf-16-le") if command[0] == "clip" else text.encode()
        try:
            subprocess.run([path, *command[1:]], input=data, check=True, timeout=5)
        except (OSError, subprocess.SubprocessError):
            continue
        return command[0]
    return None
