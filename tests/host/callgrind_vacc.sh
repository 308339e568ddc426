#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Instructions per request of the vacc ring's user-space path (submit one
# 4 KiB MEMCPY sqe + reap its cqe), counted by callgrind with collection
# switched on only inside vacc_ring_submit and vacc_ring_reap, so the fake
# device's work (same thread, between the two) is not counted.
# Usage: callgrind_vacc.sh /path/to/test_vacc_ring [plain|sanitize]
# Exit 77 (skip) when valgrind is missing or the build is sanitized.
set -euo pipefail

BIN=${1:?usage: callgrind_vacc.sh /path/to/test_vacc_ring [plain|sanitize]}
KIND=${2:-plain}
REQS=${VACC_CALLGRIND_REQS:-20000}
BOUND=${VACC_CALLGRIND_BOUND:-2000}	# generous: a regression fails, noise does not

if [ "$KIND" = sanitize ]; then
	echo "SKIP: sanitizer build (valgrind cannot run ASan binaries)"
	exit 77
fi
if ! command -v valgrind >/dev/null; then
	echo "SKIP: valgrind is not installed (apt-get install valgrind)"
	exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/vacc-cg.XXXXXX")
trap 'rm -rf "$T"' EXIT

valgrind --tool=callgrind --collect-atstart=no \
	--toggle-collect=vacc_ring_submit --toggle-collect=vacc_ring_reap \
	--callgrind-out-file="$T/cg.out" "$BIN" --callgrind "$REQS" >"$T/log" 2>&1 || {
	cat "$T/log"; echo "FAIL: the callgrind run failed"; exit 1; }
total=$(awk '/^(totals|summary):/ { print $2; exit }' "$T/cg.out")
if [ -z "$total" ] || [ "$total" -eq 0 ]; then
	cat "$T/log"; echo "FAIL: no instructions collected (were the functions inlined or renamed?)"
	exit 1
fi
per=$(( total / REQS ))
echo "vacc ring: $per instructions per request (submit+complete)"
if [ "$per" -ge "$BOUND" ]; then
	echo "FAIL: above the bound of $BOUND"
	exit 1
fi
