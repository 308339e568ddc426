# Host tests of the vacc user-space driver, without a vacc device: the ring
# protocol against a device thread on ordinary memory, and its cost in
# instructions per request (callgrind). Included from tests/CMakeLists.txt.
set(WD_VACC_DIR ${PROJECT_SOURCE_DIR}/src/drivers/vacc)

add_executable(test_vacc_ring host/test_vacc_ring.c host/vacc_fake_dev.c host/vacc_fake_crypto.c
  ${WD_VACC_DIR}/vacc_ring.c)
target_include_directories(test_vacc_ring PRIVATE ${PROJECT_SOURCE_DIR}/src/include ${WD_VACC_DIR}
  ${PROJECT_SOURCE_DIR}/kernel/vacc ${CMAKE_CURRENT_SOURCE_DIR}/host)
target_link_libraries(test_vacc_ring PRIVATE wd_comp wd PkgConfig::CMOCKA Threads::Threads)
add_test(NAME test_vacc_ring COMMAND test_vacc_ring)
set_tests_properties(test_vacc_ring PROPERTIES TIMEOUT 300 LABELS "host;vacc" ENVIRONMENT "WD_LOG_LEVEL=")

# Instructions per request of submit+reap; skipped (77) without valgrind or
# under sanitizers.
add_test(NAME callgrind_vacc COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/host/callgrind_vacc.sh
  $<TARGET_FILE:test_vacc_ring> $<IF:$<BOOL:${WD_SANITIZE}>,sanitize,plain>)
set_tests_properties(callgrind_vacc PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77 LABELS "host;vacc;perf")

# The vacc crypto drivers through the public API on a fake uacce device
# (fake sysfs/devfs tree; the test binary's open/ioctl/close play the char
# device, a fake worker the kernel's crypto class): session slots, SETUP,
# eviction, AEAD stream binding, every status, failed set-ups, max_len.
add_executable(test_vacc_crypto host/test_vacc_crypto.c host/vacc_crypto_util.c
  host/vacc_crypto_aead.c host/vacc_crypto_status.c host/vacc_crypto_cg.c
  host/vacc_fake_uacce.c host/vacc_fake_dev.c host/vacc_fake_crypto.c)
target_include_directories(test_vacc_crypto PRIVATE ${PROJECT_SOURCE_DIR}/src/include
  ${PROJECT_SOURCE_DIR}/kernel/vacc ${CMAKE_CURRENT_SOURCE_DIR}/host)
target_link_libraries(test_vacc_crypto PRIVATE wd_crypto wd PkgConfig::CMOCKA Threads::Threads
  ${CMAKE_DL_LIBS})
add_test(NAME test_vacc_crypto COMMAND test_vacc_crypto)
set_tests_properties(test_vacc_crypto PROPERTIES TIMEOUT 300 LABELS "host;vacc"
  ENVIRONMENT "WD_LOG_LEVEL=;WD_CIPHER_CTX_NUM=;WD_DIGEST_CTX_NUM=;WD_AEAD_CTX_NUM=")

# User-space instructions per crypto request on the vacc ring: the whole
# sync API call and the driver's send+recv alone (the fake device's work
# not counted). Skipped (77) without valgrind or under sanitizers.
add_test(NAME callgrind_vacc_crypto COMMAND bash
  ${CMAKE_CURRENT_SOURCE_DIR}/host/callgrind_vacc_crypto.sh $<TARGET_FILE:test_vacc_crypto>
  $<IF:$<BOOL:${WD_SANITIZE}>,sanitize,plain>)
set_tests_properties(callgrind_vacc_crypto PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77
  LABELS "host;vacc;perf")

# Framework instructions per 4 KiB request through the public API (sync and
# stream, compress and decompress; the compression library's work not
# counted), against this build's libraries. Fails at 900 per request (about
# 2x today); skipped (77) without valgrind or under sanitizers (the script
# reads WD_SANITIZE from this build's cache).
add_test(NAME callgrind_sync COMMAND ${CMAKE_COMMAND} -E env CC=${CMAKE_C_COMPILER}
  bash ${PROJECT_SOURCE_DIR}/bench/callgrind_sync.sh ${CMAKE_BINARY_DIR})
set_tests_properties(callgrind_sync PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77 LABELS "host;perf")

# The same for the crypto classes: framework instructions per sync request
# (AES-128-CBC 16 B and 4 KiB, SHA-256, HMAC-SHA256, AES-128-GCM 4 KiB, SM3;
# OpenSSL's and ipsec-mb's work and the driver's algorithm code not counted).
# Fails at 260 per request (~1.3x the highest count, AES-GCM's 202; AES-CBC
# 149, the digests 154-156);
# skipped (77) without valgrind or under sanitizers.
add_test(NAME callgrind_crypto COMMAND ${CMAKE_COMMAND} -E env CC=${CMAKE_C_COMPILER}
  bash ${PROJECT_SOURCE_DIR}/bench/callgrind_crypto.sh ${CMAKE_BINARY_DIR})
set_tests_properties(callgrind_crypto PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77 LABELS "host;perf")
