"""Small modal dialogs: choose one of several values, or type one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from diplotui.store.text import one_line

from .safe import cell
from .search_box import SearchBox


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one value from a list (Enter), or none (Esc). With ``find``, what is typed moves the
    highlight to the first choice that starts with it (else contains it), as a file picker does."""

    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="dialog.cancel"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]], find: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices  # (value, label)
        self.find = find

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text, style="bold"))
            if self.find:
                yield SearchBox(placeholder="type to find; ↑/↓ move, Enter chooses, Esc cancels", id="find")
            yield OptionList(*(Option(cell(label), id=str(i)) for i, (_, label) in enumerate(self.choices)))

    def on_mount(self) -> None:
        if self.find:
            self.query_one("#find", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        typed = event.value.strip().casefold()
        if not typed:
            return
        labels = [label.casefold() for _, label in self.choices]
        found = next((i for i, label in enumerate(labels) if label.startswith(typed)), None)
        if found is None:
            found = next((i for i, label in enumerate(labels) if typed in label), None)
        if found is not None:
            self.query_one(OptionList).highlighted = found

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None:
            self.dismiss(self.choices[highlighted][0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id)][0])

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptDialog(ModalScreen[str | None]):
    """Type one value (Enter), or cancel (Esc)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text, style="bold"))
            yield Input(self.value, placeholder=self.placeholder)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: y (or Enter) answers yes, n or Esc no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "No", id="dialog.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(one_line(self.question)))
            yield Label(Text("y or Enter: yes   n or Esc: no", style="dim"))

    def on_mount(self) -> None:
        # the notices of what was done before (an undo's is six lines) are drawn over every screen,
        # and at 80 columns they covered half of the question asked before a correction
        self.app.clear_notifications()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
