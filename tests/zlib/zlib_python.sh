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
pre=$(wdz_preload "$lib")
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
WD_ZLIB=exact LD_PRELOAD=$pre "$py" "$run" "${mods[@]}" > "$tmp/exact.out" 2> "$tmp/exact.err" || true
LD_PRELOAD=$pre "$py" "$run" "${mods[@]}" > "$tmp/wd.out" 2> "$tmp/wd.err" || true
sys=$(grep ' run=' "$tmp/sys.out" || true)
[ -n "$sys" ] || { cat "$tmp/sys.err"; wdz_fail "the tests did not run with the system zlib"; }
echo "system zlib:          $sys"
real=$(readlink -f "$lib")
# The default mode's one-shot deflate (zlib.compress) makes other bytes than
# zlib's streaming deflate (compressobj) of the same data; these tests
# compare exactly those bytes with each other (a property of zlib's encoder,
# not of its API). Nothing else may differ.
allowed='test.test_zlib.CompressObjectTestCase.test_pair'
for m in exact wd; do
	out=$(grep ' run=' "$tmp/$m.out" || true)
	[ -n "$out" ] || { cat "$tmp/$m.err"; wdz_fail "the tests did not run with libwd_zlib ($m)"; }
	echo "libwd_zlib ($m): $out"
	# libwd_zlib answers for the soname libz.so.1: no other zlib in the process
	[ "$(readlink -f "${out##* libz=}")" = "$real" ] || wdz_fail "the $m run mapped ${out##* libz=}, not only $real"
	want=${sys% libz=*}
	if [ $m = wd ]; then
		# failures outside the allowed list are failures
		extra=$(grep -E '^(FAIL|ERROR) ' "$tmp/wd.err" | grep -vF -e "($allowed)" || true)
		[ -z "$extra" ] || { cat "$tmp/wd.err"; wdz_fail "default mode: $extra"; }
		n=$(grep -cE '^FAIL .*\(('"${allowed//./\\.}"')\)' "$tmp/wd.err" || true)
		f=${want#* fail=}
		f=${f%% *}
		want=${want/ fail=$f / fail=$((f + n)) }
		[ "$n" = 0 ] || echo "  (allowed: $n failure(s) comparing one-shot with streamed bytes)"
	fi
	if [ "$want" != "${out% libz=*}" ]; then
		cat "$tmp/$m.err"
		wdz_fail "different results with libwd_zlib ($m)"
	fi
done
echo "zlib_python: same results with libwd_zlib preloaded (exact mode; default mode but $allowed)"
