# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# cli_lib.sh — what the `wd info` / `wd bench` scripts (cli_info_bench.sh,
# cli_crypto.sh) share; sourced after `set -euo pipefail`: a scratch
# directory, pass/fail counting, and checks of a command's exit code and of
# its JSON output (parsed by python3).

# cli_init TAG: python3 present, T a new directory (removed on exit).
cli_init() {
	command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }
	T=$(mktemp -d "${TMPDIR:-/tmp}/wd-cli-$1.XXXXXX")
	trap 'rm -rf "$T"' EXIT
	pass=0
	fail=0
}
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
expect() {	# NAME CMD... : must succeed
	local name=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then ok "$name"; else bad "$name (exit $?)"; cat "$T/err"; fi
}
expect_code() {	# NAME CODE CMD... : must exit with CODE and say something on stderr
	local name=$1 code=$2 rc=0; shift 2
	"$@" >"$T/out" 2>"$T/err" || rc=$?
	if [ "$rc" -eq "$code" ] && [ -s "$T/err" ]; then
		ok "$name"
	else
		bad "$name (exit $rc, expected $code)"; cat "$T/err"
	fi
}
json() {	# NAME PYTHON-ASSERTION : on $T/out, as d
	if python3 -c "import json,sys; d=json.load(open('$T/out')); assert ($2), d" 2>"$T/err"; then
		ok "$1"
	else
		bad "$1"; tail -n 3 "$T/err"
	fi
}
# cli_done: the summary; fails when any check did.
cli_done() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
