#!/usr/bin/env bash
# The core crate's layers import only downward (DESIGN.md, "Layout"). This fails, naming file
# and line, when a module of crates/dnssec-core/src names a module of a higher layer, through
# `crate::`, `super::super::` or a `use crate::{...}` group, in code or in its unit tests.
#
# The layer table: one row per layer, lowest first; a layer may name its own modules and
# those of the rows above it in this table (lower ranks). `crate-root` lists the names lib.rs
# re-exports, so that `crate::Name` counts as the `name` layer. `test_util` (shared unit-test
# fixtures, cfg(test) only) may name any layer, and any layer's tests may name it.
LAYERS='
# rank  layer      top-level modules (files or folders under crates/dnssec-core/src)
0       base       error time algorithm temp_files encoding
1       name       name
2       rr         rr
3       zonefile   zonefile
4       zone       zone
5       crypto     crypto
6       key        key
7       dnssec     dnssec
8       validate   validate
9       sign       sign
10      client     client
11      kasp       kasp
'
# Root re-exports (lib.rs `pub use`): the name and the module it comes from.
ROOT_EXPORTS='Algorithm=algorithm DigestType=algorithm Location=error Name=name Class=rr RrType=rr Ttl=time'

set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${1:-crates/dnssec-core/src}

LAYERS="$LAYERS" ROOT_EXPORTS="$ROOT_EXPORTS" exec python3 - "$SRC" <<'PY'
import os, re, sys

src = sys.argv[1]
rank, layer_of = {}, {}
for row in os.environ["LAYERS"].splitlines():
    row = row.split("#", 1)[0].split()
    if not row:
        continue
    r, layer, modules = int(row[0]), row[1], row[2:]
    for m in modules:
        rank[m], layer_of[m] = r, layer
exports = dict(p.split("=") for p in os.environ["ROOT_EXPORTS"].split())
TOP = "test_util"  # may name anything, and anything may name it

def module_path(rel):
    parts = rel[:-3].split("/")
    if parts[-1] == "mod":
        parts.pop()
    return parts

def top_of(segment):
    """The top-level module a first path segment after `crate::` stands for."""
    if segment in rank or segment == TOP:
        return segment
    return exports.get(segment)

def strip_comments(line):
    # Comments (docs included) may name any module; only code counts. A `//` inside a
    # string literal would hide the rest of its line, which no import needs.
    out, in_str, i = [], False, 0
    while i < len(line):
        c = line[i]
        if in_str:
            if c == "\\":
                out.append(line[i:i + 2]); i += 2; continue
            if c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif line.startswith("//", i):
            break
        out.append(c); i += 1
    return "".join(out)

def group_items(text, start):
    """The first segments of the items of a `{...}` group that opens at text[start]."""
    depth, item, items, i = 0, "", [], start
    while i < len(text):
        c = text[i]
        if c == "{":
            depth += 1
            if depth == 1:
                i += 1; continue
        elif c == "}":
            depth -= 1
            if depth == 0:
                items.append(item); break
        if depth == 1 and c == ",":
            items.append(item); item = ""
        elif depth >= 1:
            item += c
        i += 1
    firsts = []
    for it in items:
        it = it.strip()
        if it:
            firsts.append(re.split(r"::|\s|\{", it, maxsplit=1)[0])
    return firsts

problems = []
for root, _, files in os.walk(src):
    for f in sorted(files):
        if not f.endswith(".rs"):
            continue
        path = os.path.join(root, f)
        rel = os.path.relpath(path, src)
        mod = module_path(rel)
        own = mod[0]
        if own in ("lib", TOP) or own not in rank:
            if own not in ("lib", TOP):
                problems.append(f"{path}:1: module '{own}' is in no layer of the table in scripts/check-layers.sh")
            continue
        lines = [strip_comments(l) for l in open(path, encoding="utf-8").read().split("\n")]
        text = "\n".join(lines)
        starts = [0]
        for l in lines:
            starts.append(starts[-1] + len(l) + 1)
        def line_of(pos):
            lo, hi = 0, len(starts) - 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if starts[mid] <= pos: lo = mid
                else: hi = mid - 1
            return lo + 1
        # crate::x..., crate::{a, b::c}, and super::super::... climbing out of the module.
        for m in re.finditer(r"\b((?:super::)+|crate::)(\{|\w+)", text):
            prefix, first = m.group(1), m.group(2)
            if prefix != "crate::":
                ups = prefix.count("super::")
                if ups < len(mod):
                    continue  # stays inside this top-level module
            names = group_items(text, m.start(2)) if first == "{" else [first]
            for name in names:
                target = top_of(name)
                if target is None or target == TOP or target == own:
                    continue
                if rank[target] > rank[own]:
                    problems.append(
                        f"{path}:{line_of(m.start())}: {layer_of[own]} layer ('{own}', rank {rank[own]}) "
                        f"names '{target}' of the {layer_of[target]} layer (rank {rank[target]}), a layer above it"
                    )
for p in problems:
    print(f"check-layers: {p}", file=sys.stderr)
if problems:
    print(f"check-layers: {len(problems)} import(s) against the layer order; move the code "
          "to the layer it belongs to, or the shared piece down (DESIGN.md, \"Layout\")", file=sys.stderr)
    sys.exit(1)
print(f"check-layers: ok ({src})", file=sys.stderr)
PY
