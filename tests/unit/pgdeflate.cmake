# The CPU driver's page deflater (cpu_pgdeflate.c, cpu_pgmatch.c, cpu_pghuff.c, cpu_pgcode.c,
# cpu_pghdr.c, cpu_pgwrite.c) against zlib:
# driver-internal, so its sources are built into the test (WD_PG_DIR is set
# by pginflate.cmake). corpus/mixed.bin is used when present. Built twice:
# as this machine runs it, and with the x86-only paths left out
# (CPU_PG_PLAIN), as other machines build it.
foreach(variant "" "_plain")
  set(t test_comp_pgdeflate${variant})
  add_executable(${t} unit/test_comp_pgdeflate.c ${WD_PG_DIR}/cpu_pgdeflate.c
    ${WD_PG_DIR}/cpu_pgmatch.c
    ${WD_PG_DIR}/cpu_pghuff.c
    ${WD_PG_DIR}/cpu_pgcode.c
    ${WD_PG_DIR}/cpu_pghdr.c
    ${WD_PG_DIR}/cpu_pgwrite.c)
  target_include_directories(${t} PRIVATE ${WD_PG_DIR})
  target_compile_definitions(${t} PRIVATE
    WD_TEST_CORPUS="${PROJECT_SOURCE_DIR}/corpus/mixed.bin")
  if(variant STREQUAL "_plain")
    target_compile_definitions(${t} PRIVATE CPU_PG_PLAIN=1)
  endif()
  target_link_libraries(${t} PRIVATE PkgConfig::CMOCKA PkgConfig::ZLIB m)
  add_test(NAME ${t} COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:${t}>)
  set_tests_properties(${t} PROPERTIES TIMEOUT 600 ENVIRONMENT "WD_LOG_LEVEL=")
endforeach()
