#!/usr/bin/env bash
# Usage: zlib_python.sh LIBWD_ZLIB MODULE...   (e.g. test_zlib test_gzip)
# CPython's own test modules (Debian's libpython3.11-testsuite), run with the
# system zlib, with libwd_zlib preloaded under WD_ZLIB=exact, and preloaded
# in default mode: the same outcome for every test (run, failed, errored,
# skipped), and the preloaded runs really mapped libwd_zlib and no other
# zlib. zlib.cmake registers it twice (the zlib/gzip modules and the archive
# modules) so that ctest -j runs the two halves side by side.
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
lib=$(readlink -f "$1")	# the runs change directory
shift
mods=("$@")
[ ${#mods[@]} -gt 0 ] || wdz_fail "usage: zlib_python.sh LIBWD_ZLIB MODULE..."
# Debian's interpreter (the test suite package is its), not one from PATH
# (a pyenv build may load zlib only through a dlopen'ed module)
py=/usr/bin/python3.11
[ -x "$py" ] || wdz_skip "python3.11 not installed (package python3.11)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# -I: the `test` package from the interpreter, never one in the current directory
imports=$(printf 'import test.%s\n' "${mods[@]}")
"$py" -I -c "$imports" 2> "$tmp/import.err" ||
	wdz_skip "CPython's test suite not installed (package libpython3.11-testsuite): $(tail -1 "$tmp/import.err")"
# not `ldd | grep -q`: grep stops at the match, ldd may die of SIGPIPE, and
# under pipefail that made this skip at random
libs=$(ldd "$py")
grep -q 'libz\.so\.1' <<< "$libs" || wdz_skip "$py does not link libz.so.1 dynamically"
# test_shutil compares make_archive with these programs and skips those
# tests without them: fewer tests, the same counts. Not a silent pass.
case " ${mods[*]} " in *" test_shutil "*)
	for t in zip unzip tar; do
		command -v $t > /dev/null || wdz_skip "test_shutil needs $t (package $t; scripts/deps.sh test)"
	done
esac
run=$(cd "$(dirname "$0")" && pwd)/zlib_pyrun.py

# Every test must have the system zlib's outcome in both modes. (test_pair
# compares zlib.compress's bytes with compressobj's: the fast deflate makes
# a stream's bytes depend only on its data and flush points, so it passes.)

# pyrun NAME [ENV...]: one run, in its own directory (the tests write
# temporary files in the current one); NAME.out holds the outcomes
pyrun() {
	local name=$1 t0
	shift
	mkdir "$tmp/$name.d"
	t0=$(date +%s)
	(cd "$tmp/$name.d" && env "$@" "$py" "$run" "${mods[@]}" > "$tmp/$name.out" 2> "$tmp/$name.err") || true
	echo $(($(date +%s) - t0)) > "$tmp/$name.time"
	grep -q ' run=' "$tmp/$name.out" || { cat "$tmp/$name.err"; wdz_fail "the tests did not run ($name)"; }
}
pyrun sys
pre=$(wdz_preload "$lib")
# CPython frees little at exit: no leak report in a sanitizer build
asan=ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
pyrun exact "$asan" WD_ZLIB=exact LD_PRELOAD="$pre"
pyrun wd "$asan" LD_PRELOAD="$pre"

summary() { grep ' run=' "$tmp/$1.out"; }
outcomes() { grep -v ' run=' "$tmp/$1.out" || true; }
sys=$(summary sys)
echo "system zlib:       ${sys% libz=*} ($(cat "$tmp/sys.time") s)"
real=$(readlink -f "$lib")
status=0
for m in exact wd; do
	out=$(summary $m)
	mode=$([ $m = wd ] && echo default || echo exact)\ mode
	echo "libwd_zlib, $mode: ${out% libz=*} ($(cat "$tmp/$m.time") s)"
	# libwd_zlib answers for the soname libz.so.1: no other zlib in the process
	[ "$(readlink -f "${out##* libz=}")" = "$real" ] || wdz_fail "the $mode run mapped ${out##* libz=}, not only $real"
	# test by test: lines only in this run (>) or only in the system run (<)
	diff <(outcomes sys) <(outcomes $m) | grep '^[<>]' > "$tmp/$m.diff" || true
	if [ -s "$tmp/$m.diff" ]; then
		echo "FAIL: outcomes differ from the system zlib's ($mode; < system only, > preloaded only):" >&2
		cat "$tmp/$m.diff" >&2
		echo "--- tracebacks, $mode:" >&2
		grep -v '^SKIP ' "$tmp/$m.err" >&2 || true
		status=1
	fi
	# a test that passes has no line: the number run catches one that vanished
	n=${out#* run=}
	[ "${n%% *}" = "$(r=${sys#* run=}; echo "${r%% *}")" ] ||
		{ echo "FAIL: $mode: ${n%% *} tests run, not as many as with the system zlib" >&2; status=1; }
done
[ $status = 0 ] || exit 1
echo "zlib_python: ${mods[*]}: every test has the system zlib's outcome with libwd_zlib preloaded, in exact and default mode"
