#!/usr/bin/env bash
# Usage: zlib_examples.sh BUILD_DIR LIBWD_ZLIB CC
# zlib's own example.c and minigzip.c (zlib1g-dev's examples, compiled here,
# never committed) against libwd_zlib the three documented ways:
#   link     built with `pkg-config --cflags --libs wd_zlib` from a
#            `cmake --install` of BUILD_DIR (which this also tests)
#   preload  built against the system zlib, LD_PRELOAD=libwd_zlib
#   libpath  built against the system zlib, LD_LIBRARY_PATH=<dir whose
#            libz.so.1 is libwd_zlib>
# example must pass and print what it prints with the system zlib; minigzip's
# output must be byte for byte the system zlib's under WD_ZLIB=exact; in
# default mode (gzwrite on the deflate fast path) gzip -d and the system
# zlib must read it back; minigzip -d must read gzip's output.
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
build=$1 lib=$2 cc=$3
ex=/usr/share/doc/zlib1g-dev/examples
[ -f "$ex/example.c" ] && [ -f "$ex/minigzip.c" ] || wdz_skip "zlib1g-dev's examples not in $ex"
command -v gzip >/dev/null || wdz_skip "gzip not installed"
command -v pkg-config >/dev/null || wdz_skip "pkg-config not installed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
san=$(wdz_san_preload "$lib")

# the installed tree: ${libdir}/warpdrive/libz.so.1 and wd_zlib.pc
cmake --install "$build" --prefix "$tmp/inst" > "$tmp/install.log" ||
	{ cat "$tmp/install.log"; wdz_fail "cmake --install"; }
pc=$(find "$tmp/inst" -name wd_zlib.pc -print -quit)
[ -n "$pc" ] || wdz_fail "wd_zlib.pc not installed"
flags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags --libs wd_zlib)
instlib=$(find "$tmp/inst" -path '*/warpdrive/libz.so.1' -print -quit)
[ -n "$instlib" ] || wdz_fail "libz.so.1 not installed in \${libdir}/warpdrive"

for p in example minigzip; do
	# the examples are zlib's code, not ours: no warnings policy on them
	"$cc" -O2 -w -o "$tmp/$p.sys" "$ex/$p.c" -lz
	# shellcheck disable=SC2086  # pkg-config's flags are words
	"$cc" -O2 -w -o "$tmp/$p.link" "$ex/$p.c" $flags
done

# computed once: `run` may run with LD_TRACE_LOADED_OBJECTS set, which would
# turn any command inside it into an ldd
instdir=$(dirname "$instlib")
preload=$(wdz_preload "$lib")
# run MODE PROG ARGS...: PROG (example or minigzip) the way MODE says
run() {
	local mode=$1 p=$2
	shift 2
	case $mode in
	sys) "$tmp/$p.sys" "$@" ;;
	link) LD_PRELOAD=$san "$tmp/$p.link" "$@" ;;
	preload) LD_PRELOAD=$preload "$tmp/$p.sys" "$@" ;;
	libpath) LD_PRELOAD=$san LD_LIBRARY_PATH=$instdir "$tmp/$p.sys" "$@" ;;
	esac
}
# which libz.so.1 each mode loads (ldd runs the loader, not the program)
real=$(readlink -f "$instlib")
[ "$(LD_TRACE_LOADED_OBJECTS=1 run link example | awk '$1 == "libz.so.1" { print $3 }' |
	xargs readlink -f)" = "$real" ] || wdz_fail "the pkg-config-linked example does not load $instlib"
[ "$(LD_TRACE_LOADED_OBJECTS=1 run libpath example | awk '$1 == "libz.so.1" { print $3 }' |
	xargs readlink -f)" = "$real" ] || wdz_fail "LD_LIBRARY_PATH does not select $instlib"

# example.c writes foo.gz in the current directory
mkdir "$tmp/run"
cd "$tmp/run"
run sys example > "$tmp/ex-out.sys" || wdz_fail "example with the system zlib"
grep -q 'zlib version 1\.2\.13' "$tmp/ex-out.sys" || wdz_fail "unexpected example output"
for mode in link preload libpath; do
	run "$mode" example > "$tmp/ex-out.$mode" || wdz_fail "example ($mode) exit $?"
	diff -u "$tmp/ex-out.sys" "$tmp/ex-out.$mode" || wdz_fail "example ($mode) prints otherwise"
done

# minigzip: a few kinds of input, each option minigzip has for deflate
files=("$ex/example.c" /etc/services "$tmp/ex-out.sys" "$tmp/minigzip.sys")
head -c 300000 /dev/urandom > "$tmp/random"
: > "$tmp/empty"
files+=("$tmp/random" "$tmp/empty")
count=0 fast=0
for f in "${files[@]}"; do
	gzip -c < "$f" > "$tmp/ref.gz"
	for o in "" -1 -9 -f -h -r; do
		# shellcheck disable=SC2086  # $o is one option or none
		run sys minigzip $o < "$f" > "$tmp/sys.gz"
		for mode in link preload libpath; do
			# shellcheck disable=SC2086
			WD_ZLIB=exact run "$mode" minigzip $o < "$f" > "$tmp/out.gz" ||
				wdz_fail "minigzip $o ($mode, exact) $f"
			cmp -s "$tmp/sys.gz" "$tmp/out.gz" ||
				wdz_fail "minigzip $o ($mode, exact) $f: not the system zlib's bytes"
			# default mode: gzwrite runs on the deflate fast path (other bytes)
			# shellcheck disable=SC2086
			run "$mode" minigzip $o < "$f" > "$tmp/out.gz" || wdz_fail "minigzip $o ($mode) $f"
			[ "$o" != -1 ] || [ ! -s "$f" ] || cmp -s "$tmp/sys.gz" "$tmp/out.gz" || fast=$((fast + 1))
			gzip -dc < "$tmp/out.gz" | cmp -s - "$f" || wdz_fail "gzip -d of minigzip $o ($mode) $f"
			"$tmp/minigzip.sys" -d < "$tmp/out.gz" | cmp -s - "$f" ||
				wdz_fail "the system zlib's minigzip -d of minigzip $o ($mode) $f"
			run "$mode" minigzip -d < "$tmp/ref.gz" | cmp -s - "$f" ||
				wdz_fail "minigzip -d ($mode) of gzip's $f"
			count=$((count + 1))
		done
	done
done
# gz* run on the fast paths in default mode: level 1 gives other bytes than
# zlib's (ISA-L) for the non-empty files, each mode
[ "$fast" -ge 3 ] || wdz_fail "minigzip -1 gave zlib's bytes in default mode: no fast path ($fast)"
echo "zlib_examples: example passes 3 ways; $count minigzip round trips, zlib's bytes exactly" \
	"under WD_ZLIB=exact, read back in default mode ($fast at level 1 on the fast path)"
