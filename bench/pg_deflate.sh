#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# pg_deflate.sh — the CPU driver's page deflater (cpu_pg_deflate) against
# ISA-L stateless deflate called per page (bench/pg_deflate.c), one core.
#
#   bench/pg_deflate.sh [FILE] [MiB]
#
# FILE  data cut into pages (default corpus/mixed.bin of the main checkout,
#       see bench/make_corpus.sh); SO=1 instead uses the first MiB of the
#       concatenated /usr/lib/x86_64-linux-gnu/*.so* files
# MiB   how much of it (default 32)
#
# Prints, per page size (4, 8, 16, 64 KiB at level 1) and per level (2, 3
# at 4 KiB): both speeds, their ratio, both total sizes and their ratio
# (best of ROUNDS, default 3, rounds interleaved); then 4 KiB level 1 on
# the pages ISA-L cannot compress and on the others, each class alone
# (PG_CLASS in bench/pg_deflate.c). Builds with cc from the tree's
# sources; pins to CPU 1 (CPU=n to change).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mib=${2:-32}
rounds=${ROUNDS:-3}
cpu=${CPU:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "${SO:-0}" = 1 ]; then
	file=$work/so.bin
	# first $mib MiB of the shared libraries, in name order
	cat /usr/lib/x86_64-linux-gnu/*.so* 2>/dev/null | head -c $((mib << 20)) >"$file" || true
else
	file=${1:-$here/corpus/mixed.bin}
	[ -r "$file" ] || file=/work/main/corpus/mixed.bin
fi
d=$here/src/drivers/cpu_comp
cc -O2 -I"$d" "$here/bench/pg_deflate.c" "$d/cpu_pgdeflate.c" "$d/cpu_pgmatch.c" "$d/cpu_pghuff.c" \
	"$d/cpu_pgcode.c" "$d/cpu_pghdr.c" "$d/cpu_pgwrite.c" \
	-lisal -ldeflate -lm -o "$work/pg_deflate"
echo "# $file, $mib MiB, best of $rounds, taskset -c $cpu"
for pg in 4096 8192 16384 65536; do
	taskset -c "$cpu" "$work/pg_deflate" "$file" "$mib" "$pg" 1 "$rounds"
done
for lv in 2 3; do
	taskset -c "$cpu" "$work/pg_deflate" "$file" "$mib" 4096 "$lv" "$rounds"
done
for cls in incompressible compressible; do
	# a file without pages of a class says so on stderr
	PG_CLASS=$cls taskset -c "$cpu" "$work/pg_deflate" "$file" "$mib" 4096 1 "$rounds" || true
done
