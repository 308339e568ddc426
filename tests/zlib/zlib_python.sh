#!/usr/bin/env bash
# Usage: zlib_python.sh LIBWD_ZLIB
# CPython's test_zlib and test_gzip (Debian's libpython3.11-testsuite), run
# with the system zlib and with libwd_zlib preloaded: the same numbers of
# tests run, failed, errored and skipped, and the preloaded run really
# mapped libwd_zlib.
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
lib=$1
# Debian's interpreter (the test suite package is its), not one from PATH
# (a pyenv build may load zlib only through a dlopen'ed module)
py=/usr/bin/python3.11
[ -x "$py" ] || py=
[ -n "$py" ] || wdz_skip "python3.11 not installed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# -I: the `test` package from the interpreter, never one in the current directory
"$py" -I -c 'import test.test_zlib, test.test_gzip' 2> "$tmp/import.err" ||
	wdz_skip "CPython's test suite not installed (libpython3.11-testsuite): $(tail -1 "$tmp/import.err")"
ldd "$py" | grep -q 'libz\.so\.1' || wdz_skip "$py does not link libz.so.1 dynamically"
run=$(cd "$(dirname "$0")" && pwd)/zlib_pyrun.py
mods=(test_zlib test_gzip)

# the tests write temporary files in the current directory
cd "$tmp"
"$py" "$run" "${mods[@]}" > "$tmp/sys.out" 2> "$tmp/sys.err" || true
# CPython frees little at exit: no leak report in a sanitizer build
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 LD_PRELOAD=$(wdz_preload "$lib") \
	"$py" "$run" "${mods[@]}" > "$tmp/wd.out" 2> "$tmp/wd.err" || true
sys=$(grep ' run=' "$tmp/sys.out" || true)
wd=$(grep ' run=' "$tmp/wd.out" || true)
[ -n "$sys" ] || { cat "$tmp/sys.err"; wdz_fail "the tests did not run with the system zlib"; }
[ -n "$wd" ] || { cat "$tmp/wd.err"; wdz_fail "the tests did not run with libwd_zlib"; }
echo "system zlib: $sys"
echo "libwd_zlib:  $wd"
real=$(readlink -f "$lib")
# libwd_zlib answers for the soname libz.so.1: no other zlib in the process
[ "$(readlink -f "${wd##* libz=}")" = "$real" ] || wdz_fail "the preloaded run mapped ${wd##* libz=}, not only $real"
if [ "${sys% libz=*}" != "${wd% libz=*}" ]; then
	cat "$tmp/wd.err"
	wdz_fail "different results with libwd_zlib"
fi
echo "zlib_python: same results with libwd_zlib preloaded"
