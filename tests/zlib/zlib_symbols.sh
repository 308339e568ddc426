#!/usr/bin/env bash
# Usage: zlib_symbols.sh LIBWD_ZLIB
# libwd_zlib against the system libz.so.1: the same soname, every exported
# symbol with the same version (Base or ZLIB_1.2.x), nothing else exported,
# and the same chain of version definitions (each node inheriting the
# previous one, as zlib's zlib.map has them).
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
lib=$1
sys=${WDZ_SYSTEM_LIBZ:-/lib/x86_64-linux-gnu/libz.so.1}
command -v objdump >/dev/null || wdz_skip "objdump (binutils) not installed"
[ -e "$sys" ] || sys=$(ldconfig -p | awk '$1 == "libz.so.1" { print $NF; exit }')
[ -e "$sys" ] || wdz_skip "no system libz.so.1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "name version" for each defined dynamic symbol; objdump -T prints the
# version in parentheses for hidden versions and "Base" for base symbols
syms() {
	objdump -T "$1" | awk '$0 ~ /^[0-9a-f]+ / && $0 !~ /\*UND\*/ { print $NF, $(NF-1) }' |
		tr -d '()' | sort
}
# version definitions: index, flags and name, with their parents
vdefs() {
	objdump -p "$1" | sed -n '/^Version definitions:/,/^$/p' |
		awk 'NF >= 4 && $1 ~ /^[0-9]+$/ { if ($2 != "0x01") print $1, $4; next }
		     NF == 1 { print "  parent", $1 }'
}
syms "$sys" > "$tmp/sys.syms"
syms "$lib" > "$tmp/wd.syms"
vdefs "$sys" > "$tmp/sys.vdefs"
vdefs "$lib" > "$tmp/wd.vdefs"
n=$(wc -l < "$tmp/sys.syms")
[ "$n" -ge 100 ] || wdz_fail "only $n symbols read from $sys"
if ! diff -u "$tmp/sys.syms" "$tmp/wd.syms"; then
	wdz_fail "exported symbols or their versions differ from $sys (- system, + ours)"
fi
if ! diff -u "$tmp/sys.vdefs" "$tmp/wd.vdefs"; then
	wdz_fail "version definitions differ from $sys"
fi
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
[ "$soname" = libz.so.1 ] || wdz_fail "soname is '$soname', not libz.so.1"
echo "zlib_symbols: $n symbols and $(grep -vc parent "$tmp/sys.vdefs") version nodes as in $sys"
