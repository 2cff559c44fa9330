"""A user's own keys: ``keymap.toml`` in the config directory (as Harlequin loads its keymap).

The file maps binding ids (``?`` lists them, e.g. ``list.down``, ``app.back``) to keys,
comma-separated in Textual's key names::

    "list.down" = "j,down,ctrl+n"
    "app.back" = "q,backspace"
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

KEYMAP_ENV = "DIPLOTUI_KEYMAP"  # another keymap file (or none: an empty value)


def keymap_path() -> Path | None:
    """``$DIPLOTUI_KEYMAP``, else ``keymap.toml`` in the user config directory (~/.config/diplotui/)."""
    if KEYMAP_ENV in os.environ:
        return Path(os.environ[KEYMAP_ENV]).expanduser() if os.environ[KEYMAP_ENV] else None
    from platformdirs import user_config_path

    return user_config_path("diplotui") / "keymap.toml"


def load_keymap(path: Path | None, known: set[str]) -> tuple[dict[str, str], list[str]]:
    """(binding id -> keys, one-line problems); a missing file is no keymap and no problem."""
    if path is None or not path.exists():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path}: not read ({exc}); the default keys apply"]
    keymap, problems = {}, []
    for ident, keys in data.items():
        if ident not in known:
            problems.append(f"{path}: no binding {ident!r} (the README lists the ids)")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path}: {ident} needs keys as a string, e.g. \"j,down\"")
        else:
            keymap[ident] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return keymap, problems
