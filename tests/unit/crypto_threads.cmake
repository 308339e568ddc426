# Threaded tests of libwd_crypto's public API (label "threads"); included
# from tests/CMakeLists.txt. Like threads.cmake: every build runs them and
# scripts/test.sh runs them again under ThreadSanitizer (ctest -L threads).
# OpenSSL EVP is the reference for every output (crypto_ref.c).
set(WD_CRYPTO_THREADS_TESTS sync_own sync_shared fork uninit_open
  async_poll async_lib_poller async_ebusy async_cbc_lanes)

add_executable(test_crypto_threads unit/test_crypto_threads.c unit/crypto_threads_async.c
  unit/crypto_threads_util.c unit/crypto_ref.c unit/threads_util.c unit/test_util.c)
target_include_directories(test_crypto_threads PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
target_link_libraries(test_crypto_threads PRIVATE wd_crypto wd_comp wd PkgConfig::CMOCKA
  PkgConfig::ZLIB PkgConfig::LIBCRYPTO Threads::Threads)

foreach(fn IN LISTS WD_CRYPTO_THREADS_TESTS)
  add_test(NAME threads_crypto_${fn} COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:test_crypto_threads>
           test_${fn})
  # a developer's log level or ctx settings must not change what they see
  set_tests_properties(threads_crypto_${fn} PROPERTIES LABELS threads TIMEOUT 300
    ENVIRONMENT "WD_LOG_LEVEL=;WD_CPU_AS_HW=;WD_CIPHER_CTX_NUM=;WD_DIGEST_CTX_NUM=;WD_AEAD_CTX_NUM=;WD_CIPHER_ASYNC_POLL_EN=;WD_DIGEST_ASYNC_POLL_EN=;WD_AEAD_ASYNC_POLL_EN=;WD_CIPHER_EPOLL_EN=;WD_DIGEST_EPOLL_EN=;WD_AEAD_EPOLL_EN=")
endforeach()
