"""No import cycle inside the package (issue 18).

Every module of ``vnadmin_nlp`` is parsed (not imported) and each import of another module of
the package is an edge, whether it sits at module level or inside a function: a cycle through
a function-level import still ties the modules together (evaluate -> pipeline ->
transformer.component -> transformer.metrics -> evaluate was one), it only fails later.
"""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path
from typing import Dict, List, Set

import vnadmin_nlp

PACKAGE = "vnadmin_nlp"
ROOT = Path(vnadmin_nlp.__file__).resolve().parent


def package_modules() -> Dict[str, Path]:
    """Module name -> source file, for the package and everything under it."""
    modules = {PACKAGE: ROOT / "__init__.py"}
    for info in pkgutil.walk_packages([str(ROOT)], prefix=PACKAGE + "."):
        relative = Path(*info.name.split(".")[1:])
        modules[info.name] = ROOT / relative / "__init__.py" if info.ispkg else (ROOT / relative).with_suffix(".py")
    return modules


def imported_modules(name: str, path: Path, modules: Dict[str, Path]) -> Set[str]:
    """The package's modules that ``name`` imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: Set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                # "from . import components" names a module; "from .io import Document" a name in one.
                submodule = f"{module}.{alias.name}"
                found.add(submodule if submodule in modules else module)
    return {module for module in found if module in modules and module != name}


def import_graph() -> Dict[str, Set[str]]:
    modules = package_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: Dict[str, Set[str]]) -> List[str]:
    """One import cycle as a list of modules (first repeated at the end), or [] when there is none."""
    state: Dict[str, int] = {}  # 1: on the current path, 2: done
    path: List[str] = []

    def visit(node: str) -> List[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return []


def test_every_module_is_walked():
    graph = import_graph()
    for name in ("vnadmin_nlp.io.reader", "vnadmin_nlp.transformer.metrics", "vnadmin_nlp.scoring"):
        assert name in graph
    # Relative imports at both depths and function-level imports are seen.
    assert "vnadmin_nlp.scoring" in graph["vnadmin_nlp.transformer.metrics"]
    assert "vnadmin_nlp.transformer.component" in graph["vnadmin_nlp.pipeline"]  # inside load()


def test_the_package_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_the_old_cycle_would_be_found():
    graph = import_graph()
    graph["vnadmin_nlp.transformer.metrics"].add("vnadmin_nlp.evaluate")  # where it imported from before
    cycle = find_cycle(graph)
    assert {"vnadmin_nlp.evaluate", "vnadmin_nlp.pipeline", "vnadmin_nlp.transformer.component",
            "vnadmin_nlp.transformer.metrics"} <= set(cycle)
