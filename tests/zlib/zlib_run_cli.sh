#!/usr/bin/env bash
# Usage: zlib_run_cli.sh WD LIBWD_ZLIB BUILD_DIR
# `wd zlib-run`: finds the build tree's library and, once installed, the
# installed one; the program it runs has libwd_zlib loaded (as libz.so.1);
# usage errors and a missing program give their exit codes.
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
wd=$1 lib=$2 build=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
real=$(readlink -f "$lib")

[ "$(readlink -f "$("$wd" zlib-run --print)")" = "$real" ] || wdz_fail "--print: not $real"
# a sanitizer runtime already preloaded stays first
san=$(wdz_san_preload "$lib")
got=$(LD_PRELOAD=$san "$wd" zlib-run -- sh -c 'echo "$LD_PRELOAD"')
[ "$(readlink -f "${got##*:}")" = "$real" ] || wdz_fail "LD_PRELOAD in the program: '$got'"
[ -z "$san" ] || [ "${got#"$san":}" != "$got" ] || wdz_fail "the sanitizer runtime is not first: '$got'"
# the program really runs on it: its zlib calls go to the library
if [ -x /usr/bin/python3.11 ]; then
	out=$(ASAN_OPTIONS=detect_leaks=0 LD_PRELOAD=$san "$wd" zlib-run -- /usr/bin/python3.11 -c '
import zlib
assert zlib.decompress(zlib.compress(b"wd" * 1000)) == b"wd" * 1000
print(zlib.ZLIB_RUNTIME_VERSION)
print(*sorted({l.split()[-1] for l in open("/proc/self/maps") if "libz" in l or "libwd_zlib" in l}))')
	[ "${out%%$'\n'*}" = 1.2.13 ] || wdz_fail "python under zlib-run: $out"
	[ "$(readlink -f "$(echo "$out" | tail -1)")" = "$real" ] || wdz_fail "python mapped: $out"
fi
rc=0; "$wd" zlib-run > /dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || wdz_fail "no program: exit $rc, not 2"
rc=0; "$wd" zlib-run -- /nonexistent/prog 2> /dev/null || rc=$?
[ "$rc" = 127 ] || wdz_fail "missing program: exit $rc, not 127"
rc=0; "$wd" zlib-run --lib /nonexistent/libz.so.1 -- true 2> /dev/null || rc=$?
[ "$rc" = 1 ] || wdz_fail "missing --lib: exit $rc, not 1"
rc=0; WD_ZLIB_LIB=/nonexistent "$wd" zlib-run --print > /dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || wdz_fail "missing WD_ZLIB_LIB: exit $rc, not 1"

# installed: bin/wd finds ${libdir}/warpdrive/libz.so.1 next to it
cmake --install "$build" --prefix "$tmp/inst" > /dev/null
inst=$(find "$tmp/inst" -path '*/warpdrive/libz.so.1' -print -quit)
libdir=$(dirname "$(dirname "$inst")")
got=$(LD_PRELOAD=$san LD_LIBRARY_PATH=$libdir "$tmp/inst/bin/wd" zlib-run --print)
[ "$got" = "$(readlink -f "$inst")" ] || wdz_fail "installed wd zlib-run --print: '$got', not $inst"
echo "zlib_run_cli: wd zlib-run finds the build-tree and the installed library"
