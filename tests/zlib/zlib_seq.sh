#!/usr/bin/env bash
# Usage: zlib_seq.sh ZSEQ LIBWD_ZLIB
# The differential fuzzer of zlib call sequences (tests/zlib/zseq_main.c
# says what it checks). Seeds FIRST..FIRST+N-1: ZSEQ_FIRST (0) and
# ZSEQ_SEEDS (CI's fixed range when unset; set it for long runs).
#  1. zseq with the system zlib: the reference transcript; writes the inflate
#     scenarios' input streams (corpus) and its deflate output (records).
#  2. preloaded, WD_ZLIB=exact: the transcript must be byte-identical.
#  3. preloaded, default mode, reading the same corpus: the F lines must be
#     identical and every invariant hold (a seed whose scenario drew other
#     operations than zlib's run is excused from the F lines, rarely: below);
#  4. `zseq verify` with the system zlib decodes that run's deflate output
#     (and the plain run's) to the data, also at every sync/full flush.
#  5. the harness can fail: a deliberately wrong check value and a flipped
#     byte in the recorded output must each be reported.
# ZSEQ_KEEP_GOING=1 (long runs): every failure is reported, not the first.
set -euo pipefail
. "$(dirname "$0")/zlib_lib.sh"
prog=$1 lib=$2
first=${ZSEQ_FIRST:-0}
seeds=${ZSEQ_SEEDS:-1000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zseq.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pre=$(wdz_preload "$lib")
# how to run one failing seed again (its transcripts: run zseq by hand)
hint() {
	echo "rerun: ZSEQ_FIRST=$1 ZSEQ_SEEDS=1 bash $0 $prog $lib" >&2
}
status=0
bad() {	# MSG: fail now, or with ZSEQ_KEEP_GOING at the end
	if [ -n "${ZSEQ_KEEP_GOING:-}" ]; then
		echo "FAIL: $*" >&2
		status=1
	else
		wdz_fail "$*"
	fi
}
shown=${ZSEQ_KEEP_GOING:+50}
shown=${shown:-5}

run() {	# NAME ENV... -- ARGS: one run, its stdout in $tmp/NAME.out
	local name=$1
	shift
	local envs=()
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	if ! env "${envs[@]}" "$prog" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"; then
		grep -m"$shown" FAIL "$tmp/$name.err" >&2 || tail -5 "$tmp/$name.err" >&2
		hint "$(sed -n 's/^FAIL seed=\([0-9]*\).*/\1/p;T;q' "$tmp/$name.err")"
		bad "zseq, $name run (seeds $first..$((first + seeds - 1)))"
	fi
	tail -1 "$tmp/$name.out" | grep -qx end || wdz_fail "$name: short transcript"
}

run sys ZSEQ_RUN=sys -- -x -w "$tmp/corpus" -d "$tmp/sys.rec" "$first" "$seeds"
grep -q 'deflate from .*libz\.so\.1' "$tmp/sys.err" && ! grep -q warpdrive "$tmp/sys.err" ||
	wdz_fail "the plain run did not use the system zlib: $(cat "$tmp/sys.err")"
"$prog" verify "$tmp/sys.rec" 2> "$tmp/vsys.err" ||
	{ cat "$tmp/vsys.err" >&2; wdz_fail "the system zlib's own output does not verify"; }

run exact WD_ZLIB=exact LD_PRELOAD="$pre" -- -x "$first" "$seeds"
real=$(readlink -f "$lib")
from=$(sed -n 's/^zseq: deflate from //p' "$tmp/exact.err")
[ "$(readlink -f "$from")" = "$real" ] || wdz_fail "preloaded run took deflate from '$from'"
if ! diff "$tmp/sys.out" "$tmp/exact.out" > "$tmp/d.exact"; then
	head -20 "$tmp/d.exact" >&2
	line=$(grep -m1 '^[<>]' "$tmp/d.exact" | cut -c3-)
	hint "$(echo "$line" | cut -d' ' -f2)"
	bad "WD_ZLIB=exact differs from zlib at seed $(echo "$line" | cut -d' ' -f2) ($line)"
fi

run default LD_PRELOAD="$pre" -- -r "$tmp/corpus" -d "$tmp/def.rec" "$first" "$seeds"
grep '^F' "$tmp/sys.out" > "$tmp/sys.F"
grep '^F' "$tmp/default.out" > "$tmp/def.F"
# The operations an inflate scenario drew (reset2, copy, sync, mark ...,
# without what they returned). The scenario draws them call by call, and in
# stream mode a stream may take other calls than zlib's, so the draws can
# part: then the two runs did different things and their final states need
# not agree (a raw stream's adler after another reset history, corrupt data
# met without the inflateSync zlib's run drew). Such a seed is "diverged":
# its calls still keep every invariant; a seed whose final state differs
# with the same operations is a failure, and diverged seeds must stay rare.
ops() {	# FILE SEED
	awk -v s="$2" '$1 == "E" && $2 == s && $3 == "inflate" && $5 != "inflate" && $5 != "member" {
		print $5, ($6 == "other" || $6 ~ /^(keep|end)=/ ? $6 " " $7 : "") }' "$1"
}
diverged=0
if ! diff "$tmp/sys.F" "$tmp/def.F" > "$tmp/d.def"; then
	failed=
	for s in $(grep '^[<>]' "$tmp/d.def" | cut -d' ' -f3 | uniq); do
		if [ "$(ops "$tmp/sys.out" "$s")" != "$(ops "$tmp/default.out" "$s")" ]; then
			diverged=$((diverged + 1))
		else
			failed="$failed $s"
		fi
	done
	if [ -n "$failed" ]; then
		head -20 "$tmp/d.def" >&2
		hint "${failed# }"
		bad "default mode's F lines differ from zlib's (same operations) at seeds" \
			"$(echo $failed | tr ' ' '\n' | head -"$shown" | paste -sd' ')"
	fi
	if [ "$diverged" -gt $((seeds / 100 + 1)) ]; then
		bad "$diverged seeds of $seeds drew other operations than zlib's run: too many to trust F lines"
	fi
fi
"$prog" verify "$tmp/def.rec" 2> "$tmp/vdef.err" ||
	{ cat "$tmp/vdef.err" >&2; hint "$(sed -n 's/^FAIL seed=\([0-9]*\).*/\1/p' "$tmp/vdef.err")"
	  bad "the system zlib does not decode the default mode's output"; }
differ=$(diff "$tmp/sys.out" "$tmp/default.out" | grep -c '^>' || true)

# the harness must be able to fail
n=$((seeds < 40 ? seeds : 40))
if ZSEQ_BREAK=adler "$prog" "$first" "$n" > /dev/null 2> "$tmp/b1.err" ||
	! grep -q '^FAIL seed=[0-9]* deflate call=[0-9]*: adler' "$tmp/b1.err"; then
	wdz_fail "a wrong adler check went unnoticed: $(cat "$tmp/b1.err")"
fi
ZSEQ_BREAK=verify "$prog" -d "$tmp/b2.rec" "$first" "$n" > /dev/null 2>&1
if "$prog" verify "$tmp/b2.rec" 2> "$tmp/b2.err" || ! grep -q '^FAIL seed=' "$tmp/b2.err"; then
	wdz_fail "a damaged stream verified: $(cat "$tmp/b2.err")"
fi

[ "$status" -eq 0 ] || wdz_fail "zseq: failures above"
echo "zlib_seq: seeds $first..$((first + seeds - 1)): $(wc -l < "$tmp/sys.out") transcript lines," \
	"identical under WD_ZLIB=exact; default mode: F lines identical but for $diverged diverged seeds," \
	"$differ E lines differ," \
	"$(sed -n 's/^zseq: verified //p' "$tmp/vdef.err") verified by the system zlib"
