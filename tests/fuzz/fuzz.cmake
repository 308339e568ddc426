# libFuzzer targets; included from tests/CMakeLists.txt.
#
#   CC=clang cmake -S . -B fbuild -DWD_FUZZ=ON -DWD_SANITIZE=ON
#   cmake --build fbuild --target fuzz_decompress
#   tests/fuzz/run_fuzz.sh fbuild 60
#
# WD_SANITIZE puts ASan/UBSan into libwd/libwd_comp; here the libraries also
# get -fsanitize=fuzzer-no-link so libFuzzer sees coverage inside them, not
# just in the harness. Their sanitizer and coverage runtime symbols are
# resolved from the fuzzer executable (clang links those runtimes statically
# into executables only), so -Wl,--no-undefined is dropped from the two
# libraries in this configuration.
if(NOT WD_FUZZ)
  return()
endif()
if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(WARNING "WD_FUZZ needs clang (configure with CC=clang): fuzz targets not built")
  return()
endif()
if(NOT WD_SANITIZE)
  message(STATUS "WD_FUZZ without WD_SANITIZE: the libraries are not ASan-instrumented")
endif()

foreach(lib wd wd_comp)
  target_compile_options(${lib} PRIVATE -fsanitize=fuzzer-no-link)
  get_target_property(_wd_lopts ${lib} LINK_OPTIONS)
  if(_wd_lopts)
    list(REMOVE_ITEM _wd_lopts "-Wl,--no-undefined")
    set_property(TARGET ${lib} PROPERTY LINK_OPTIONS ${_wd_lopts})
  endif()
endforeach()

add_executable(fuzz_decompress ${CMAKE_CURRENT_LIST_DIR}/fuzz_decompress.c)
target_compile_options(fuzz_decompress PRIVATE
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
target_link_options(fuzz_decompress PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_libraries(fuzz_decompress PRIVATE wd_comp wd PkgConfig::ZLIB)

# A short smoke run under ctest; long runs: tests/fuzz/run_fuzz.sh BUILD SECONDS.
find_program(WD_FUZZ_PYTHON3 python3)
if(WD_FUZZ_PYTHON3)
  add_test(NAME fuzz_decompress_smoke
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_fuzz.sh ${CMAKE_BINARY_DIR} 30)
  set_tests_properties(fuzz_decompress_smoke PROPERTIES TIMEOUT 300 LABELS "fuzz")
endif()
