#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# zlib_floor.sh — how fast Python's zlib.decompress can get with any zlib,
# next to how fast it gets with the system zlib and with libwd_zlib.
#
#   bench/zlib_floor.sh [--lib LIBWD_ZLIB] [--corpus FILE] [--mib N]
#                       [--levels 1,6] [--rounds N] [--iters N]
#
# Times, in one run, with CPU seconds per call (median over the calls after
# each process's first, then median over interleaved rounds):
#   zlib    Python's zlib.decompress of the system zlib's stream, system zlib
#   ours    the same with libwd_zlib preloaded (default mode)
#   floor   the same with bench/zlib_floor_stub.c preloaded: an "inflate"
#           that only copies the known output into Python's buffers, i.e.
#           Python's own work around any decoder (output blocks, their page
#           faults, the final join)
# and bench/zlib_floor_dec.c's decoders alone into warm memory (zlib,
# libdeflate, ISA-L). From these: the speed-up a decoder costing nothing
# would give (zlib / floor), the one the fastest decoder here would give
# (zlib / (floor + its time)), and the decoder time that a 2x speed-up
# leaves (zlib / 2 - floor). A benchmark, not a test: nothing is asserted
# about time; wrong output is an error.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
lib=$here/build/src/zlib/libwd_zlib.so
corpus=$here/corpus/mixed.bin
mib=96
levels=1,6
rounds=3
iters=3
while [ $# -gt 0 ]; do
	case $1 in
	--lib) lib=$2; shift 2 ;;
	--corpus) corpus=$2; shift 2 ;;
	--mib) mib=$2; shift 2 ;;
	--levels) levels=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--iters) iters=$2; shift 2 ;;
	-h|--help) sed -n '4,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "zlib_floor: unknown argument $1 (--help)" >&2; exit 2 ;;
	esac
done
[ -f "$lib" ] || { echo "zlib_floor: no $lib (build first, or --lib)" >&2; exit 1; }
[ -f "$corpus" ] || { echo "zlib_floor: no $corpus (bench/make_corpus.sh)" >&2; exit 1; }
[ "$iters" -ge 2 ] && [ "$rounds" -ge 1 ] || { echo "zlib_floor: --iters >= 2, --rounds >= 1" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -shared -fPIC "$here/bench/zlib_floor_stub.c" -o "$work/stub.so"
cc -O2 "$here/bench/zlib_floor_dec.c" -o "$work/dec" -lz -ldeflate -lisal
head -c $((mib << 20)) "$corpus" >"$work/ref.bin"
py=/usr/bin/python3
pin=()
command -v taskset >/dev/null && pin=(taskset -c "$(($(nproc) - 1))")

# one process: ITERS calls of zlib.decompress, prints the median CPU time of
# all but the first; checks the output unless it is the stand-in's
worker='
import sys, time, zlib
z, ref, iters, check = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
z = open(z, "rb").read()
want = open(ref, "rb").read() if check else None
t = []
for i in range(iters):
    c = time.process_time()
    out = zlib.decompress(z)
    t.append(time.process_time() - c)
    if check and out != want:
        sys.exit("zlib_floor: wrong output")
    del out
t = sorted(t[1:])
print(t[len(t) // 2])
'
med() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "zlib_floor: $mib MiB of $(basename "$corpus"), Python zlib.decompress of the system zlib's stream," \
     "CPU s per call, median of $rounds interleaved rounds; pinned: ${pin[*]:-no}"
printf '%-5s %8s %8s %6s %8s %9s %10s %9s %8s %11s\n' level zlib ours speed floor 'zero-cost' libdeflate \
	'w/ libdfl' isal '2x budget'
for lvl in ${levels//,/ }; do
	"$py" -c "import zlib,sys; sys.stdout.buffer.write(zlib.compress(open('$work/ref.bin','rb').read(), $lvl))" \
		>"$work/z$lvl.bin"
	: >"$work/sys" ; : >"$work/wd" ; : >"$work/floor" ; : >"$work/dec.out"
	for r in $(seq "$rounds"); do
		echo "zlib_floor: level $lvl round $r/$rounds" >&2
		"${pin[@]}" "$py" -c "$worker" "$work/z$lvl.bin" "$work/ref.bin" "$iters" 1 >>"$work/sys"
		LD_PRELOAD=$lib "${pin[@]}" "$py" -c "$worker" "$work/z$lvl.bin" "$work/ref.bin" "$iters" 1 >>"$work/wd"
		ZLIB_FLOOR_REF=$work/ref.bin LD_PRELOAD=$work/stub.so "${pin[@]}" "$py" -c "$worker" \
			"$work/z$lvl.bin" "$work/ref.bin" "$iters" 0 >>"$work/floor"
		"${pin[@]}" "$work/dec" "$work/z$lvl.bin" "$work/ref.bin" 1 >>"$work/dec.out"
	done
	s=$(med <"$work/sys"); w=$(med <"$work/wd"); f=$(med <"$work/floor")
	ld=$(awk '{ print $4 }' "$work/dec.out" | med); il=$(awk '{ print $6 }' "$work/dec.out" | med)
	awk -v l="$lvl" -v s="$s" -v w="$w" -v f="$f" -v ld="$ld" -v il="$il" 'BEGIN {
		printf "%-5s %8.3f %8.3f %5.2fx %8.3f %8.2fx %10.3f %8.2fx %8.3f %11.3f\n",
		       l, s, w, s / w, f, s / f, ld, s / (f + ld), il, s / 2 - f }'
done
echo "zero-cost: zlib / floor (a decoder costing nothing); w/ libdfl: zlib / (floor + libdeflate's" \
     "decode alone); 2x budget: the decoder time a 2x speed-up leaves (zlib / 2 - floor)"
