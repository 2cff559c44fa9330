"""Safe text: the one path untrusted article text takes before it is stored or shown."""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, C1 controls; bidi embeddings/overrides/isolates,
# and invisible characters that can hide or reorder what a reader sees.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
# A whole ANSI/VT escape sequence (CSI ... final byte, OSC ... BEL/ST), so that
# its printable remainder ("[2J") does not survive as garbage after ESC is removed.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, terminated by BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"  # 8-bit OSC
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
)


def clean_control(text: str) -> str:
    """Remove terminal escape sequences and control/format characters; keep \\t and \\n.

    Line endings are normalised to \\n and the text to Unicode NFC.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    text = _UNSAFE.sub("", text)
    return unicodedata.normalize("NFC", text)


def one_line(text: str | None, limit: int | None = None) -> str:
    """Safe text squeezed onto one line (for list cells and titles), optionally shortened."""
    if not text:
        return ""
    flat = " ".join(clean_control(text).split())
    if limit is not None and len(flat) > limit:
        flat = flat[: max(limit - 1, 0)] + "…"
    return flat
