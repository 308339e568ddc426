# Cases through the public API: libwd + libwd_comp with TASK_HW on vacc
# queues (wd_hw_tests.c, wd_nosyscall/). Sourced by suite.sh.

need_prog() {
	command -v "$1" >/dev/null || fail "$1 missing from the guest (tests/vm/guest/$1.c not built)"
}

# free queues over all vacc devices
free_queues() {
	_n=0
	for _d in $(vacc_devs); do
		_n=$((_n + $(sysattr "$_d" available_instances)))
	done
	echo $_n
}

# free_queues_is N (for wait_for: read again on every try)
free_queues_is() {
	[ "$(free_queues)" -eq "$1" ]
}

case_hw() {		# case_hw SUBCOMMAND...: one wd_hw_tests subcommand
	need_prog wd_hw_tests
	wd_hw_tests "$@"
}

case_hw_discover() {
	need_prog wd_hw_tests
	wd_hw_tests discover "$(vacc_devs | wc -l)" "$(vacc_param queues)" || exit 1
	[ "$(vacc_devs | wc -l)" = "$(vacc_param devices)" ] ||
		fail "$(vacc_devs | wc -l) devices, module parameter devices=$(vacc_param devices)"
}

# kill -9 of a client with requests in flight frees its queues and leaves a
# second client, running at the same time, unharmed
case_kill9() {
	need_prog wd_hw_tests
	before=$(free_queues)
	wd_hw_tests busy >/tmp/busy.log 2>&1 &
	victim=$!
	wait_for 60 grep -q "busy: ready" /tmp/busy.log ||
		fail "the busy client never got going: $(cat /tmp/busy.log)"
	[ "$(free_queues)" -lt "$before" ] || fail "the busy client holds no queue"
	wd_hw_tests concurrent >/tmp/other.log 2>&1 &
	other=$!
	sleep 1
	kill -9 $victim
	wait_for 20 gone $victim || fail "the killed client does not go away"
	wait $victim 2>/dev/null
	echo "killed $victim with requests in flight"
	wait $other || fail "the other client was harmed: $(cat /tmp/other.log)"
	cat /tmp/other.log
	wait_for 20 free_queues_is "$before" ||
		fail "queues not returned: $(free_queues) free, $before before"
}

# rmmod vacc under a client that is submitting: the client gets errors (not
# SIGBUS, not a hang), uninit returns, the module comes back
case_rmmod_active() {
	need_prog wd_hw_tests
	wd_hw_tests until-error >/tmp/ue.log 2>&1 &
	c=$!
	wait_for 60 grep -q "until-error: ready" /tmp/ue.log ||
		fail "client never got going: $(cat /tmp/ue.log)"
	timeout -s KILL 30 rmmod vacc
	rc=$?
	[ $rc -eq 137 ] && fail "rmmod vacc hung with an active client"
	[ $rc -eq 0 ] || fail "rmmod vacc failed ($rc) with an active client"
	wait_for 30 gone $c || fail "the client did not finish after the unload: $(cat /tmp/ue.log)"
	wait $c
	rc=$?
	cat /tmp/ue.log
	[ $rc -eq 0 ] || fail "client exit status $rc (135 = SIGBUS, 139 = SIGSEGV)"
	load_vacc
}

# the steady-state data path makes no system call (seccomp trap) but the
# doorbell, and that only to answer a sleep the worker published (a stalled
# vCPU looks idle to the worker; wd_nosyscall.c counts WAKEs against the
# worker's sleeps instead of assuming no stall). vacc is reloaded with a long
# worker idle period for this case only, so the WAKE count printed is 0
# unless the guest stalled for half a second.
case_nosyscall() {
	need_prog wd_nosyscall
	unload_vacc
	# shellcheck disable=SC2086 # word splitting intended
	insmod $MODDIR/vacc.ko $VACC_PARAMS idle_us=500000 || fail "insmod vacc idle_us=500000 failed"
	wd_nosyscall "$@"
	rc=$?
	reload_vacc
	return $rc
}

add_case "libwd: discovery and attributes through wd_get_accel_list" case_hw_discover
add_case "libwd: TASK_HW round trips, all formats, sync/stream/async, vs zlib" case_hw roundtrip
add_case "libwd: available_instances falls and returns; past the last queue" case_hw instances
add_case "libwd: two processes compress concurrently"	case_hw concurrent
add_case "libwd: a forked child cannot use the parent's queue, opens its own" case_hw fork
add_case "libwd: kill -9 with requests in flight frees queues, other client unharmed" case_kill9
add_case "libwd: steady-state data path makes no system call (seccomp)" case_nosyscall
add_case "libwd: the seccomp trap fires on a system call (control)" case_nosyscall control
add_case "libwd: rmmod vacc under an active client gives errors, not a hang" case_rmmod_active
