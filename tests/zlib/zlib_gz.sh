#!/usr/bin/env bash
# Usage: zlib_gz.sh ZGZ LIBWD_ZLIB ZGZ_INTERPOSE
# The gz* family (tests/zlib/zgz.c): zlib's gz code inside libwd_zlib calls
# the library's own stream functions, so gzwrite/gzread take the fast paths.
#   write: the system zlib, then preloaded under WD_ZLIB=exact (the same
#          transcript and the same bytes in every file) and preloaded in
#          default mode (the same transcript but for the B lines, which
#          depend on the compressed bytes; the files must decode, by gzip -d
#          and by the system zlib, to what zlib's decode to, and level 1 must
#          have given other bytes than zlib's: the fast path ran)
#   read:  zlib's files read plainly, preloaded exact and preloaded default:
#          identical transcripts (default mode: but for gzoffset mid-member,
#          see below); the default-mode files read by the system
#          zlib and preloaded: zlib's transcript but for the B lines and the
#          damaged copies (x_*, made from the compressed bytes)
#   and zgz_interpose, preloaded both modes: a program's own inflateReset
#          and deflateReset do not reach the library's gz code
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
zgz=$1 lib=$2 interpose=$3
command -v gzip >/dev/null || wdz_skip "gzip not installed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
preload=$(wdz_preload "$lib")
real=$(readlink -f "$lib")
mkdir "$tmp/sys" "$tmp/exact" "$tmp/fast"

# run NAME MODE ZGZ-ARGS...: MODE sys (plain), exact or fast (preloaded);
# stdout to $tmp/NAME.out, and the run must have used the zlib it should
run() {
	local name=$1 mode=$2 from
	shift 2
	case $mode in
	sys) "$zgz" "$@" ;;
	exact) WD_ZLIB=exact LD_PRELOAD=$preload "$zgz" "$@" ;;
	fast) LD_PRELOAD=$preload "$zgz" "$@" ;;
	esac > "$tmp/$name.out" 2> "$tmp/$name.err" || { cat "$tmp/$name.err"; wdz_fail "zgz $* ($mode)"; }
	tail -1 "$tmp/$name.out" | grep -qx end || wdz_fail "zgz $* ($mode): transcript cut short"
	from=$(sed -n 's/^zgz: gzopen from //p' "$tmp/$name.err")
	if [ "$mode" = sys ]; then
		[ "$(readlink -f "$from")" != "$real" ] || wdz_fail "zgz $* ($mode) used libwd_zlib"
	else
		[ "$(readlink -f "$from")" = "$real" ] || wdz_fail "zgz $* ($mode) took gzopen from '$from'"
	fi
}
# the lines that do not depend on the compressed bytes
plain() {
	awk '$1 != "B" && $2 !~ /^x_/' "$tmp/$1.out"
}

run w-sys sys write "$tmp/sys"
run w-exact exact write "$tmp/exact"
run w-fast fast write "$tmp/fast"
diff -u "$tmp/w-sys.out" "$tmp/w-exact.out" || wdz_fail "write, exact mode: transcript differs from zlib's"
diff -r "$tmp/sys" "$tmp/exact" || wdz_fail "write, exact mode: files differ from zlib's"
diff -u <(plain w-sys) <(plain w-fast) || wdz_fail "write, default mode: transcript differs from zlib's"

files=0 fast=0
for f in "$tmp"/sys/*; do
	b=$(basename "$f")
	files=$((files + 1))
	cmp -s "$f" "$tmp/fast/$b" || fast=$((fast + 1))
	case $b in
	x_* | t_* | j_*) continue ;;	# damaged, not gzip, junk after the data
	esac
	gzip -dc < "$tmp/fast/$b" > "$tmp/got" || wdz_fail "gzip -d of default mode's $b"
	gzip -dc < "$f" | cmp -s - "$tmp/got" || wdz_fail "gzip -d of default mode's $b: other data than zlib's"
done
# zlib's gz code ran on the deflate fast path: level 1 (ISA-L) gives other bytes
for b in p_1_5000_0 p_1_300000_1024 p_1_3145728_131072 m_1; do
	cmp -s "$tmp/sys/$b" "$tmp/fast/$b" && wdz_fail "default mode wrote zlib's bytes in $b: no fast path"
done

run r-sys sys read "$tmp/sys"
run r-exact exact read "$tmp/sys"
run r-fast fast read "$tmp/sys"
diff -u "$tmp/r-sys.out" "$tmp/r-exact.out" || wdz_fail "read, exact mode: transcript differs from zlib's"
# default mode: zlib's, but gzoffset in the middle of a member (the seek
# lines) may differ: it counts the input inflate consumed, and inflate's fast
# path holds input it decodes from (drain mode: less than zlib) or takes more
# at once (stream mode), docs/zlib-dropin.md. At every member's end, and in
# every other line, both agree.
[ "$(wc -l < "$tmp/r-sys.out")" = "$(wc -l < "$tmp/r-fast.out")" ] ||
	{ diff -u "$tmp/r-sys.out" "$tmp/r-fast.out" | head -50; wdz_fail "read, default mode: other lines than zlib's"; }
held=$(paste -d '\n' "$tmp/r-sys.out" "$tmp/r-fast.out" | awk '
	NR % 2 { z = $0; next }
	$0 == z { next }
	{
		n = split(z, a, " "); m = split($0, b, " ")
		if (n == 5 && m == 5 && a[1] == "B" && a[2] == "seek" && a[4] == "offset" &&
		    b[1] == "B" && b[2] == "seek" && a[3] == b[3] && b[4] == "offset" &&
		    b[5] ~ /^[0-9]+$/) { held++; next }
		print "- " z; print "+ " $0; bad++
	}
	END { if (bad) exit 1; print held + 0 }') ||
	{ echo "$held" | head -50; wdz_fail "read, default mode: transcript differs from zlib's beyond mid-member gzoffset"; }
# default mode's files: the system zlib reads from them what it reads from its own
run r-sys-of-fast sys read "$tmp/fast"
run r-fast-of-fast fast read "$tmp/fast"
diff -u <(plain r-sys) <(plain r-sys-of-fast) ||
	wdz_fail "the system zlib reads default mode's files otherwise than its own"
diff -u <(plain r-sys) <(plain r-fast-of-fast) ||
	wdz_fail "default mode reads its own files otherwise than zlib's"

for m in exact ""; do
	WD_ZLIB=$m LD_PRELOAD=$preload "$interpose" "$tmp/interpose.gz" ||
		wdz_fail "zgz_interpose (WD_ZLIB=$m): the program's own stream functions reached our gz code"
done

w=$(wc -l < "$tmp/w-sys.out") r=$(wc -l < "$tmp/r-sys.out")
[ "$w" -gt 300 ] && [ "$r" -gt 2000 ] || wdz_fail "short transcripts ($w, $r lines)"
echo "zlib_gz: $files files, $w write and $r read transcript lines: zlib's under WD_ZLIB=exact" \
	"(bytes too); default mode: zlib's but for the compressed bytes ($fast files differ), read back," \
	"but for $held mid-member gzoffset(s)"
