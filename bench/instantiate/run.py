#!/usr/bin/env python3
"""Instantiation time per request: builds bench/instantiate/instantiate.cpp against a build folder's static
libraries (the public API, as an embedder links it) and runs it.

    python3 bench/instantiate/run.py [--build-dir DIR] [--iterations N] [--module FILE] [COMPONENT]

COMPONENT defaults to the componentize-js HTTP handler the wasi_http tests build
(DIR/tests/wasi_http/js-http/hello-http.wasm), else /tmp/http/hello-http.wasm. The executable is left in
DIR/bench-instantiate/. Prints the median, p90 and minimum time of one instantiation (a fresh store,
instantiate, drop the store) of the component and of a core module, with copy-on-write memory images and
without, and their ratio. Uses only the Python 3 standard library and g++."""

import argparse
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
LIBRARIES = ["mosaic_wasi_p2", "mosaic_component", "mosaic_api", "mosaic_wasi", "mosaic_exec", "mosaic_valid",
             "mosaic_binary", "mosaic_support"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, default=PROJECT_ROOT / "build")
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--module", type=Path, help="a core module without imports (default: a synthetic one)")
    parser.add_argument("--images", choices=["on", "off"], help="measure only with images on, or off")
    parser.add_argument("component", nargs="?", type=Path)
    args = parser.parse_args()

    build = args.build_dir.resolve()
    libs = [build / f"lib{name}.a" for name in LIBRARIES]
    missing = [str(lib) for lib in libs if not lib.exists()]
    if missing:
        sys.exit(f"missing static libraries (build the `mosaic` target first): {', '.join(missing)}")
    component = args.component
    if component is None:
        for candidate in [build / "tests" / "wasi_http" / "js-http" / "hello-http.wasm",
                          Path("/tmp/http/hello-http.wasm")]:
            if candidate.exists():
                component = candidate
                break
        else:
            sys.exit("no component: pass one, or build the wasi_http tests' hello-http.wasm")

    out_dir = build / "bench-instantiate"
    out_dir.mkdir(exist_ok=True)
    exe = out_dir / "instantiate"
    source = Path(__file__).resolve().parent / "instantiate.cpp"
    newest = max(p.stat().st_mtime for p in libs + [source])
    if not exe.exists() or exe.stat().st_mtime < newest:
        cmd = ["g++", "-std=c++20", "-O2", "-I", str(PROJECT_ROOT / "include"), str(source), "-o", str(exe),
               "-Wl,--start-group", *map(str, libs), "-Wl,--end-group", "-lpthread"]
        subprocess.run(cmd, check=True)
    cmd = [str(exe), "--iterations", str(args.iterations)]
    if args.images:
        cmd += ["--images", args.images]
    if args.module:
        cmd += ["--module", str(args.module)]
    cmd.append(str(component))
    sys.exit(subprocess.run(cmd).returncode)


if __name__ == "__main__":
    main()
