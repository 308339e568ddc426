# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# The crypto half of run_client_tests.sh, sourced from it (it uses that
# script's prefix, libdir, scratch, pkc, compile, run, ok, bad): libwd_crypto
# installed as UADK 2.10's (headers, pkg-config file, soname, the version
# node on the 55 symmetric functions and the scheduler, struct layouts), and
# two client programs compiled against it: DPDK's crypto PMD pattern and
# uadk_provider's (OpenSSL 3).

# --- installed files and pkg-config ----------------------------------------
missing=
for h in wd_cipher.h wd_digest.h wd_aead.h wd_alg.h wd_internal.h; do
	[ -f "$prefix/include/uadk/$h" ] || missing="$missing $h"
done
[ -z "$missing" ] && ok "crypto headers installed (wd_cipher.h wd_digest.h wd_aead.h wd_alg.h wd_internal.h)" ||
	bad "crypto headers not installed under $prefix/include/uadk:$missing"

if ! pkg-config --exists libwd_crypto; then
	bad "pkg-config --exists libwd_crypto: $(pkg-config --print-errors --exists libwd_crypto 2>&1)"
	return 0
fi
v=$(pkg-config --modversion libwd_crypto)
[ "$v" = 2.10 ] && ok "libwd_crypto.pc Version 2.10" || bad "libwd_crypto.pc Version '$v', UADK 2.10 has 2.10"
pkg-config --atleast-version=2.9.1 libwd_crypto && ok "libwd_crypto >= 2.9.1 (DPDK 25.07)" ||
	bad "pkg-config --atleast-version=2.9.1 libwd_crypto (version $v)"
v=$(pkg-config --print-requires-private libwd_crypto | tr -d ' \n')
[ "$v" = libwd ] && ok "libwd_crypto.pc Requires.private libwd" ||
	bad "libwd_crypto.pc Requires.private '$v', want libwd"

# --- the client programs ----------------------------------------------------
# The version node of each imported wd_* symbol: wd_get_accel_* are libwd's.
imports_ok() {	# binary
	objdump -T "$1" | awk '/\*UND\*/ && $NF ~ /^wd_/ {
		v = $(NF-1); gsub(/[()]/, "", v)
		want = $NF ~ /^wd_(get_accel_|free_list_accels)/ ? "UADK_2.0" : "UADK_CRYPTO_2.0"
		n++
		if (v != want) { print "  " $NF "@" v " (want " want ")"; bad = 1 }
	} END { exit bad || !n }'
}

cflags=$(pkc --cflags libwd libwd_crypto)
libs=$(pkc --libs libwd libwd_crypto)
echo "pkg-config (crypto): cflags '$cflags' libs '$libs'"
# the clients check their results with OpenSSL themselves
client_pre=
client_libs=-lcrypto
if compile dpdk_crypto_client "$here/dpdk_crypto_client.c" "$here/crypto_client_util.c"; then
	if out=$(imports_ok "$scratch/bin/dpdk_crypto_client"); then
		ok "dpdk_crypto_client imports wd_* @UADK_CRYPTO_2.0 (wd_get_accel_dev @UADK_2.0)"
	else
		bad "dpdk_crypto_client imports:"
		echo "$out"
	fi
	# TASK_HW (the PMD's digest init) works with WD_CPU_AS_HW=1 and is -WD_ENODEV without
	run dpdk_crypto_client WD_CPU_AS_HW=1 $to "$scratch/bin/dpdk_crypto_client"
	run dpdk_crypto_client_nodev $to "$scratch/bin/dpdk_crypto_client"
fi
# uadk_provider links no -lnuma: numa_* come through libwd's NEEDED libnuma,
# and its -z now resolves every import at load time
client_pre=-Wl,--copy-dt-needed-entries
client_libs="-lcrypto -Wl,-z,now"
if compile ossl_provider_client "$here/ossl_provider_client.c" "$here/ossl_provider_aead.c" \
	   "$here/crypto_client_util.c"; then
	if out=$(imports_ok "$scratch/bin/ossl_provider_client"); then
		ok "ossl_provider_client imports wd_* @UADK_CRYPTO_2.0"
	else
		bad "ossl_provider_client imports:"
		echo "$out"
	fi
	readelf -d "$scratch/bin/ossl_provider_client" | grep -q 'FLAGS.*BIND_NOW\|FLAGS_1.*NOW' &&
		ok "ossl_provider_client is BIND_NOW, as uadk_provider.so" ||
		bad "ossl_provider_client was not linked -z now"
	run ossl_provider_client $to "$scratch/bin/ossl_provider_client"
fi
client_pre=
client_libs=-lz

# --- symbols, soname -------------------------------------------------------
lib=$libdir/libwd_crypto.so.2
# UADK 2.10's libwd_crypto.map, symmetric part: the names it defines
want="wd_cipher_init wd_cipher_uninit wd_cipher_init2_ wd_cipher_uninit2 wd_cipher_alloc_sess
wd_cipher_free_sess wd_cipher_set_key wd_do_cipher_sync wd_do_cipher_async wd_cipher_poll_ctx
wd_cipher_poll wd_cipher_env_init wd_cipher_env_uninit wd_cipher_ctx_num_init
wd_cipher_ctx_num_uninit wd_cipher_get_env_param wd_cipher_get_msg
wd_aead_init wd_aead_uninit wd_aead_init2_ wd_aead_uninit2 wd_aead_alloc_sess wd_aead_free_sess
wd_aead_set_ckey wd_aead_set_akey wd_do_aead_sync wd_do_aead_async wd_aead_set_authsize
wd_aead_get_authsize wd_aead_get_maxauthsize wd_aead_poll_ctx wd_aead_poll wd_aead_env_init
wd_aead_env_uninit wd_aead_ctx_num_init wd_aead_ctx_num_uninit wd_aead_get_env_param
wd_aead_get_msg
wd_digest_init wd_digest_uninit wd_digest_init2_ wd_digest_uninit2 wd_digest_alloc_sess
wd_digest_free_sess wd_do_digest_sync wd_do_digest_async wd_digest_set_key wd_digest_poll_ctx
wd_digest_poll wd_digest_env_init wd_digest_env_uninit wd_digest_ctx_num_init
wd_digest_ctx_num_uninit wd_digest_get_env_param wd_digest_get_msg
wd_sched_rr_instance wd_sched_rr_alloc wd_sched_rr_release"
if [ ! -f "$lib" ]; then
	bad "$lib not installed"
elif command -v objdump >/dev/null 2>&1 && command -v readelf >/dev/null 2>&1; then
	want=$(echo "$want" | tr ' ' '\n' | grep . | sort)
	got=$(objdump -T "$lib" | awk 'NF >= 2 && $0 !~ /\*UND\*/ && $(NF-1) == "UADK_CRYPTO_2.0" &&
		$NF != "UADK_CRYPTO_2.0" {print $NF}' | sort)
	nwant=$(echo "$want" | wc -l)
	if [ "$got" = "$want" ]; then
		ok "libwd_crypto.so.2 defines exactly UADK 2.10's $nwant symmetric + scheduler functions @UADK_CRYPTO_2.0"
	else
		bad "libwd_crypto.so.2 @UADK_CRYPTO_2.0 differs from UADK 2.10's $nwant names:" \
		    "missing: $(comm -23 <(echo "$want") <(echo "$got") | tr '\n' ' ')" \
		    "extra: $(comm -13 <(echo "$want") <(echo "$got") | tr '\n' ' ')"
	fi
	v=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
	[ "$v" = libwd_crypto.so.2 ] && ok "libwd_crypto.so.2 SONAME $v" ||
		bad "libwd_crypto.so.2 SONAME '$v', want libwd_crypto.so.2"
	readelf -d "$lib" | grep -q 'NEEDED.*\[libwd\.so\.2\]' &&
		ok "libwd_crypto.so.2 needs libwd.so.2" || bad "libwd_crypto.so.2 does not record NEEDED libwd.so.2"
else
	bad "objdump/readelf (binutils) missing: cannot check libwd_crypto's version node and soname"
fi

# --- struct layouts of UADK 2.10, compiled against the installed headers ----
# shellcheck disable=SC2086
if "$cc" -std=c11 -Wall -Wextra -Werror $sanflags $cflags "$here/crypto_layout_check.c" \
	-o "$scratch/bin/crypto_layout_check" $libs >"$scratch/crypto_layout.cc.log" 2>&1; then
	out=$(env LD_LIBRARY_PATH="$libdir" "$scratch/bin/crypto_layout_check" 2>&1)
	rc=$?
	echo "$out"
	[ $rc -eq 0 ] && ok "crypto struct layouts and constants match UADK 2.10" ||
		bad "crypto struct layouts / constants differ from UADK 2.10"
else
	bad "crypto layout check does not compile against the installed headers:"
	cat "$scratch/crypto_layout.cc.log"
fi
