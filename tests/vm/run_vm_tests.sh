#!/usr/bin/env bash
# Guest tests: boots the Debian 6.1 kernel in QEMU (TCG) with an initramfs
# holding busybox, uacce.ko + vacc.ko, the kernel crypto modules vacc's
# crypto class needs (from linux-image, see vm_deps.sh), the guest programs of tests/vm/guest/,
# the guest suite and the `wd` tool of BUILD_DIR, runs tests/vm/guest/suite.sh
# there and checks the serial console.
#
# Usage: tests/vm/run_vm_tests.sh [--no-deps] BUILD_DIR
#   BUILD_DIR   a built CMake build dir of this project (wd, src/libwd*.so)
#   --no-deps   do not install anything (tests/vm/vm_deps.sh --check only)
# Environment:
#   WD_VM_TIMEOUT=600      seconds for the whole guest run
#   WD_VM_OPTIONAL=1       a missing tool/package is a skip (exit 77), not a
#                          failure; implies --no-deps (for ctest)
#   WD_VM_MODULES_DIR=DIR  use DIR/uacce.ko and DIR/vacc.ko as they are
#                          instead of tests/vm/build_modules.sh
#   WD_VM_SMP=2 WD_VM_MEM=1024   guest CPUs and MiB
#   WD_VM_CPU=max          QEMU -cpu model (TCG)
#   WD_VM_CASES="case_a raw_client"   run only these suite functions
#   WD_VM_VACC_PARAMS="devices=2 queues=4"   vacc module parameters in the guest
#   WD_VM_APPEND="..."     extra kernel command line words
#   WD_VM_VERBOSE=1        show the output of passing guest cases too
#   WD_VM_KVER, WD_VM_CACHE  see tests/vm/vm_deps.sh
# Output: BUILD_DIR/vm/{console.log,initrd.gz,modules/,guest-bin/,...}.
# Exit status: 0 all guest cases passed and the console is clean; 1 failure
# (the reason is the last line); 77 skipped (WD_VM_OPTIONAL=1 only).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
deps=1
if [ "${1:-}" = --no-deps ]; then
	deps=0
	shift
fi
[ $# -eq 1 ] || { echo "usage: $0 [--no-deps] BUILD_DIR" >&2; exit 2; }
optional=${WD_VM_OPTIONAL:-0}
[ "$optional" = 1 ] && deps=0

trap 'echo "vm: FAIL: line $LINENO: $BASH_COMMAND failed" >&2' ERR
say() { echo "vm: $*"; }
die() { echo "vm: FAIL: $*" >&2; exit 1; }
# a tool or package is missing: skip under WD_VM_OPTIONAL=1, else fail
missing() {
	if [ "$optional" = 1 ]; then
		echo "vm: SKIP: $* (WD_VM_OPTIONAL=1; install with tests/vm/vm_deps.sh)"
		exit 77
	fi
	die "$* (install with tests/vm/vm_deps.sh)"
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

build=$(cd "$1" 2>/dev/null && pwd) || die "build dir $1 does not exist (configure and build first)"
out=$build/vm
mkdir -p "$out"
t_stage=$(now)
timings=()

# ---- dependencies -----------------------------------------------------------
t=$(now)
if [ $deps -eq 1 ]; then
	"$here/vm_deps.sh" || die "tests/vm/vm_deps.sh failed"
else
	"$here/vm_deps.sh" --check || missing "guest test dependencies missing"
fi
if [ "$(id -u)" -eq 0 ]; then
	cache=${WD_VM_CACHE:-/var/cache/warpdrive-vm}
else
	cache=${WD_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/warpdrive-vm}
fi
[ -f "$cache/vm.env" ] || missing "$cache/vm.env missing"
# shellcheck disable=SC1091
. "$cache/vm.env"
[ -f "$VMLINUZ" ] || missing "guest kernel $VMLINUZ missing (package linux-image-$KVER, unpacked by vm_deps.sh)"
for tool in qemu-system-x86_64:qemu-system-x86 cpio:cpio gzip:gzip gcc:gcc ldd:libc-bin \
	modinfo:kmod strip:binutils; do
	command -v "${tool%%:*}" >/dev/null || missing "${tool%%:*} not found (package ${tool#*:})"
done
busybox=/bin/busybox
[ -x $busybox ] && ! ldd $busybox >/dev/null 2>&1 ||
	missing "$busybox is missing or not static (package busybox-static)"
timings+=("deps $(since "$t")s")

# ---- modules ----------------------------------------------------------------
t=$(now)
if [ -n "${WD_VM_MODULES_DIR:-}" ]; then
	mods=$(cd "$WD_VM_MODULES_DIR" && pwd)
	say "modules from WD_VM_MODULES_DIR=$mods"
else
	mods=$out/modules
	[ -x "$here/build_modules.sh" ] || die "tests/vm/build_modules.sh missing (or set WD_VM_MODULES_DIR)"
	say "building modules for $KVER into $mods (log: $out/build_modules.log)"
	if ! WD_VM_KVER=$KVER "$here/build_modules.sh" "$mods" >"$out/build_modules.log" 2>&1; then
		tail -n 40 "$out/build_modules.log" >&2
		die "tests/vm/build_modules.sh failed (log: $out/build_modules.log)"
	fi
fi
for m in uacce vacc; do
	if [ ! -f "$mods/$m.ko" ]; then
		say "warning: $mods/$m.ko missing: the guest cases that need it will fail"
		continue
	fi
	vm=$(modinfo -F vermagic "$mods/$m.ko")
	[ "${vm%% *}" = "$KVER" ] || die "$mods/$m.ko is built for '${vm%% *}', the guest runs $KVER"
done

# The kernel crypto modules vacc's crypto class builds its algorithms from:
# the templates and generic ciphers / hashes Debian builds as modules (the
# builtin ones, e.g. aes, cbc, sha256, hmac, need nothing), and whatever
# vacc.ko itself depends on but uacce. Packed with their dependency
# closure (the modules.dep vm_deps.sh made) and a load order; the guest
# insmods them before vacc.ko. A module missing from the package fails.
crypto_mods=(ecb ctr xts ofb cfb cts des_generic sha512_generic cmac xcbc ccm ghash-generic
	authenc)
if [ -f "$mods/vacc.ko" ]; then
	for d in $(modinfo -F depends "$mods/vacc.ko" | tr , ' '); do
		[ "$d" = uacce ] || crypto_mods+=("$d")
	done
fi
[ -n "${KMODS:-}" ] && [ -f "$KMODS/modules.dep" ] ||
	missing "guest kernel modules (KMODS in $cache/vm.env) missing: run tests/vm/vm_deps.sh"
declare -A mod_path mod_deps mod_builtin mod_seen
while IFS= read -r line; do
	m=${line%%:*}
	n=$(basename "$m" .ko)
	mod_path[${n//-/_}]=$m
	mod_deps[$m]=${line#*:}
done <"$KMODS/modules.dep"
while IFS= read -r m; do
	n=$(basename "$m" .ko)
	mod_builtin[${n//-/_}]=1
done <"$KMODS/modules.builtin"
crypto_order=()
mod_visit() {		# dependencies first
	local m=$1 d
	[ -n "${mod_seen[$m]:-}" ] && return 0
	mod_seen[$m]=1
	for d in ${mod_deps[$m]}; do
		mod_visit "$d"
	done
	[ -f "$KMODS/$m" ] || die "$m (needed by the crypto modules) missing from $KMODS"
	if grep -q "/$m needs unknown symbol" "$KMODS/depmod.log" 2>/dev/null; then
		die "$m needs symbols from outside the unpacked module subset ($KMODS/depmod.log): extend mod_parts in tests/vm/vm_deps.sh"
	fi
	crypto_order+=("$m")
}
for n in "${crypto_mods[@]}"; do
	n=${n//-/_}
	if [ -n "${mod_path[$n]:-}" ]; then
		mod_visit "${mod_path[$n]}"
	elif [ -z "${mod_builtin[$n]:-}" ]; then
		die "kernel module $n (vacc's crypto class needs it) is neither in linux-image-$KVER's modules ($KMODS) nor builtin"
	fi
done
say "crypto modules for the guest: $(for m in "${crypto_order[@]}"; do basename "$m" .ko; done | paste -sd ' ')"
timings+=("modules $(since "$t")s")

# ---- guest programs ---------------------------------------------------------
t=$(now)
wd_tool=$build/tools/wd/wd
[ -x "$wd_tool" ] || die "$wd_tool missing: build $build first (cmake --build $build)"
bindir=$out/guest-bin
rm -rf "$bindir"
mkdir -p "$bindir"
dynamic=("$wd_tool")
# the OpenSSL provider's guest cases (cases/50-openssl-provider.sh): the
# host's openssl tool, and warpdrive.so where the guest's openssl looks for
# modules (the same MODULESDIR as the host's)
provider=$build/src/provider/warpdrive.so
ossl_modules=$(openssl version -m 2>/dev/null | sed -n 's/^MODULESDIR: "\(.*\)"$/\1/p')
if [ -f "$provider" ] && [ -n "$ossl_modules" ] && command -v openssl >/dev/null; then
	dynamic+=("$(command -v openssl)" "$provider")
else
	say "warning: no openssl or $provider: the provider's guest cases will fail"
fi
cc_log=$out/guest-programs.log
: >"$cc_log"
# a program is guest/NAME.c, or guest/NAME/*.c (several files, one program)
for c in "$here"/guest/*.c "$here"/guest/*/; do
	if [ -d "$c" ]; then
		srcs=("$c"*.c)
		[ -f "${srcs[0]}" ] || continue
		name=$(basename "$c")
	else
		[ -f "$c" ] || continue
		srcs=("$c")
		name=$(basename "$c" .c)
	fi
	if grep -q '/\* guest: dynamic \*/' "${srcs[@]}"; then
		kind="dynamic, against $build/src"
		set -- -pthread -I "$here/guest/common" -I "$src/kernel/vacc" -I "$src/include" -I "$src/include/uadk" \
			-o "$bindir/$name" "${srcs[@]}" -L "$build/src" -lwd_crypto -lwd_comp -lwd -lcrypto -lz
		dynamic+=("$bindir/$name")
	else
		kind=static
		set -- -static -pthread -I "$here/guest/common" -I "$src/kernel/vacc" -I "$src/include" \
			-o "$bindir/$name" "${srcs[@]}" -lz
	fi
	echo "== $name ($kind)" >>"$cc_log"
	if ! gcc -O2 -g -Wall "$@" >"$out/cc.tmp" 2>&1; then
		cat "$out/cc.tmp" >&2
		die "compiling $c ($kind) failed"
	fi
	cat "$out/cc.tmp" >>"$cc_log"
	nw=$(grep -c 'warning:' "$out/cc.tmp" || true)
	say "guest program $name ($kind)$([ "$nw" -gt 0 ] && echo ", $nw warning(s): $cc_log")"
done
rm -f "$out/cc.tmp"
timings+=("guest programs $(since "$t")s")

# ---- initramfs ----------------------------------------------------------------
t=$(now)
root=$out/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,modules,tests/cases}
cp $busybox "$root/bin/busybox"	# /init makes the applet links (--install -s)
install -m 755 "$here/init.sh" "$root/init"
for m in uacce vacc; do
	[ -f "$mods/$m.ko" ] && cp "$mods/$m.ko" "$root/modules/"
done
# the crypto modules and their load order (suite.sh's load_vacc)
mkdir -p "$root/modules/crypto"
: >"$root/modules/crypto/order"
for m in "${crypto_order[@]}"; do
	cp "$KMODS/$m" "$root/modules/crypto/"
	basename "$m" >>"$root/modules/crypto/order"
done
cp "$here"/guest/*.sh "$root/tests/"
if compgen -G "$here/guest/cases/*.sh" >/dev/null; then
	cp "$here"/guest/cases/*.sh "$root/tests/cases/"
fi
find "$bindir" -maxdepth 1 -type f -perm -u+x -exec cp {} "$root/bin/" \;
cp "$wd_tool" "$root/bin/wd"
if [ -f "$provider" ] && [ -n "$ossl_modules" ]; then
	cp "$(command -v openssl)" "$root/bin/openssl"
	mkdir -p "$root$ossl_modules"
	cp "$provider" "$root$ossl_modules/"
	cp "$src/src/provider/warpdrive.cnf" "$root/tests/warpdrive.cnf"
fi
# shared libraries of the dynamic programs, at the paths ldd resolves (the
# project's own go to /usr/lib/x86_64-linux-gnu, a default search dir there)
for prog in "${dynamic[@]}"; do
	LD_LIBRARY_PATH=$build/src ldd "$prog" >"$out/ldd.txt" || die "ldd $prog failed"
	grep -q 'not found' "$out/ldd.txt" && die "$prog: $(grep 'not found' "$out/ldd.txt" | head -n3)"
	awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' "$out/ldd.txt" |
	while read -r lib; do
		case $lib in
		"$build"/*) dst=/usr/lib/x86_64-linux-gnu/$(basename "$lib") ;;
		*) dst=$lib ;;
		esac
		[ -e "$root$dst" ] && continue
		mkdir -p "$root$(dirname "$dst")"
		cp -L "$lib" "$root$dst"
	done
done
find "$root/bin" "$root/usr/lib" -type f \( -name '*.so*' -o -perm -u+x \) ! -name busybox \
	-exec strip --strip-debug {} + 2>/dev/null || true
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >"$out/initrd.gz"
timings+=("initramfs $(since "$t")s ($(du -k "$out/initrd.gz" | cut -f1) KiB)")

# ---- boot -----------------------------------------------------------------------
timeout=${WD_VM_TIMEOUT:-600}
smp=${WD_VM_SMP:-2}
append="console=ttyS0 quiet loglevel=5 panic=-1 oops=panic"
vacc_params=${WD_VM_VACC_PARAMS:-devices=2 queues=4}
append+=" VACC_PARAMS=${vacc_params// /,}"
[ -n "${WD_VM_CASES:-}" ] && append+=" WD_CASES=${WD_VM_CASES// /,}"
[ "${WD_VM_VERBOSE:-0}" = 1 ] && append+=" WD_VERBOSE=1"
[ -n "${WD_VM_APPEND:-}" ] && append+=" $WD_VM_APPEND"
raw=$out/console.raw
log=$out/console.log
rm -f "$log" "$out/init-seen"
# the console file exists before tail follows it: tail -f gives up on a
# missing file, and the background QEMU's redirection may not have run yet
: >"$raw"
say "booting $KVER: qemu TCG, $smp cpu(s), ${WD_VM_MEM:-1024} MiB, timeout ${timeout}s (console: $log)"
t=$(now)
# -cpu max: the guest CPU has AES-NI, PCLMULQDQ and the SSE4/AVX levels TCG
# emulates, as any server with an accelerator has; QEMU's default model has
# none, and ipsec-mb (the CPU crypto drivers' GHASH and AES-GCM) refuses such a CPU.
timeout -k 10 "$timeout" qemu-system-x86_64 -accel tcg -cpu "${WD_VM_CPU:-max}" -m "${WD_VM_MEM:-1024}" -smp "$smp" \
	-nographic -no-reboot -net none -kernel "$VMLINUZ" -initrd "$out/initrd.gz" \
	-append "$append" </dev/null >"$raw" 2>&1 &
qpid=$!
# background jobs of a script ignore SIGINT: stop QEMU when we are stopped
trap 'kill $qpid 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
# the guest's test lines, live
# (no filter between tail and the loop: a pipe's buffer would delay the lines)
tail -n +1 -f --pid=$qpid "$raw" 2>/dev/null | while IFS= read -r line; do
	line=${line%$'\r'}
	case $line in
	WD-VM-INIT*) echo "$(since "$t")" >"$out/init-seen"; echo "guest: $line" ;;
	"ok "* | "not ok"* | "#"* | WD-VM-RESULT*) echo "guest: $line" ;;
	esac
done
rc=0
wait $qpid || rc=$?
tr -d '\r' <"$raw" >"$log"
rm -f "$raw"
boot="boot+suite $(since "$t")s"
[ -f "$out/init-seen" ] && boot+=" (/init after $(cat "$out/init-seen")s)"
timings+=("$boot")
say "timings: $(IFS=,; echo "${timings[*]}" | sed 's/,/, /g'), stage $(since "$t_stage")s"

# ---- verdict --------------------------------------------------------------------
# kernel splats anywhere on the console (also the dmesg dump at the end)
bad='Kernel panic|BUG:|Oops|WARNING:|Call Trace|general protection fault|KASAN|UBSAN|list_add corruption|list_del corruption|refcount_t|circular locking|lock held when returning|inconsistent lock state|recursive locking|suspicious RCU usage|blocked for more than|soft lockup|hard LOCKUP|detected stalls'
reasons=()
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	reasons+=("the guest did not finish within ${timeout}s (WD_VM_TIMEOUT)")
elif [ $rc -ne 0 ]; then
	reasons+=("qemu exited with status $rc: $(grep -m1 -i 'qemu' "$log" || true)")
fi
if grep -qE "$bad" "$log"; then
	first=$(grep -nE -m1 "$bad" "$log" | cut -d: -f1)
	echo "---- console from line $first (kernel splat) ----" >&2
	sed -n "$((first > 5 ? first - 5 : 1)),$((first + 40))p" "$log" >&2
	echo "----" >&2
	reasons+=("kernel splat on the console: $(grep -oE -m1 "$bad" "$log" | head -n1)")
fi
result=$(grep -E '^WD-VM-RESULT: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n1 || true)
if [ -z "$result" ]; then
	[ -f "$out/init-seen" ] || reasons+=("the guest never reached /init")
	echo "---- last console lines ----" >&2
	tail -n 30 "$log" >&2
	echo "----" >&2
	reasons+=("no WD-VM-RESULT line: the guest did not reach the end of the suite")
else
	passed=$(echo "$result" | sed -E 's/^WD-VM-RESULT: ([0-9]+) passed, ([0-9]+) failed.*/\1/')
	failed=$(echo "$result" | sed -E 's/^WD-VM-RESULT: ([0-9]+) passed, ([0-9]+) failed.*/\2/')
	[ "$failed" -eq 0 ] || reasons+=("$failed guest case(s) failed: $(grep '^not ok' "$log" | sed 's/^not ok - //; s/ ([0-9.]*s)$//' | paste -sd ';' | sed 's/;/; /g')")
	[ "$passed" -gt 0 ] || reasons+=("no guest case passed")
fi
trap - ERR	# the verdict below is the message; no trap noise after it
if [ ${#reasons[@]} -gt 0 ]; then
	for r in "${reasons[@]}"; do
		echo "vm: FAIL: $r" >&2
	done
	exit 1
fi
say "PASS: $passed guest cases passed, console clean"
exit 0
