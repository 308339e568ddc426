#!/usr/bin/env bash
# The README's benchmark table: one `wd bench` run per line, same corpus,
# level 1, CPU driver. Usage: bench/readme_table.sh [wd binary] [corpus]
set -euo pipefail
cd "$(dirname "$0")/.."
WD=${1:-build/tools/wd/wd}
IN=${2:-corpus/mixed.bin}
[ -f "$IN" ] || bench/make_corpus.sh "$IN"
run() { echo "### wd bench $*"; "$WD" bench --input "$IN" --level 1 --rounds 5 --duration 1 "$@"; echo; }
run --op comp --block-size 64k --cpu 1
run --op comp --block-size 4k --cpu 1
run --op decomp --block-size 64k --cpu 1
run --op decomp --block-size 4k --cpu 1
run --op comp --block-size 64k --mode async --threads 1 --libs isal
run --op comp --block-size 64k --mode async --threads 2 --libs isal
run --op decomp --block-size 64k --mode async --threads 2 --libs libdeflate
