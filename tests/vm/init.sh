#!/bin/busybox sh
# /init of the test guest (packed by tests/vm/run_vm_tests.sh). Mounts the
# kernel filesystems, runs /tests/suite.sh (which loads the modules as its
# first case), prints the kernel log between markers and the result line the
# host parses, then powers off. Everything goes to the serial console.
#
# Unknown kernel command line words of the form NAME=VALUE arrive here as
# environment variables: WD_CASES, WD_CASE_TIMEOUT, WD_VERBOSE, VACC_PARAMS
# (see suite.sh).
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
/bin/busybox mount -t proc proc /proc
# the applet links (sh, insmod, timeout, ...): made here in one busybox call
# (it needs /proc/self/exe), not one `ln` per applet on the host
/bin/busybox --install -s
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /tmp /run
mount -t tmpfs tmpfs /tmp
exec </dev/console >/dev/console 2>&1

echo "WD-VM-INIT: uptime $(cut -d' ' -f1 /proc/uptime) s, kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) cpu(s)"

# Report a task stuck in the kernel within the run, not after 120 s.
[ -w /proc/sys/kernel/hung_task_timeout_secs ] && echo 20 >/proc/sys/kernel/hung_task_timeout_secs
# Kernel messages of level warning and above reach the console (and the
# host's scan) as they happen, even if the guest hangs afterwards.
echo 5 >/proc/sys/kernel/printk

sh /tests/suite.sh
rc=$?

echo "WD-VM-DMESG-BEGIN"
dmesg
echo "WD-VM-DMESG-END"

if [ -f /tmp/wd-vm-counts ]; then
	read -r passed failed </tmp/wd-vm-counts
else
	echo "# suite.sh ended without writing its counts (exit status $rc)"
	passed=0
	failed=1
fi
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	echo "# suite.sh exited with status $rc"
	failed=1
fi
echo "WD-VM-RESULT: $passed passed, $failed failed"
# the UART drains by interrupt: give the last lines time to leave
sleep 1
poweroff -f
