#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `wd info`, `wd bench` and the top-level command: human and --json output
# (parsed by python3), a short bench on generated data, usage errors.
# Usage: cli_info_bench.sh /path/to/wd
set -euo pipefail

WD=${1:?usage: cli_info_bench.sh /path/to/wd}
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/wd-cli-info.XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
expect() {	# NAME CMD... : must succeed
	local name=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then ok "$name"; else bad "$name (exit $?)"; cat "$T/err"; fi
}
expect_code() {	# NAME CODE CMD... : must exit with CODE and say something on stderr
	local name=$1 code=$2 rc=0; shift 2
	"$@" >"$T/out" 2>"$T/err" || rc=$?
	if [ "$rc" -eq "$code" ] && [ -s "$T/err" ]; then ok "$name"; else bad "$name (exit $rc)"; fi
}
json() {	# NAME PYTHON-ASSERTION : on $T/out
	if python3 -c "import json,sys; d=json.load(open('$T/out')); assert $2, d" 2>"$T/err"; then
		ok "$1"
	else
		bad "$1"; cat "$T/err"
	fi
}

expect "wd --help" "$WD" --help
grep -q "bench" "$T/out" && ok "help lists the commands" || bad "help lists the commands"
expect "wd --version" "$WD" --version
expect_code "unknown command is a usage error" 2 "$WD" frobnicate
expect_code "no command is a usage error" 2 "$WD"

expect "wd info" "$WD" info
grep -q "cpu_deflate" "$T/out" && ok "info names the CPU driver" || bad "info names the CPU driver"
expect "wd info --json" "$WD" info --json
json "info JSON: drivers" "any(x['name'] == 'cpu_deflate' and x['kind'] == 'cpu' for x in d['drivers'])"
json "info JSON: ctxs of both ops and modes" \
	"{(c['op'], c['mode']) for c in d['ctxs']} == {('comp','sync'),('comp','async'),('decomp','sync'),('decomp','async')}"
json "info JSON: no devices on this host" "isinstance(d['devices'], list)"
expect_code "info: bad option" 2 "$WD" info --bogus

# 4 MB of text-like and random data
python3 -c "
import random
r = random.Random(7)
words = [b'warp', b'drive', b'queue', b'ring', b'deflate', b'the', b'of', b'\\n']
with open('$T/data', 'wb') as f:
    f.write(b' '.join(r.choice(words) for _ in range(500000)))
    f.write(bytes(r.getrandbits(8) for _ in range(1000000)))
"
expect "bench --json (sync, both ops)" "$WD" bench --input "$T/data" --duration 0.1 --rounds 1 --json
json "bench JSON parses and has rows" "len(json.dumps(d)) > 100"
json "bench JSON: wd compared with each library" \
	"all(k in json.dumps(d) for k in ('isal', 'zlib', 'libdeflate', 'wd'))"
expect "bench async, 2 threads, 4k blocks" "$WD" bench --input "$T/data" --duration 0.1 --rounds 1 \
	--mode async --threads 2 --block-size 4k --alg gzip
grep -q "wd" "$T/out" && ok "async bench prints a table" || bad "async bench prints a table"
expect_code "bench: missing input is an error" 1 "$WD" bench --input "$T/nope" --duration 0.1
expect_code "bench: bad level is a usage error" 2 "$WD" bench --input "$T/data" --level 99

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
