#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The seeds' `openssl speed` table (AF_ALG / WarpDrive / CPU only) on this
# machine: `openssl speed -evp` for AES-128-CBC, AES-128-GCM and SHA-256 at
# openssl's default sizes (16 B .. 16 KiB), one row per way of running it:
#   default          OpenSSL's default provider alone
#   warpdrive        the warpdrive provider (-propquery provider=warpdrive:
#                    every fetch must come from it, none silently from default)
#   warpdrive+async  the same with -async_jobs 32 (requests in flight)
#   default+async    the default provider with -async_jobs 32, for reference
#   afalg            the kernel's crypto through Debian's afalg engine, when
#                    the kernel offers AF_ALG (otherwise the reason is printed)
# Every cell is MB/s (10^6 bytes per second of wall-clock time: -elapsed, so
# work a provider hands to another thread or the kernel is not hidden from
# user-time accounting); the ratio column compares each row with the default
# row of the same run. Runs are pinned to one core so rows compare.
#
# Usage: scripts/openssl_speed_table.sh [--build DIR] [--seconds N] [--rounds R]
#          [--cpu C] [--decrypt] [--aead] [--alg NAME]... [--json]
#   --build DIR   build tree holding src/provider/warpdrive.so (default: build)
#   --seconds N   seconds per size (openssl speed -seconds; default 1)
#   --rounds R    repeat the whole table R times, rows interleaved; cells are
#                 medians (default 1)
#   --cpu C       the core to pin to (default 0)
#   --decrypt     time decryption (openssl speed -decrypt; ciphers only)
#   --aead        TLS-like AEAD sequence for AEAD ciphers (openssl speed -aead;
#                 its sizes are 2 / 31 / 136 / 1 KiB / 8 KiB / 16 KiB)
#   --alg NAME    an -evp algorithm instead of the three defaults (repeatable)
#   --json        one JSON document instead of the Markdown table
# With WARPDRIVE_STATS (contract.md) each warpdrive run also reports which
# WarpDrive drivers ran its requests ("served by" column / "requests" key).
set -euo pipefail

usage() { sed -n '/^# Usage:/,/^# With WARPDRIVE_STATS/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

BUILD=build SECS=1 ROUNDS=1 CPU=0 DECRYPT=0 AEAD=0 JSON=0
ALGS=()
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=${2:?}; shift 2 ;;
	--seconds) SECS=${2:?}; shift 2 ;;
	--rounds) ROUNDS=${2:?}; shift 2 ;;
	--cpu) CPU=${2:?}; shift 2 ;;
	--decrypt) DECRYPT=1; shift ;;
	--aead) AEAD=1; shift ;;
	--alg) ALGS+=("${2:?}"); shift 2 ;;
	--json) JSON=1; shift ;;
	-h|--help) usage ;;
	*) echo "openssl_speed_table: unknown argument $1" >&2; usage ;;
	esac
done
for n in "$SECS" "$ROUNDS" "$CPU"; do
	case $n in ''|*[!0-9]*) echo "openssl_speed_table: not a number: $n" >&2; exit 2 ;; esac
done
if [ "$SECS" -lt 1 ] || [ "$ROUNDS" -lt 1 ]; then echo "openssl_speed_table: --seconds and --rounds must be >= 1" >&2; exit 2; fi
[ ${#ALGS[@]} -gt 0 ] || ALGS=(aes-128-cbc aes-128-gcm sha256)
for t in openssl taskset python3; do
	command -v "$t" >/dev/null || { echo "openssl_speed_table: $t is required" >&2; exit 2; }
done

# absolute: openssl speed resolves -provider-path itself
if [ -d "$BUILD" ]; then BUILD=$(cd "$BUILD" && pwd); fi
PROV_DIR=$BUILD/src/provider
T=$(mktemp -d "${TMPDIR:-/tmp}/wd-speed.XXXXXX")
trap 'rm -rf "$T"' EXIT
# An empty configuration: a system-wide OPENSSL_CONF that already loads
# warpdrive (or anything else) must not change what the "default" rows measure.
: >"$T/empty.cnf"
export OPENSSL_CONF=$T/empty.cnf

# Why the warpdrive rows cannot run, or "".
prov_reason=""
if [ ! -f "$PROV_DIR/warpdrive.so" ]; then
	prov_reason="no $PROV_DIR/warpdrive.so (build the warpdrive_provider target)"
fi

# Why the afalg row cannot run, or "". Debian's openssl ships the afalg
# engine; it needs socket(AF_ALG) (CONFIG_CRYPTO_USER_API) and, for AES-CBC,
# the kernel's skcipher interface (algif_skcipher) with a cbc(aes).
afalg_reason=""
if ! openssl engine -t afalg >"$T/afalg.txt" 2>&1 || ! grep -q 'available' "$T/afalg.txt"; then
	why=$(python3 - <<-'EOF' 2>&1 || true
	import socket
	try:
	    s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
	except OSError as e:
	    print("socket(AF_ALG) fails: %s: the kernel has no AF_ALG "
	          "(CONFIG_CRYPTO_USER_API)" % e.strerror)
	else:
	    try:
	        s.bind(("skcipher", "cbc(aes)"))
	        print("AF_ALG works but the engine does not load")
	    except OSError as e:
	        print("bind(skcipher, cbc(aes)) fails: %s: no algif_skcipher "
	              "or no cbc(aes) in the kernel" % e.strerror)
	EOF
	)
	afalg_reason="openssl engine -t afalg fails; $why"
fi

# Rows: name, then the options that select it.
ROWS=(default warpdrive warpdrive+async default+async afalg)
row_args() {
	case $1 in
	default) echo "-provider default -propquery provider=default" ;;
	default+async) echo "-provider default -propquery provider=default -async_jobs 32" ;;
	warpdrive) echo "-provider-path $PROV_DIR -provider warpdrive -provider default -propquery provider=warpdrive" ;;
	warpdrive+async) echo "-provider-path $PROV_DIR -provider warpdrive -provider default -propquery provider=warpdrive -async_jobs 32" ;;
	afalg) echo "-engine afalg" ;;
	esac
}
is_aead() { case ${1,,} in *-gcm|*-ccm|*-ocb|*-siv|chacha20-poly1305) return 0 ;; esac; return 1; }
is_cipher() { openssl list -cipher-algorithms 2>/dev/null | grep -qi -- "\b$1\b"; }

# Each run leaves $T/r<round>.<alg>.<row>.{out,err,stats} for the report.
run_one() {	# ROUND ALG ROW
	local f=$T/r$1.$2.$3 why="" extra=()
	case $3 in
	warpdrive*) why=$prov_reason ;;
	afalg)
		why=$afalg_reason
		# the engine offers AES-{128,192,256}-CBC only
		[ -n "$why" ] || case ${2,,} in aes-*-cbc) ;; *) why="the afalg engine serves AES-CBC only" ;; esac ;;
	esac
	[ "$JSON" = 1 ] || printf '.' >&2
	if [ -n "$why" ]; then
		echo "$why" >"$f.skip"
		return 0
	fi
	if is_cipher "$2"; then
		[ "$DECRYPT" = 1 ] && extra+=(-decrypt)
		[ "$AEAD" = 1 ] && is_aead "$2" && extra+=(-aead)
	fi
	# shellcheck disable=SC2046 # row_args is a word list on purpose
	if ! WARPDRIVE_STATS=$f.stats taskset -c "$CPU" openssl speed -elapsed -mr -seconds "$SECS" \
		$(row_args "$3") "${extra[@]}" -evp "$2" >"$f.out" 2>"$f.err"; then
		echo "openssl speed failed: $(grep -v '^+' "$f.err" | tail -n 2 | tr '\n' ' ')" >"$f.skip"
	fi
}

for ((r = 1; r <= ROUNDS; r++)); do
	for a in "${ALGS[@]}"; do
		for row in "${ROWS[@]}"; do
			run_one "$r" "$a" "$row"
		done
	done
done
[ "$JSON" = 1 ] || echo >&2

# Medians, ratios and the table.
python3 - "$T" "$ROUNDS" "$JSON" "$CPU" "$SECS" "$DECRYPT" "$AEAD" "$prov_reason" "$afalg_reason" \
	"$(openssl version)" "${#ALGS[@]}" "${ALGS[@]}" "${ROWS[@]}" <<-'EOF'
import json, os, statistics, sys
T, rounds, as_json, cpu, secs, dec, aead, prov_reason, afalg_reason, version, nalg = sys.argv[1:12]
rounds, nalg = int(rounds), int(nalg)
algs = sys.argv[12:12 + nalg]
rows = sys.argv[12 + nalg:]

def parse(path):
    """openssl speed -mr: +H:sizes... and +F:n:name:bytes-per-second..."""
    sizes = vals = None
    with open(path) as f:
        for line in f:
            p = line.strip().split(":")
            if p[0] == "+H":
                sizes = [int(x) for x in p[1:]]
            elif p[0] == "+F":
                vals = [float(x) / 1e6 for x in p[3:]]
    if not sizes or not vals or len(sizes) != len(vals):
        raise ValueError("no +H/+F lines in openssl speed's output")
    return sizes, vals

def stats(path):
    """WARPDRIVE_STATS: one JSON line per process; sum the request counts."""
    if not os.path.exists(path):
        return None
    tot = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                for k, v in json.loads(line).get("requests", {}).items():
                    tot[k] = tot.get(k, 0) + v
    return tot

results = []
for a in algs:
    base = None
    for row in rows:
        res = {"alg": a, "row": row, "sizes": None, "mbps": None, "ratio": None,
               "requests": None, "error": None}
        runs, reqs = [], []
        for r in range(1, rounds + 1):
            f = "%s/r%d.%s.%s" % (T, r, a, row)
            if os.path.exists(f + ".skip"):
                res["error"] = open(f + ".skip").read().strip()
                break
            try:
                runs.append(parse(f + ".out"))
            except (OSError, ValueError) as e:
                res["error"] = str(e)
                break
            s = stats(f + ".stats")
            if s is not None:
                reqs.append(s)
        if res["error"] is None:
            res["sizes"] = runs[0][0]
            res["mbps"] = [round(statistics.median(v), 2) for v in zip(*(x[1] for x in runs))]
            if reqs:
                res["requests"] = {k: sum(x.get(k, 0) for x in reqs) for k in sorted(set().union(*reqs))}
            if row == "default":
                base = res
            if base is not None and base["sizes"] == res["sizes"]:
                res["ratio"] = [round(v / b, 2) if b else None for v, b in zip(res["mbps"], base["mbps"])]
        results.append(res)

doc = {"openssl": version, "cpu": int(cpu), "seconds": int(secs), "rounds": rounds,
       "decrypt": dec == "1", "aead": aead == "1", "unit": "MB/s (1e6 bytes/s, wall clock)",
       "warpdrive": {"available": not prov_reason, "reason": prov_reason or None},
       "afalg": {"available": not afalg_reason, "reason": afalg_reason or None},
       "results": results}
if as_json == "1":
    json.dump(doc, sys.stdout, indent=1)
    print()
    sys.exit(0)

def served(req):
    if not req:
        return ""
    tot = sum(req.values()) or 1
    return ", ".join("%s %d%%" % (k, round(100 * v / tot)) for k, v in sorted(req.items(), key=lambda kv: -kv[1]))

print("%s; pinned to core %s; %s s per size; %d round(s)%s%s; MB/s\n" % (
    version, cpu, secs, rounds, "; decrypt" if dec == "1" else "", "; -aead" if aead == "1" else ""))
for a in algs:
    mine = [r for r in results if r["alg"] == a]
    sizes = next((r["sizes"] for r in mine if r["sizes"]), [16, 64, 256, 1024, 8192, 16384])
    print("### %s\n" % a)
    print("| row | " + " | ".join("%d B" % s for s in sizes) + " | ratio vs default | served by |")
    print("|---|" + "---:|" * len(sizes) + "---|---|")
    notes = []
    for r in mine:
        if r["error"]:
            notes.append("- %s: %s" % (r["row"], r["error"]))
            print("| %s | " % r["row"] + " | ".join("n/a" for _ in sizes) + " | | |")
            continue
        ratio = " / ".join("%.2f" % x if x is not None else "-" for x in r["ratio"]) if r["ratio"] else ""
        print("| %s | " % r["row"] + " | ".join(("%.1f" if v >= 10 else "%.2f") % v for v in r["mbps"]) +
              " | %s | %s |" % (ratio, served(r["requests"])))
    print()
    if notes:
        print("\n".join(notes) + "\n")
EOF
