#!/usr/bin/env bash
# Usage: zlib_inflate_fast.sh ZINF_FAST LIBWD_ZLIB
# inflate's fast path, one-shot and drain mode (tests/zlib/zinf_fast.c): the
# transcript under WD_ZLIB=exact must be the system zlib's, byte for byte;
# in default mode it must be zlib's but for the drain's documented
# differences, which zinf_check.py checks call by call; the default run must
# have used the fast path and drained. Python's ways of decompressing
# (zinf_py.py) must print the same with and without the library.
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
prog=$1 lib=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$prog" > "$tmp/sys.out" 2> "$tmp/sys.err" || wdz_fail "zinf_fast with the system zlib"
LD_PRELOAD=$(wdz_preload "$lib") "$prog" > "$tmp/fast.out" 2> "$tmp/fast.err" ||
	{ cat "$tmp/fast.err"; wdz_fail "zinf_fast preloaded"; }
WD_ZLIB=exact LD_PRELOAD=$(wdz_preload "$lib") "$prog" > "$tmp/exact.out" 2> "$tmp/exact.err" ||
	{ cat "$tmp/exact.err"; wdz_fail "zinf_fast preloaded, WD_ZLIB=exact"; }
tail -1 "$tmp/sys.out" | grep -qx end || wdz_fail "short transcript"
held=$(python3 "$(dirname "$0")/zinf_check.py" "$tmp/sys.out" "$tmp/fast.out") ||
	{ echo "$held"; wdz_fail "default mode differs from zlib beyond the drain's rule (- zlib, + ours)"; }
read -r _ held _ streamed <<< "$held"
[ "$held" -gt 0 ] || wdz_fail "default mode never drained"
[ "$streamed" -gt 0 ] || wdz_fail "default mode never ran in stream mode"
diff -u "$tmp/sys.out" "$tmp/exact.out" > "$tmp/d2" || { head -60 "$tmp/d2"; wdz_fail "WD_ZLIB=exact differs from zlib"; }
grep -qx 'fast: 0' "$tmp/sys.err" || wdz_fail "system zlib: $(cat "$tmp/sys.err")"
grep -qx 'fast: 0' "$tmp/exact.err" || wdz_fail "WD_ZLIB=exact used the fast path: $(cat "$tmp/exact.err")"
hits=$(sed -n 's/^fast: //p' "$tmp/fast.err")
[ "${hits:-0}" -gt 0 ] || wdz_fail "default mode never took the fast path"
# a fork()ed child inits its own wd_comp and takes the fast path again
LD_PRELOAD=$(wdz_preload "$lib") "$prog" fork > /dev/null 2> "$tmp/fork.err" ||
	wdz_fail "fork: $(cat "$tmp/fork.err")"
# threads sharing the process's sessions
LD_PRELOAD=$(wdz_preload "$lib") "$prog" threads 2> "$tmp/thr.err" ||
	wdz_fail "threads: $(cat "$tmp/thr.err")"
# input taken back while the output drains (default mode only)
LD_PRELOAD=$(wdz_preload "$lib") "$prog" withdraw 2> "$tmp/wd.err" ||
	wdz_fail "withdraw: $(cat "$tmp/wd.err")"
# Python's zlib.decompress, decompressobj (max_length, flush), gzip.decompress
/usr/bin/python3 "$(dirname "$0")/zinf_py.py" > "$tmp/py.sys" || wdz_fail "zinf_py.py with the system zlib"
LD_PRELOAD=$(wdz_preload "$lib") /usr/bin/python3 "$(dirname "$0")/zinf_py.py" > "$tmp/py.fast" ||
	wdz_fail "zinf_py.py preloaded"
diff -u "$tmp/py.sys" "$tmp/py.fast" > "$tmp/d3" || { head -40 "$tmp/d3"; wdz_fail "Python's results differ preloaded"; }
tail -1 "$tmp/py.sys" | grep -qx end || wdz_fail "short Python transcript"
echo "zlib_inflate_fast: $(wc -l < "$tmp/sys.out") transcript lines (exact: identical; default: zlib's but for $held calls holding their input, the drain's rule); $hits fast decodes seen; $(wc -l < "$tmp/py.sys") Python lines identical"
