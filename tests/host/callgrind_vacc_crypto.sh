#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# User-space instructions per sync crypto request on the vacc ring, counted
# by callgrind on the fake vacc device (test_vacc_crypto --callgrind):
#   api     a whole wd_do_*_sync call: class checks, engine, the vacc
#           driver, the ring; the fake device's work is not counted (it
#           runs inside the doorbell, which toggles collection off). In
#           this mode every request rings the doorbell (the fake worker
#           always "sleeps"); "of which doorbell" is the part spent there
#           (libwd's wd_ctx_set_io_cmd), which a busy queue's polling
#           kernel worker does not need.
#   driver  the vacc driver's send() + recv() alone (to_sqe, session slot,
#           ring submit, reap, completion), no doorbell.
# Phases: AES-128-CBC 16 B / 4 KiB, SHA-256 4 KiB, HMAC-SHA256 4 KiB,
# AES-128-GCM 4 KiB + 16 B AAD.
# Usage: callgrind_vacc_crypto.sh /path/to/test_vacc_crypto [plain|sanitize]
# Exit 77 (skip) when valgrind is missing or the build is sanitized; 1 when
# a count reaches the bound (generous: a regression fails, noise does not).
set -euo pipefail
export LC_ALL=C

BIN=${1:?usage: callgrind_vacc_crypto.sh /path/to/test_vacc_crypto [plain|sanitize]}
KIND=${2:-plain}
REQS=${VACC_CG_CRYPTO_REQS:-2000}
# ~1.3x the highest counts measured (gcm-enc-4k: api 1153 of which doorbell
# 196, driver 478; AES-CBC and the digests: api ~1000, driver ~410)
API_BOUND=${VACC_CG_CRYPTO_API_BOUND:-1500}
DRV_BOUND=${VACC_CG_CRYPTO_DRV_BOUND:-650}
PHASES="cbc-enc-16 cbc-enc-4k sha256-4k hmac-sha256-4k gcm-enc-4k"

if [ "$KIND" = sanitize ]; then
	echo "SKIP: sanitizer build (valgrind cannot run ASan binaries)"
	exit 77
fi
if ! command -v valgrind >/dev/null; then
	echo "SKIP: valgrind is not installed (apt-get install valgrind)"
	exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/vacc-cg-crypto.XXXXXX")
trap 'rm -rf "$T"' EXIT
# the counts must not depend on the caller's settings
for v in $(compgen -e); do
	case $v in WD_*) unset "$v" ;; esac
done

run() {	# run MODE [valgrind options...]
	local mode=$1
	shift
	valgrind --tool=callgrind --collect-atstart=no "$@" \
		--callgrind-out-file="$T/$mode" "$BIN" --callgrind "$REQS" "$mode" >"$T/$mode.log" 2>&1 || {
		cat "$T/$mode.log"; echo "FAIL: the callgrind run ($mode) failed"; exit 1; }
}

dump() {	# dump MODE PHASE: the file the phase's client request wrote
	grep -l "^desc: Trigger: Client Request: $2\$" "$T/$1".* 2>/dev/null | head -n 1
}

total() {	# total FILE: instructions collected in it
	awk '/^(totals|summary):/ { print $2; exit }' "$1"
}

inclusive() {	# inclusive FILE FUNCTION (0 when it never ran)
	callgrind_annotate --inclusive=yes "$1" 2>/dev/null |
		awk -v fn="$2" '!n && ($0 ~ (":" fn " ") || $0 ~ (":" fn "$")) { gsub(",", "", $1); n = $1 }
			END { print n + 0 }'
}

run api
run driver --toggle-collect=vacc_send --toggle-collect=vacc_recv

fail=0
line="vacc_crypto_instr_per_req"
printf '%-16s %10s %20s %10s\n' phase api "of which doorbell" driver
for p in $PHASES; do
	fa=$(dump api "$p")
	fd=$(dump driver "$p")
	if [ -z "$fa" ] || [ -z "$fd" ]; then
		echo "FAIL: no callgrind dump for phase $p"
		exit 1
	fi
	a=$(total "$fa")
	d=$(total "$fd")
	b=$(inclusive "$fa" wd_ctx_set_io_cmd)
	a=$(( (a + REQS / 2) / REQS ))
	d=$(( (d + REQS / 2) / REQS ))
	b=$(( (${b:-0} + REQS / 2) / REQS ))
	printf '%-16s %10s %20s %10s\n' "$p" "$a" "$b" "$d"
	line="$line $p=$a/$b/$d"
	if [ "$d" -eq 0 ] || [ "$a" -eq 0 ]; then
		echo "FAIL: $p: nothing collected (were vacc_send/vacc_recv renamed or inlined?)"
		fail=1
	fi
	if [ "$a" -ge "$API_BOUND" ] || [ "$d" -ge "$DRV_BOUND" ]; then
		echo "FAIL: $p above the bounds (api $API_BOUND, driver $DRV_BOUND)"
		fail=1
	fi
done
echo "$line"
exit $fail
