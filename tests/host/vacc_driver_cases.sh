# SPDX-License-Identifier: Apache-2.0
# Guest cases for the vacc user-space driver (tests/host/vacc_drv_client.c);
# a tests/vm/guest/cases/ file for tests/vm/guest/suite.sh (uses its
# add_case and fail). Not run on the host: it needs the vacc module.
case_vacc_driver() {
	vacc_drv_client || fail "vacc_drv_client failed"
}
case_vacc_queues() {
	WD_SYNC_TIMEOUT_MS=3000 timeout 30 vacc_drv_client queues || fail "queues/fork failed"
}
case_vacc_v1() {
	timeout 30 vacc_drv_client v1 || fail "v1 init failed"
}
case_vacc_rmmod_busy() {
	vacc_drv_client busy >/tmp/busy.log 2>&1 &
	pid=$!
	sleep 2
	rmmod vacc || fail "rmmod vacc failed"
	wait $pid
	rc=$?
	cat /tmp/busy.log
	load_vacc	# back for the cases after this one
	[ $rc -eq 0 ] || fail "busy client exit $rc"
}
add_case "vacc driver: wd_comp TASK_HW, statuses as the CPU driver" case_vacc_driver
add_case "vacc driver: queue exhaustion, fork" case_vacc_queues
add_case "vacc driver: v1 init adopts wd_request_ctx handles" case_vacc_v1
add_case "vacc driver: rmmod under a busy client" case_vacc_rmmod_busy
