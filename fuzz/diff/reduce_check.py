#!/usr/bin/env python3
"""The test wasm-reduce runs while minimizing a mismatch (run.py's reduce): runs the module under mosaic and
node and prints "still mismatches" (exit 1) while the canonical logs differ without an explanation, else
"equal" (exit 0). wasm-reduce keeps a reduction only when this output and exit code stay the same.

  reduce_check.py [--build-dir build] [--fuel N] MODULE.wasm
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import run  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--fuel", type=int)
    ap.add_argument("module")
    args = ap.parse_args()
    path = os.path.abspath(args.module)
    a, b = run.run_both(os.path.abspath(args.build_dir), [path], args.fuel)[path]
    # A reduction that makes a side fail to compile or instantiate is no longer the same bug.
    if any(x.startswith(("compile-error", "instantiate-error")) for x in a + b):
        print("equal")
        return 0
    if run.compare(a, b) == "unexplained":
        print("still mismatches")
        return 1
    print("equal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
