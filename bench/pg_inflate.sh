#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# pg_inflate.sh — the page inflater (src/drivers/cpu_comp/cpu_pginflate.c)
# against libdeflate on the same pages, one core (taskset -c ${PG_CPU:-1}),
# best of PG_ROUNDS (3) interleaved rounds; see bench/pg_inflate.c.
#
#   bench/pg_inflate.sh [MIXED] [MIXED_MIB]
#
# MIXED      default corpus/mixed.bin (bench/make_corpus.sh; in a worktree,
#            the main checkout's), first
#            MIXED_MIB (32) MiB
# and the first 64 MiB of /usr/lib/x86_64-linux-gnu/*.so* concatenated.
# Pages of 4 KiB and 64 KiB; ISA-L level 0 with one custom table (the
# repeating-header case), with four and sixteen in rotation, and ISA-L
# level 1 (every header new), and the page deflater at level 1 with one
# learning session (the pages WarpDrive sends). Columns: MB/s of output, pg/ld = the page inflater's speed
# over libdeflate's, cache hits and misses (dynamic blocks).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# the corpus is not in git: a worktree finds it in the main checkout
main=$(git -C "$here" worktree list --porcelain 2>/dev/null | sed -n '1s/^worktree //p')
mixed=${1:-$here/corpus/mixed.bin}
[ -e "$mixed" ] || [ $# -ge 1 ] || mixed=${main:-$here}/corpus/mixed.bin
mixed_mib=${2:-32}
cpu=${PG_CPU:-1}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
d=$here/src/drivers/cpu_comp
cc -O2 -I"$here/include" -I"$here/src/include" "$here/bench/pg_inflate.c" \
	"$d/cpu_pginflate.c" "$d/cpu_pgtables.c" "$d/cpu_pgbuild.c" \
	"$d/cpu_pgdeflate.c" "$d/cpu_pgmatch.c" "$d/cpu_pghuff.c" "$d/cpu_pgcode.c" \
	"$d/cpu_pghdr.c" "$d/cpu_pgwrite.c" \
	-lisal -ldeflate -lm \
	-o "$work/pg_inflate"
# head closes the pipe early: cat's SIGPIPE is expected
(set +o pipefail; cat /usr/lib/x86_64-linux-gnu/*.so* 2>/dev/null | head -c $((64 << 20)) \
	>"$work/libs.bin")

for spec in "$mixed:$mixed_mib" "$work/libs.bin:64"; do
	file=${spec%:*}
	mib=${spec##*:}
	for page in 4096 65536; do
		for mode in "l0 1" "l0 4" "l0 16" "l1" "pg"; do
			# shellcheck disable=SC2086
			taskset -c "$cpu" "$work/pg_inflate" "$file" "$mib" "$page" $mode
		done
	done
done
