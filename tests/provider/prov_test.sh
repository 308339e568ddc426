#!/usr/bin/env bash
# Runs one of the provider's test programs against the build tree's
# warpdrive.so and checks, from the counters the provider writes at unload
# (WARPDRIVE_STATS), that WarpDrive drivers ran requests: a pass in which
# everything went to OpenSSL's own code would prove nothing about them.
#
#   prov_test.sh evp-data PROGRAM MODULE_DIR DATA_DIR [options...]
#       fetches OpenSSL's evp_test data into DATA_DIR (77: unreachable,
#       a skip) and runs PROGRAM on every Cipher, Digest and MAC file
#   prov_test.sh run PROGRAM MODULE_DIR [options...]
#
# Options go to PROGRAM after --provider-path MODULE_DIR --load warpdrive.
# WD_PROV_NO_STATS_CHECK=1 skips the counter check (a provider built
# without counters, or `--config` with offload = off).
set -euo pipefail

mode=$1
prog=$2
moddir=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wd-provtest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

args=(--provider-path "$moddir" --load warpdrive)
if [ "$mode" = evp-data ]; then
	data=$1
	shift
	rc=0
	"$here/fetch_openssl_tests.sh" "$data" || rc=$?
	if [ $rc -ne 0 ]; then
		exit $rc
	fi
	shopt -s nullglob
	files=("$data"/evpciph_*.txt "$data"/evpmd_*.txt "$data"/evpmac_*.txt)
	if [ ${#files[@]} -eq 0 ]; then
		echo "prov_test: no evpciph/evpmd/evpmac files in $data" >&2
		exit 1
	fi
	set -- "$@" "${files[@]}"
elif [ "$mode" != run ]; then
	echo "usage: $0 evp-data|run PROGRAM MODULE_DIR ..." >&2
	exit 2
fi

export WARPDRIVE_STATS=$tmp/stats.json
rc=0
"$prog" "${args[@]}" "$@" || rc=$?
if [ $rc -ne 0 ]; then
	exit $rc
fi
if [ "${WD_PROV_NO_STATS_CHECK:-0}" = 1 ]; then
	exit 0
fi
if [ ! -s "$WARPDRIVE_STATS" ]; then
	echo "prov_test: warpdrive wrote no counters to WARPDRIVE_STATS: was it loaded and unloaded?" >&2
	exit 1
fi
echo "prov_test: warpdrive's counters: $(tail -n 1 "$WARPDRIVE_STATS")"
# a driver other than "sw" with a count above zero
if ! grep -Eq '"(cpu|vacc|hw|[a-z]+)_(cipher|digest|aead)" *: *[1-9]' "$WARPDRIVE_STATS"; then
	echo "prov_test: no request ran on a WarpDrive driver: every one went to OpenSSL's code" >&2
	exit 1
fi
