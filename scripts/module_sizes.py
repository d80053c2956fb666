#!/usr/bin/env python3
"""Print the lines of code per folder of the package and the longest modules; fail if
any module in ``src/`` or ``scripts/`` is longer than the limit (STYLE.md point 8).

    python scripts/module_sizes.py [--limit 500] [--top 10]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=500, help="longest module allowed")
    parser.add_argument("--top", type=int, default=5, help="longest modules to list")
    args = parser.parse_args(argv)
    package = ROOT / "src" / "bulletin"
    modules = sorted([*package.rglob("*.py"), *(ROOT / "scripts").rglob("*.py")])
    sizes = {p.relative_to(ROOT).as_posix(): lines(p) for p in modules}
    folders: Counter[str] = Counter()
    for path, n in sizes.items():
        parts = Path(path).parts
        if parts[0] == "src":
            inner = parts[2:-1]
            folders["bulletin/" + (inner[0] + "/" if inner else "")] += n
        else:
            folders["scripts/"] += n
    width = max(map(len, folders))
    for folder, n in sorted(folders.items()):
        print(f"{folder:<{width}}  {n:>6}")
    print(f"{'total':<{width}}  {sum(folders.values()):>6}")
    longest = sorted(sizes.items(), key=lambda kv: -kv[1])
    print("longest: " + ", ".join(f"{p} ({n})" for p, n in longest[:args.top]), flush=True)
    over = [(p, n) for p, n in longest if n > args.limit]
    for path, n in over:
        print(f"{path}: {n} lines, over the limit of {args.limit}; split it by job",
              file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
