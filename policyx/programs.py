"""Outside programs (Graphviz's ``dot``, git, the pager), found only where the user installed them.

Owns how a program's name becomes the file that is run: looked up in the absolute entries of
``PATH`` alone. An empty entry, ``.`` or any other relative one means the current directory (or
one below it) to the shell, so a cloned repository could hold a ``dot``, ``git`` or ``less`` of
its own; those entries are skipped. A name with a slash (``$PAGER=/opt/bin/less``) is used only
when it is absolute. What is run is always the absolute path found here, so nothing else (the
operating system's own search) looks the name up again.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping


def search_path(environ: Mapping[str, str] | None = None) -> list[str]:
    """The absolute entries of PATH (``os.defpath`` when it is not set), in order."""
    value = (os.environ if environ is None else environ).get("PATH", os.defpath)
    return [entry for entry in value.split(os.pathsep) if os.path.isabs(entry)]


def which(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The absolute path of the program ``name`` (an executable file), or None: a bare name from PATH's
    absolute entries only, a name with a slash only when it is absolute."""
    if not name:
        return None
    if os.sep in name or (os.altsep and os.altsep in name):
        return name if os.path.isabs(name) and shutil.which(name) is not None else None
    entries = search_path(environ)
    found = shutil.which(name, path=os.pathsep.join(entries)) if entries else None
    return found if found is not None and os.path.isabs(found) else None
