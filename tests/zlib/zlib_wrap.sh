#!/usr/bin/env bash
# Usage: zlib_wrap.sh ZWRAP_SYS ZWRAP_WD LIBWD_ZLIB
# The zwrap transcript (tests/zlib/zwrap.h) three ways: linked against the
# system zlib, linked against libwd_zlib, and the first with libwd_zlib
# preloaded, both in exact mode (WD_ZLIB=exact): the transcript records
# compressed bytes, which only exact mode keeps zlib's (the default mode's
# fast paths are checked by zdfast, observables rather than bytes).
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
sys=$1 wd=$2 lib=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$sys" > "$tmp/sys.out" 2> "$tmp/sys.err" || { cat "$tmp/sys.err"; wdz_fail "zwrap with the system zlib"; }
WD_ZLIB=exact "$wd" > "$tmp/wd.out" 2> "$tmp/wd.err" || { cat "$tmp/wd.err"; wdz_fail "zwrap linked with libwd_zlib"; }
# preloads come before the program's own libraries: a sanitizer runtime
# must then be preloaded first
WD_ZLIB=exact LD_PRELOAD=$(wdz_preload "$lib") "$sys" > "$tmp/pre.out" 2> "$tmp/pre.err" ||
	{ cat "$tmp/pre.err"; wdz_fail "zwrap with libwd_zlib preloaded"; }
# each run must have used the library it was meant to
grep -q 'deflate from .*libz\.so\.1' "$tmp/sys.err" && ! grep -q warpdrive "$tmp/sys.err" ||
	wdz_fail "zwrap_sys did not use the system zlib: $(cat "$tmp/sys.err")"
real=$(readlink -f "$lib")
for m in wd pre; do
	from=$(sed -n 's/^zwrap: deflate from //p' "$tmp/$m.err")
	[ "$(readlink -f "$from")" = "$real" ] || wdz_fail "$m run took deflate from '$from', not $lib"
done
lines=$(wc -l < "$tmp/sys.out")
[ "$lines" -gt 200 ] && tail -1 "$tmp/sys.out" | grep -qx end || wdz_fail "short transcript ($lines lines)"
diff -u "$tmp/sys.out" "$tmp/wd.out" || wdz_fail "linked: transcript differs from zlib's (- zlib, + ours)"
diff -u "$tmp/sys.out" "$tmp/pre.out" || wdz_fail "preloaded: transcript differs from zlib's"
echo "zlib_wrap: $lines transcript lines identical (system zlib, linked, preloaded)"
