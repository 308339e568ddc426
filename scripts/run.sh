#!/usr/bin/env bash
# The main job: build WarpDrive, then compress and decompress real data through
# the framework on the CPU driver, next to ISA-L, zlib and libdeflate called
# directly, and round-trip a file through `wd zip` / `gzip -d`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DWD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
WD=build/tools/wd/wd
[ -f corpus/mixed.bin ] || bench/make_corpus.sh corpus/mixed.bin
$WD info
echo
echo "== compress, level 1, 64 KiB blocks, one core =="
$WD bench --op comp --level 1 --block-size 64k --duration 2 --input corpus/mixed.bin
echo
echo "== decompress, 64 KiB blocks =="
$WD bench --op decomp --level 1 --block-size 64k --duration 2 --input corpus/mixed.bin
echo
echo "== wd zip | gzip -d round trip of the corpus =="
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp corpus/mixed.bin "$tmp/mixed.bin"
start=$(date +%s%N)
$WD zip -k "$tmp/mixed.bin"
end=$(date +%s%N)
gzip -dc "$tmp/mixed.bin.gz" | cmp - corpus/mixed.bin
in=$(stat -c %s corpus/mixed.bin)
out=$(stat -c %s "$tmp/mixed.bin.gz")
ms=$(( (end - start) / 1000000 ))
r=$(( in * 100 / out ))
printf 'wd zip: %d -> %d bytes, ratio %d.%02d, %d ms (%d MB/s); gzip -d verified the output\n' \
	"$in" "$out" $((r / 100)) $((r % 100)) "$ms" $(( in / 1000 / (ms > 0 ? ms : 1) ))
