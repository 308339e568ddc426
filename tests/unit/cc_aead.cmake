# The CPU AEAD driver (src/drivers/cpu_crypto/aead_*.c) on its own: its
# unit test and its measuring program drive struct cc_class directly.
if(NOT TARGET PkgConfig::LIBCRYPTO)
  pkg_check_modules(LIBCRYPTO REQUIRED IMPORTED_TARGET libcrypto)
endif()
find_library(IPSECMB_LIB IPSec_MB REQUIRED)

set(CC_AEAD_DIR ${PROJECT_SOURCE_DIR}/src/drivers/cpu_crypto)
set(CC_AEAD_SRC
  ${CC_AEAD_DIR}/aead_driver.c
  ${CC_AEAD_DIR}/aead_gcm_aes.c
  ${CC_AEAD_DIR}/aead_gcm_sm4.c
  ${CC_AEAD_DIR}/aead_ccm.c
  ${CC_AEAD_DIR}/aead_authenc.c
  ${CC_AEAD_DIR}/aead_hmac.c
  ${CC_AEAD_DIR}/cc_ossl.c
  ${CC_AEAD_DIR}/cc_imb.c
  ${CMAKE_CURRENT_SOURCE_DIR}/unit/cc_stubs.c)
# the unit test: main() in test_cc_aead.c, one file per kind of check
set(CC_AEAD_TEST_SRC test_cc_aead.c cc_aead_util.c cc_aead_ref.c cc_aead_vectors.c
    cc_aead_cross.c cc_aead_streams.c cc_aead_tags.c cc_test.c vectors.c ghash_ref.c)
list(TRANSFORM CC_AEAD_TEST_SRC PREPEND unit/)

foreach(t test_cc_aead cc_aead_choice)
  if(t STREQUAL "test_cc_aead")
    add_executable(${t} ${CC_AEAD_TEST_SRC} ${CC_AEAD_SRC})
    target_link_libraries(${t} PRIVATE PkgConfig::CMOCKA)
  else()
    add_executable(${t} ${PROJECT_SOURCE_DIR}/bench/cc_aead_choice.c ${CC_AEAD_SRC})
  endif()
  target_include_directories(${t} PRIVATE ${PROJECT_SOURCE_DIR}/include
                             ${PROJECT_SOURCE_DIR}/src/include ${CC_AEAD_DIR})
  # SHA256_Init & co.: the HMAC pads are hashed once into low-level contexts
  target_compile_options(${t} PRIVATE -Wno-deprecated-declarations)
  target_link_libraries(${t} PRIVATE PkgConfig::LIBCRYPTO ${IPSECMB_LIB} Threads::Threads)
endforeach()

add_test(NAME test_cc_aead COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:test_cc_aead>)
set_tests_properties(test_cc_aead PROPERTIES TIMEOUT 600)
