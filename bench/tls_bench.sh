#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# TLS bulk transfer on loopback, OpenSSL's default provider vs warpdrive.so,
# in the same run: `openssl s_client` sends a file to `openssl s_server`
# (TLS 1.3, TLS_AES_128_GCM_SHA256 unless --suite), the server pinned to one
# core and the client to the other (each side's feeder and sink on its
# side's core), rounds interleaved (the order alternates per round), medians
# and the ratio warpdrive / default. A benchmark, not a test: nothing is
# asserted about speed; a transfer that loses bytes or fails is an error.
#
# Client to server because s_client reads its stdin 8 KiB at a time and
# writes whole records of that, while s_client's receiving side hands data
# on 1 KiB per SSL_read/write(2) and would measure system calls instead of
# record crypto. Records are therefore 8 KiB.
#
# Usage: bench/tls_bench.sh [--build DIR] [--bytes N] [--rounds R]
#          [--suite NAME] [--cpus S,C] [--json]
#   --build DIR   build tree holding src/provider/warpdrive.so (default: build)
#   --bytes N     bytes per transfer (default 1 GiB)
#   --rounds R    rounds, each one transfer per provider (default 3)
#   --suite NAME  a TLS 1.3 suite, or a TLS 1.2 one (then TLS 1.2 is used)
#   --cpus S,C    the server's and the client's core (default 0,1)
#   --json        one JSON document instead of the Markdown table
# Exit 0, 1 on a failed transfer, 2 on bad usage, 77 when something is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../tests/provider/tls_lib.sh
. "$here/../tests/provider/tls_lib.sh"

usage() { sed -n '/^# Usage:/,/^# Exit/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
BUILD=build BYTES=1073741824 ROUNDS=3 SUITE=TLS_AES_128_GCM_SHA256 CPUS=0,1 JSON=0
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=${2:?}; shift 2 ;;
	--bytes) BYTES=${2:?}; shift 2 ;;
	--rounds) ROUNDS=${2:?}; shift 2 ;;
	--suite) SUITE=${2:?}; shift 2 ;;
	--cpus) CPUS=${2:?}; shift 2 ;;
	--json) JSON=1; shift ;;
	-h|--help) usage ;;
	*) echo "tls_bench: unknown argument $1" >&2; usage ;;
	esac
done
case $BYTES$ROUNDS in *[!0-9]*) echo "tls_bench: --bytes and --rounds take numbers" >&2; exit 2 ;; esac
[ "$ROUNDS" -ge 1 ] || { echo "tls_bench: --rounds must be >= 1" >&2; exit 2; }
case $CPUS in [0-9]*,[0-9]*) ;; *) echo "tls_bench: --cpus S,C" >&2; exit 2 ;; esac
for t in openssl python3 taskset timeout; do
	command -v "$t" >/dev/null || { echo "tls_bench: $t is not installed" >&2; exit 77; }
done
MODULE=$(cd "$BUILD" 2>/dev/null && pwd)/src/provider/warpdrive.so
[ -f "$MODULE" ] || { echo "tls_bench: no $MODULE (build the warpdrive_provider target)" >&2; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/wd-tlsb.XXXXXX")
trap 'rm -rf "$T"' EXIT
log() { [ "$JSON" = 1 ] || echo "$*" >&2; }

tls_certs "$T"
: >"$T/default.cnf"
tls_conf "$T/warpdrive.cnf" "$MODULE"
head -c "$BYTES" /dev/urandom >"$T/data"
: >"$T/none"
# received bytes go to /dev/null: a sink would cost the receiving core about
# a quarter of its time (tests/provider/tls_e2e.sh checks the bytes)
TLS_SINK=null
TLS_SRV_PIN="taskset -c ${CPUS%,*}"
TLS_CLI_PIN="taskset -c ${CPUS#*,}"
case $SUITE in
TLS_*) sel=(-tls1_3 -ciphersuites "$SUITE") ;;
*) sel=(-tls1_2 -cipher "$SUITE") ;;
esac
TLS_SRV_ARGS=(-cert "$T/ec.crt" -key "$T/ec.key" "${sel[@]}")
TLS_CLI_ARGS=(-CAfile "$T/ec.crt" -verify_return_error "${sel[@]}")

for ((r = 1; r <= ROUNDS; r++)); do
	order=(default warpdrive)
	[ $((r % 2)) -eq 0 ] && order=(warpdrive default)
	for p in "${order[@]}"; do
		d=$T/$p.$r
		mkdir "$d"
		TLS_SRV_ENV=(OPENSSL_CONF="$T/$p.cnf" WARPDRIVE_STATS="$d/stats")
		TLS_CLI_ENV=(OPENSSL_CONF="$T/$p.cnf" WARPDRIVE_STATS="$d/stats")
		if ! tls_pair "$d" "$T/data" "$T/none" 2>"$d/why"; then
			echo "tls_bench: round $r, $p: the transfer failed:" >&2
			cat "$d/why" >&2
			exit 1
		fi
		if ! grep -q "^Ciphersuite: $SUITE\$" "$d/cli.err"; then
			echo "tls_bench: round $r, $p: negotiated something else than $SUITE:" >&2
			cat "$d/cli.err" >&2
			exit 1
		fi
		log "round $r $p: $(cat "$d/elapsed") s"
	done
done

python3 - "$T" "$ROUNDS" "$BYTES" "$SUITE" "$CPUS" "$JSON" "$(openssl version)" <<-'EOF'
import json, os, statistics, sys
T, rounds, nbytes, suite, cpus, as_json, version = sys.argv[1:]
rounds, nbytes = int(rounds), int(nbytes)
res = {}
for p in ("default", "warpdrive"):
    secs, req = [], {}
    for r in range(1, rounds + 1):
        d = "%s/%s.%d" % (T, p, r)
        secs.append(float(open(d + "/elapsed").read()))
        if os.path.exists(d + "/stats"):
            for line in open(d + "/stats"):
                if line.strip():
                    for k, v in json.loads(line).get("requests", {}).items():
                        req[k] = req.get(k, 0) + v
    mbps = [nbytes / s / 1e6 for s in secs]
    res[p] = {"seconds": secs, "mbps": [round(x, 1) for x in mbps],
              "median_mbps": round(statistics.median(mbps), 1),
              "requests": req if p == "warpdrive" else None}
ratio = round(res["warpdrive"]["median_mbps"] / res["default"]["median_mbps"], 3)
doc = {"openssl": version, "suite": suite, "bytes": nbytes, "rounds": rounds,
       "direction": "client->server", "server_cpu": int(cpus.split(",")[0]),
       "client_cpu": int(cpus.split(",")[1]), "unit": "MB/s (1e6 bytes/s, wall clock)",
       "default": res["default"], "warpdrive": res["warpdrive"], "ratio": ratio}
if as_json == "1":
    json.dump(doc, sys.stdout, indent=1)
    print()
    sys.exit(0)
print("%s; %s; %d bytes client->server; server on core %s, client on core %s; %d rounds\n"
      % (version, suite, nbytes, doc["server_cpu"], doc["client_cpu"], rounds))
print("| provider | median MB/s | rounds MB/s | ratio |")
print("|---|---:|---|---:|")
for p in ("default", "warpdrive"):
    print("| %s | %.1f | %s | %s |" % (p, res[p]["median_mbps"], " / ".join("%.1f" % x for x in res[p]["mbps"]),
                                       "1.00" if p == "default" else "%.2f" % ratio))
req = res["warpdrive"]["requests"]
if req:
    print("\nwarpdrive requests (both processes, all rounds): " +
          ", ".join("%s %d" % kv for kv in sorted(req.items())))
else:
    print("\nwarpdrive wrote no WARPDRIVE_STATS counters")
EOF
