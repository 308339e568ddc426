# Sourced by the zlib drop-in tests.
#
# wdz_san_preload LIB: the sanitizer runtimes LIB needs (a WD_SANITIZE
# build), colon-separated, empty otherwise. A program that is not itself
# built with the sanitizer must have them preloaded before LIB: ASan
# insists on coming first in the library list.
wdz_san_preload() {
	ldd "$1" | awk '$1 ~ /^lib(asan|ubsan|tsan)\.so/ && $3 ~ /^\// { print $3 }' | paste -sd: -
}

# wdz_preload LIB: the LD_PRELOAD value that puts LIB in a program
wdz_preload() {
	local san
	san=$(wdz_san_preload "$1")
	if [ -n "$san" ]; then
		echo "$san:$1"
	else
		echo "$1"
	fi
}

# wdz_skip MSG: a tool the test needs is missing (scripts/deps.sh test
# installs it; CI has it)
wdz_skip() {
	echo "SKIP: $*" >&2
	exit 77
}

wdz_fail() {
	echo "FAIL: $*" >&2
	exit 1
}
