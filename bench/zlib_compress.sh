#!/usr/bin/env bash
# Usage: bench/zlib_compress.sh [LIBWD_ZLIB] [CORPUS] [MIB] [BLOCK_KIB]
# Python's zlib.compress on CORPUS (default corpus/mixed.bin, else
# bench/make_corpus.sh's output) in BLOCK_KIB blocks, levels 1, 6, 9: the
# system zlib and libwd_zlib preloaded (default mode) in the same run,
# best of 3 rounds each, alternating. Prints MB/s of input and the size
# ratio (compressed / input) per level, and ours / system.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lib=${1:-$here/../build/src/zlib/libwd_zlib.so}
corpus=${2:-$here/../corpus/mixed.bin}
mib=${3:-32}
blk=${4:-1024}
py=/usr/bin/python3
[ -f "$corpus" ] || { echo "no corpus $corpus (bench/make_corpus.sh)" >&2; exit 1; }
total=$((mib << 20))
sys=$("$py" "$here/zlib_compress.py" "$corpus" "$mib" "$blk" 1,6,9 3)
wd=$(LD_PRELOAD=$lib "$py" "$here/zlib_compress.py" "$corpus" "$mib" "$blk" 1,6,9 3)
echo "zlib.compress, $mib MiB of $(basename "$corpus") in $blk KiB blocks (MB/s of input, compressed/input)"
printf '%-6s %12s %8s %12s %8s %8s %8s\n' level sys_MB/s sys_ratio wd_MB/s wd_ratio speed size
paste <(echo "$sys") <(echo "$wd") | while read -r l1 s1 z1 l2 s2 z2; do
	awk -v l="$l1" -v s1="$s1" -v z1="$z1" -v s2="$s2" -v z2="$z2" -v t="$total" \
		'BEGIN { printf "%-6s %12s %8.4f %12s %8.4f %7.2fx %7.3fx\n", l, s1, z1 / t, s2, z2 / t, s2 / s1, z2 / z1 }'
done
