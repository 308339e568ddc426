#!/usr/bin/env bash
# Usage: zlib_check.sh ZCHECK LIBWD_ZLIB
# The checksums (tests/zlib/zcheck.c): the system zlib's transcript and the
# one with libwd_zlib preloaded (vectorised adler32/crc32) must be identical.
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
prog=$1 lib=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$prog" > "$tmp/sys" || wdz_fail "zcheck with the system zlib"
LD_PRELOAD=$(wdz_preload "$lib") "$prog" > "$tmp/wd" || wdz_fail "zcheck preloaded"
tail -1 "$tmp/sys" | grep -qx end || wdz_fail "short transcript"
diff "$tmp/sys" "$tmp/wd" > "$tmp/d" || { head -5 "$tmp/d"; wdz_fail "checksums differ from zlib's"; }
echo "zlib_check: $(wc -l < "$tmp/sys") adler32/crc32 results identical to zlib's"
