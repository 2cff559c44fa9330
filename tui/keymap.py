"""A user's own keys: ``keymap.toml`` in the config directory (as Harlequin loads its keymap).

The file maps binding ids (``?`` lists them, e.g. ``list.down``, ``app.back``) to keys,
comma-separated in Textual's key names::

    "list.down" = "j,down,ctrl+n"
    "app.back" = "q,backspace"
"""

from __future__ import annotations

import difflib
import os
import stat
import tomllib
from pathlib import Path

KEYMAP_ENV = "DIPLOTUI_KEYMAP"  # another keymap file (or none: an empty value)
MAX_KEYMAP_BYTES = 1_000_000  # a keymap is a few lines; anything this large is something else
_NOT_REGULAR = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def keymap_path() -> Path | None:
    """``$DIPLOTUI_KEYMAP``, else ``keymap.toml`` in the user config directory (~/.config/diplotui/)."""
    if KEYMAP_ENV in os.environ:
        return Path(os.environ[KEYMAP_ENV]).expanduser() if os.environ[KEYMAP_ENV] else None
    from platformdirs import user_config_path

    return user_config_path("diplotui") / "keymap.toml"


# keys that reach the command palette and quitting from anywhere: a keymap that gives one of
# them to another binding is warned about (it hides the palette, or quitting, in some views)
GUARDED = {"ctrl+p": ("app.palette", "the command palette"), "ctrl+c": ("app.quit", "quitting")}


def load_keymap(path: Path | None, known: set[str]) -> tuple[dict[str, str], list[str]]:
    """(binding id -> keys, one-line problems); the default file missing is no keymap and no
    problem, a file named by ``$DIPLOTUI_KEYMAP`` missing is said."""
    if path is None:
        return {}, []
    if not path.exists():
        named = os.environ.get(KEYMAP_ENV)
        if named and Path(named).expanduser() == path:
            return {}, [f"{path}: no such file (named by ${KEYMAP_ENV}); the default keys apply"]
        return {}, []
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO would block the start, /dev/zero never end
            kind = next((what for test, what in _NOT_REGULAR if test(st.st_mode)), "not a regular file")
            return {}, [f"{path}: not read ({kind}, not a keymap file); the default keys apply"]
        if st.st_size > MAX_KEYMAP_BYTES:
            return {}, [f"{path}: not read (larger than {MAX_KEYMAP_BYTES // 1000} kB, not a keymap); "
                        "the default keys apply"]
        with path.open("rb") as f:
            raw = f.read(MAX_KEYMAP_BYTES + 1)[:MAX_KEYMAP_BYTES]
        data = tomllib.loads(raw.decode("utf-8"))
    except RecursionError:  # tomllib recurses per level of nested arrays or tables
        return {}, [f"{path}: not read (nested too deeply to be a keymap); the default keys apply"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path}: not read ({exc}); the default keys apply"]
    keymap, problems = {}, []
    for ident, keys in data.items():
        if ident not in known:
            close = difflib.get_close_matches(ident, sorted(known), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else "the README lists the ids"
            problems.append(f"{path}: no binding {ident!r} ({hint})")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path}: {ident} needs keys as a string, e.g. \"j,down\"")
        else:
            keymap[ident] = ",".join(k.strip() for k in keys.split(",") if k.strip())
            for key in keymap[ident].split(","):
                owner, what = GUARDED.get(key.lower(), (ident, ""))
                if owner != ident:
                    problems.append(f"{path}: {ident} takes {key}, which opens {what} everywhere else; "
                                    f"views with {ident} lose it there")
    return keymap, problems
