#!/usr/bin/env bash
# Usage: zlib_inflate_stream.sh ZINF_STREAM LIBWD_ZLIB
# inflate's stream mode past its 1 MiB hold (tests/zlib/zinf_stream.c): the
# checks zlib passes too run plainly first, then preloaded in default mode
# with the committed stream's documented answers.
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
prog=$1 lib=$2
"$prog" plain || wdz_fail "zinf_stream with the system zlib"
LD_PRELOAD=$(wdz_preload "$lib") "$prog" || wdz_fail "zinf_stream preloaded (default mode)"
