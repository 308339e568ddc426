#!/usr/bin/env python3
# Python's ways of decompressing a whole stream, as a transcript: run with
# the system zlib and with libwd_zlib preloaded, the two must be identical
# (zlib_inflate_fast.sh). Mid-stream, decompressobj's unconsumed_tail
# differs by design (the drain holds the input, docs/zlib-dropin.md): only
# its final value is printed, and the loops must end the same.
import gzip
import sys
import zlib

corpus = open(sys.argv[1], 'rb').read() if len(sys.argv) > 1 else b''
words = b''.join(b'warp drive zlib inflate %d\n' % (i * 7919 % 1000) for i in range(40000))
datas = [words[:n] for n in (0, 1, 5000, 70000, 300000, len(words))]
if corpus:
    datas.append(corpus[:3 << 20])


def crc(b):
    return '%08x' % zlib.crc32(b)


for i, data in enumerate(datas):
    for level in (1, 6, 9):
        for wbits in (15, -15, 31):
            co = zlib.compressobj(level, zlib.DEFLATED, wbits)
            # Z_NO_FLUSH first: zlib's own bytes, so both runs decode the same
            c = co.compress(data) + co.flush()
            tag = f'data{i} n={len(data)} level={level} wbits={wbits}'
            print(tag, 'decompress', crc(zlib.decompress(c, wbits)))
            print(tag, 'bufsize', crc(zlib.decompress(c, wbits, bufsize=1)))
            d = zlib.decompressobj(wbits)
            o = d.decompress(c + b'trailing')
            print(tag, 'obj', crc(o), d.eof, d.unused_data, d.unconsumed_tail)
            for maxlen in (1, 1000, 65536):
                if maxlen == 1 and len(data) > 5000:
                    continue
                d = zlib.decompressobj(wbits)
                o, calls, buf = [], 0, c + b'xy'
                while not d.eof and calls < 100000:
                    o.append(d.decompress(buf, maxlen))
                    buf = d.unconsumed_tail
                    calls += 1
                    if not buf and not d.eof:
                        o.append(d.flush())
                        break
                print(tag, 'maxlen', maxlen, crc(b''.join(o)), d.eof, d.unused_data,
                      d.unconsumed_tail, calls > 0)
            d = zlib.decompressobj(wbits)
            o = d.decompress(c, 100) + d.flush()
            print(tag, 'flush', crc(o), d.eof, d.unused_data, d.unconsumed_tail)
    # Z_FILTERED keeps this stream off the drop-in's fast deflate: the same
    # bytes in both runs, so a corrupted copy fails with the same message
    co = zlib.compressobj(6, zlib.DEFLATED, 31, 8, zlib.Z_FILTERED)
    g = co.compress(data) + co.flush()
    print(f'data{i} gzip', crc(gzip.decompress(g)), crc(gzip.decompress(g + g)),
          crc(gzip.decompress(g + b'\0\0\0\0')))
    for bad in (g[:-1], g[:len(g) // 2], g[:10] + bytes([g[10] ^ 0x55]) + g[11:]):
        try:
            print('bad', crc(gzip.decompress(bad)))
        except Exception as e:
            print('bad', type(e).__name__, e)
        try:
            print('bad-zlib', crc(zlib.decompress(bad[10:], -15)))
        except Exception as e:
            print('bad-zlib', type(e).__name__, e)
print('end')
