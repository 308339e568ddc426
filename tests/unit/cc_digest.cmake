# The CPU digest driver (cpu_digest) on its own: its sources, OpenSSL's
# private context (cc_ossl.c) and a stub of the rest of libwd. The test
# reads its vectors from python3-cryptography-vectors at run time.
if(NOT TARGET PkgConfig::LIBCRYPTO)
  pkg_check_modules(LIBCRYPTO REQUIRED IMPORTED_TARGET libcrypto)
endif()
find_library(IPSECMB_LIB IPSec_MB REQUIRED)

set(CC_DIGEST_DIR ${PROJECT_SOURCE_DIR}/src/drivers/cpu_crypto)
set(CC_DIGEST_SRC ${CC_DIGEST_DIR}/digest_driver.c ${CC_DIGEST_DIR}/digest_hash.c
    ${CC_DIGEST_DIR}/digest_aes.c ${CC_DIGEST_DIR}/sm3.c ${CC_DIGEST_DIR}/cc_ossl.c
    ${CC_DIGEST_DIR}/cc_imb.c
    ${CMAKE_CURRENT_SOURCE_DIR}/unit/cc_stubs.c)
# the unit test: main() in test_cc_digest.c, one file per kind of check
set(CC_DIGEST_TEST_SRC test_cc_digest.c cc_digest_util.c cc_digest_ref.c cc_digest_vectors.c
    cc_digest_cross.c cc_digest_streams.c cc_digest_edges.c cc_test.c vectors.c sm3_gbt.c)
list(TRANSFORM CC_DIGEST_TEST_SRC PREPEND unit/)

foreach(t test_cc_digest cc_digest_choice)
  if(t STREQUAL "test_cc_digest")
    add_executable(${t} ${CC_DIGEST_TEST_SRC} ${CC_DIGEST_SRC})
    target_link_libraries(${t} PRIVATE PkgConfig::CMOCKA)
  else()
    add_executable(${t} ${PROJECT_SOURCE_DIR}/bench/cc_digest_choice.c ${CC_DIGEST_SRC})
  endif()
  target_include_directories(${t} PRIVATE ${PROJECT_SOURCE_DIR}/src/include ${CC_DIGEST_DIR}
                             ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/include/uadk)
  target_link_libraries(${t} PRIVATE PkgConfig::LIBCRYPTO ${IPSECMB_LIB} Threads::Threads)
endforeach()

add_test(NAME test_cc_digest COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:test_cc_digest>)
set_tests_properties(test_cc_digest PROPERTIES TIMEOUT 600 ENVIRONMENT "WD_LOG_LEVEL=")
