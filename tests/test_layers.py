"""The house's import graph, read from the source: every import between netsim's packages
points down the layers, and no module imports itself back through others (imports made
only for type checking count too: they are arrows a reader follows all the same)."""
import ast
from pathlib import Path

import netsim

PACKAGE = Path(netsim.__file__).parent
# Lowest first; a package may import those below it, never those above.
LAYERS = ["paths", "plaintext", "engine", "io", "jobs", "document", "canvas", "panels",
          "plots", "app", "cli_commands", "cli_animate", "cli"]


def module_name(path: Path) -> str:
    parts = ["netsim", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str]) -> set[str]:
    """The netsim modules that `path` imports, wherever the import statement stands."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] \
                if node.level else []
            source = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:  # `from . import child` imports the module child
                whole = f"{source}.{alias.name}"
                found.add(whole if whole in modules else source)
    return {m for m in found if m in modules and m != name}


def graph() -> dict[str, set[str]]:
    files = [p for p in PACKAGE.rglob("*.py") if "resources" not in p.relative_to(PACKAGE).parts]
    modules = {module_name(p) for p in files}
    return {module_name(p): imports(p, modules) for p in files}


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 else None  # netsim itself: the version


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle once, as the modules along it (depth-first search)."""
    found, done, path = [], set(), []

    def visit(module):
        path.append(module)
        for target in sorted(edges[module]):
            if target in path:
                found.append(path[path.index(target):] + [target])
            elif target not in done:
                visit(target)
        path.pop()
        done.add(module)

    for module in sorted(edges):
        if module not in done:
            visit(module)
    return found


def test_the_graph_is_read_from_the_source():
    edges = graph()
    assert "netsim.jobs.worker" in edges["netsim.app.launch"]
    assert "netsim.jobs.child" in edges["netsim.jobs.worker"]  # `from . import child`
    assert "netsim.app.main_actions" in edges["netsim.app.main_window"]
    assert "netsim.jobs.checks" in edges["netsim.cli_commands"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_every_import_points_down_the_layers():
    edges = graph()
    assert {m.split(".")[1] for m in edges if "." in m} == set(LAYERS)
    upward = sorted(f"{source} -> {target}" for source, targets in edges.items()
                    for target in targets
                    if layer(target) is not None and layer(source) is not None
                    and layer(target) > layer(source))
    assert upward == []


def test_no_module_imports_itself_back():
    assert cycles(graph()) == []
