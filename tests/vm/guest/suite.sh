#!/bin/sh
# WarpDrive guest test suite (busybox sh), run by /init in the QEMU guest that
# tests/vm/run_vm_tests.sh boots. Prints one line per case:
#     ok - NAME            or        not ok - NAME
# followed, on failure, by the case's output as "#   ..." lines, and writes
# "PASSED FAILED" to /tmp/wd-vm-counts for /init's WD-VM-RESULT line.
#
# ADDING A CASE
#   1. Write a function that exits/returns 0 on success and prints why on
#      failure (its stdout+stderr are shown only when it fails):
#          case_my_thing() {
#              out=$(vacc_raw_client foo) || fail "raw client: $out"
#              [ -e /dev/vacc-0 ] || fail "/dev/vacc-0 gone"
#          }
#   2. Register it, in the order it must run, in the add_case list below:
#          add_case "what it checks, in a few words" case_my_thing [ARGS]
#   Or drop a file tests/vm/guest/cases/NN-name.sh (packed as
#   /tests/cases/NN-name.sh) that defines functions and calls add_case; those
#   files are sourced in name order after the built-in list, before the
#   kernel-log check that always runs last.
#
#   Each case runs in its own process (sh suite.sh __case FUNC ARGS), in its
#   own session, under `timeout` ($WD_CASE_TIMEOUT s, default 60): a hung case
#   is killed with everything it started and reported as not ok, with the
#   kernel stacks of its processes at the limit (the watchdog). Cases do not
#   share shell variables; keep state in files under /tmp if needed. The
#   modules are loaded by the first case; a case that unloads them must leave
#   them loaded again (reload_vacc below).
#   Never print the kernel-log patterns (see KLOG_BAD) from a passing case:
#   the host fails the run when they appear on the console.
#
# Helpers: fail MSG (exit the case, not ok), need_file PATH, vacc_devs,
#   sysattr DEV ATTR, vacc_param NAME, wait_for SECONDS CMD..., gone PID,
#   avail_is DEV N, ndevs_is N,
#   in_use DEV, load_vacc, unload_vacc, reload_vacc,
#   case_rmmod_held self|kill CMD... (rmmod while CMD holds a queue).
# Environment (kernel command line NAME=VALUE words reach /init's
# environment): WD_CASES="case_a raw_client" runs only the cases whose
# command starts with those words (plus the module load; commas for spaces); VACC_PARAMS overrides the vacc module
# parameters; WD_CASE_TIMEOUT the per-case limit; WD_VERBOSE=1 shows the
# output of passing cases too. From the host: WD_VM_CASES, WD_VM_VACC_PARAMS,
# WD_VM_VERBOSE=1, or any NAME=VALUE in WD_VM_APPEND.

SUITE=/tests/suite.sh
MODDIR=/modules
CASE_TIMEOUT=${WD_CASE_TIMEOUT:-60}
# vacc module parameters for every load of the module
# (space- or comma-separated: the kernel command line carries commas)
VACC_PARAMS=$(echo "${VACC_PARAMS:-devices=2 queues=4}" | tr , ' ')
# kernel log lines that fail the run (the host scans the console for the same)
KLOG_BAD='BUG:|Oops|WARNING:|Call Trace|general protection fault|KASAN|UBSAN|list_add corruption|list_del corruption|refcount_t|Kernel panic|circular locking|lock held when returning|inconsistent lock state|recursive locking|suspicious RCU usage|blocked for more than|soft lockup|hard LOCKUP|detected stalls'

# ---------------------------------------------------------------- framework

CASES=""
add_case() {		# add_case DESCRIPTION FUNC [ARGS] (words without '|')
	_desc=$1
	shift
	CASES="$CASES$*|$_desc
"
}

fail() {
	echo "$*"
	exit 1
}

need_file() {
	[ -e "$1" ] || fail "$1 missing"
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds. CMD's
# words are expanded once, by the caller: to wait for a value to change, pass
# a function that reads it (avail_is, ndevs_is), not "test $(...)". SECONDS
# is a hang guard: the condition is expected long before.
wait_for() {
	_t=$(($1 * 10))
	shift
	while [ "$_t" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		_t=$((_t - 1))
	done
	"$@"
}

# vacc_devs: names of the vacc uacce devices (vacc-0 ...), one per line
vacc_devs() {
	for d in /sys/class/uacce/vacc-*; do
		[ -e "$d" ] && echo "${d##*/}"
	done
}

# sysattr DEV ATTR: one sysfs attribute of /sys/class/uacce/DEV
sysattr() {
	cat "/sys/class/uacce/$1/$2"
}

loaded() {
	grep -q "^$1 " /proc/modules
}

# the kernel crypto modules vacc's crypto class needs, in the order the
# host wrote (dependencies first); one already loaded is fine
load_crypto_mods() {
	need_file $MODDIR/crypto/order
	while read -r ko; do
		[ -n "$ko" ] || continue
		loaded "$(echo "${ko%.ko}" | tr - _)" && continue
		insmod "$MODDIR/crypto/$ko" || fail "insmod $ko (a crypto module vacc needs) failed"
	done <$MODDIR/crypto/order
}

load_vacc() {
	load_crypto_mods
	if ! loaded uacce; then
		need_file $MODDIR/uacce.ko
		insmod $MODDIR/uacce.ko || fail "insmod uacce.ko failed"
	fi
	if ! loaded vacc; then
		need_file $MODDIR/vacc.ko
		# shellcheck disable=SC2086 # word splitting intended
		insmod $MODDIR/vacc.ko $VACC_PARAMS || fail "insmod vacc.ko $VACC_PARAMS failed"
	fi
}

unload_vacc() {
	loaded vacc || return 0
	timeout -s KILL 30 rmmod vacc || fail "rmmod vacc failed or hung (status $?)"
	! loaded vacc || fail "vacc still in /proc/modules after rmmod"
}

reload_vacc() {
	unload_vacc
	load_vacc
}

# the value of a vacc module parameter: sysfs if exported, else VACC_PARAMS
vacc_param() {
	if [ -r "/sys/module/vacc/parameters/$1" ]; then
		cat "/sys/module/vacc/parameters/$1"
		return
	fi
	for kv in $VACC_PARAMS; do
		[ "${kv%%=*}" = "$1" ] && echo "${kv#*=}" && return
	done
}

pass_n=0
fail_n=0
case_n=0
run_case() {		# run_case NAME CMD...
	name=$1
	shift
	case_n=$((case_n + 1))
	log=/tmp/case.$case_n.log
	t0=$(cut -d' ' -f1 /proc/uptime)
	# own session, so stragglers can be killed as a group afterwards; the
	# watchdog logs the kernel stacks of a case still running at its limit,
	# and timeout kills it 2 s later
	: >"$log"	# both append: the watchdog's lines are not overwritten
	setsid timeout -s KILL $((CASE_TIMEOUT + 2)) sh $SUITE __case "$@" >>"$log" 2>&1 </dev/null &
	pid=$!
	setsid sh $SUITE __case watchdog "$CASE_TIMEOUT" $pid >>"$log" 2>&1 </dev/null &
	wdog=$!
	wait $pid
	rc=$?
	kill -KILL -$pid -$wdog 2>/dev/null
	wait $wdog 2>/dev/null
	t1=$(cut -d' ' -f1 /proc/uptime)
	secs=$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")
	if [ $rc -eq 0 ]; then
		pass_n=$((pass_n + 1))
		echo "ok - $name (${secs}s)"
		[ "${WD_VERBOSE:-0}" = 1 ] && sed 's/^/#   /' "$log"
	else
		fail_n=$((fail_n + 1))
		echo "not ok - $name (${secs}s)"
		if [ $rc -eq 137 ] && grep -q '^--- still running after' "$log"; then
			echo "#   timed out after ${CASE_TIMEOUT}s (killed)"
		else
			echo "#   exit status $rc"
		fi
		sed 's/^/#   /' "$log" | tail -n 60
	fi
	echo "$pass_n $fail_n" >/tmp/wd-vm-counts
}

# watchdog SECONDS SID: after SECONDS, show what the processes of session SID
# (a case) are doing, kernel stacks included
watchdog() {
	wd_secs=$1
	wd_sid=$2
	sleep "$wd_secs"
	echo "--- still running after $wd_secs s:"
	for st in /proc/[0-9]*/stat; do
		p=${st#/proc/}
		p=${p%/stat}
		# fields after "(comm)": state ppid pgrp session
		set -- $(sed 's/^.*) //' "$st" 2>/dev/null)
		[ "${4:-}" = "$wd_sid" ] || continue
		echo "pid $p state $1: $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)"
		echo "  wchan $(cat "/proc/$p/wchan" 2>/dev/null)"
		sed 's/^/  /' "/proc/$p/stack" 2>/dev/null
	done
}

selected() {
	[ -z "${WD_CASES:-}" ] && return 0
	[ "$1" = case_modules_load ] && return 0
	for c in $(echo "$WD_CASES" | tr , ' '); do
		[ "$c" = "$1" ] && return 0
	done
	return 1
}

# ---------------------------------------------------------------- cases

case_modules_load() {
	load_vacc
	loaded uacce || fail "uacce not in /proc/modules"
	loaded vacc || fail "vacc not in /proc/modules"
	[ -d /sys/class/uacce ] || fail "/sys/class/uacce missing after insmod uacce.ko"
}

case_sysfs_attrs() {
	devs=$(vacc_devs)
	[ -n "$devs" ] || fail "no /sys/class/uacce/vacc-* (have: $(ls /sys/class/uacce))"
	queues=$(vacc_param queues)
	# region sizes from the queue format (kernel/vacc/vacc_abi.h): 1 ctrl
	# page; DUS holds 256 sqes of 64 bytes and 256 cqes of 32 bytes
	dus_min=$((256 * 64 + 256 * 32))
	bad=0
	for d in $devs; do
		echo "$d: api=$(sysattr "$d" api) flags=$(sysattr "$d" flags)" \
			"available_instances=$(sysattr "$d" available_instances)" \
			"mmio=$(sysattr "$d" region_mmio_size) dus=$(sysattr "$d" region_dus_size)" \
			"algorithms=$(sysattr "$d" algorithms | tr '\n' ' ')"
		[ "$(sysattr "$d" api)" = vacc_v1 ] || { echo "$d: api is not vacc_v1"; bad=1; }
		# no IOMMU in the guest: uacce clears UACCE_DEV_SVA
		[ "$(sysattr "$d" flags)" = 0 ] || { echo "$d: flags not 0"; bad=1; }
		for a in zlib gzip deflate; do
			sysattr "$d" algorithms | grep -qx "$a" || { echo "$d: algorithm $a missing"; bad=1; }
		done
		if [ -n "$queues" ]; then
			[ "$(sysattr "$d" available_instances)" = "$queues" ] ||
				{ echo "$d: available_instances != queues=$queues"; bad=1; }
		else
			echo "$d: vacc has no 'queues' parameter"
			bad=1
		fi
		[ "$(sysattr "$d" region_mmio_size)" = 4096 ] || { echo "$d: region_mmio_size not 4096"; bad=1; }
		dus=$(sysattr "$d" region_dus_size)
		if [ -z "$dus" ] || [ "$dus" -lt $dus_min ] || [ $((dus % 4096)) -ne 0 ]; then
			echo "$d: region_dus_size $dus: want a page multiple >= $dus_min"
			bad=1
		fi
	done
	[ $bad -eq 0 ]
}

case_dev_nodes() {
	devs=$(vacc_devs)
	[ -n "$devs" ] || fail "no vacc devices in sysfs"
	for d in $devs; do
		[ -c "/dev/$d" ] || fail "/dev/$d missing or not a char device"
		# shellcheck disable=SC2046 # two words: major minor, in hex
		set -- $(stat -c '%t %T' "/dev/$d")
		want=$(cat "/sys/class/uacce/$d/dev")
		[ "$((0x$1)):$((0x$2))" = "$want" ] || fail "/dev/$d is $((0x$1)):$((0x$2)), sysfs says $want"
	done
	for n in /dev/vacc-*; do
		[ -e "$n" ] || continue
		[ -e "/sys/class/uacce/${n#/dev/}" ] || fail "$n has no sysfs entry"
	done
}

raw_client() {		# raw_client MODE: one vacc_raw_client mode
	command -v vacc_raw_client >/dev/null ||
		fail "vacc_raw_client missing from the guest (tests/vm/guest/vacc_raw_client/ not built)"
	vacc_raw_client "$1"
}

case_wd_info() {
	command -v wd >/dev/null || fail "wd missing from the guest"
	out=$(wd info 2>&1) || fail "wd info failed: $out"
	echo "$out"
	for d in $(vacc_devs); do
		echo "$out" | grep -q "$d" || fail "wd info does not list $d"
	done
	[ -n "$(vacc_devs)" ] || fail "no vacc devices to look for"
}

# avail_is DEV N: DEV's available_instances is N
avail_is() {
	[ "$(sysattr "$1" available_instances)" = "$2" ]
}

# ndevs_is N: N vacc devices in sysfs
ndevs_is() {
	[ "$(vacc_devs | wc -l)" -eq "$1" ]
}

# in_use DEV: available_instances below the queues parameter
in_use() {
	[ "$(sysattr "$1" available_instances)" -lt "$(vacc_param queues)" ]
}

# gone PID: the process has exited (a zombie counts: only its parent reaps it)
gone() {
	[ ! -e "/proc/$1" ] || grep -q '^[0-9]* (.*) Z' "/proc/$1/stat"
}

# rmmod_held SELF CMD...: CMD holds a queue of the first vacc device (in the
# background); rmmod vacc must return, either refusing while the queue is
# open or tearing the queue down. SELF=self: the holder then exits by itself
# (it checks what it saw) and must exit 0; SELF=kill: it is killed. Either
# way it must go away, the module must unload, and it is loaded again.
case_rmmod_held() {
	how=$1
	shift
	dev=$(vacc_devs | head -n1)
	[ -n "$dev" ] || fail "no vacc device"
	"$@" &
	holder=$!
	wait_for 30 in_use "$dev" || fail "the holder ($*) did not take a queue of $dev"
	echo "holder $holder ($*) has a queue; rmmod vacc"
	timeout -s KILL 30 rmmod vacc
	rc=$?
	[ $rc -eq 137 ] && fail "rmmod vacc hung (killed after 30 s) while a queue was held"
	echo "rmmod vacc: status $rc"
	[ "$how" = kill ] && kill "$holder" 2>/dev/null
	if ! wait_for 20 gone "$holder"; then
		echo "holder $holder still there: $(cat /proc/$holder/stat)"
		cat /proc/$holder/stack 2>/dev/null
		kill -KILL "$holder"
		wait_for 10 gone "$holder" || fail "holder $holder survives SIGKILL (stuck in the kernel)"
		fail "holder $holder had to be killed"
	fi
	wait "$holder"
	hrc=$?
	if [ "$how" = self ] && [ $hrc -ne 0 ]; then
		fail "holder exited with status $hrc"
	fi
	if loaded vacc; then
		echo "vacc still loaded (rmmod refused while held); rmmod again"
		unload_vacc
	fi
	for n in /dev/vacc-*; do
		[ -e "$n" ] && fail "$n still present after rmmod vacc"
	done
	load_vacc
	wait_for 30 test -c "/dev/$dev" || fail "/dev/$dev did not come back after insmod"
}

case_rmmod_held_fd() {
	case_rmmod_held kill sh -c "exec 3<>/dev/$(vacc_devs | head -n1) && exec sleep 600"
}

# vacc_raw_client hold keeps requests in flight until it sees the queue die,
# acks, and checks every request completed; "hold noack" never acks and
# checks the regions are unmapped after the unload's bounded wait
case_rmmod_held_client() {
	command -v vacc_raw_client >/dev/null ||
		fail "vacc_raw_client missing from the guest (tests/vm/guest/vacc_raw_client/ not built)"
	case_rmmod_held self vacc_raw_client hold "$@"
}

# every open() takes a queue: available_instances counts down to 0, the next
# open fails, closing gives them back
case_queue_accounting() {
	dev=$(vacc_devs | head -n1)
	[ -n "$dev" ] || fail "no vacc device"
	q=$(vacc_param queues)
	[ -n "$q" ] && [ "$q" -gt 0 ] && [ "$q" -le 20 ] || fail "queues=$q: want 1..20 for this case"
	fds=""
	fd=3
	while [ $fd -lt $((3 + q)) ]; do
		eval "exec $fd<>/dev/$dev" || fail "open $fd of $q on /dev/$dev failed"
		fds="$fds $fd"
		fd=$((fd + 1))
	done
	[ "$(sysattr "$dev" available_instances)" = 0 ] ||
		fail "$q queues open, available_instances $(sysattr "$dev" available_instances)"
	if (eval "exec $fd<>/dev/$dev") 2>/dev/null; then
		fail "open number $((q + 1)) of /dev/$dev succeeded with queues=$q"
	fi
	for fd in $fds; do
		eval "exec $fd>&-"
	done
	wait_for 30 avail_is "$dev" "$q" ||
		fail "after closing: available_instances $(sysattr "$dev" available_instances), want $q"
}

# wd zip in the guest (TASK_MIX: a queue device when the library drives it,
# the CPU otherwise); busybox gunzip checks the stream and its CRC
case_wd_zip_roundtrip() {
	command -v wd >/dev/null || fail "wd missing from the guest"
	i=0
	while [ $i -lt 300 ]; do
		echo "line $i: the quick brown fox jumps over the lazy dog $((i * i))"
		i=$((i + 1))
	done >/tmp/zin
	cat /tmp/zin /tmp/zin /tmp/zin /tmp/zin >/tmp/zin4
	head -c 65536 /dev/urandom >>/tmp/zin4
	for f in /tmp/zin4 /tmp/zin; do
		wd zip -c "$f" >/tmp/z.gz || fail "wd zip -c $f failed"
		gunzip -c /tmp/z.gz >/tmp/zout || fail "gunzip rejects wd zip's output of $f"
		cmp "$f" /tmp/zout || fail "round trip of $f differs"
		wd unzip -c /tmp/z.gz >/tmp/zout2 || fail "wd unzip -c failed on $f.gz"
		cmp "$f" /tmp/zout2 || fail "wd unzip of $f differs"
		echo "$f: $(wc -c <"$f") -> $(wc -c </tmp/z.gz) bytes"
	done
}

case_reload() {
	before=$(vacc_devs | wc -l)
	[ "$before" -gt 0 ] || fail "no vacc devices before the reload"
	unload_vacc
	[ -z "$(vacc_devs)" ] || fail "sysfs vacc devices left after rmmod vacc: $(vacc_devs)"
	timeout -s KILL 30 rmmod uacce || fail "rmmod uacce failed or hung"
	[ ! -d /sys/class/uacce ] || fail "/sys/class/uacce left after rmmod uacce"
	load_vacc
	wait_for 30 ndevs_is "$before" ||
		fail "after reload: $(vacc_devs | wc -l) vacc devices, before $before"
	for d in $(vacc_devs); do
		wait_for 30 test -c "/dev/$d" || fail "/dev/$d missing after reload"
		[ "$(sysattr "$d" available_instances)" = "$(vacc_param queues)" ] ||
			fail "$d: available_instances $(sysattr "$d" available_instances) after reload"
	done
}

case_kernel_log_clean() {
	bad=$(dmesg | grep -E "$KLOG_BAD")
	[ -z "$bad" ] && return 0
	echo "kernel log:"
	dmesg | grep -E -B2 -A20 "$KLOG_BAD" | head -n 60
	exit 1
}

add_case "uacce + vacc modules load"		case_modules_load
add_case "sysfs: /sys/class/uacce/vacc-* attributes"	case_sysfs_attrs
add_case "/dev/vacc-* char devices"			case_dev_nodes
add_case "vacc_raw_client basic"			raw_client basic
add_case "vacc_raw_client hostile"			raw_client hostile
add_case "vacc_raw_client fork"				raw_client fork
add_case "vacc_raw_client wake"				raw_client wake
add_case "vacc_raw_client stuck: PUT_Q while the worker waits in a userfaultfd fault" raw_client stuck
add_case "vacc_raw_client cqfull: a worker blocked on a full CQ does not spin" raw_client cqfull
add_case "wd info lists the vacc devices"		case_wd_info
add_case "wd zip | gunzip round trip"			case_wd_zip_roundtrip
add_case "queue accounting: open until full, close"	case_queue_accounting
add_case "rmmod vacc while a shell holds a queue fd"	case_rmmod_held_fd
add_case "rmmod vacc while vacc_raw_client hold has requests in flight" case_rmmod_held_client
add_case "rmmod vacc while vacc_raw_client hold noack never acks" case_rmmod_held_client noack
add_case "rmmod vacc + uacce, insmod again: devices come back" case_reload

for f in /tests/cases/*.sh; do
	[ -f "$f" ] && . "$f"
done

# ---------------------------------------------------------------- main

if [ "${1:-}" = __case ]; then
	shift
	"$@"
	exit $?
fi

echo "# WarpDrive guest suite: kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) cpu(s), vacc $VACC_PARAMS"
echo "0 0" >/tmp/wd-vm-counts
while IFS='|' read -r cmd desc; do
	[ -n "$cmd" ] || continue
	# shellcheck disable=SC2086 # the command's words
	set -- $cmd
	selected "$1" || continue
	run_case "$desc" "$@"
	# a case that failed half-way through an unload must not fail the rest
	if [ "$1" != case_modules_load ] && ! loaded vacc; then
		echo "# vacc was left unloaded: loading it again for the next cases"
		(load_vacc) || echo "# could not load vacc again"
	fi
done <<EOF
$CASES
EOF
run_case "kernel log clean (no splats)" case_kernel_log_clean
