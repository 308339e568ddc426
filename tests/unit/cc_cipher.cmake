# CPU cipher driver: its unit test (the driver's files against OpenSSL and
# published vectors) and the measuring program behind its library choices
# (built, never run by ctest).
pkg_check_modules(LIBCRYPTO REQUIRED IMPORTED_TARGET libcrypto)
find_library(IPSECMB_LIB IPSec_MB REQUIRED)

set(CC_CIPHER_SRC
  ${PROJECT_SOURCE_DIR}/src/drivers/cpu_crypto/cipher_driver.c
  ${PROJECT_SOURCE_DIR}/src/drivers/cpu_crypto/cipher_evp.c
  ${PROJECT_SOURCE_DIR}/src/drivers/cpu_crypto/cipher_xts.c
  ${PROJECT_SOURCE_DIR}/src/drivers/cpu_crypto/cipher_cs.c
  ${PROJECT_SOURCE_DIR}/src/drivers/cpu_crypto/cipher_imb.c
  ${PROJECT_SOURCE_DIR}/src/drivers/cpu_crypto/cipher_lanes.c
  ${PROJECT_SOURCE_DIR}/src/drivers/cpu_crypto/cc_ossl.c
  ${PROJECT_SOURCE_DIR}/src/drivers/cpu_crypto/cc_imb.c
  ${CMAKE_CURRENT_SOURCE_DIR}/unit/cc_stubs.c)
# the unit test: main() in test_cc_cipher.c, one file per kind of check
set(CC_CIPHER_TEST_SRC test_cc_cipher.c cc_cipher_util.c cc_cipher_ref.c cc_cipher_keys.c
    cc_cipher_rows.c cc_cipher_vectors.c cc_cipher_xts.c cc_cipher_imb.c cc_test.c vectors.c)
list(TRANSFORM CC_CIPHER_TEST_SRC PREPEND unit/)

foreach(t test_cc_cipher cc_cipher_choice)
  if(t STREQUAL "test_cc_cipher")
    add_executable(${t} ${CC_CIPHER_TEST_SRC} ${CC_CIPHER_SRC})
    target_link_libraries(${t} PRIVATE PkgConfig::CMOCKA)
  else()
    add_executable(${t} ${PROJECT_SOURCE_DIR}/bench/cc_cipher_choice.c ${CC_CIPHER_SRC})
  endif()
  target_include_directories(${t} PRIVATE ${PROJECT_SOURCE_DIR}/src/include
    ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src/drivers/cpu_crypto)
  target_link_libraries(${t} PRIVATE PkgConfig::LIBCRYPTO ${IPSECMB_LIB} Threads::Threads)
endforeach()

add_test(NAME test_cc_cipher COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:test_cc_cipher>)
set_tests_properties(test_cc_cipher PROPERTIES TIMEOUT 600 ENVIRONMENT "WD_LOG_LEVEL=")
