#!/usr/bin/env bash
# Usage: bench/zlib_bench.sh [--lib LIBWD_ZLIB] [--corpus FILE] [--rounds N]
#          [--levels 1,2,3,6,9] [--mib N] [--block KiB] [--chunk KiB] [--no-pigz]
#          [--stat best|median] [--json]
#        bench/zlib_bench.sh --from SAVED.json   (the table of a saved --json run)
# Issue 11's performance section: Python's zlib.compress/decompress (whole
# corpus and 1 MiB blocks), gzip.compress/decompress and GzipFile in 64 KiB
# chunks, decompressobj fed 64 KiB pieces, and pigz -p 2, with the system
# zlib, with libwd_zlib preloaded and with WD_ZLIB=exact, in the same run
# (bench/zlib_bench.py does the work;
# --help says more). A benchmark, not a test: it never asserts timings.
# The corpus is bench/make_corpus.sh's corpus/mixed.bin (96 MiB).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 "$here/zlib_bench.py" "$@"
