#!/usr/bin/env bash
# Usage: zinf_bench.sh LIBWD_ZLIB CORPUS [ROUNDS]
# zinf_bench.py with the system zlib and with libwd_zlib preloaded, ROUNDS
# interleaved rounds; prints the median MB/s of each and the ratio.
set -euo pipefail
lib=$1 corpus=$2 rounds=${3:-5}
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$rounds"); do
	/usr/bin/python3 "$here/zinf_bench.py" "$corpus" >> "$tmp/sys"
	LD_PRELOAD=$lib /usr/bin/python3 "$here/zinf_bench.py" "$corpus" >> "$tmp/wd"
done
python3 - "$tmp/sys" "$tmp/wd" <<'PY'
import statistics, sys
def load(p):
    d = {}
    for line in open(p):
        s, l, v = line.split()
        d.setdefault((int(s), l), []).append(float(v))
    return {k: statistics.median(v) for k, v in d.items()}
a, b = load(sys.argv[1]), load(sys.argv[2])
print(f"{'size':>8} {'call':>8} {'zlib MB/s':>10} {'wd MB/s':>10} {'ratio':>6}")
for k in sorted(a):
    print(f"{k[0]:>8} {k[1]:>8} {a[k]:>10.1f} {b[k]:>10.1f} {b[k] / a[k]:>6.2f}")
PY
