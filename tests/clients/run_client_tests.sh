#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Client programs against the *installed* WarpDrive, the way QEMU, DPDK and
# uadk_provider consume UADK: install the build into a scratch prefix, compile
# the clients with nothing but `pkg-config --cflags --libs libwd libwd_comp`
# (crypto: libwd libwd_crypto, and -lcrypto for their OpenSSL reference; no
# -I into the source tree), run them, and check the binary-compatibility
# facts (version nodes, sonames, struct layouts of UADK 2.10). The crypto
# half lives in crypto_client_tests.sh, sourced from here.
#
# usage: run_client_tests.sh BUILD_DIR SCRATCH_DIR [--cc CC] [--cmake CMAKE] [--sanitize]
#   --sanitize  the libraries carry ASan/UBSan (WD_SANITIZE=ON): build the
#               clients with the same runtime (use --cc with the library's compiler)
# Exit: 0 all passed, 1 something failed, 77 skipped (no compiler or pkg-config).
set -u

here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { echo "usage: $0 BUILD_DIR SCRATCH_DIR [--cc CC] [--cmake CMAKE] [--sanitize]" >&2; exit 2; }
build=$1
scratch=$2
shift 2
cc=cc
cmake=cmake
sanitize=0
while [ $# -gt 0 ]; do
	case $1 in
	--cc) cc=$2; shift 2 ;;
	--cmake) cmake=$2; shift 2 ;;
	--sanitize) sanitize=1; shift ;;
	*) echo "$0: unknown argument $1" >&2; exit 2 ;;
	esac
done

for tool in "$cc" pkg-config; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: client tests need '$tool', which is not installed"
		exit 77
	fi
done

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "PASS: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() {
	echo "run_client_tests: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

# Nothing from the environment may steer the compile or the library.
unset CPATH C_INCLUDE_PATH LIBRARY_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR
unset WD_COMP_CTX_NUM WD_COMP_ASYNC_POLL_EN WD_COMP_EPOLL_EN WD_CPU_AS_HW
for c in CIPHER DIGEST AEAD; do
	unset WD_${c}_CTX_NUM WD_${c}_ASYNC_POLL_EN WD_${c}_EPOLL_EN
done

mkdir -p "$scratch" || { bad "cannot create $scratch"; finish; }
scratch=$(cd "$scratch" && pwd)
prefix=$scratch/prefix
rm -rf "${prefix:?}" "${scratch:?}/bin"
mkdir -p "$scratch/bin"

# --- install ------------------------------------------------------------
if "$cmake" --install "$build" --prefix "$prefix" >"$scratch/install.log" 2>&1; then
	ok "cmake --install $build --prefix $prefix"
else
	bad "cmake --install failed:"
	tail -20 "$scratch/install.log"
	finish
fi

pc=$(find "$prefix" -name libwd_comp.pc -path '*/pkgconfig/*' | head -1)
if [ -z "$pc" ] || [ ! -f "$(dirname "$pc")/libwd.pc" ]; then
	bad "libwd.pc / libwd_comp.pc not installed under $prefix"
	finish
fi
pcdir=$(dirname "$pc")
libdir=$(dirname "$pcdir")
echo "installed: pkg-config files in $pcdir, libraries in $libdir"
for h in wd.h wd_alg_common.h wd_sched.h wd_comp.h uacce.h; do
	[ -f "$prefix/include/uadk/$h" ] || bad "header $prefix/include/uadk/$h not installed"
done

export PKG_CONFIG_PATH=$pcdir
pkc() { pkg-config $pcflags "$@"; }
pcflags=

# --- pkg-config ---------------------------------------------------------
if pkg-config --exists libwd libwd_comp; then
	ok "pkg-config finds libwd and libwd_comp"
else
	bad "pkg-config --exists libwd libwd_comp: $(pkg-config --print-errors --exists libwd libwd_comp 2>&1)"
	finish
fi
pkg-config --atleast-version=2.6 libwd_comp && ok "libwd_comp >= 2.6 (QEMU)" ||
	bad "pkg-config --atleast-version=2.6 libwd_comp (version $(pkg-config --modversion libwd_comp))"
pkg-config --atleast-version=2.9.1 libwd && ok "libwd >= 2.9.1 (DPDK)" ||
	bad "pkg-config --atleast-version=2.9.1 libwd (version $(pkg-config --modversion libwd))"
pkg-config --atleast-version=2.9.1 libwd_comp && ok "libwd_comp >= 2.9.1 (DPDK)" ||
	bad "pkg-config --atleast-version=2.9.1 libwd_comp (version $(pkg-config --modversion libwd_comp))"
echo "versions: libwd $(pkg-config --modversion libwd), libwd_comp $(pkg-config --modversion libwd_comp)"

# The .pc files must describe where they were installed, not the configure-time prefix.
pcprefix=$(pkg-config --variable=prefix libwd_comp)
if [ "$(realpath -m "$pcprefix")" = "$(realpath -m "$prefix")" ]; then
	ok "libwd_comp.pc prefix is the install prefix"
else
	bad "libwd_comp.pc says prefix=$pcprefix but 'cmake --install --prefix $prefix' put it here" \
	    "(the .pc is configured with CMAKE_INSTALL_PREFIX at configure time); continuing with" \
	    "pkg-config --define-prefix"
	pcflags=--define-prefix
fi

# --- compile the clients ------------------------------------------------
sanflags=
[ "$sanitize" -eq 1 ] && sanflags="-fsanitize=address,undefined -fno-omit-frame-pointer"
cflags=$(pkc --cflags libwd libwd_comp)
libs=$(pkc --libs libwd libwd_comp)
echo "pkg-config: cflags '$cflags' libs '$libs'"
srcdir=$(cd "$here/../.." && pwd)
case " $cflags " in
*"$srcdir/include"*) bad "pkg-config cflags point into the source tree ($srcdir/include)" ;;
esac

# compile NAME SOURCE...: with $cflags / $libs (pkg-config's), $client_pre
# before them on the link line and $client_libs after them
client_pre=
client_libs=-lz
compile() {
	local name=$1 out=$scratch/bin/$1 dep src
	shift
	# shellcheck disable=SC2086
	if ! "$cc" -std=c11 -Wall -Wextra -Werror -O2 -g $sanflags $cflags "$@" -o "$out" \
	     $client_pre $libs $client_libs -pthread >"$scratch/$name.cc.log" 2>&1; then
		bad "compile $name against the installed headers:"
		cat "$scratch/$name.cc.log"
		return 1
	fi
	# every uadk/ header must have come from the install prefix
	for src in "$@"; do
		# shellcheck disable=SC2086
		dep=$("$cc" -std=c11 $cflags -M "$src" 2>/dev/null | tr ' \\' '\n\n' | grep '/uadk/' | grep -v "^$prefix/" || true)
		if [ -n "$dep" ]; then
			bad "$name picked up uadk headers outside $prefix: $dep"
			return 1
		fi
	done
	ok "compile $name with pkg-config flags only"
}

run() {	# name [env...] -- args...
	local name=$1 rc log
	shift
	log=$scratch/$name.run.log
	env LD_LIBRARY_PATH="$libdir" "$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	if [ $rc -eq 0 ] && grep -q " 0 failed" "$log"; then
		ok "$name"
	else
		bad "$name (exit $rc)"
	fi
}

to=
command -v timeout >/dev/null 2>&1 && to="timeout 600"

if compile qemu_multifd_client "$here/qemu_multifd_client.c"; then
	lib=$(env LD_LIBRARY_PATH="$libdir" ldd "$scratch/bin/qemu_multifd_client" | awk '/libwd_comp/ {print $3}')
	case $lib in
	"$libdir"/*) ok "qemu_multifd_client loads $lib" ;;
	*) bad "qemu_multifd_client resolves libwd_comp to '$lib', not the installed one" ;;
	esac
	# the client must import what QEMU imports, under UADK's version node
	imports=$(objdump -T "$scratch/bin/qemu_multifd_client" | awk '/\*UND\*/ && $NF ~ /^wd_/ {print $(NF-1), $NF}' | sort | tr '\n' ' ')
	want="(UADK_COMP_2.0) wd_comp_alloc_sess (UADK_COMP_2.0) wd_comp_free_sess (UADK_COMP_2.0) wd_comp_init2_ (UADK_COMP_2.0) wd_comp_uninit2 (UADK_COMP_2.0) wd_do_comp_sync "
	[ "$imports" = "$want" ] && ok "qemu_multifd_client imports exactly QEMU's five wd_ symbols @UADK_COMP_2.0" ||
		bad "qemu_multifd_client imports: $imports; want $want"
	run qemu_multifd_client WD_CPU_AS_HW=1 $to "$scratch/bin/qemu_multifd_client"
	run qemu_multifd_client_nodev $to "$scratch/bin/qemu_multifd_client" --expect-nodev
fi
if compile dpdk_async_client "$here/dpdk_async_client.c"; then
	imports=$(objdump -T "$scratch/bin/dpdk_async_client" | awk '/\*UND\*/ && $NF ~ /^wd_/ {print $(NF-1), $NF}' | sort | tr '\n' ' ')
	case $imports in
	*"(UADK_2.0) wd_get_accel_dev"*"(UADK_COMP_2.0) wd_comp_init2_"*) ok "dpdk_async_client imports @UADK_2.0/@UADK_COMP_2.0: $imports" ;;
	*) bad "dpdk_async_client imports: $imports" ;;
	esac
	run dpdk_async_client $to "$scratch/bin/dpdk_async_client"
fi

# --- binary compatibility: version nodes and sonames ----------------------
if command -v objdump >/dev/null 2>&1 && command -v readelf >/dev/null 2>&1; then
	exports() {	# lib node sym...
		local lib=$1 node=$2 sym missing=
		shift 2
		for sym in "$@"; do
			objdump -T "$lib" | awk -v n="$node" -v s="$sym" \
				'$0 !~ /\*UND\*/ && $NF == s && $(NF-1) == n {f = 1} END {exit !f}' ||
				missing="$missing $sym"
		done
		[ -z "$missing" ] && ok "$(basename "$lib") exports $* @$node" ||
			bad "$(basename "$lib") lacks @$node:$missing"
	}
	exports "$libdir/libwd_comp.so.2" UADK_COMP_2.0 wd_comp_init2_ wd_comp_uninit2 \
		wd_comp_alloc_sess wd_comp_free_sess wd_do_comp_sync
	exports "$libdir/libwd_comp.so.2" UADK_COMP_2.0 wd_do_comp_async wd_comp_poll \
		wd_do_comp_strm wd_do_comp_sync2 wd_comp_init wd_comp_uninit \
		wd_sched_rr_alloc wd_sched_rr_instance wd_sched_rr_release
	exports "$libdir/libwd.so.2" UADK_2.0 wd_get_accel_dev wd_get_accel_list wd_free_list_accels
	soname() {	# lib want
		local got
		got=$(readelf -d "$1" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
		[ "$got" = "$2" ] && ok "$(basename "$1") SONAME $got" ||
			bad "$(basename "$1") SONAME '$got', want $2"
	}
	soname "$libdir/libwd.so.2" libwd.so.2
	soname "$libdir/libwd_comp.so.2" libwd_comp.so.2
	readelf -d "$libdir/libwd_comp.so.2" | grep -q 'NEEDED.*\[libwd\.so\.2\]' &&
		ok "libwd_comp.so.2 needs libwd.so.2" || bad "libwd_comp.so.2 does not record NEEDED libwd.so.2"
else
	bad "objdump/readelf (binutils) missing: cannot check version nodes and sonames"
fi

# --- struct layouts of UADK 2.10 (LP64: x86_64 and aarch64) -------------------
# Offsets computed from Linaro UADK 97d643e4 include/wd_comp.h, wd_alg_common.h,
# wd_sched.h, wd.h (and confirmed by compiling those headers).
cat >"$scratch/layout_check.c" <<'EOF'
#include <stddef.h>
#include <stdio.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>

static int fails, passes;

static void eq(const char *what, long got, long want)
{
	if (got == want) {
		passes++;
		return;
	}
	fails++;
	printf("layout: %s is %ld, UADK 2.10 has %ld\n", what, got, want);
}

#define OFF(s, m, v)	eq("offsetof(struct " #s ", " #m ")", (long)offsetof(struct s, m), v)
#define SIZE(s, v)	eq("sizeof(struct " #s ")", (long)sizeof(struct s), v)
#define VAL(e, v)	eq(#e, (long)(e), v)

int main(void)
{
	if (sizeof(void *) != 8 || sizeof(long) != 8) {
		printf("layout: not an LP64 target, expected values do not apply\n");
		return 0;
	}
	OFF(wd_comp_req, src, 0); OFF(wd_comp_req, list_src, 0);
	OFF(wd_comp_req, src_len, 8); OFF(wd_comp_req, dst, 16);
	OFF(wd_comp_req, list_dst, 16); OFF(wd_comp_req, dst_len, 24);
	OFF(wd_comp_req, cb, 32); OFF(wd_comp_req, cb_param, 40);
	OFF(wd_comp_req, op_type, 48); OFF(wd_comp_req, data_fmt, 52);
	OFF(wd_comp_req, last, 56); OFF(wd_comp_req, status, 60);
	OFF(wd_comp_req, priv, 64); SIZE(wd_comp_req, 72);

	OFF(wd_comp_sess_setup, alg_type, 0); OFF(wd_comp_sess_setup, comp_lv, 4);
	OFF(wd_comp_sess_setup, win_sz, 8); OFF(wd_comp_sess_setup, op_type, 12);
	OFF(wd_comp_sess_setup, sched_param, 16); OFF(wd_comp_sess_setup, mm_ops, 24);
	OFF(wd_comp_sess_setup, mm_type, 80); SIZE(wd_comp_sess_setup, 88);

	OFF(wd_mm_ops, alloc, 0); OFF(wd_mm_ops, free, 8); OFF(wd_mm_ops, iova_map, 16);
	OFF(wd_mm_ops, iova_unmap, 24); OFF(wd_mm_ops, get_bufsize, 32);
	OFF(wd_mm_ops, usr, 40); OFF(wd_mm_ops, sva_mode, 48); SIZE(wd_mm_ops, 56);

	OFF(sched_params, numa_id, 0); OFF(sched_params, type, 4); OFF(sched_params, mode, 5);
	OFF(sched_params, begin, 8); OFF(sched_params, end, 12); OFF(sched_params, dev_id, 16);
	SIZE(sched_params, 20);

	OFF(wd_ctx_params, op_type_num, 0); OFF(wd_ctx_params, ctx_set_num, 8);
	OFF(wd_ctx_params, bmp, 16); OFF(wd_ctx_params, cap, 24); SIZE(wd_ctx_params, 32);
	OFF(wd_ctx_nums, sync_ctx_num, 0); OFF(wd_ctx_nums, async_ctx_num, 4);
	SIZE(wd_ctx_nums, 8);
	OFF(wd_cap_config, ctx_msg_num, 0); SIZE(wd_cap_config, 8);
	OFF(wd_datalist, data, 0); OFF(wd_datalist, len, 8); OFF(wd_datalist, next, 16);
	SIZE(wd_datalist, 24);

	/* enum values cross the boundary too */
	VAL(WD_DEFLATE, 0); VAL(WD_ZLIB, 1); VAL(WD_GZIP, 2); VAL(WD_LZ77_ZSTD, 3);
	VAL(WD_DIR_COMPRESS, 0); VAL(WD_DIR_DECOMPRESS, 1); VAL(WD_DIR_MAX, 2);
	VAL(WD_COMP_L1, 1); VAL(WD_COMP_L8, 8); VAL(WD_COMP_WS_4K, 0); VAL(WD_COMP_WS_8K, 1);
	VAL(WD_COMP_WS_32K, 4); VAL(WD_FLAT_BUF, 0); VAL(WD_SGL_BUF, 1);
	VAL(TASK_MIX, 0); VAL(TASK_HW, 1); VAL(TASK_INSTR, 2);
	VAL(CTX_MODE_SYNC, 0); VAL(CTX_MODE_ASYNC, 1); VAL(SCHED_POLICY_RR, 0);
	VAL(UADK_MEM_AUTO, 0);
	VAL(WD_SUCCESS, 0); VAL(WD_STREAM_END, 1); VAL(WD_EAGAIN, 11); VAL(WD_EBUSY, 16);
	VAL(WD_EEXIST, 17); VAL(WD_ENODEV, 19); VAL(WD_EINVAL, 22); VAL(WD_OUT_EPARA, 66);
	VAL(WD_IN_EPARA, 67);
	printf("layout: %d passed, %d failed\n", passes, fails);
	return fails != 0;
}
EOF
# shellcheck disable=SC2086
if "$cc" -std=c11 -Wall -Wextra -Werror $sanflags $cflags "$scratch/layout_check.c" \
	-o "$scratch/bin/layout_check" $libs >"$scratch/layout.cc.log" 2>&1; then
	out=$(env LD_LIBRARY_PATH="$libdir" "$scratch/bin/layout_check" 2>&1)
	rc=$?
	echo "$out"
	[ $rc -eq 0 ] && ok "struct layouts and constants match UADK 2.10" ||
		bad "struct layouts / constants differ from UADK 2.10"
else
	bad "layout check does not compile against the installed headers:"
	cat "$scratch/layout.cc.log"
fi

# shellcheck source=crypto_client_tests.sh
. "$here/crypto_client_tests.sh"

finish
