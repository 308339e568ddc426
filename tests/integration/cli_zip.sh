#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Integration test of `wd zip` / `wd unzip`: round trips, cross-decoding with
# gzip and python3's zlib, and the error paths (truncated, corrupt, refusing
# to overwrite). Usage: cli_zip.sh /path/to/wd
set -euo pipefail

WD=${1:?usage: cli_zip.sh /path/to/wd}
WD=$(cd "$(dirname "$WD")" && pwd)/$(basename "$WD")
[ -x "$WD" ] || { echo "not executable: $WD" >&2; exit 2; }
command -v gzip >/dev/null || { echo "gzip is required" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }

T=$(mktemp -d "${TMPDIR:-/tmp}/wd-cli-zip.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T"

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
# check NAME CMD...: the command must succeed (its output goes to log)
check() {
	local name=$1; shift
	if "$@" >log 2>&1; then ok "$name"; else bad "$name"; sed 's/^/     /' log; fi
}
# check_fails NAME CMD...: the command must fail (its output goes to errlog)
check_fails() {
	local name=$1; shift
	if "$@" >errlog 2>&1; then bad "$name (succeeded)"; else ok "$name"; fi
}

# --- test data: text, binary, random, zeros, a mix (a few MiB) -------------
if [ -r /usr/share/dict/words ]; then
	head -c 1500000 /usr/share/dict/words >text
else
	for i in $(seq 1 60000); do echo "line $i: the quick brown fox jumps over the lazy dog"; done >text
fi
cat /usr/bin/* 2>/dev/null | head -c 2000000 >binary || true
head -c 1000000 /dev/urandom >random
head -c 3000000 /dev/zero >zeros
cat text random zeros binary >mixed
printf 'x' >onebyte
: >empty
FILES="text binary random zeros mixed onebyte empty"

# Round trip through the in-place mode: NAME -> NAME.gz -> NAME.
roundtrip() {
	cp "$1" rt && cp "$1" rt.orig
	"$WD" zip -q rt && [ ! -e rt ] && [ -f rt.gz ] &&
		"$WD" unzip -q rt.gz && [ ! -e rt.gz ] && cmp rt rt.orig && rm -f rt rt.orig
}

for f in $FILES; do
	check "round trip $f" roundtrip "$f"
done

# --- levels and formats -----------------------------------------------------
for lv in 1 6 9; do
	check "round trip mixed -$lv" bash -c "'$WD' zip -c -$lv mixed | '$WD' unzip -c | cmp - mixed"
done
check "-9 smaller than or equal to -1 on text" bash -c \
	"[ \$('$WD' zip -c -9 text | wc -c) -le \$('$WD' zip -c -1 text | wc -c) ]"
for fmt in gzip zlib deflate; do
	check "round trip --format $fmt (stdin/stdout)" bash -c \
		"'$WD' zip --format $fmt <mixed | '$WD' unzip --format $fmt | cmp - mixed"
done
check "round trip -z (zlib)" bash -c "'$WD' zip -z -c mixed | '$WD' unzip -z -c | cmp - mixed"
check "round trip -g (gzip)" bash -c "'$WD' zip -g -c mixed | '$WD' unzip -g -c | cmp - mixed"

PYZ='import sys, zlib
mode, wbits = sys.argv[1], int(sys.argv[2])
data = sys.stdin.buffer.read()
if mode == "d":
    d = zlib.decompressobj(wbits)
    out = d.decompress(data)
    assert d.eof and not d.unused_data, "stream incomplete or trailing data"
else:
    c = zlib.compressobj(6, zlib.DEFLATED, wbits)
    out = c.compress(data) + c.flush()
sys.stdout.buffer.write(out)'
check "zlib output decodes with python zlib" bash -c \
	"'$WD' zip -z -c mixed | python3 -c '$PYZ' d 15 | cmp - mixed"
check "python zlib output decodes with wd unzip -z" bash -c \
	"python3 -c '$PYZ' c 15 <mixed | '$WD' unzip -z -c | cmp - mixed"
check "raw deflate output decodes with python zlib" bash -c \
	"'$WD' zip --format deflate -c mixed | python3 -c '$PYZ' d -15 | cmp - mixed"
check "python raw deflate decodes with wd unzip" bash -c \
	"python3 -c '$PYZ' c -15 <mixed | '$WD' unzip --format deflate -c | cmp - mixed"
check "suffix picks the format (.zz)" bash -c \
	"cp text s && '$WD' zip -z s && [ -f s.zz ] && '$WD' unzip s.zz && cmp s text"
check "suffix picks the format (.deflate)" bash -c \
	"cp text s && '$WD' zip --format=deflate s && [ -f s.deflate ] && '$WD' unzip s.deflate && cmp s text"

# --- gzip interoperability --------------------------------------------------
for f in $FILES; do
	check "gzip -d decodes wd zip of $f" bash -c "'$WD' zip -c $f | gzip -dc | cmp - $f"
done
for lv in 1 6 9; do
	check "wd unzip decodes gzip -$lv" bash -c "gzip -$lv -c mixed | '$WD' unzip -c | cmp - mixed"
done
check "wd unzip decodes gzip of empty file" bash -c "gzip -c empty | '$WD' unzip -c | cmp - empty"
check "gzip -t accepts wd zip -9 output" bash -c "'$WD' zip -9 -c mixed >m9.gz && gzip -t m9.gz"
gzip -c text >a.gz
"$WD" zip -c binary >b.gz
gzip -c zeros >c.gz
cat a.gz b.gz c.gz >cat.gz
cat text binary zeros >cat.expect
check "concatenated members (gzip+wd+gzip)" bash -c "'$WD' unzip -c cat.gz | cmp - cat.expect"
check "concatenated members via file mode" bash -c \
	"cp cat.gz cm.gz && '$WD' unzip cm.gz && cmp cm cat.expect"
check "wd zip -c of two files = two members" bash -c \
	"'$WD' zip -c text zeros | gzip -dc | cmp - <(cat text zeros)"
check "small buffers (--block-size 100)" bash -c \
	"'$WD' zip --block-size 100 -c mixed | '$WD' unzip --block-size 100 -c | cmp - mixed"
check "small buffers decode gzip -9" bash -c \
	"gzip -9 -c mixed | '$WD' unzip --block-size 64 -c | cmp - mixed"

# --- errors: truncated, corrupt, trailing garbage ----------------------------
"$WD" zip -c mixed >full.gz
size=$(stat -c %s full.gz)
head -c $((size / 2)) full.gz >trunc.gz
check_fails "truncated file fails" "$WD" unzip trunc.gz
check "truncated file leaves no output" test ! -e trunc
check "truncated file is kept" test -e trunc.gz
check "truncated message says end of file" grep -qi "end of file" errlog
head -c $((size - 4)) full.gz >trunc2.gz
check_fails "file missing its trailer fails" "$WD" unzip trunc2.gz
check "no output for missing trailer" test ! -e trunc2
check_fails "truncated on stdin fails" bash -c "'$WD' unzip -c <trunc.gz >/dev/null"
python3 - <<'PY'
data = bytearray(open("full.gz", "rb").read())
data[len(data) // 3] ^= 0xff
data[len(data) // 3 + 1] ^= 0x55
open("corrupt.gz", "wb").write(data)
crc = bytearray(open("full.gz", "rb").read())
crc[-6] ^= 0x01		# CRC32 in the trailer
open("badcrc.gz", "wb").write(crc)
PY
check_fails "corrupt data fails" "$WD" unzip corrupt.gz
check "corrupt data leaves no output" test ! -e corrupt
check_fails "bad CRC fails" "$WD" unzip badcrc.gz
check "bad CRC leaves no output" test ! -e badcrc
printf 'this is not gzip data at all\n' >junk.gz
check_fails "non-gzip input fails" "$WD" unzip junk.gz
check "non-gzip input leaves no output" test ! -e junk
check_fails "empty .gz fails" bash -c ": >e.gz && '$WD' unzip e.gz"
check "empty .gz leaves no output" test ! -e e
# after the last gzip member: gzip -d keeps the output, warns, exits 2; so must we
for pad in garbage zeros; do
	if [ $pad = zeros ]; then
		{ cat a.gz; head -c 4096 /dev/zero; } >pad-$pad.gz
	else
		{ cat a.gz; printf 'garbage'; } >pad-$pad.gz
	fi
	rc=0
	"$WD" unzip -k pad-$pad.gz 2>errlog || rc=$?
	grc=0
	gzip -dc pad-$pad.gz >gz-$pad.out 2>/dev/null || grc=$?
	want=2
	[ $pad = zeros ] && want=0	# gzip ignores zero padding silently
	[ "$rc" -eq $want ] && [ "$rc" -eq "$grc" ] && ok "gzip trailing $pad: exit $want like gzip" ||
		bad "gzip trailing $pad: exit $rc (gzip: $grc)"
	check "gzip trailing $pad: output kept and right" cmp pad-$pad gz-$pad.out
	if [ $pad = garbage ]; then
		check "gzip trailing garbage: says so" grep -qi "trailing garbage" errlog
	fi
done
# One stray byte is the hard case: it must not vanish into the end of stream.
"$WD" zip -z -c text >tg.zz && printf 'x' >>tg.zz
check_fails "zlib trailing garbage (1 byte) fails" "$WD" unzip tg.zz
check "zlib trailing garbage message" grep -qi "trailing garbage" errlog
"$WD" zip -z -c text >tg2.zz && printf 'trailing garbage here' >>tg2.zz
check_fails "zlib trailing garbage (21 bytes) fails" "$WD" unzip tg2.zz
check "no output for zlib trailing garbage" test ! -e tg2
"$WD" zip --format deflate -c text >tg3.deflate && printf 'xyz' >>tg3.deflate
check_fails "deflate trailing garbage (3 bytes) fails" "$WD" unzip tg3.deflate
check_fails "-t rejects a corrupt file" "$WD" unzip -t corrupt.gz
check "-t accepts a good file" "$WD" unzip -t full.gz

# --- file handling: -k, -f, -c, suffixes, metadata --------------------------
cp text k && "$WD" zip -k k
check "-k keeps the input" test -f k -a -f k.gz
check_fails "existing output without -f is refused" "$WD" zip k
check "refusal names the problem" grep -q "already exists" errlog
check "refusal leaves the input" test -f k
check "-f overwrites" "$WD" zip -f k
check "-f removed the input" test ! -e k
cp text k
check_fails "unzip refuses to overwrite" bash -c "'$WD' unzip -k k.gz"
check "unzip -f -k overwrites and keeps" bash -c "'$WD' unzip -f -k k.gz && cmp k text && [ -f k.gz ]"
cp text c1 && "$WD" zip -c c1 >c1.out
check "-c keeps the input and writes stdout" bash -c "[ -f c1 ] && [ ! -e c1.gz ] && gzip -dc c1.out | cmp - text"
check_fails "unknown suffix is refused" "$WD" unzip text
check "unknown suffix message" grep -q "unknown suffix" errlog
check_fails "already .gz is refused" "$WD" zip a.gz
check_fails "missing file fails" "$WD" zip no-such-file
mkdir dir
check_fails "directory is refused" "$WD" zip dir
check_fails "bad option is a usage error" "$WD" zip --no-such-option
cp text meta && chmod 640 meta && touch -d '2001-02-03 04:05:06' meta
"$WD" zip meta
check "mode preserved on compress" test "$(stat -c %a meta.gz)" = 640
check "mtime preserved on compress" test "$(stat -c %Y meta.gz)" = "$(date -d '2001-02-03 04:05:06' +%s)"
"$WD" unzip meta.gz
check "mode and mtime preserved on decompress" test "$(stat -c %a.%Y meta)" = "640.$(date -d '2001-02-03 04:05:06' +%s)"
check "no temp files left behind" bash -c "! ls -A | grep -q '^\\.'"
cp text m1 && cp zeros m2
check "several files at once" bash -c "'$WD' zip m1 m2 && [ -f m1.gz ] && [ -f m2.gz ] && '$WD' unzip m1.gz m2.gz && cmp m1 text && cmp m2 zeros"
cp text p1
check_fails "one bad file among good ones gives exit 1" "$WD" zip p1 no-such-file
check "the good file was still done" test -f p1.gz
check "-v reports a ratio" bash -c "cp text v && '$WD' zip -v v 2>&1 | grep -q '%'"
check "empty stdin round trip" bash -c "'$WD' zip </dev/null | '$WD' unzip | cmp - /dev/null"
check "empty stdin gives a valid gzip stream" bash -c "'$WD' zip </dev/null | gzip -dc | cmp - /dev/null"
check "'-' means stdin" bash -c "'$WD' zip -c - <text | gzip -dc | cmp - text"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
