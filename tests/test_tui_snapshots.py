"""SVG snapshots of each view at 80×24 and 160×48 (update with --snapshot-update)."""

from __future__ import annotations

import pytest
from tui_support import keys, settle

from diplotui.tui.app import DiploApp

SIZES = {"80x24": (80, 24), "160x48": (160, 48)}
FLOWS = {
    "articles": [],
    "search": ["slash", *"Xiamen", "enter"],
    "reader": ["slash", *"Xiamen", "enter", "j", "enter"],
    "officials": ["2", "slash", *"blinken"],
    "official": ["2", "slash", *"blinken", "enter", "enter"],
    "events": ["3"],
    "compare": ["3", "enter"],  # the event three outlets reported
    "help": ["question_mark"],
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("flow", FLOWS)
def test_view(snap_compare, seeds_db, flow, size):
    async def run_before(pilot):
        await settle(pilot)
        await keys(pilot, *FLOWS[flow])

    assert snap_compare(DiploApp(seeds_db), terminal_size=SIZES[size], run_before=run_before)
