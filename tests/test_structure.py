"""The shape of the code: no import cycle between the package's modules (imports inside
functions count), and SQL only under store/.

The SQL check is the grep of issue 25, run over the source:
``grep -rnE "\\.execute\\(|db\\.query\\(|\\.executemany\\(|SELECT |INSERT |UPDATE |DELETE " --include=*.py extract tui``
must find nothing (the AST check below also catches a statement built in a variable).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"extract": "diplotui.extract", "store": "diplotui.store", "tui": "diplotui.tui"}


def modules() -> dict[str, Path]:
    """Every module of the diplotui package, by dotted name."""
    found = {}
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules ``name`` imports, at module level or inside functions."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = [source] + [f"{source}.{a.name}" for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # "a.b.c" imports the module "a.b" when c is a name in it
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_imports_inside_functions():
    edges = graph()
    assert "diplotui.extract.resolve" in edges["diplotui.extract.pipeline"]  # inside a function
    assert "diplotui.tui.export" in edges["diplotui.tui.app"]  # inside a method
    assert "diplotui.store.write" in edges["diplotui.store.corrections"]  # relative, module level
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle():
    assert cycles(graph()) == []


SQL_CALL = re.compile(r"\.execute\(|db\.query\(|\.executemany\(|\b(?:SELECT|INSERT|UPDATE|DELETE) ")  # not ALLOW_SELECT
SQL_WORDS = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT)\b")
CALLS = {"execute", "executemany", "executescript"}  # a Textual DOM .query() is not SQL; db.query( is in SQL_CALL


def sql_outside_store(root: Path = ROOT) -> list[str]:
    found = []
    for folder in ("extract", "tui"):
        for path in sorted((root / folder).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            found += [f"{rel}:{n}" for n, line in enumerate(text.splitlines(), 1) if SQL_CALL.search(line)]
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CALLS:
                    found.append(f"{rel}:{node.lineno} .{node.func.attr}(")
                elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_WORDS.match(node.value):
                    found.append(f"{rel}:{node.lineno} SQL text")
    return sorted(set(found))


def test_sql_only_under_store():
    assert sql_outside_store() == []


def test_the_sql_check_finds_sql(tmp_path):
    assert SQL_WORDS.match("SELECT id FROM officials") and SQL_WORDS.match("\n  DELETE FROM x")
    assert not SQL_WORDS.match("Select a date")  # words of the app's text are not SQL
    (tmp_path / "extract").mkdir()
    (tmp_path / "extract" / "x.py").write_text('w.conn.execute("SELECT 1")\nq = """\n  UPDATE t SET a = 1"""\n')
    found = sql_outside_store(tmp_path)
    assert "extract/x.py:1 .execute(" in found and "extract/x.py:1 SQL text" in found and "extract/x.py:3" in found
