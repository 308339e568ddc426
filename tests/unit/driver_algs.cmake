# wd_get_driver_algs() and the algs field of wd_get_driver_info(): a fake
# driver with a long list against libwd's registry.
add_executable(test_driver_algs unit/test_driver_algs.c)
target_include_directories(test_driver_algs PRIVATE ${PROJECT_SOURCE_DIR}/src/include)
target_link_libraries(test_driver_algs PRIVATE wd PkgConfig::CMOCKA)
add_test(NAME test_driver_algs COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:test_driver_algs>)
set_tests_properties(test_driver_algs PROPERTIES TIMEOUT 60 ENVIRONMENT "WD_LOG_LEVEL=")

# wd_sess_get_driver_counts(): which driver ran a session's requests, on
# the CPU drivers of this host, through the public API of three classes.
add_executable(test_driver_counts unit/test_driver_counts.c)
target_link_libraries(test_driver_counts PRIVATE wd_crypto wd_comp wd PkgConfig::CMOCKA)
add_test(NAME test_driver_counts COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:test_driver_counts>)
set_tests_properties(test_driver_counts PROPERTIES TIMEOUT 60 ENVIRONMENT "WD_LOG_LEVEL=")
