#!/usr/bin/env python3
# The whole corpus at once, compressed at level 6 (zlib's bytes: Z_NO_FLUSH
# then flush, so both runs decode the same stream): zlib.decompress with its
# default buffer, decompressobj().decompress, gzip.decompress. Prints
# "whole-<way> MB/s-wall MB/s-cpu" (output bytes; the best of ROUNDS calls).
# Run once plainly and once preloaded (zinf_bench.sh ... whole); not a test.
# Usage: zinf_whole.py CORPUS [ROUNDS]
import gzip
import sys
import time
import zlib

data = open(sys.argv[1], 'rb').read()
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
co = zlib.compressobj(6, zlib.DEFLATED, 15)
zc = co.compress(data) + co.flush()
co = zlib.compressobj(6, zlib.DEFLATED, 31)
gz = co.compress(data) + co.flush()
ways = {
    'decompress': lambda: zlib.decompress(zc),
    'decompressobj': lambda: zlib.decompressobj().decompress(zc),
    'gzip': lambda: gzip.decompress(gz),
}
for name, f in ways.items():
    wall = cpu = 1e9
    for _ in range(rounds):
        w, c = time.perf_counter(), time.process_time()
        out = f()
        wall = min(wall, time.perf_counter() - w)
        cpu = min(cpu, time.process_time() - c)
        assert len(out) == len(data)
        del out
    print(f"whole-{name} {len(data) / wall / 1e6:.1f} {len(data) / cpu / 1e6:.1f}")
