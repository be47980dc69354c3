"""compare/ has no import cycle and no private name used across its modules (issue 8)."""
from __future__ import annotations

import ast
from pathlib import Path

import newsprism.compare

PKG = Path(newsprism.compare.__file__).resolve().parent


def _imports() -> dict[str, list[tuple[str, list[str]]]]:
    """module -> [(imported compare module, names)] for every ``from .x import ...`` (at any depth
    of the module, so imports inside functions count too)."""
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for path in sorted(PKG.glob("*.py")):
        mod = path.stem
        edges = out.setdefault(mod, [])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names = [a.name for a in node.names]
                if node.module:
                    edges.append((node.module.split(".")[0], names))
                else:  # from . import x
                    edges += [(n, []) for n in names]
    return out


def test_no_import_cycle_inside_compare():
    graph = {m: sorted({t for t, _ in e if t != m}) for m, e in _imports().items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in graph.get(m, []):
            if state.get(t) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(t):] + [t]))
            if not state.get(t):
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if not state.get(m):
            visit(m)
    assert "contradictions" in graph and "values" in graph  # the walk saw the real package


def test_no_private_name_across_compare_modules():
    used = [(m, t, n) for m, edges in _imports().items() for t, names in edges for n in names
            if n.startswith("_") and not n.startswith("__")]
    assert used == []


def test_every_name_a_compare_module_exports_exists():
    import importlib
    import pkgutil

    import newsprism.compare as pkg
    for info in pkgutil.iter_modules(pkg.__path__):
        mod = importlib.import_module(f"newsprism.compare.{info.name}")
        missing = [n for n in getattr(mod, "__all__", []) if not hasattr(mod, n)]
        assert not missing, f"compare/{info.name}.py exports names it does not define: {missing}"
