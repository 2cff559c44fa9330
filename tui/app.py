"""The diplotui terminal app."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from diplotui.store.db import open_db
from diplotui.store.text import one_line


class DiploApp(App):
    TITLE = "diplotui"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, db_path: str | Path):
        super().__init__()
        self.db_path = Path(db_path)

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="articles", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Date", "Outlet", "Headline")
        db = open_db(self.db_path, readonly=True)
        rows = db.conn.execute(
            """SELECT COALESCE(a.published, a.published_partial, ''), COALESCE(o.name, ''), a.headline
               FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id
               ORDER BY a.sort_key DESC, a.id DESC LIMIT 500"""
        ).fetchall()
        for date, outlet, headline in rows:
            table.add_row(Text(date), Text(one_line(outlet)), Text(one_line(headline)))
        db.close()
