# libFuzzer targets; included from tests/CMakeLists.txt.
#
#   CC=clang cmake -S . -B fbuild -DWD_FUZZ=ON -DWD_SANITIZE=ON
#   cmake --build fbuild --target fuzz_decompress fuzz_crypto fuzz_zseq fuzz_pginflate
#   tests/fuzz/run_fuzz.sh fbuild 60 [fuzz_decompress|fuzz_crypto|fuzz_zseq|fuzz_pginflate]
#
# WD_SANITIZE puts ASan/UBSan into the libraries; here they also
# get -fsanitize=fuzzer-no-link so libFuzzer sees coverage inside them, not
# just in the harness. Their sanitizer and coverage runtime symbols are
# resolved from the fuzzer executable (clang links those runtimes statically
# into executables only), so -Wl,--no-undefined is dropped from the
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

foreach(lib wd wd_comp wd_crypto wd_zlib)
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

# The CPU driver's page inflater against zlib raw inflate; its sources are
# built in (driver-internal functions).
set(WD_PG_DIR ${PROJECT_SOURCE_DIR}/src/drivers/cpu_comp)
add_executable(fuzz_pginflate ${CMAKE_CURRENT_LIST_DIR}/fuzz_pginflate.c
  ${WD_PG_DIR}/cpu_pginflate.c ${WD_PG_DIR}/cpu_pgtables.c ${WD_PG_DIR}/cpu_pgbuild.c)
target_include_directories(fuzz_pginflate PRIVATE ${WD_PG_DIR})
target_compile_options(fuzz_pginflate PRIVATE
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
target_link_options(fuzz_pginflate PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_libraries(fuzz_pginflate PRIVATE PkgConfig::ZLIB)

# AEAD and digest streaming of libwd_crypto, OpenSSL as the reference
# (crypto_ref.c is the threaded tests' helper).
add_executable(fuzz_crypto ${CMAKE_CURRENT_LIST_DIR}/fuzz_crypto.c
  ${CMAKE_CURRENT_LIST_DIR}/fuzz_crypto_digest.c ${CMAKE_CURRENT_LIST_DIR}/../unit/crypto_ref.c)
target_include_directories(fuzz_crypto PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../unit)
target_compile_options(fuzz_crypto PRIVATE
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
target_link_options(fuzz_crypto PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_libraries(fuzz_crypto PRIVATE wd_crypto wd PkgConfig::LIBCRYPTO)

# zseq's call sequences (tests/zlib/zseq*.c) on the zlib drop-in, default
# mode; the sources are zlib_seq's, minus its main.
add_executable(fuzz_zseq ${CMAKE_CURRENT_LIST_DIR}/fuzz_zseq.c
  ${CMAKE_CURRENT_LIST_DIR}/../zlib/zseq_gen.c ${CMAKE_CURRENT_LIST_DIR}/../zlib/zseq_deflate.c
  ${CMAKE_CURRENT_LIST_DIR}/../zlib/zseq_inflate.c ${CMAKE_CURRENT_LIST_DIR}/../zlib/zseq_verify.c)
target_compile_options(fuzz_zseq PRIVATE
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
target_link_options(fuzz_zseq PRIVATE -fsanitize=fuzzer,address,undefined)
# zlib.h from zlib1g-dev (the ABI libwd_zlib provides); the soname is
# libz.so.1, found in the build tree's directory of that name
target_include_directories(fuzz_zseq PRIVATE ${ZLIB_INCLUDE_DIRS})
target_link_libraries(fuzz_zseq PRIVATE wd_zlib)
set_target_properties(fuzz_zseq PROPERTIES BUILD_RPATH ${WDZ_BUILD_DIR})

# Short smoke runs under ctest; long runs: tests/fuzz/run_fuzz.sh BUILD SECONDS TARGET.
find_program(WD_FUZZ_PYTHON3 python3)
if(WD_FUZZ_PYTHON3)
  add_test(NAME fuzz_decompress_smoke
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_fuzz.sh ${CMAKE_BINARY_DIR} 30 fuzz_decompress)
  add_test(NAME fuzz_crypto_smoke
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_fuzz.sh ${CMAKE_BINARY_DIR} 20 fuzz_crypto)
  add_test(NAME fuzz_zseq_smoke
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_fuzz.sh ${CMAKE_BINARY_DIR} 20 fuzz_zseq)
  add_test(NAME fuzz_pginflate_smoke
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_fuzz.sh ${CMAKE_BINARY_DIR} 20 fuzz_pginflate)
  set_tests_properties(fuzz_decompress_smoke fuzz_crypto_smoke fuzz_zseq_smoke fuzz_pginflate_smoke PROPERTIES
    TIMEOUT 300 LABELS "fuzz")
endif()
