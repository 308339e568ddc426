# The CPU driver's page inflater against zlib: its two sources are built
# into the test (driver-internal functions, not exported by libwd_comp).
set(WD_PG_DIR ${PROJECT_SOURCE_DIR}/src/drivers/cpu_comp)
add_executable(test_comp_pginflate unit/test_comp_pginflate.c unit/pginflate_blocks.c
  unit/deflate_writer.c
  ${WD_PG_DIR}/cpu_pginflate.c ${WD_PG_DIR}/cpu_pgtables.c ${WD_PG_DIR}/cpu_pgbuild.c)
target_include_directories(test_comp_pginflate PRIVATE ${WD_PG_DIR})
target_link_libraries(test_comp_pginflate PRIVATE PkgConfig::CMOCKA PkgConfig::ZLIB PkgConfig::ISAL)
add_test(NAME test_comp_pginflate COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:test_comp_pginflate>)
set_tests_properties(test_comp_pginflate PROPERTIES TIMEOUT 600 ENVIRONMENT "WD_LOG_LEVEL=")

# The same with the x86-only paths left out (CPU_PG_PLAIN): the portable
# loop, table builder and pairing, which this machine would never run.
add_executable(test_comp_pginflate_plain unit/test_comp_pginflate.c unit/pginflate_blocks.c
  unit/deflate_writer.c
  ${WD_PG_DIR}/cpu_pginflate.c ${WD_PG_DIR}/cpu_pgtables.c ${WD_PG_DIR}/cpu_pgbuild.c)
target_compile_definitions(test_comp_pginflate_plain PRIVATE CPU_PG_PLAIN=1)
target_include_directories(test_comp_pginflate_plain PRIVATE ${WD_PG_DIR})
target_link_libraries(test_comp_pginflate_plain PRIVATE PkgConfig::CMOCKA PkgConfig::ZLIB PkgConfig::ISAL)
add_test(NAME test_comp_pginflate_plain COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:test_comp_pginflate_plain>)
set_tests_properties(test_comp_pginflate_plain PROPERTIES TIMEOUT 600 ENVIRONMENT "WD_LOG_LEVEL=")
