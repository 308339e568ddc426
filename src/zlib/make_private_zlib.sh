#!/bin/sh
# Builds the private zlib copy at build time (never committed): Debian's
# libz.a (zlib1g-dev, position-independent) with every symbol it defines
# renamed wdzp_<name>, references inside it included. Linked into libwd_zlib
# with --exclude-libs,ALL, it is hidden and cannot be interposed.
#
# The gz* members (gzlib.o, gzread.o, gzwrite.o, gzclose.o) are the one
# exception: their calls to the stream functions named in GZ_FUNCS go to
# wdzg_<name> instead (wdz_gz.c: the library's own wrappers, with their fast
# paths), so a program's gzread/gzwrite run on them; everything else in those
# members (gz_state, the gzFile handles, zlib's gz logic) stays the copy's.
# Usage: make_private_zlib.sh NM OBJCOPY AR LIBZ_A OUT_A "GZ_FUNCS"
set -eu
nm=$1 objcopy=$2 ar=$3 in=$4 out=$5 gzfuncs=$6
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

# the gz members, renamed a second time with their own map
gzdir=$out.gz.d
rm -rf "$gzdir"
mkdir "$gzdir"
members=$("$ar" t "$out.tmp" | grep '^gz.*\.o$' || true)
for m in gzread.o gzwrite.o; do
	case " $(echo "$members" | tr '\n' ' ') " in
	*" $m "*) ;;
	*) echo "make_private_zlib: $in has no $m" >&2; exit 1 ;;
	esac
done
case $out.tmp in
/*) abs=$out.tmp ;;
*) abs=$(pwd)/$out.tmp ;;
esac
# shellcheck disable=SC2086  # member names are words
(cd "$gzdir" && "$ar" x "$abs" $members)
: > "$gzdir/redef"
for f in $gzfuncs; do
	echo "wdzp_$f wdzg_$f" >> "$gzdir/redef"
done
for m in $members; do
	"$objcopy" --redefine-syms="$gzdir/redef" "$gzdir/$m"
done
# A stream function the gz code calls but GZ_FUNCS misses would silently stay
# zlib's speed (or, worse, mix the two zlibs on one stream): refuse it.
# shellcheck disable=SC2086
missed=$(cd "$gzdir" && "$nm" -u $members | awk '$2 ~ /^wdzp_(deflate|inflate)/ { print $2 }' |
	sort -u)
if [ -n "$missed" ]; then
	echo "make_private_zlib: the gz members call private stream functions not in GZ_FUNCS" \
		"(src/zlib/CMakeLists.txt WDZ_GZ_FUNCS, wdz_gz.c): $missed" >&2
	exit 1
fi
# and the ones it maps must be the ones it calls: a stale list is a mistake too
# shellcheck disable=SC2086
used=$(cd "$gzdir" && "$nm" -u $members | awk '$2 ~ /^wdzg_/ { sub(/^wdzg_/, "", $2); print $2 }' |
	sort -u)
want=$(for f in $gzfuncs; do echo "$f"; done | sort -u)
if [ "$used" != "$want" ]; then
	echo "make_private_zlib: GZ_FUNCS ($(echo "$want" | tr '\n' ' ')) is not what the gz" \
		"members call ($(echo "$used" | tr '\n' ' '))" >&2
	exit 1
fi
# shellcheck disable=SC2086
(cd "$gzdir" && "$ar" r "$abs" $members)
rm -rf "$gzdir"
mv "$out.tmp" "$out"
