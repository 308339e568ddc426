#!/usr/bin/env bash
# Usage: zlib_dfast.sh ZDFAST LIBWD_ZLIB
# zdfast (the one-shot deflate fast path against the system zlib, in one
# process) with libwd_zlib preloaded, in default mode (observables) and in
# exact mode (the bytes too).
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
bin=$1 lib=$2
# the system zlib the program was linked against: the reference
sys=$(ldd "$bin" | awk '$1 == "libz.so.1" { print $3 }')
[ -n "$sys" ] && [ -f "$sys" ] || wdz_fail "zdfast does not link the system libz.so.1"
pre=$(wdz_preload "$lib")
LD_PRELOAD=$pre "$bin" "$sys"
WD_ZLIB=exact LD_PRELOAD=$pre "$bin" "$sys" exact
