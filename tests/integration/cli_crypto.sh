#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `wd info` and `wd bench` for the crypto classes: the CPU crypto drivers
# and every algorithm of UADK's tables listed (text and --json), short
# benches of a cipher, a digest, AEADs (both directions) and async with
# their JSON checked key by key (no timing is asserted: only that every
# implementation ran, was checked against the reference, and gave numbers),
# and usage errors (exit 2 with a message).
# Usage: cli_crypto.sh /path/to/wd
set -euo pipefail

WD=${1:?usage: cli_crypto.sh /path/to/wd}
# shellcheck source=cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"
cli_init crypto

# UADK 2.10's name tables (wd_cipher.c, wd_digest.c, wd_aead.c)
CIPHERS="ecb(aes) cbc(aes) ctr(aes) xts(aes) ofb(aes) cfb(aes) cbc-cs1(aes) cbc-cs2(aes)
	cbc-cs3(aes) ecb(sm4) cbc(sm4) ctr(sm4) xts(sm4) ofb(sm4) cfb(sm4) cbc-cs1(sm4)
	cbc-cs2(sm4) cbc-cs3(sm4) ecb(des) cbc(des) ecb(des3_ede) cbc(des3_ede)"
DIGESTS="sm3 md5 sha1 sha256 sha224 sha384 sha512 sha512-224 sha512-256 xcbc-mac-96(aes)
	xcbc-prf-128(aes) cmac(aes) gmac(aes)"
AEADS="ccm(aes) gcm(aes) authenc(generic,cbc(aes)) authenc(generic,cbc(sm4)) ccm(sm4) gcm(sm4)"
pylist() { python3 -c "import sys; print(repr(sys.argv[1].split()))" "$1"; }

expect "wd info" "$WD" info
for d in cpu_cipher cpu_digest cpu_aead; do
	grep -q "^  $d " "$T/out" && ok "info lists $d" || bad "info lists $d"
done
# the last names of the long lists: nothing cut off
for a in "cbc(des3_ede)" "gmac(aes)" "authenc(generic,cbc(sm4))"; do
	grep -qF "$a" "$T/out" && ok "info shows $a" || bad "info shows $a"
done
grep -q "default wd_cipher init.*sync.*async on cpu_cipher" "$T/out" &&
	ok "info: ctxs of a cipher init" || bad "info: ctxs of a cipher init"

expect "wd info --json" "$WD" info --json
for c in "cipher:$CIPHERS" "digest:$DIGESTS" "aead:$AEADS"; do
	cls=${c%%:*}
	json "info JSON: cpu_$cls serves every UADK $cls name" \
		"[set(x['algorithm_list']) >= set($(pylist "${c#*:}")) and x['kind'] == 'cpu' and
		  x['class'] == '$cls' and x['available'] for x in d['drivers']
		  if x['name'] == 'cpu_$cls'] == [True]"
	json "info JSON: a default $cls init has sync and async ctxs" \
		"d['crypto']['$cls']['init'] == 0 and
		 {c['mode'] for c in d['crypto']['$cls']['ctxs']} == {'sync', 'async'} and
		 all(c['driver'] == 'cpu_$cls' for c in d['crypto']['$cls']['ctxs'])"
done
json "info JSON: the algorithms string is the whole list" \
	"all(x['algorithms'].split() == x['algorithm_list'] for x in d['drivers'])"

B=(--duration 0.02 --rounds 1)
ROW_KEYS="('name', 'mbps', 'mbps_min', 'mbps_max', 'ns_per_req', 'rounds_mbps')"
SIZE_KEYS="('size', 'rows', 'wd_over_evp', 'best_direct', 'wd_over_best_direct')"
TOP_KEYS="('alg', 'class', 'key_bits', 'op', 'mode', 'inflight', 'threads', 'rounds', 'aad', 'mac_bytes', 'notes', 'sizes')"
# bench_json NAME ALG IMPLS SIZES [ARGS...]: the JSON has every key, one row per
# implementation with numbers, and the sizes asked for
bench_json() {
	local name=$1 alg=$2 impls=$3 sizes=$4; shift 4
	expect "bench $name" "$WD" bench --alg "$alg" --sizes "$sizes" "${B[@]}" --json "$@"
	json "bench $name: JSON keys" \
		"all(k in d for k in $TOP_KEYS) and all(k in s for s in d['sizes'] for k in $SIZE_KEYS)
		 and all(k in r for s in d['sizes'] for r in s['rows'] for k in $ROW_KEYS)"
	json "bench $name: sizes $sizes" "[s['size'] for s in d['sizes']] == [$sizes]"
	json "bench $name: rows $impls, each with MB/s" \
		"all([r['name'] for r in s['rows']] == $impls and all(r['mbps'] > 0 and
		      r['ns_per_req'] > 0 and len(r['rounds_mbps']) == d['rounds'] for r in s['rows'])
		     for s in d['sizes'])"
	json "bench $name: ratios" \
		"all(s['wd_over_evp'] > 0 and s['wd_over_best_direct'] > 0 and
		     s['best_direct'] in $impls[1:] for s in d['sizes'])"
}

bench_json "cbc(aes) enc" "cbc(aes)" "['wd', 'evp', 'ipsec-mb']" "16,4096"
json "bench cbc(aes): wd checked against evp" \
	"d['notes']['wd'] == 'same output as evp' and d['notes']['ipsec-mb'] == 'same output as evp'
	 and d['alg'] == 'cbc(aes)' and d['class'] == 'cipher' and d['key_bits'] == 128
	 and d['op'] == 'enc' and d['mode'] == 'sync'"
bench_json "aes-256-cbc dec (alias)" aes-256-cbc "['wd', 'evp', 'ipsec-mb']" "64" --op dec
json "bench aes-256-cbc: key size from the name" \
	"d['alg'] == 'cbc(aes)' and d['key_bits'] == 256 and d['op'] == 'dec'"
bench_json "hmac-sha256 (alias)" hmac-sha256 "['wd', 'evp', 'ipsec-mb']" "64,1024"
json "bench hmac-sha256: a digest" \
	"d['alg'] == 'hmac(sha256)' and d['class'] == 'digest' and d['op'] == 'digest'
	 and d['mac_bytes'] == 32 and d['notes']['wd'] == 'same output as evp'"
bench_json "gcm(aes) dec" "gcm(aes)" "['wd', 'evp', 'ipsec-mb']" "16,1024" --op dec
json "bench gcm(aes) dec: wd decrypts a library's encryption" \
	"d['notes']['wd'] == \"decrypts evp's encryption\" and d['aad'] == 16"
bench_json "authenc enc" "authenc(hmac(sha256),cbc(aes))" "['wd', 'evp', 'ipsec-mb']" "16,1024"
bench_json "ccm(aes) dec" "ccm(aes)" "['wd', 'evp', 'ipsec-mb']" "32" --op dec
bench_json "cbc(aes) async, 2 threads" "cbc(aes)" "['wd', 'evp', 'ipsec-mb', 'ipsec-mb-inflight']" \
	"1024" --async --inflight 8 --threads 2
json "bench async: mode and in-flight count" \
	"d['mode'] == 'async' and d['inflight'] == 8 and d['threads'] == 2"
json "bench async: every wd request counted under cpu_cipher" \
	"d['task'] == 'instr' and list(d['wd_drivers']) == ['cpu_cipher'] and d['wd_drivers']['cpu_cipher'] > 0"
bench_json "sha256 --task mix" sha256 "['wd', 'evp', 'ipsec-mb']" "64" --task mix
json "bench --task mix: the report names the drivers that ran wd's requests" \
	"d['task'] == 'mix' and len(d['wd_drivers']) >= 1 and all(n > 0 for n in d['wd_drivers'].values())"
# no library has SM4-GCM here: wd alone, and the JSON says so
expect "bench gcm(sm4)" "$WD" bench --alg "gcm(sm4)" --sizes 64 "${B[@]}" --json
json "bench gcm(sm4): a wd row, n/a ratios" \
	"[r['name'] for r in d['sizes'][0]['rows']][0] == 'wd' and
	 (d['sizes'][0]['wd_over_evp'] is None) == ('evp' not in [r['name'] for r in d['sizes'][0]['rows']])"

expect "bench table" "$WD" bench --alg sha256 --sizes 16,64 "${B[@]}"
grep -q "wd/evp" "$T/out" && grep -q "64 B" "$T/out" && ok "bench prints a table" ||
	bad "bench prints a table"
expect "bench --help" "$WD" bench --alg "cbc(aes)" --help
grep -q -- "--inflight" "$T/out" && ok "crypto help lists --inflight" || bad "crypto help lists --inflight"

expect_code "bench: unknown algorithm" 2 "$WD" bench --alg "cbc(foo)"
expect_code "bench: bad --task" 2 "$WD" bench --alg "cbc(aes)" --task gpu
if ! ls /sys/class/uacce 2>/dev/null | grep -q .; then
	expect_code "bench --task hw without a device: a clear error" 1 "$WD" bench --alg sha256 --task hw
fi
expect_code "bench: bad key size" 2 "$WD" bench --alg "cbc(aes)" --key-bits 100
expect_code "bench: key size for SM4" 2 "$WD" bench --alg "cbc(sm4)" --key-bits 256
expect_code "bench: size not a whole block" 2 "$WD" bench --alg "cbc(aes)" --sizes 17
expect_code "bench: size 0" 2 "$WD" bench --alg "sha256" --sizes 0
expect_code "bench: a digest has no --op dec" 2 "$WD" bench --alg sha256 --op dec
expect_code "bench: bad --op" 2 "$WD" bench --alg "cbc(aes)" --op sideways
expect_code "bench: --inflight 0" 2 "$WD" bench --alg "cbc(aes)" --async --inflight 0
expect_code "bench: bad --libs" 2 "$WD" bench --alg "cbc(aes)" --libs openssl,foo
expect_code "bench: a compression option" 2 "$WD" bench --alg "cbc(aes)" --level 3
expect_code "bench: stray argument" 2 "$WD" bench --alg "cbc(aes)" extra
grep -q "unexpected argument" "$T/err" && ok "stray argument named" || bad "stray argument named"

cli_done
