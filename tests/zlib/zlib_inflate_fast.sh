#!/usr/bin/env bash
# Usage: zlib_inflate_fast.sh ZINF_FAST LIBWD_ZLIB
# inflate's one-shot fast path (tests/zlib/zinf_fast.c): the transcript with
# the system zlib, with libwd_zlib preloaded (default mode) and with
# WD_ZLIB=exact must be identical, and the default run must have used the
# fast path.
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
diff -u "$tmp/sys.out" "$tmp/fast.out" > "$tmp/d1" || { head -60 "$tmp/d1"; wdz_fail "default mode differs from zlib (- zlib, + ours)"; }
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
echo "zlib_inflate_fast: $(wc -l < "$tmp/sys.out") transcript lines identical (zlib, default, exact); $hits fast decodes seen"
