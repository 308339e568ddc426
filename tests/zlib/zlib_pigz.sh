#!/usr/bin/env bash
# Usage: zlib_pigz.sh LIBWD_ZLIB
# pigz (deflate with dictionaries, Z_BLOCK, deflatePending/Prime,
# inflateBack) with libwd_zlib preloaded: -p 2, -i, levels 1, 6, 9. Under
# WD_ZLIB=exact the bytes must be the system zlib's; in default mode (the
# fast deflate: other bytes) gzip -d (its own inflate, no zlib) must read
# back the input from both; pigz -d under the library reads gzip's output.
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
lib=$1
command -v pigz >/dev/null || wdz_skip "pigz not installed"
command -v gzip >/dev/null || wdz_skip "gzip not installed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pre=$(wdz_preload "$lib")

# 3 MiB of mixed text and binary: several pigz blocks (128 KiB) per thread
for f in /usr/share/doc/zlib1g-dev/examples/*.c /etc/services /usr/bin/pigz; do
	[ -f "$f" ] && cat "$f"
done > "$tmp/seed"
: > "$tmp/in"
while [ "$(stat -c %s "$tmp/in")" -lt 3145728 ]; do
	cat "$tmp/seed" >> "$tmp/in"
	head -c 65536 /dev/urandom >> "$tmp/in"
done
gzip -c < "$tmp/in" > "$tmp/ref.gz"
count=0
for lvl in -1 -6 -9; do
	for opt in "" -i; do
		# shellcheck disable=SC2086  # $opt is one option or none
		pigz -p 2 $lvl $opt -n -c < "$tmp/in" > "$tmp/sys.gz"
		# shellcheck disable=SC2086
		WD_ZLIB=exact LD_PRELOAD=$pre pigz -p 2 $lvl $opt -n -c < "$tmp/in" > "$tmp/exact.gz" ||
			wdz_fail "pigz -p 2 $lvl $opt with libwd_zlib (exact)"
		cmp -s "$tmp/sys.gz" "$tmp/exact.gz" || wdz_fail "pigz -p 2 $lvl $opt: exact mode, not the system zlib's bytes"
		# shellcheck disable=SC2086
		LD_PRELOAD=$pre pigz -p 2 $lvl $opt -n -c < "$tmp/in" > "$tmp/wd.gz" ||
			wdz_fail "pigz -p 2 $lvl $opt with libwd_zlib"
		gzip -dc < "$tmp/wd.gz" | cmp -s - "$tmp/in" || wdz_fail "gzip -d of pigz -p 2 $lvl $opt"
		gzip -t "$tmp/wd.gz" || wdz_fail "gzip -t of pigz -p 2 $lvl $opt"
		echo "pigz -p 2 $lvl $opt: $(stat -c %s "$tmp/sys.gz") bytes with zlib, $(stat -c %s "$tmp/wd.gz") in default mode"
		count=$((count + 1))
	done
done
LD_PRELOAD=$pre pigz -d -c < "$tmp/ref.gz" | cmp -s - "$tmp/in" || wdz_fail "pigz -d of gzip's output"
LD_PRELOAD=$pre pigz -t "$tmp/ref.gz" || wdz_fail "pigz -t"
echo "zlib_pigz: $count pigz round trips (exact mode: the system zlib's bytes; default mode read back by gzip -d), pigz -d ok"
