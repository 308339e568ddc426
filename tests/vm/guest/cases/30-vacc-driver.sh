# SPDX-License-Identifier: Apache-2.0
# Guest cases for the vacc user-space driver (vacc_drv_client.c), sourced
# by suite.sh (uses its add_case and fail).
case_vacc_driver() {
	vacc_drv_client || fail "vacc_drv_client failed"
}
case_vacc_queues() {
	# the library's default sync timeout (10 s): every request here must
	# complete, so a shorter one only measures how fast the guest runs
	timeout 30 vacc_drv_client queues || fail "queues/fork failed"
}
case_vacc_v1() {
	timeout 30 vacc_drv_client v1 || fail "v1 init failed"
}
# wd bench --task hw: the operator's view of which driver ran the requests
case_vacc_bench_task() {
	out=$(wd bench --input /bin/busybox --max-bytes 1m --block-size 64k --duration 0.05 \
		--rounds 1 --libs none --task hw --json) || fail "wd bench --task hw failed: $out"
	echo "$out" | grep -o '"wd_drivers":{[^}]*}'
	echo "$out" | grep -Eq '"wd_drivers":\{"vacc":[1-9][0-9]*\}' ||
		fail "wd's requests did not all run on the vacc driver"
}
add_case "vacc driver: wd_comp TASK_HW, statuses as the CPU driver" case_vacc_driver
add_case "vacc driver: wd bench --task hw --json says the vacc driver ran the requests" case_vacc_bench_task
add_case "vacc driver: more ctxs than queues; fork closes inherited queue fds" case_vacc_queues
add_case "vacc driver: v1 init adopts wd_request_ctx handles" case_vacc_v1
