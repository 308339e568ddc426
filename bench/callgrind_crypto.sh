#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# callgrind_crypto.sh — the framework's instructions per sync crypto
# request, counted by callgrind (instruction counts repeat exactly for a
# given binary and input; nanoseconds on a shared machine do not).
#
#   bench/callgrind_crypto.sh [BUILD_DIR]      (default: build/ next to bench/)
#
# Compiles bench/callgrind_crypto.c against BUILD_DIR's libwd_crypto/libwd
# and the include/ of the source tree BUILD_DIR was configured from, then
# counts N requests (CG_CRYPTO_REQS, default 2000) of each phase after 16
# warm-up requests: AES-128-CBC encrypt 16 B and 4 KiB, SHA-256 4 KiB,
# HMAC-SHA256 4 KiB, AES-128-GCM encrypt 4 KiB (+16 B AAD), SM3 4 KiB;
# CPU drivers (TASK_INSTR).
#
# One callgrind run, collection on inside wd_do_{cipher,digest,aead}_sync
# only. Every instruction counted there is put in exactly one part:
#   library    inside libcrypto / libIPSec_MB, called from the framework
#   algorithm  the driver's algorithm code: everything under a function
#              that the driver's per-class dispatch (cipher_run, dg_run,
#              aead_run) calls — e.g. cipher_imb_cbc_enc (an ipsec-mb job),
#              dg_hash_run (padding, HMAC, SM3's own compression function),
#              aead_gcm_aes_run — with the library calls under it
#   framework  the rest: libwd + libwd_crypto (API checks, message, engine,
#              scheduler pick, ctx lock, the driver's send/recv/session
#              lock and dispatch) and the libc calls they make
# The framework is found by walking the call graph from the entry points,
# not descending into the library or the algorithm; the four parts must add
# up to the total (checked).
#
# The last line is for scripts:
#   framework_instr_per_req cbc16=N cbc4k=N sha256=N hmac=N gcm=N sm3=N
# Exit 1 when a phase's framework count reaches CG_CRYPTO_BOUND (default
# below), 77 (skip) without valgrind or on a sanitizer build.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=callgrind_lib.sh
. "$here/callgrind_lib.sh"
BUILD=${1:-$here/../build}
REQS=${CG_CRYPTO_REQS:-2000}
BOUND=${CG_CRYPTO_BOUND:-260}	# ~1.3x the highest count (gcm-enc-4k 202; the others 149-156)
TOP=${CG_CRYPTO_TOP:-12}
PHASES="cbc-enc-16 cbc-enc-4k sha256-4k hmac-sha256-4k gcm-enc-4k sm3-4k"
LIB_OBJ='^lib(crypto|IPSec_MB)\.so'
FW_OBJ='^libwd(_crypto)?\.so'
ENTRY='^wd_do_(cipher|digest|aead)_sync$'
DISPATCH='^(cipher_run|dg_run|dg_run_shared|aead_run|aead_run_shared)$'

cg_prepare callgrind_crypto wd_crypto wd_cipher.h CG_CRYPTO_REQS

valgrind --tool=callgrind --collect-atstart=no --compress-strings=no --compress-pos=no \
	--toggle-collect=wd_do_cipher_sync --toggle-collect=wd_do_digest_sync \
	--toggle-collect=wd_do_aead_sync --callgrind-out-file="$T/cg" \
	"$T/callgrind_crypto" "$REQS" >"$T/log" 2>&1 || {
	cat "$T/log"; echo "FAIL: the callgrind run failed"; exit 1; }

# The dump a phase's client request wrote.
dump() {
	grep -l "^desc: Trigger: Client Request: $1\$" "$T/cg".* 2>/dev/null | head -n 1
}

# Reads one uncompressed callgrind dump; prints
#   total N | part library|algorithm|fw_self|fw_libc N | check N
#   fw FN N (self, libwd*) | libc FN N (inclusive, called by the framework)
#   algo FN N (inclusive) | own N (self cost of our code under the algorithm)
#   dispatch N (dispatch functions seen)
cat >"$T/an.awk" <<'EOF'
function base(p) { sub(/.*\//, "", p); return p }
function bare(f) { sub(/@.*/, "", f); return f }
/^summary:/ { total = $2; next }
/^ob=/ { ob = base(substr($0, 4)); next }
/^fn=/ { fn = substr($0, 4); key = fn SUBSEP ob; fobj[key] = ob; cob = ob; next }
/^cob=/ { cob = base(substr($0, 5)); next }
/^cfn=/ { cfn = substr($0, 5); next }
/^calls=/ { incall = 1; next }
/^[0-9+*-]/ {
	if (!incall) {
		self[key] += $2
		next
	}
	incall = 0
	ck = cfn SUBSEP cob
	fobj[ck] = cob
	if (!((key, ck) in arc))
		out[key] = out[key] SUBSEP2 ck
	arc[key, ck] += $2
	cob = ob
	next
}
END {
	# the driver's algorithm entry points: what its dispatch calls
	for (k in out) {
		split(k, p, SUBSEP)
		if (bare(p[1]) !~ dispatch || fobj[k] !~ fwobj)
			continue
		ndisp++
		n = split(substr(out[k], 2), cs, SUBSEP2)
		for (i = 1; i <= n; i++)
			algo[cs[i]] = 1
	}
	# walk from the entry points through framework code only
	for (k in fobj) {
		split(k, p, SUBSEP)
		if (bare(p[1]) ~ entry && fobj[k] ~ fwobj) {
			fw[k] = 1
			queue[++qn] = k
		}
	}
	for (q = 1; q <= qn; q++) {
		k = queue[q]
		n = split(substr(out[k], 2), cs, SUBSEP2)
		for (i = 1; i <= n; i++) {
			c = cs[i]
			split(c, p, SUBSEP)
			v = arc[k, c]
			if (fobj[c] ~ libobj) {
				lib[bare(p[1])] += v
				part["library"] += v
			} else if (c in algo) {
				alg[bare(p[1])] += v
				part["algorithm"] += v
			} else if (fobj[c] ~ fwobj) {
				if (!(c in fw)) {
					fw[c] = 1
					queue[++qn] = c
				}
			} else {
				libc[bare(p[1])] += v
				part["fw_libc"] += v
			}
		}
	}
	for (k in fw) {
		split(k, p, SUBSEP)
		part["fw_self"] += self[k]
		if (self[k])
			fwself[bare(p[1])] += self[k]
	}
	# our own code under the algorithm entry points (e.g. SM3's rounds)
	for (k in self)
		if (fobj[k] ~ fwobj && !(k in fw))
			own += self[k]
	printf "total %.0f\n", total
	printf "dispatch %d\n", ndisp
	for (x in part) printf "part %s %.0f\n", x, part[x]
	for (x in fwself) printf "fw %s %.0f\n", x, fwself[x]
	for (x in libc) printf "libc %s %.0f\n", x, libc[x]
	for (x in alg) printf "algo %s %.0f\n", x, alg[x]
	for (x in lib) printf "lib %s %.0f\n", x, lib[x]
	printf "own %.0f\n", own
}
EOF
analyse() {
	awk -v libobj="$LIB_OBJ" -v fwobj="$FW_OBJ" -v entry="$ENTRY" -v dispatch="$DISPATCH" \
		-v SUBSEP2=$'\x1e' -f "$T/an.awk" "$1"
}
get() {	# get FILE KEY [NAME]
	awk -v k="$2" -v n="${3-}" '$1 == k && (n == "" ? NF == 2 : $2 == n) { print $NF; f = 1 }
		END { if (!f) print 0 }' "$1"
}

echo "callgrind_crypto: $REQS sync requests per phase after 16 warm-up, CPU drivers (TASK_INSTR)"
echo "  build:    $BUILD"
echo "  headers:  $SRC/include"
echo "  not counted: the libraries' work (lib*), the driver's algorithm code (algo*):"
echo "  everything under what its dispatch ($DISPATCH) calls"
echo
declare -A FW
fail=0
for ph in $PHASES; do
	f=$(dump "$ph")
	[ -n "$f" ] || { cat "$T/log"; echo "FAIL: no callgrind dump for $ph"; exit 1; }
	analyse "$f" >"$T/$ph"
	A=$T/$ph
	total=$(get "$A" total)
	if [ "$(get "$A" dispatch)" -eq 0 ]; then
		echo "FAIL: $ph: no driver dispatch function ($DISPATCH) was seen: renamed or inlined?"
		exit 1
	fi
	lib=$(get "$A" part library)
	algo=$(get "$A" part algorithm)
	fself=$(get "$A" part fw_self)
	flibc=$(get "$A" part fw_libc)
	fw=$((fself + flibc))
	diff=$((total - lib - algo - fw))
	if [ "${diff#-}" -gt "$REQS" ]; then
		echo "FAIL: $ph: the parts add up to $((lib + algo + fw)), the total is $total"
		echo "      (a framework function also called from library or algorithm code?)"
		exit 1
	fi
	FW[$ph]=$(per "$fw")
	printf '%-15s framework %4d instructions/request (%d in libwd/libwd_crypto + %d in libc)\n' \
		"$ph" "$(per "$fw")" "$(per "$fself")" "$(per "$flibc")"
	printf '%-15s not counted: library %d, driver algorithm %d (own code %d); total %d\n' "" \
		"$(per "$lib")" "$(per "$algo")" "$(per "$(get "$A" own)")" "$(per "$total")"
	awk -v n="$REQS" '$1 == "algo" || $1 == "lib" {
		printf "               %s %-30s %8d\n", $1 == "algo" ? "algo" : "lib ", $2, ($3 + n / 2) / n }' \
		"$A" | sort -k3,3nr
	echo "               framework by function (instructions/request, libc: with what it calls):"
	awk -v n="$REQS" '($1 == "fw" || $1 == "libc") && $3 >= n / 2 {
		printf "%8d  %-32s %s\n", ($3 + n / 2) / n, $2, $1 == "libc" ? "(libc)" : "" }' "$A" |
		sort -k1,1nr -k2 | head -n "$TOP" | sed 's/^/             /'
	if [ "$(per "$fw")" -ge "$BOUND" ]; then
		echo "FAIL: $ph: $(per "$fw") framework instructions/request, bound $BOUND"
		fail=1
	fi
done
echo
echo "framework_instr_per_req cbc16=${FW[cbc-enc-16]} cbc4k=${FW[cbc-enc-4k]}" \
	"sha256=${FW[sha256-4k]} hmac=${FW[hmac-sha256-4k]} gcm=${FW[gcm-enc-4k]} sm3=${FW[sm3-4k]}"
exit $fail
