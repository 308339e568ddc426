#!/usr/bin/env bash
# The main job: build WarpDrive, then compress and decompress real data through
# the framework on the CPU driver, next to ISA-L, zlib and libdeflate called
# directly, round-trip a file through `wd zip` / `gzip -d`, and encrypt and
# hash through the CPU crypto drivers next to OpenSSL and ipsec-mb called
# directly (every output checked against OpenSSL's first), and run
# `openssl speed` through the OpenSSL provider warpdrive.so, and Python's
# zlib/gzip and pigz through the zlib drop-in libwd_zlib.
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
echo "== AES-128-GCM encrypt, SHA-256, HMAC-SHA256: sync, one core =="
for alg in 'gcm(aes)' sha256 'hmac(sha256)'; do
	$WD bench --alg "$alg" --sizes 64,1k,16k --duration 0.3 --rounds 3 --cpu 0
done
echo
echo "== AES-128-CBC encrypt, async, 32 in flight, 1 and 2 threads =="
$WD bench --alg 'cbc(aes)' --sizes 4k --async --inflight 32 --threads 1 --duration 0.3 --rounds 3
$WD bench --alg 'cbc(aes)' --sizes 4k --async --inflight 32 --threads 2 --duration 0.3 --rounds 3
echo
echo "== any OpenSSL program: openssl speed through the warpdrive provider vs the default provider =="
scripts/openssl_speed_table.sh --build build --sizes 1024,16384
echo
echo "== any zlib program: Python's zlib/gzip and pigz with libwd_zlib preloaded vs the system zlib =="
bench/zlib_bench.sh --lib build/src/zlib/libwd_zlib.so --mib 32 --rounds 1 --levels 1,6 --clock cpu
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
