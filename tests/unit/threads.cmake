# Threaded tests of the public API (label "threads"); included from
# tests/CMakeLists.txt. scripts/test.sh runs them in a ThreadSanitizer build
# (-DWD_TSAN=ON, ctest -L threads); every build runs them too.
#
# They include the installed headers only (no src/include), so what they
# call is the public API and they survive rewrites of the library's insides.
# One ctest entry per cmocka test: a failure or a TSan report names its
# scenario, and ctest -j can run two at once.
set(WD_THREADS_TESTS
  test_threads_sync:test_sync_many
  test_threads_sync:test_streams
  test_threads_sync:test_sess_churn
  test_threads_sync:test_init_refcount
  test_threads_async:test_async_poll
  test_threads_async:test_async_poll_ctx
  test_threads_async:test_async_lib_poller
  test_threads_async:test_ctx_info_monitor
  test_threads_learn:test_learn_shared)

foreach(bin test_threads_sync test_threads_async test_threads_learn)
  add_executable(${bin} unit/${bin}.c unit/threads_util.c unit/test_util.c)
  target_include_directories(${bin} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
  target_link_libraries(${bin} PRIVATE wd_comp wd PkgConfig::CMOCKA PkgConfig::ZLIB Threads::Threads)
endforeach()

foreach(entry IN LISTS WD_THREADS_TESTS)
  string(REPLACE ":" ";" pair ${entry})
  list(GET pair 0 bin)
  list(GET pair 1 fn)
  string(REGEX REPLACE "^test_" "threads_" name ${fn})
  add_test(NAME ${name} COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:${bin}> ${fn})
  # a developer's WD_LOG_LEVEL or ctx settings must not change what they see
  set_tests_properties(${name} PROPERTIES LABELS threads TIMEOUT 300
    ENVIRONMENT "WD_LOG_LEVEL=;WD_COMP_CTX_NUM=;WD_COMP_ASYNC_POLL_EN=;WD_COMP_EPOLL_EN=")
endforeach()

# the older threads + fork test belongs to the set as well
set_property(TEST test_comp_threads APPEND PROPERTY LABELS threads)
