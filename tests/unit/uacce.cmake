# uacce queue tests (fake sysfs and /dev trees; no device needed). The
# discovery test is registered by tests/CMakeLists.txt's own list.
foreach(t test_uacce_queue)
  add_executable(${t} unit/${t}.c unit/uacce_open_hook.c unit/test_util.c)
  target_include_directories(${t} PRIVATE ${PROJECT_SOURCE_DIR}/src/include ${CMAKE_CURRENT_SOURCE_DIR}/unit)
  target_link_libraries(${t} PRIVATE wd_comp wd PkgConfig::CMOCKA PkgConfig::ZLIB Threads::Threads ${CMAKE_DL_LIBS})
  add_test(NAME ${t} COMMAND ${t})
  # a developer's WD_LOG_LEVEL must not change what the tests see
  set_tests_properties(${t} PROPERTIES TIMEOUT 600 ENVIRONMENT "WD_LOG_LEVEL=")
endforeach()
