# The CPU driver's page deflater (cpu_pgdeflate.c, cpu_pgmatch.c, cpu_pghuff.c, cpu_pgcode.c,
# cpu_pghdr.c, cpu_pgwrite.c) against zlib:
# driver-internal, so its sources are built into the test (WD_PG_DIR is set
# by pginflate.cmake). corpus/mixed.bin is used when present.
add_executable(test_comp_pgdeflate unit/test_comp_pgdeflate.c ${WD_PG_DIR}/cpu_pgdeflate.c
  ${WD_PG_DIR}/cpu_pgmatch.c
  ${WD_PG_DIR}/cpu_pghuff.c
  ${WD_PG_DIR}/cpu_pgcode.c
  ${WD_PG_DIR}/cpu_pghdr.c
  ${WD_PG_DIR}/cpu_pgwrite.c)
target_include_directories(test_comp_pgdeflate PRIVATE ${WD_PG_DIR})
target_compile_definitions(test_comp_pgdeflate PRIVATE
  WD_TEST_CORPUS="${PROJECT_SOURCE_DIR}/corpus/mixed.bin")
target_link_libraries(test_comp_pgdeflate PRIVATE PkgConfig::CMOCKA PkgConfig::ZLIB m)
add_test(NAME test_comp_pgdeflate COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:test_comp_pgdeflate>)
set_tests_properties(test_comp_pgdeflate PROPERTIES TIMEOUT 600 ENVIRONMENT "WD_LOG_LEVEL=")

# The same with the x86-only paths left out (CPU_PG_PLAIN), as other machines build it.
add_executable(test_comp_pgdeflate_plain unit/test_comp_pgdeflate.c ${WD_PG_DIR}/cpu_pgdeflate.c
  ${WD_PG_DIR}/cpu_pgmatch.c
  ${WD_PG_DIR}/cpu_pghuff.c
  ${WD_PG_DIR}/cpu_pgcode.c
  ${WD_PG_DIR}/cpu_pghdr.c
  ${WD_PG_DIR}/cpu_pgwrite.c)
target_include_directories(test_comp_pgdeflate_plain PRIVATE ${WD_PG_DIR})
target_compile_definitions(test_comp_pgdeflate_plain PRIVATE CPU_PG_PLAIN=1
  WD_TEST_CORPUS="${PROJECT_SOURCE_DIR}/corpus/mixed.bin")
target_link_libraries(test_comp_pgdeflate_plain PRIVATE PkgConfig::CMOCKA PkgConfig::ZLIB m)
add_test(NAME test_comp_pgdeflate_plain COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:test_comp_pgdeflate_plain>)
set_tests_properties(test_comp_pgdeflate_plain PROPERTIES TIMEOUT 600 ENVIRONMENT "WD_LOG_LEVEL=")
