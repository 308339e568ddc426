# Client programs built against the *installed* library, in QEMU's, DPDK's
# (compression and crypto PMDs) and uadk_provider's usage patterns; included
# from tests/CMakeLists.txt. The script installs this build into
# ${CMAKE_BINARY_DIR}/client_scratch/prefix and compiles the clients with
# pkg-config only (the crypto clients add -lcrypto for their OpenSSL
# reference). Skips (77) when cc or pkg-config is missing.
#
# Sanitizer builds: the installed libraries then carry ASan/UBSan, so the
# clients are compiled with the same compiler and -fsanitize flags.
find_program(WD_BASH_PROGRAM bash)
if(NOT WD_BASH_PROGRAM)
  message(STATUS "client_programs test skipped: needs bash")
  return()
endif()

set(_wd_client_args --cc ${CMAKE_C_COMPILER} --cmake ${CMAKE_COMMAND})
if(WD_SANITIZE)
  list(APPEND _wd_client_args --sanitize)
endif()
add_test(NAME client_programs
         COMMAND ${WD_BASH_PROGRAM} ${CMAKE_CURRENT_LIST_DIR}/run_client_tests.sh
                 ${CMAKE_BINARY_DIR} ${CMAKE_BINARY_DIR}/client_scratch ${_wd_client_args})
# RUN_SERIAL: it installs the whole build and runs multi-threaded clients.
set_tests_properties(client_programs PROPERTIES
  SKIP_RETURN_CODE 77 TIMEOUT 900 RUN_SERIAL TRUE LABELS "integration;clients")
