#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# pages.sh — small pages, as QEMU's multifd-uadk migration sends them:
# WarpDrive's learning page path against the libraries called directly and
# against WarpDrive without learning, in the same run.
#
#   bench/pages.sh [BUILD_DIR]
#
# Data: the first $PAGES_MB MiB (default 64) of corpus/mixed.bin ($PAGES_CORPUS)
# (bench/make_corpus.sh) and of a memory-image-like file made here from
# the shared libraries in /usr/lib/x86_64-linux-gnu (code, data, symbols);
# PAGES_EXTRA="FILE ..." adds files (e.g. a process core dump from gcore).
#  1. `wd bench` at 4 KiB (levels 1-3) and 64 KiB (level 1), zlib format,
#     one pinned thread: wd's compression against ISA-L at the same level
#     (speed and size), wd's decompression of those pages against libdeflate
#     and ISA-L inflate on the same pages.
#  2. tests/clients/qemu_multifd_client --bench (2 channels, compress and
#     decompress every page, checked): pages per CPU second with learning
#     (default) against WD_COMP_LEARN=0, alternating $PAGES_CLIENT_ROUNDS times
#     (default 5); the median of the rounds' ratios, and the ratio of each
#     side's least CPU time (the work is the same every round: what a busy
#     host adds only ever makes it slower).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
mb=${PAGES_MB:-64}
rounds=${PAGES_ROUNDS:-3}
client_rounds=${PAGES_CLIENT_ROUNDS:-5}
wd=$build/tools/wd/wd
corpus=${PAGES_CORPUS:-$here/corpus/mixed.bin}

[ -x "$wd" ] || { echo "pages.sh: no $wd: build first (cmake --build $build)" >&2; exit 2; }
[ -r "$corpus" ] || { echo "pages.sh: no $corpus: run bench/make_corpus.sh" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A memory image stand-in: what a process maps (ELF code, data, tables)
find /usr/lib/x86_64-linux-gnu -maxdepth 1 -name '*.so*' -type f -size +64k -print0 |
	sort -z | xargs -0 cat 2>/dev/null | head -c $((mb << 20)) >"$work/libs.img" || true

table() {	# wd bench --json on stdin -> one line
	python3 -c '
import json, sys
j = json.load(sys.stdin)
c = {r["name"]: r for r in j["comp"]["rows"]}
d = {r["name"]: r for r in j["decomp"]["rows"]}
fast = max((d[k] for k in ("libdeflate", "isal") if k in d), key=lambda r: r["mbps"])
print("| %s | %s | L%d | %.0f vs %.0f MB/s = **%.2fx** | %.4f | %.0f vs %.0f MB/s (%s) = **%.2fx** |" % (
    sys.argv[1], sys.argv[2], j["level"], c["wd"]["mbps"], c["isal"]["mbps"],
    c["wd"]["mbps"] / c["isal"]["mbps"], c["isal"]["ratio"] / c["wd"]["ratio"],
    d["wd"]["mbps"], fast["mbps"], fast["name"], d["wd"]["mbps"] / fast["mbps"]))
' "$1" "$2"
}

echo "| data | block | level | compress: wd vs ISA-L | size wd/ISA-L | decompress: wd vs fastest direct |"
echo "|---|---|---|---|---|---|"
files="$corpus $work/libs.img ${PAGES_EXTRA:-}"
for data in $files; do
	name=$(basename "$data")
	for spec in "4k 1" "4k 2" "4k 3" "64k 1"; do
		set -- $spec
		"$wd" bench --input "$data" --max-bytes "${mb}m" --block-size "$1" --level "$2" \
			--alg zlib --mode sync --threads 1 --cpu 1 --rounds "$rounds" --duration 1 \
			--libs isal,libdeflate --json | table "$name" "$1"
	done
done

# The QEMU-pattern client, built against this tree's headers and libraries
cc -std=c11 -O2 -I"$here/include" "$here/tests/clients/qemu_multifd_client.c" \
	-L"$build/src" -lwd_comp -lwd -lz -pthread -o "$work/qemu_client"
echo
echo "qemu_multifd_client --bench, 2 channels, pages per CPU second (WD_CPU_AS_HW=1):"
for data in $files; do
	for ((r = 1; r <= client_rounds; r++)); do
		for learn in 0 1; do
			out=$(WD_CPU_AS_HW=1 WD_COMP_LEARN=$learn LD_LIBRARY_PATH="$build/src" \
				"$work/qemu_client" --bench "$data" "$mb")
			echo "$(basename "$data") learn=$learn $out"
		done
	done
done | tee "$work/qemu.log"
python3 - "$work/qemu.log" <<'EOF'
import json, re, sys, statistics
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+) learn=(\d) (\{.*\})", line)
    if m:
        runs.setdefault((m[1], m[2]), []).append(json.loads(m[3]))
for name in sorted({k[0] for k in runs}):
    # each round ran both, one after the other: the median of the rounds'
    # ratios, as wd bench reports wd/lib (slow drifts of a shared host
    # cancel within a round)
    pairs = list(zip(runs[(name, "0")], runs[(name, "1")]))
    ratios = sorted(on["pages_per_cpu_s"] / off["pages_per_cpu_s"] for off, on in pairs)
    off = statistics.median(r["pages_per_cpu_s"] for r in runs[(name, "0")])
    on = statistics.median(r["pages_per_cpu_s"] for r in runs[(name, "1")])
    best = (max(r["pages_per_cpu_s"] for r in runs[(name, "1")]) /
            max(r["pages_per_cpu_s"] for r in runs[(name, "0")]))
    woff = runs[(name, "0")][0]["wire_ratio"]
    won = runs[(name, "1")][0]["wire_ratio"]
    print("%s: learning %.2fx (%d rounds %.2f..%.2f; medians %.0f vs %.0f pages/CPU s; "
          "best %.2fx); bytes on the wire %.4f vs %.4f of the memory"
          % (name, statistics.median(ratios), len(ratios), ratios[0], ratios[-1], on, off,
             best, won, woff))
EOF
