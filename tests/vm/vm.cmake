# Guest tests (tests/vm/run_vm_tests.sh): the uacce + vacc kernel modules and
# the guest suite in a QEMU (TCG) guest. For developers' ctest runs it is
# optional: without QEMU, the guest kernel or the headers it exits 77 (skip)
# and installs nothing (tests/vm/vm_deps.sh installs). scripts/test.sh runs
# it in its own stage and excludes the label here (ctest -LE vm).
# Sanitizer and fuzzer builds are left out: their runtimes in the guest are
# untested and the stage uses the plain build.
if(NOT WD_SANITIZE AND NOT WD_FUZZ)
  add_test(NAME vm_guest_suite
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/vm/run_vm_tests.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(vm_guest_suite PROPERTIES
    LABELS vm
    ENVIRONMENT "WD_VM_OPTIONAL=1"
    SKIP_RETURN_CODE 77
    TIMEOUT 900
    RUN_SERIAL TRUE)
endif()
