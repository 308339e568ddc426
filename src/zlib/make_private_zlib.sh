#!/bin/sh
# Builds the private zlib copy at build time (never committed): Debian's
# libz.a (zlib1g-dev, position-independent) with every symbol it defines
# renamed wdzp_<name>, references inside it included. Linked into libwd_zlib
# with --exclude-libs,ALL, it is hidden and cannot be interposed.
# Usage: make_private_zlib.sh NM OBJCOPY LIBZ_A OUT_A
set -eu
nm=$1 objcopy=$2 in=$3 out=$4
redef=$out.redef
"$nm" -g --defined-only "$in" | awk 'NF == 3 { print $3 " wdzp_" $3 }' | sort -u > "$redef"
if ! grep -q '^deflate wdzp_deflate$' "$redef"; then
	echo "make_private_zlib: $in does not define deflate" >&2
	exit 1
fi
"$objcopy" --redefine-syms="$redef" "$in" "$out.tmp"
# every global symbol the copy defines must now carry the prefix
left=$("$nm" -g --defined-only "$out.tmp" | awk 'NF == 3 && $3 !~ /^wdzp_/ { print $3 }')
if [ -n "$left" ]; then
	echo "make_private_zlib: not renamed: $left" >&2
	exit 1
fi
mv "$out.tmp" "$out"
