# CLI integration tests; included from tests/CMakeLists.txt.
# cli_zip.sh drives the built `wd` binary against gzip and python3's zlib.
find_program(WD_GZIP_PROGRAM gzip)
find_program(WD_PYTHON3_PROGRAM python3)
if(TARGET wd_cli AND WD_GZIP_PROGRAM AND WD_PYTHON3_PROGRAM)
  add_test(NAME cli_zip COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli_zip.sh $<TARGET_FILE:wd_cli>)
  set_tests_properties(cli_zip PROPERTIES TIMEOUT 300 LABELS "integration;cli")
else()
  message(STATUS "cli_zip test skipped: needs the wd_cli target, gzip and python3")
endif()
