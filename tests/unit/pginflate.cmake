# The CPU driver's page inflater against zlib: its sources are built into
# the test (driver-internal functions, not exported by libwd_comp). Built
# twice: as this machine runs it, and with the x86-only paths left out
# (CPU_PG_PLAIN: the portable loop, table builder and pairing), as other
# machines build it.
set(WD_PG_DIR ${PROJECT_SOURCE_DIR}/src/drivers/cpu_comp)
foreach(variant "" "_plain")
  set(t test_comp_pginflate${variant})
  add_executable(${t} unit/test_comp_pginflate.c unit/pginflate_blocks.c
    unit/deflate_writer.c
    ${WD_PG_DIR}/cpu_pginflate.c ${WD_PG_DIR}/cpu_pgtables.c ${WD_PG_DIR}/cpu_pgbuild.c)
  target_include_directories(${t} PRIVATE ${WD_PG_DIR})
  if(variant STREQUAL "_plain")
    target_compile_definitions(${t} PRIVATE CPU_PG_PLAIN=1)
  endif()
  target_link_libraries(${t} PRIVATE PkgConfig::CMOCKA PkgConfig::ZLIB PkgConfig::ISAL)
  add_test(NAME ${t} COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:${t}>)
  set_tests_properties(${t} PROPERTIES TIMEOUT 600 ENVIRONMENT "WD_LOG_LEVEL=")
endforeach()
