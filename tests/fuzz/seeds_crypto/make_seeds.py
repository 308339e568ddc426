#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Seed inputs for fuzz_crypto (layout: tests/fuzz/fuzz_crypto.h and the
selector comments of fuzz_crypto.c / fuzz_crypto_digest.c), written at
test time so no binary blobs live in the repository.

usage: make_seeds.py OUT_DIR
"""
import os
import random
import sys


def seed(out, n, hdr, rng, body_len, aad_len=0):
    key = bytes(rng.getrandbits(8) for _ in range(32))
    iv = bytes(rng.getrandbits(8) for _ in range(16))
    tag = bytes(rng.getrandbits(8) for _ in range(32))
    # text-like and random bodies: both reach the algorithms the same way,
    # but libFuzzer mutates them differently
    if n % 2:
        body = bytes(rng.getrandbits(8) for _ in range(aad_len + body_len))
    else:
        body = (b"the quick brown fox %d " % n * 400)[: aad_len + body_len]
    with open(os.path.join(out, "seed%03d" % n), "wb") as f:
        f.write(bytes(hdr) + key + iv + tag + body)


def main():
    out = sys.argv[1]
    rng = random.Random(7)
    payloads = [0, 1, 15, 16, 17, 64, 100, 255, 1000, 4096]
    aads = [0, 1, 13, 16, 20, 64, 255]
    n = 0
    # AEAD: every algorithm x action, GCM also as a stream
    for alg in range(8):
        for what in range(4):
            for stream in (0, 1):
                if stream and alg > 3:
                    continue
                sel = alg | what << 3 | stream << 5
                aad = aads[n % len(aads)]
                hdr = [sel, n * 5 % 256, aad, n % 8, (n * 3) % 8, n % 7, n * 11 % 256,
                       12 if alg < 4 else 16]
                seed(out, n, hdr, rng, payloads[n % len(payloads)], aad)
                n += 1
    # raw authsize values (bit 7 of hdr[1]), valid and not
    for alg in range(8):
        hdr = [alg | 1 << 3, 0x80 | (3 + alg * 2), 16, 1, 2, 3, 4, 0]
        seed(out, n, hdr, rng, 48, 16)
        n += 1
    # digests: every hash, plain and HMAC, several part layouts
    sizes = [0, 1, 63, 64, 65, 128, 300, 1000, 4000]
    for h in range(9):
        for hmac in (0, 1):
            sel = 0x80 | h | hmac << 4 | (n % 2) << 5 | (n % 3 == 0) << 6
            hdr = [sel, n * 7 % 256, n * 13 % 256, n % 4, (n + 1) % 4, (n + 2) % 4,
                   (n + 3) % 4, n % 2]
            seed(out, n, hdr, rng, sizes[n % len(sizes)] + 512)
            n += 1
    print("make_seeds: %d seeds" % n)


if __name__ == "__main__":
    main()
