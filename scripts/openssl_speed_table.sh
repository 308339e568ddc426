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
# row of the same run. Runs are pinned to one core so rows compare. Each size
# is its own `openssl speed -bytes` run, so the provider's counters say per
# size which path served it ("served by": sw = OpenSSL's code inside
# warpdrive, below its cpu_below_* thresholds).
#
# Usage: scripts/openssl_speed_table.sh [--build DIR] [--seconds N] [--rounds R]
#          [--cpu C] [--sizes N,N,...] [--decrypt] [--aead] [--alg NAME]... [--json]
#   --build DIR   build tree holding src/provider/warpdrive.so (default: build)
#   --seconds N   seconds per size (openssl speed -seconds; default 1)
#   --rounds R    repeat the whole table R times, rows interleaved; cells are
#                 medians (default 1)
#   --cpu C       the core to pin to (default 0)
#   --sizes LIST  message sizes in bytes (default openssl speed's:
#                 16,64,256,1024,8192,16384; with --aead for AEAD ciphers
#                 2,31,136,1024,8192,16384)
#   --decrypt     time decryption (openssl speed -decrypt; ciphers only)
#   --aead        TLS-like AEAD sequence for AEAD ciphers (openssl speed -aead;
#                 its sizes are 2 / 31 / 136 / 1 KiB / 8 KiB / 16 KiB)
#   --alg NAME    an -evp algorithm instead of the three defaults (repeatable)
#   --json        one JSON document instead of the Markdown table
# With WARPDRIVE_STATS (contract.md) each warpdrive run also reports which
# WarpDrive drivers ran its requests ("served by" column / "requests" key).
set -euo pipefail

usage() { sed -n '/^# Usage:/,/^# With WARPDRIVE_STATS/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

BUILD=build SECS=1 ROUNDS=1 CPU=0 DECRYPT=0 AEAD=0 JSON=0 SIZES=""
ALGS=()
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=${2:?}; shift 2 ;;
	--seconds) SECS=${2:?}; shift 2 ;;
	--rounds) ROUNDS=${2:?}; shift 2 ;;
	--cpu) CPU=${2:?}; shift 2 ;;
	--sizes) SIZES=${2:?}; shift 2 ;;
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
case $SIZES in *[!0-9,]*|,*|*,|*,,*) echo "openssl_speed_table: --sizes takes N,N,..." >&2; exit 2 ;; esac
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

# The sizes of ALG (openssl speed's own lists, see apps/speed.c).
sizes_of() {
	if [ -n "$SIZES" ]; then
		echo "${SIZES//,/ }"
	elif [ "$AEAD" = 1 ] && is_aead "$1"; then
		echo "2 31 136 1024 8192 16384"
	else
		echo "16 64 256 1024 8192 16384"
	fi
}

# Why ROW cannot run ALG, or nothing.
row_skip() {	# ALG ROW
	case $2 in
	warpdrive*) echo "$prov_reason" ;;
	afalg)
		if [ -n "$afalg_reason" ]; then
			echo "$afalg_reason"
		else
			# the engine offers AES-{128,192,256}-CBC only
			case ${1,,} in aes-*-cbc) ;; *) echo "the afalg engine serves AES-CBC only" ;; esac
		fi ;;
	esac
}

# Each run leaves $T/r<round>.<alg>.<row>.<size>.{out,err,stats} for the
# report, or $T/r<round>.<alg>.<row>.skip with the reason the row has none.
run_one() {	# ROUND ALG ROW SIZE
	local f=$T/r$1.$2.$3 why extra=()
	[ "$JSON" = 1 ] || printf '.' >&2
	[ ! -e "$f.skip" ] || return 0
	why=$(row_skip "$2" "$3")
	if [ -n "$why" ]; then
		echo "$why" >"$f.skip"
		return 0
	fi
	if is_cipher "$2"; then
		[ "$DECRYPT" = 1 ] && extra+=(-decrypt)
		[ "$AEAD" = 1 ] && is_aead "$2" && extra+=(-aead)
	fi
	# shellcheck disable=SC2046 # row_args is a word list on purpose
	if ! WARPDRIVE_STATS=$f.$4.stats taskset -c "$CPU" openssl speed -elapsed -mr -seconds "$SECS" \
		-bytes "$4" $(row_args "$3") "${extra[@]}" -evp "$2" >"$f.$4.out" 2>"$f.$4.err"; then
		echo "openssl speed -bytes $4 failed: $(grep -v '^+' "$f.$4.err" | tail -n 2 | tr '\n' ' ')" >"$f.skip"
	fi
}

# Rows innermost: the runs a ratio compares follow each other, so a load
# that comes and goes on a shared machine touches them alike.
for ((r = 1; r <= ROUNDS; r++)); do
	for a in "${ALGS[@]}"; do
		for n in $(sizes_of "$a"); do
			for row in "${ROWS[@]}"; do
				run_one "$r" "$a" "$row" "$n"
			done
		done
	done
done
[ "$JSON" = 1 ] || echo >&2

# Medians, ratios and the table.
sizes_args=()
for a in "${ALGS[@]}"; do sizes_args+=("$(sizes_of "$a")"); done
python3 - "$T" "$ROUNDS" "$JSON" "$CPU" "$SECS" "$DECRYPT" "$AEAD" "$prov_reason" "$afalg_reason" \
	"$(openssl version)" "${#ALGS[@]}" "${ALGS[@]}" "${sizes_args[@]}" "${ROWS[@]}" <<-'EOF'
import json, os, statistics, sys
T, rounds, as_json, cpu, secs, dec, aead, prov_reason, afalg_reason, version, nalg = sys.argv[1:12]
rounds, nalg = int(rounds), int(nalg)
algs = sys.argv[12:12 + nalg]
alg_sizes = {a: [int(x) for x in s.split()] for a, s in zip(algs, sys.argv[12 + nalg:12 + 2 * nalg])}
rows = sys.argv[12 + 2 * nalg:]

def parse(path):
    """openssl speed -mr -bytes N: +F:n:name:bytes-per-second -> MB/s"""
    with open(path) as f:
        for line in f:
            p = line.strip().split(":")
            if p[0] == "+F" and len(p) == 4:
                return float(p[3]) / 1e6
    raise ValueError("no +F line in %s" % os.path.basename(path))

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
    sizes = alg_sizes[a]
    base = None
    for row in rows:
        res = {"alg": a, "row": row, "sizes": sizes, "mbps": None, "ratio": None,
               "requests": None, "error": None}
        runs = []           # per round: MB/s per size
        reqs = {}           # size -> counters summed over the rounds
        for r in range(1, rounds + 1):
            f = "%s/r%d.%s.%s" % (T, r, a, row)
            if os.path.exists(f + ".skip"):
                res["error"] = open(f + ".skip").read().strip()
                break
            try:
                runs.append([parse("%s.%d.out" % (f, n)) for n in sizes])
            except (OSError, ValueError) as e:
                res["error"] = str(e)
                break
            for n in sizes:
                s = stats("%s.%d.stats" % (f, n))
                if s is not None:
                    acc = reqs.setdefault(str(n), {})
                    for k, v in s.items():
                        acc[k] = acc.get(k, 0) + v
        if res["error"] is None:
            res["mbps"] = [round(statistics.median(v), 2) for v in zip(*runs)]
            res["requests"] = reqs or None
            if row == "default":
                base = res
            if base is not None:
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

def served(sizes, req):
    """The driver that ran most requests at each size, runs of sizes grouped."""
    if not req:
        return ""
    out = []
    for n in sizes:
        c = {k: v for k, v in req.get(str(n), {}).items() if v}
        top = max(c, key=c.get) if c else "none"
        if out and out[-1][2] == top:
            out[-1][1] = n
        else:
            out.append([n, n, top])
    return "; ".join(("%d B" % lo if lo == hi else "%d-%d B" % (lo, hi)) + ": " + d for lo, hi, d in out)

print("%s; pinned to core %s; %s s per size; %d round(s)%s%s; MB/s\n" % (
    version, cpu, secs, rounds, "; decrypt" if dec == "1" else "", "; -aead" if aead == "1" else ""))
for a in algs:
    sizes = alg_sizes[a]
    print("### %s\n" % a)
    print("| row | " + " | ".join("%d B" % s for s in sizes) + " | ratio vs default | served by |")
    print("|---|" + "---:|" * len(sizes) + "---|---|")
    notes = []
    for r in (r for r in results if r["alg"] == a):
        if r["error"]:
            notes.append("- %s: %s" % (r["row"], r["error"]))
            print("| %s | " % r["row"] + " | ".join("n/a" for _ in sizes) + " | | |")
            continue
        ratio = " / ".join("%.2f" % x if x is not None else "-" for x in r["ratio"]) if r["ratio"] else ""
        print("| %s | " % r["row"] + " | ".join(("%.1f" if v >= 10 else "%.2f") % v for v in r["mbps"]) +
              " | %s | %s |" % (ratio, served(sizes, r["requests"])))
    print()
    if notes:
        print("\n".join(notes) + "\n")
EOF
