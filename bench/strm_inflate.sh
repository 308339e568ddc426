#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# strm_inflate.sh — stream decompression speed before and after a change:
# bench/strm_inflate.c run against two builds of libwd_comp, in one go.
#
#   bench/strm_inflate.sh [FILE] [BASE_REF] [BUILD_DIR]
#
# FILE       data to compress with zlib -6 and decode (default corpus/mixed.bin,
#            see bench/make_corpus.sh)
# BASE_REF   git revision to compare with (default: main); its tree is
#            exported to a temporary directory and only libwd_comp is built
# BUILD_DIR  the current tree's build (default: build/ next to bench/)
#
# Each run prints wd_do_comp_strm's and zlib's inflate CPU seconds on the
# same stream in the same pieces; the zlib column is the yardstick that
# makes the two runs comparable on a shared machine.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
file=${1:-$here/corpus/mixed.bin}
base_ref=${2:-main}
build=$(cd "${3:-$here/build}" && pwd)
rounds=${STRM_ROUNDS:-3}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$here" archive "$base_ref" | tar -x -C "$work" --one-top-level=src_base
# the same build type as BUILD_DIR (empty: the project's default)
btype=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")
cmake -S "$work/src_base" -B "$work/build_base" -DCMAKE_BUILD_TYPE="$btype" >/dev/null
cmake --build "$work/build_base" -j2 --target wd_comp >/dev/null

# one binary; the library comes from LD_LIBRARY_PATH (no rpath)
cc -O2 -I"$here/include" "$here/bench/strm_inflate.c" -L"$build/src" -lwd_comp -lwd -lz \
	-o "$work/strm_inflate"
echo "== before ($base_ref)"
LD_LIBRARY_PATH="$work/build_base/src" "$work/strm_inflate" "$file" "$rounds"
echo "== after ($(git -C "$here" rev-parse --short HEAD))"
LD_LIBRARY_PATH="$build/src" "$work/strm_inflate" "$file" "$rounds"
