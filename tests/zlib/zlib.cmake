# The zlib drop-in (src/zlib, docs/zlib-dropin.md); included from
# tests/CMakeLists.txt. Labels: zlib.
#
# zwrap: the same program linked against the system zlib and against
# libwd_zlib; zlib_wrap.sh also runs the first with libwd_zlib preloaded
# and requires the three transcripts to be identical.
set(WDZ_TEST_SRC zlib/zwrap_main.c zlib/zwrap_bad.c zlib/zwrap_deflate.c zlib/zwrap_inflate.c
  zlib/zwrap_misc.c)
add_executable(zwrap_sys ${WDZ_TEST_SRC})
target_link_libraries(zwrap_sys PRIVATE PkgConfig::ZLIB ${CMAKE_DL_LIBS})
add_executable(zwrap_wd ${WDZ_TEST_SRC})
target_link_libraries(zwrap_wd PRIVATE wd_zlib ${CMAKE_DL_LIBS})
# zlib.h from zlib1g-dev: the ABI libwd_zlib provides
target_include_directories(zwrap_wd PRIVATE ${ZLIB_INCLUDE_DIRS})
# the *64 functions are declared with this (they are part of the ABI tested)
target_compile_definitions(zwrap_sys PRIVATE _LARGEFILE64_SOURCE=1)
target_compile_definitions(zwrap_wd PRIVATE _LARGEFILE64_SOURCE=1)
# the soname is libz.so.1: run from the build directory that holds that name
set_target_properties(zwrap_wd PROPERTIES BUILD_RPATH ${WDZ_BUILD_DIR})

add_test(NAME zlib_wrap COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/zlib_wrap.sh
  $<TARGET_FILE:zwrap_sys> $<TARGET_FILE:zwrap_wd> $<TARGET_FILE:wd_zlib>)
add_test(NAME zlib_symbols COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/zlib_symbols.sh
  $<TARGET_FILE:wd_zlib>)
# zlib's own example.c and minigzip.c, compiled now, linked three ways
add_test(NAME zlib_examples COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/zlib_examples.sh
  ${CMAKE_BINARY_DIR} $<TARGET_FILE:wd_zlib> ${CMAKE_C_COMPILER})
# real programs under LD_PRELOAD: CPython's test modules (in two tests, so
# ctest -j runs the halves side by side: the archive modules take ~30 s, ~60 s
# under ASan), pigz
add_test(NAME zlib_python COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/zlib_python.sh $<TARGET_FILE:wd_zlib>
  test_zlib test_gzip)
add_test(NAME zlib_python_archives COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/zlib_python.sh $<TARGET_FILE:wd_zlib>
  test_zipfile test_tarfile test_shutil)
add_test(NAME zlib_pigz COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/zlib_pigz.sh $<TARGET_FILE:wd_zlib>)
# `wd zlib-run`
add_test(NAME zlib_run_cli COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/zlib_run_cli.sh $<TARGET_FILE:wd_cli>
  $<TARGET_FILE:wd_zlib> ${CMAKE_BINARY_DIR})
set_tests_properties(zlib_wrap zlib_symbols zlib_examples zlib_python zlib_python_archives zlib_pigz
  zlib_run_cli PROPERTIES TIMEOUT 600 LABELS "zlib"
  SKIP_RETURN_CODE 77)

# inflate's one-shot fast path: zlib, default mode and WD_ZLIB=exact give
# the same transcript (zinf_fast.c)
add_executable(zinf_fast zlib/zinf_fast.c zlib/zinf_drain.c)
target_link_libraries(zinf_fast PRIVATE PkgConfig::ZLIB Threads::Threads)
add_test(NAME zlib_inflate_fast COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/zlib_inflate_fast.sh
  $<TARGET_FILE:zinf_fast> $<TARGET_FILE:wd_zlib>)
set_tests_properties(zlib_inflate_fast PROPERTIES TIMEOUT 600 LABELS "zlib" SKIP_RETURN_CODE 77)

# inflate's stream mode past its hold (zinf_stream.c)
add_executable(zinf_stream zlib/zinf_stream.c)
target_link_libraries(zinf_stream PRIVATE PkgConfig::ZLIB)
add_test(NAME zlib_inflate_stream COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/zlib_inflate_stream.sh
  $<TARGET_FILE:zinf_stream> $<TARGET_FILE:wd_zlib>)
set_tests_properties(zlib_inflate_stream PROPERTIES TIMEOUT 600 LABELS "zlib")

# zdfast: the one-shot deflate fast path against the system zlib, loaded
# with dlopen(RTLD_DEEPBIND) in the same process: the sanitizer runtimes
# refuse RTLD_DEEPBIND, so sanitizer builds leave it out (the plain stage
# runs it; zlib_python, zlib_pigz and zlib_inflate_fast cover the fast paths
# under ASan).
if(NOT WD_SANITIZE AND NOT WD_TSAN)
  add_executable(zdfast zlib/zdfast.c)
  target_link_libraries(zdfast PRIVATE PkgConfig::ZLIB ${CMAKE_DL_LIBS} Threads::Threads)
  # zdwd: wd_comp's own zlib calls (its CPU driver) stay on the private zlib
  add_executable(zdwd zlib/zdwd.c)
  target_link_libraries(zdwd PRIVATE wd_comp)
  add_test(NAME zlib_dfast COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/zlib_dfast.sh
    $<TARGET_FILE:zdfast> $<TARGET_FILE:wd_zlib> $<TARGET_FILE:zdwd>)
  set_tests_properties(zlib_dfast PROPERTIES TIMEOUT 600 LABELS "zlib")
endif()

# adler32/crc32: the vectorised ones give zlib's values (zcheck.c)
add_executable(zcheck zlib/zcheck.c)
target_link_libraries(zcheck PRIVATE PkgConfig::ZLIB)
target_compile_definitions(zcheck PRIVATE _LARGEFILE64_SOURCE=1)
add_test(NAME zlib_check COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/zlib_check.sh $<TARGET_FILE:zcheck>
  $<TARGET_FILE:wd_zlib>)
set_tests_properties(zlib_check PROPERTIES TIMEOUT 600 LABELS "zlib")

# zseq: a differential fuzzer of API call sequences (tests/zlib/zseq_main.c
# lists what it checks). Built against the system zlib; zlib_seq.sh runs it
# plainly, preloaded under WD_ZLIB=exact (identical transcripts) and
# preloaded in default mode (invariants, and the system zlib decodes what
# it made). ZSEQ_SEEDS=N runs N seeds instead of CI's fixed range.
add_executable(zseq zlib/zseq_main.c zlib/zseq_gen.c zlib/zseq_deflate.c zlib/zseq_inflate.c
  zlib/zseq_verify.c)
target_link_libraries(zseq PRIVATE PkgConfig::ZLIB ${CMAKE_DL_LIBS})
add_test(NAME zlib_seq COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/zlib_seq.sh
  $<TARGET_FILE:zseq> $<TARGET_FILE:wd_zlib>)
set_tests_properties(zlib_seq PROPERTIES TIMEOUT 900 LABELS "zlib" SKIP_RETURN_CODE 77)

# the gz* family on the fast paths (zgz.c): written and read with every gz
# call, transcripts against the system zlib (zlib_gz.sh)
add_executable(zgz zlib/zgz.c zlib/zgz_write.c)
target_link_libraries(zgz PRIVATE PkgConfig::ZLIB ${CMAKE_DL_LIBS})
# a program with its own inflateReset/deflateReset: our gz code keeps ours
add_executable(zgz_interpose zlib/zgz_interpose.c)
target_link_libraries(zgz_interpose PRIVATE PkgConfig::ZLIB)
# gzwrite/gzread speed (run by hand, docs/zlib-dropin.md; no test)
add_executable(zgz_bench zlib/zgz_bench.c)
target_link_libraries(zgz_bench PRIVATE PkgConfig::ZLIB)
add_test(NAME zlib_gz COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/zlib_gz.sh
  $<TARGET_FILE:zgz> $<TARGET_FILE:wd_zlib> $<TARGET_FILE:zgz_interpose>)
set_tests_properties(zlib_gz PROPERTIES TIMEOUT 600 LABELS "zlib" SKIP_RETURN_CODE 77)
