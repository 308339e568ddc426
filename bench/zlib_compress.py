# One process of bench/zlib_compress.sh: zlib.compress over the corpus in
# blocks at the given levels; prints "level MB/s(input) compressed_bytes".
# Whatever libz.so.1 the process has (system, or libwd_zlib preloaded).
import sys, time, zlib

path, mib, block = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) << 10
levels = [int(x) for x in sys.argv[4].split(",")]
with open(path, "rb") as f:
    data = f.read(mib << 20)
blocks = [data[i:i + block] for i in range(0, len(data), block)]
for lvl in levels:
    best, size = None, 0
    for _ in range(int(sys.argv[5])):
        t = time.perf_counter()
        size = sum(len(zlib.compress(b, lvl)) for b in blocks)
        dt = time.perf_counter() - t
        best = dt if best is None or dt < best else best
    print(lvl, "%.1f" % (len(data) / best / 1e6), size)
