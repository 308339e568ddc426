#!/bin/sh
# Runs a test program with address-space layout randomisation off for it
# (setarch -R), when the system lets us; otherwise runs it as it is.
#
# Why: ThreadSanitizer maps its shadow memory at fixed addresses and expects
# the program's mappings in fixed ranges. With a large vm.mmap_rnd_bits
# (Ubuntu 24.04 sets 32; our Debian 12 VMs have 28, which fits) the kernel
# can place libraries or the heap outside those ranges, and gcc 12's libtsan
# then aborts with "FATAL: ThreadSanitizer: unexpected memory mapping"
# before main(), at random from run to run (wherever ASLR put things).
# (Newer LLVM runtimes re-exec themselves without ASLR; gcc 12's does not.)
# Turning ASLR off for the test process makes the layout fixed and TSan-
# compatible whatever the sysctl says, with no change to the machine.
# Containers whose seccomp profile forbids personality(ADDR_NO_RANDOMIZE)
# make setarch fail: then the test runs with ASLR, as it would without us.
if setarch "$(uname -m)" -R true 2>/dev/null; then
	exec setarch "$(uname -m)" -R "$@"
fi
exec "$@"
