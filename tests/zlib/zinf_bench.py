#!/usr/bin/env python3
# Python's zlib.decompress on corpus slices compressed at level 6: MB/s of
# output per slice size, default buffer and bufsize = the output's size.
# Run it once plainly and once with libwd_zlib preloaded, interleaved
# (zinf_bench.sh); not a test: timings are never asserted.
# Usage: zinf_bench.py CORPUS [SECONDS_PER_POINT]
import sys
import time
import zlib

corpus = open(sys.argv[1], 'rb').read()
secs = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
for size in (1024, 4096, 16384, 65536, 262144, 1 << 20):
    # slices spread over the corpus (every category), 8 MiB of output per size
    n = max(8, (8 << 20) // size)
    step = max(size, (len(corpus) - size) // n)
    blobs = [zlib.compress(corpus[i:i + size], 6) for i in range(0, len(corpus) - size, step)][:n]
    for label, kw in (('default', False), ('bufsize', True)):
        done = 0
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < secs:
            for b in blobs:
                out = zlib.decompress(b, bufsize=size) if kw else zlib.decompress(b)
                done += len(out)
        dt = time.perf_counter() - t0
        print(f"{size} {label} {done / dt / 1e6:.1f}")
