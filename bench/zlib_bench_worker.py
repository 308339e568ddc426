# One measurement process of bench/zlib_bench.sh: whatever libz.so.1 this
# process has (the system zlib, or libwd_zlib preloaded in default or exact
# mode) runs each Python operation once per level; prints one JSON line per
# (operation, level): seconds (wall clock "sec", and this process's CPU
# time "cpu"), bytes of uncompressed data, bytes of
# compressed output (compress operations). Not a test: nothing is asserted
# about time; a wrong round trip is an error (exit 1), since a fast wrong
# answer is no result.
#
# Usage: zlib_bench_worker.py CORPUS MIB BLOCK_KIB CHUNK_KIB LEVELS REFDIR CHECK
#   REFDIR holds the system zlib's zlib.compress output per level, whole
#   (z<L>.bin) and per block (b<L>.bin, blocks back to back, sizes in
#   b<L>.len): every process decompresses the same bytes. A process run
#   with REFDIR's files absent (the first, with the system zlib) writes them.
#   CHECK=1: also decompress what this process compressed (untimed).
import io
import json
import os
import struct
import sys
import time
import zlib
import gzip

corpus, mib, block, chunk = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) << 10, int(sys.argv[4]) << 10
levels = [int(x) for x in sys.argv[5].split(",")]
refdir, check = sys.argv[6], sys.argv[7] == "1"
with open(corpus, "rb") as f:
    data = f.read(mib << 20)
blocks = [data[i:i + block] for i in range(0, len(data), block)]
n = len(data)


def emit(op, level, sec, size=None):
    print(json.dumps({"op": op, "level": level, "sec": sec[0], "cpu": sec[1], "bytes": n, "size": size}),
          flush=True)


def timed(fn):
    t, c = time.perf_counter(), time.process_time()
    r = fn()
    return (time.perf_counter() - t, time.process_time() - c), r


def fail(what):
    sys.stderr.write("zlib_bench_worker: wrong result: %s\n" % what)
    sys.exit(1)


def refs(level):
    """The system zlib's output at this level (written by the first process)."""
    zp, bp, lp = ("%s/%s%d.%s" % (refdir, k, level, e) for k, e in (("z", "bin"), ("b", "bin"), ("b", "len")))
    if not os.path.exists(lp):
        with open(zp, "wb") as f:
            f.write(zlib.compress(data, level))
        bl = [zlib.compress(b, level) for b in blocks]
        with open(bp, "wb") as f:
            f.write(b"".join(bl))
        with open(lp, "w") as f:
            f.write(" ".join(str(len(b)) for b in bl))
    with open(zp, "rb") as f:
        whole = f.read()
    with open(bp, "rb") as f:
        raw = f.read()
    with open(lp) as f:
        sizes = [int(x) for x in f.read().split()]
    bl, off = [], 0
    for s in sizes:
        bl.append(raw[off:off + s])
        off += s
    # gzip member with the same deflate data: header (mtime 0, OS 255 as
    # Python's gzip writes) + zlib.compress's raw part + CRC-32 and length
    gz = (b"\x1f\x8b\x08\x00\x00\x00\x00\x00" + bytes([2 if level == 9 else 4 if level == 1 else 0, 255]) +
          whole[2:-4] + struct.pack("<LL", zlib.crc32(data), n & 0xffffffff))
    return whole, bl, gz


def gzipfile_write(level):
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=level, mtime=0) as g:
        for i in range(0, n, chunk):
            g.write(data[i:i + chunk])
    return out.getvalue()


def gzipfile_read(gz):
    parts = []
    with gzip.GzipFile(fileobj=io.BytesIO(gz), mode="rb") as g:
        while True:
            p = g.read(chunk)
            if not p:
                break
            parts.append(p)
    return b"".join(parts)


def decompressobj_chunks(z):
    """The streaming way: CHUNK bytes of input per call, as a reader of a
    socket or file does (stream mode in the drop-in)."""
    d = zlib.decompressobj()
    parts = [d.decompress(z[i:i + chunk]) for i in range(0, len(z), chunk)]
    parts.append(d.flush())
    return b"".join(parts)


# warm up: fault the corpus in, load the code, and let the preloaded
# library set up wd_comp (once per process) before anything is timed
zlib.decompress(zlib.compress(data[:block] + bytes(1), 1))
zlib.decompress(zlib.compress(data[-block:], 6))

for lvl in levels:
    whole, bl, gz = refs(lvl)
    # compression: one-shot whole, one-shot per block, gzip one-shot, the
    # streaming path (GzipFile writes CHUNK bytes at a time)
    for op, fn, back in (
            ("zlib.compress", lambda: zlib.compress(data, lvl), zlib.decompress),
            ("zlib.compress/block", lambda: [zlib.compress(b, lvl) for b in blocks],
             lambda r: b"".join(zlib.decompress(x) for x in r)),
            ("gzip.compress", lambda: gzip.compress(data, lvl), gzip.decompress),
            ("GzipFile.write", lambda: gzipfile_write(lvl), gzip.decompress)):
        sec, r = timed(fn)
        if check and back(r) != data:
            fail("%s level %d does not decompress to the input" % (op, lvl))
        emit(op, lvl, sec, len(r) if isinstance(r, bytes) else sum(len(x) for x in r))
    # decompression of the system zlib's bytes; Python's zlib.decompress
    # starts with a 16 KiB output buffer, bufsize=n gives room for all of it
    for op, fn in (
            ("zlib.decompress", lambda: zlib.decompress(whole)),
            ("zlib.decompress(bufsize=n)", lambda: zlib.decompress(whole, bufsize=n)),
            ("zlib.decompress/block", lambda: b"".join(zlib.decompress(x) for x in bl)),
            ("zlib.decompress/block(bufsize)", lambda: b"".join(zlib.decompress(x, bufsize=block) for x in bl)),
            ("decompressobj/chunk", lambda: decompressobj_chunks(whole)),
            ("gzip.decompress", lambda: gzip.decompress(gz)),
            ("GzipFile.read", lambda: gzipfile_read(gz))):
        sec, r = timed(fn)
        if r != data:
            fail("%s level %d" % (op, lvl))
        emit(op, lvl, sec)
