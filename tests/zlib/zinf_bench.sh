#!/usr/bin/env bash
# Usage: zinf_bench.sh LIBWD_ZLIB CORPUS [ROUNDS] [whole]
# zinf_bench.py (slices of CORPUS; with "whole": zinf_whole.py, the whole
# corpus at once, MB/s by wall clock and by CPU time) with the system zlib
# and with libwd_zlib preloaded, ROUNDS interleaved rounds; prints the
# median MB/s of each and the ratio.
set -euo pipefail
lib=$1 corpus=$2 rounds=${3:-5} what=${4:-slices}
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() {
	if [ "$what" = whole ]; then
		"$@" "$here/zinf_whole.py" "$corpus" 3 |
			awk '{ print $1, "wall", $2; print $1, "cpu", $3 }'
	else
		"$@" "$here/zinf_bench.py" "$corpus"
	fi
}
for r in $(seq "$rounds"); do
	run /usr/bin/python3 >> "$tmp/sys"
	run env LD_PRELOAD="$lib" /usr/bin/python3 >> "$tmp/wd"
done
python3 - "$tmp/sys" "$tmp/wd" <<'PY'
import statistics, sys
def load(p):
    d = {}
    for line in open(p):
        s, l, v = line.split()
        d.setdefault((int(s) if s.isdigit() else s, l), []).append(float(v))
    return {k: statistics.median(v) for k, v in d.items()}
a, b = load(sys.argv[1]), load(sys.argv[2])
print(f"{'size':>20} {'call':>8} {'zlib MB/s':>10} {'wd MB/s':>10} {'ratio':>6}")
for k in sorted(a, key=lambda k: (str(k[0]) if isinstance(k[0], str) else "", k[0] if isinstance(k[0], int) else 0, k[1])):
    print(f"{k[0]:>20} {k[1]:>8} {a[k]:>10.1f} {b[k]:>10.1f} {b[k] / a[k]:>6.2f}")
PY
