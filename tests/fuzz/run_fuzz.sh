#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Run a fuzzer for SECONDS from a fresh seed corpus. Exit nonzero on any
# crash, leak, timeout or invariant abort; the reproducer is kept in
# BUILD_DIR/fuzz-artifacts/ (named after the target).
#   fuzz_decompress  seeds: valid deflate/zlib/gzip streams made by python3's
#                    zlib and gzip, plus empty and damaged ones
#   fuzz_crypto      seeds: tests/fuzz/seeds_crypto/make_seeds.py
#   fuzz_zseq        seeds: a few seeds' numbers and random call bytes
#   fuzz_pginflate   seeds: raw deflate streams made by python3's zlib (every
#                    strategy, small windows, many blocks), some damaged
#
# usage: run_fuzz.sh BUILD_DIR [SECONDS] [TARGET]   (TARGET: fuzz_decompress, the default)
set -u

[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [SECONDS] [fuzz_decompress|fuzz_crypto|fuzz_zseq|fuzz_pginflate]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd) || exit 2
secs=${2:-60}
target=${3:-fuzz_decompress}
case $target in
fuzz_decompress) maxlen=70000 ;;	# room for inputs >= 16 KiB, which take the libdeflate path
fuzz_crypto) maxlen=8500 ;;		# header + 255 AAD + 4 KiB payload, or 8 KiB of digest data
fuzz_zseq) maxlen=4096 ;;		# seed + call bytes (then the seed's PRNG)
fuzz_pginflate) maxlen=70000 ;;		# a 64 KiB page's stream and more
*) echo "run_fuzz: unknown target '$target'" >&2; exit 2 ;;
esac
bin=$(find "$build" -name "$target" -type f -perm -u+x 2>/dev/null | head -1)
if [ -z "$bin" ]; then
	echo "run_fuzz: no $target under $build (configure with CC=clang -DWD_FUZZ=ON -DWD_SANITIZE=ON)" >&2
	exit 1
fi
command -v python3 >/dev/null 2>&1 || { echo "run_fuzz: needs python3 for the seed corpus" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/seeds" "$work/corpus" "$build/fuzz-artifacts"

if [ "$target" = fuzz_crypto ]; then
	python3 "$here/seeds_crypto/make_seeds.py" "$work/seeds" || exit 1
elif [ "$target" = fuzz_zseq ]; then
	python3 - "$work/seeds" <<'EOF' || exit 1
import os, random, struct, sys
rng = random.Random(7)
for n in range(24):
    calls = bytes(rng.getrandbits(8) for _ in range(rng.choice((0, 16, 256, 2048))))
    with open(os.path.join(sys.argv[1], "seed%02d" % n), "wb") as f:
        f.write(struct.pack("<I", n * 7919) + calls)
EOF
elif [ "$target" = fuzz_pginflate ]; then
# Seeds: [ctl][lo][hi][raw deflate]; ctl bits 0-1 dst size, 2 which cache.
python3 - "$work/seeds" <<'EOF' || exit 1
import os, random, sys, zlib

out = sys.argv[1]
rng = random.Random(3)
text = b"".join(b"%d dirty page %x of guest ram\n" % (i, i * 7919) for i in range(400))
rand = bytes(rng.getrandbits(8) for _ in range(6000))
mixed = text[:3000] + rand[:1000] + bytes(2000) + text[5000:9000]

def raw(data, level=6, wbits=-15, mem=8, strategy=zlib.Z_DEFAULT_STRATEGY, flush=False):
    c = zlib.compressobj(level, zlib.DEFLATED, wbits, mem, strategy)
    if not flush:
        return c.compress(data) + c.flush()
    s = b""
    for i in range(0, len(data), 700):
        s += c.compress(data[i:i + 700]) + c.flush(zlib.Z_SYNC_FLUSH)
    return s + c.flush()

streams = [raw(b""), raw(b"a"), raw(text[:4096]), raw(mixed), raw(mixed, 1), raw(mixed, 9),
           raw(mixed, 0), raw(text, 6, -9), raw(mixed, 6, -15, 1),
           raw(mixed, 6, -15, 8, zlib.Z_FIXED), raw(mixed, 6, -15, 8, zlib.Z_HUFFMAN_ONLY),
           raw(mixed, 6, -15, 8, zlib.Z_RLE), raw(mixed, 6, -15, 8, zlib.Z_FILTERED),
           raw(mixed, 4, -15, 8, zlib.Z_DEFAULT_STRATEGY, True), raw(rand, 6),
           raw(text * 8, 6)]
damaged = []
for s in streams[2:8]:
    damaged.append(s[: len(s) // 2])
    b = bytearray(s)
    b[len(b) // 5] ^= 0x21
    damaged.append(bytes(b))
    damaged.append(s + b"trailing")
n = 0
for s in streams + damaged:
    for ctl in (0, 1, 2, 3, 4, 6):
        with open(os.path.join(out, "seed%03d" % n), "wb") as f:
            f.write(bytes([ctl, n & 0xFF, 0x10]) + s)
        n += 1
print("run_fuzz: %d seeds" % n)
EOF
else
# Seeds: [ctl][seed][payload]; ctl bits 0-1 format, 2-3 mode, 4 big dst, 5-6 chunking.
python3 - "$work/seeds" <<'EOF' || exit 1
import gzip, os, random, sys, zlib

out = sys.argv[1]
rng = random.Random(1)
text = b"".join(b"%d the quick brown fox %x jumps\n" % (i, i * 7919) for i in range(600))
rand = bytes(rng.getrandbits(8) for _ in range(24000))
far = rand[:12000] * 3

def raw(data, level=6, wbits=-15):
    c = zlib.compressobj(level, zlib.DEFLATED, wbits)
    return c.compress(data) + c.flush()

payloads = [  # (format 0 deflate / 1 zlib / 2 gzip, bytes)
    (0, b""), (1, b""), (2, b""),
    (0, raw(b"")), (0, raw(text)), (0, raw(text, 0)), (0, raw(text, 9, -9)),
    (0, raw(far, 1)), (0, raw(rand)),
    (1, zlib.compress(text)), (1, zlib.compress(b"a" * 5000, 9)),
    (1, zlib.compress(rand, 1)), (1, raw(text, 6, 9)),
    (2, gzip.compress(text)), (2, gzip.compress(b"") + gzip.compress(b"x" * 300)),
    (2, gzip.compress(far, 1)),
]
damaged = []
for fmt, p in payloads[3:10]:
    if len(p) > 8:
        damaged.append((fmt, p[: len(p) // 2]))  # truncated
        b = bytearray(p)
        b[len(b) // 3] ^= 0x55
        damaged.append((fmt, bytes(b)))  # corrupted
        damaged.append((fmt, p + b"\0junk"))  # trailing bytes
n = 0
for fmt, p in payloads + damaged:
    for mode in (0, 1, 2):
        for extra in (0x00, 0x10, 0x20, 0x60):
            ctl = fmt | mode << 2 | extra
            with open(os.path.join(out, "seed%03d" % n), "wb") as f:
                f.write(bytes([ctl, n & 0xFF]) + p)
            n += 1
# inputs that once broke an invariant check: [ctl][seed][payload] as found
regressions = [
    # sync2, dst 1 byte: a 2-byte stream then a trailing byte is WD_OUT_EPARA
    bytes([0x2B, 0x01, 0x0B, 0x0C, 0x01, 0x0C, 0x12]),
    # sync2, dst 1 byte: a literal fills it, the bad distance after it is unseen
    bytes([0x2B, 0x01, 0x0B, 0x01, 0x11, 0x0C, 0x12]),
    # one-shot, dst 162: a first match both too long and too far back
    bytes([0x80, 0x23, 0x1A, 0x06, 0x00]),
    # one-shot, dst 1466: a code-length run past the header's count, which
    # libdeflate ignores and zlib refuses ("invalid bit length repeat")
    bytes.fromhex("00daedc13101000000c2a0aceb5fc214" "7e041ff000657f78daedc13001000000"
                  "c2a0aceb5fc201000000c2a0aceb5fc2" "147e4001000000006f034b6f66f2"),
]
for r in regressions:
    with open(os.path.join(out, "seed%03d" % n), "wb") as f:
        f.write(r)
    n += 1
print("run_fuzz: %d seeds" % n)
EOF
fi

"$bin" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len="$maxlen" \
	-error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
	-artifact_prefix="$build/fuzz-artifacts/$target-" "$work/corpus" "$work/seeds" 2>&1 |
	tee "$work/fuzz.log" | grep -v -E '^#[0-9]+.*(NEW|REDUCE|pulse)' | tail -60
rc=${PIPESTATUS[0]}
if [ "$rc" -ne 0 ]; then
	echo "run_fuzz: $target FAILED (exit $rc); reproducers:" >&2
	ls -l "$build/fuzz-artifacts/" >&2
	exit 1
fi
echo "run_fuzz: $target: no crash in ${secs}s"
