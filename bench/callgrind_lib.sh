# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# callgrind_lib.sh — what bench/callgrind_*.sh share; sourced, not run.
# Each counts a C request loop (bench/NAME.c) under callgrind against the
# libraries of a build; finding and checking that build, skipping where
# valgrind cannot run and compiling the loop are the same for every class.

cg_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)	# bench/: the loops' sources

# cg_prepare NAME LIB HEADER REQS_VAR
#   NAME      the script's name and its loop's: bench/NAME.c
#   LIB       the class library the loop links: wd_comp, wd_crypto
#   HEADER    one of the class's headers (include/uadk/HEADER): what
#             tells the configured source tree has that API
#   REQS_VAR  the variable REQS came from, for the message
# Reads BUILD and REQS. Sets BUILD (absolute), LIBDIR, SRC and T, a
# temporary directory removed on exit, which holds the compiled loop
# $T/NAME. Exits 2 on a bad setting, 77 (skip) without valgrind or on a
# sanitizer build.
cg_prepare() {
	local name=$1 lib=$2 header=$3 reqs_var=$4 v

	case $REQS in '' | *[!0-9]* | 0) echo "$name: bad $reqs_var '$REQS'" >&2; exit 2 ;; esac
	[ -d "$BUILD" ] || { echo "$name: no build directory '$BUILD'" >&2; exit 2; }
	BUILD=$(cd "$BUILD" && pwd)
	LIBDIR=$BUILD/src
	[ -e "$LIBDIR/lib$lib.so" ] || { echo "$name: no $LIBDIR/lib$lib.so (build first)" >&2; exit 2; }

	if ! command -v valgrind >/dev/null; then
		echo "SKIP: valgrind is not installed (apt-get install valgrind)"
		exit 77
	fi
	# WD_SANITIZE in the cache, or sanitizer symbols in the libraries (gcc links
	# libasan into them, clang leaves its runtime's symbols undefined there).
	if grep -Eq '^WD_SANITIZE:BOOL=(ON|1|YES|TRUE)$' "$BUILD/CMakeCache.txt" 2>/dev/null ||
		{ command -v readelf >/dev/null &&
		  readelf --dyn-syms "$LIBDIR/lib$lib.so" "$LIBDIR/libwd.so" 2>/dev/null |
			grep -Ec ' __(asan|ubsan|sanitizer)_' >/dev/null; }; then	# not -q: pipefail + SIGPIPE
		echo "SKIP: sanitizer build (valgrind cannot run ASan binaries)"
		exit 77
	fi

	# The headers of the tree BUILD was configured from (the API being measured).
	SRC=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || true)
	[ -n "$SRC" ] && [ -f "$SRC/include/uadk/$header" ] || SRC=$(cd "$cg_dir/.." && pwd)

	T=$(mktemp -d "${TMPDIR:-/tmp}/cg-${name#callgrind_}.XXXXXX")
	trap 'rm -rf "$T"' EXIT

	# RPATH, not RUNPATH: an LD_LIBRARY_PATH in the environment must not swap the build.
	${CC:-cc} -O2 -g -Wall -Wextra -I "$SRC/include" "$cg_dir/$name.c" -o "$T/$name" \
		-L "$LIBDIR" -l"$lib" -lwd -Wl,-rpath,"$LIBDIR" -Wl,--disable-new-dtags
	# The result must not depend on the caller's WD_* settings (ctx numbers, logging).
	for v in $(compgen -e); do
		case $v in WD_*) unset "$v" ;; esac
	done
}

per() {	# per TOTAL: rounded per request
	echo $((($1 + REQS / 2) / REQS))
}
