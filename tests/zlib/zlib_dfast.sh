#!/usr/bin/env bash
# Usage: zlib_dfast.sh ZDFAST LIBWD_ZLIB ZDWD
# zdfast (the one-shot deflate fast path against the system zlib, in one
# process) with libwd_zlib preloaded, in default mode (observables) and in
# exact mode (the bytes too); zdwd, a wd_comp program whose driver calls
# zlib, gives the same transcript with libwd_zlib preloaded as without.
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
bin=$1 lib=$2 wdbin=$3
# the system zlib the program was linked against: the reference
sys=$(ldd "$bin" | awk '$1 == "libz.so.1" { print $3 }')
[ -n "$sys" ] && [ -f "$sys" ] || wdz_fail "zdfast does not link the system libz.so.1"
pre=$(wdz_preload "$lib")
LD_PRELOAD=$pre "$bin" "$sys"
WD_ZLIB=exact LD_PRELOAD=$pre "$bin" "$sys" exact
a=$("$wdbin") || wdz_fail "zdwd failed"
b=$(LD_PRELOAD=$pre timeout 120 "$wdbin") || wdz_fail "zdwd failed with libwd_zlib preloaded"
[ "$a" = "$b" ] || { diff <(echo "$a") <(echo "$b"); wdz_fail "zdwd: wd_comp's own zlib calls did not stay on zlib"; }
echo "zdwd: wd_comp's driver zlib calls give zlib's bytes preloaded ($(echo "$a" | wc -l) requests)"
