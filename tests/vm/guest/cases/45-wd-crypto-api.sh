# SPDX-License-Identifier: Apache-2.0
# Guest cases of TASK_HW crypto through the public API (libwd_crypto) on
# vacc queues: tests/vm/guest/wd_crypto_hw/ (every algorithm the device
# lists, checked against OpenSSL) and tests/vm/guest/wd_nosyscall/ (the
# seccomp proof). Sourced by suite.sh after 20-libwd.sh, whose
# case_nosyscall (vacc reloaded with a long worker idle period) is reused.

wdcrypto_prog() {
	command -v wd_crypto_hw >/dev/null ||
		fail "wd_crypto_hw missing from the guest (tests/vm/guest/wd_crypto_hw/ not built)"
}

# free queues over all vacc devices
wdcrypto_free_queues() {
	_n=0
	for _d in $(vacc_devs); do
		_n=$((_n + $(sysattr "$_d" available_instances)))
	done
	echo $_n
}

wdcrypto_free_queues_is() {	# for wait_for: read again on every try
	[ "$(wdcrypto_free_queues)" -eq "$1" ]
}

case_wdcrypto() {		# case_wdcrypto SUBCOMMAND [hw|mix]: one wd_crypto_hw run
	wdcrypto_prog
	wd_crypto_hw "$@"
}

# the crypto classes and the same algorithms on every device (the tests
# read the first device's list)
case_wdcrypto_algs() {
	first=""
	for d in $(vacc_devs); do
		algs=$(sysattr "$d" algorithms)
		for c in cipher digest aead; do
			echo "$algs" | grep -qx "$c" || fail "$d does not list the crypto class $c"
		done
		if [ -z "$first" ]; then
			first=$d
			echo "$d: $(echo "$algs" | tr '\n' ' ')"
		elif [ "$algs" != "$(sysattr "$first" algorithms)" ]; then
			fail "$d lists other algorithms than $first"
		fi
	done
	[ -n "$first" ] || fail "no vacc device"
}

# wd bench --task mix --json: the report's wd_drivers says where wd's
# requests ran: AES-CBC on the device, SM4-CBC (not listed) on the CPU
case_wdcrypto_bench_routing() {
	for spec in "cbc(aes) vacc_cipher" "cbc(sm4) cpu_cipher" "sha256 vacc_digest"; do
		alg=${spec% *}
		drv=${spec#* }
		out=$(wd bench --alg "$alg" --task mix --sizes 64 --duration 0.05 --rounds 1 \
			--libs none --json) || fail "wd bench --alg $alg --task mix failed: $out"
		echo "$out" | grep -o '"wd_drivers":{[^}]*}'
		echo "$out" | grep -q "\"task\":\"mix\"" || fail "$alg: no task mix in the report"
		echo "$out" | grep -Eq "\"wd_drivers\":\\{\"$drv\":[1-9][0-9]*\\}" ||
			fail "$alg: wd's requests did not all run on $drv"
	done
	out=$(wd bench --alg "cbc(sm4)" --task hw --sizes 64 --duration 0.05 --rounds 1 \
		--libs none 2>&1) && fail "--task hw with an algorithm the device lacks succeeded"
	echo "$out" | grep -q "no driver serves it" || fail "--task hw: unclear error: $out"
}

# kill -9 of a process with async requests of the three classes in flight:
# its queues come back, a new process's crypto works, and the module can be
# unloaded and loaded again (then crypto works again)
case_wdcrypto_kill9() {
	wdcrypto_prog
	before=$(wdcrypto_free_queues)
	wd_crypto_hw busy >/tmp/wdcrypto-busy.log 2>&1 &
	victim=$!
	wait_for 50 grep -q "busy: ready" /tmp/wdcrypto-busy.log ||
		fail "the busy client never got going: $(cat /tmp/wdcrypto-busy.log)"
	[ "$(wdcrypto_free_queues)" -lt "$before" ] || fail "the busy client holds no queue"
	sleep 1
	gone $victim && fail "the busy client stopped by itself: $(cat /tmp/wdcrypto-busy.log)"
	kill -9 $victim
	wait_for 20 gone $victim || fail "the killed client does not go away"
	wait $victim 2>/dev/null
	echo "killed $victim with requests in flight; $(wdcrypto_free_queues) queues free"
	wait_for 20 wdcrypto_free_queues_is "$before" ||
		fail "queues not returned: $(wdcrypto_free_queues) free, $before before"
	wd_crypto_hw smoke || fail "a new process's crypto fails after the kill"
	wait_for 20 wdcrypto_free_queues_is "$before" ||
		fail "queues not returned after smoke: $(wdcrypto_free_queues) free, $before before"
	reload_vacc
	wait_for 30 wdcrypto_free_queues_is "$before" ||
		fail "after rmmod/insmod vacc: $(wdcrypto_free_queues) queues free, $before before"
	wd_crypto_hw smoke || fail "crypto fails after rmmod/insmod vacc"
}

add_case "libwd_crypto: every vacc device lists cipher, digest, aead and the same algorithms" case_wdcrypto_algs
add_case "libwd_crypto TASK_HW: every advertised cipher, all key sizes, > 64 KiB, in place, chained IVs, SGL, vs OpenSSL" case_wdcrypto cipher
add_case "libwd_crypto TASK_HW: every advertised digest, one-shot, DOING..END long hash and HMAC, AES MACs, vs OpenSSL" case_wdcrypto digest
add_case "libwd_crypto TASK_HW: every advertised AEAD, GCM/CCM/authenc block, GCM streams, tag failures, vs OpenSSL" case_wdcrypto aead
add_case "libwd_crypto TASK_HW: 160 async requests in flight per class over > 64 sessions, all verified" case_wdcrypto async
add_case "libwd_crypto: what vacc does not list has no TASK_HW session and runs on the CPU under TASK_MIX" case_wdcrypto unadvertised
add_case "libwd_crypto TASK_MIX: one request per class, on the vacc drivers" case_wdcrypto smoke mix
add_case "libwd_crypto: sync AES-CBC/SHA-256/GCM hot loop makes no system call (seccomp)" case_nosyscall crypto
add_case "libwd_crypto: the seccomp trap fires on a system call (control)" case_nosyscall crypto control
add_case "libwd_crypto: async AES-CBC/GCM hot loop makes no system call (seccomp, no waits allowed)" case_nosyscall crypto async
add_case "libwd_crypto: wd bench --task mix --json says which driver ran the requests" case_wdcrypto_bench_routing
add_case "libwd_crypto: kill -9 with async requests in flight, queues return, new process works, rmmod/insmod" case_wdcrypto_kill9
