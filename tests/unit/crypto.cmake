# libwd_crypto tests through the public API only (the installed headers;
# no src/include), included from tests/CMakeLists.txt. They run in every
# stage that runs unlabelled tests (plain and ASan).
#
#   test_crypto_errors  bad input, one table per class, exact return codes
#   test_crypto_kat     known answers from python3-cryptography-vectors,
#                       read at test time (never copied into the tree)
#   test_crypto_cross   random cross-checks against OpenSSL's EVP
set(WD_CRYPTO_TEST_SRC_errors test_crypto_errors.c errors_cipher.c errors_digest.c errors_aead.c)
set(WD_CRYPTO_TEST_SRC_kat test_crypto_kat.c kat_cipher.c kat_digest.c kat_aead.c vectors.c
    sm3_gbt.c)
set(WD_CRYPTO_TEST_SRC_cross test_crypto_cross.c cross_cipher.c cross_digest.c cross_aead.c
    cross_evp.c cross_ref.c cross_sm4.c ghash_ref.c)

foreach(kind errors kat cross)
  set(t test_crypto_${kind})
  set(srcs unit/crypto_util.c)
  foreach(s IN LISTS WD_CRYPTO_TEST_SRC_${kind})
    list(APPEND srcs unit/${s})
  endforeach()
  add_executable(${t} ${srcs})
  target_include_directories(${t} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
  target_link_libraries(${t} PRIVATE wd_crypto wd PkgConfig::CMOCKA PkgConfig::LIBCRYPTO
                        Threads::Threads)
  add_test(NAME ${t} COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:${t}>)
  # a developer's log level or ctx settings must not change what they see
  # (WD_TEST_SEED passes through: set it to repeat a run of test_crypto_cross)
  set_tests_properties(${t} PROPERTIES TIMEOUT 300 ENVIRONMENT
    "WD_LOG_LEVEL=;WD_CIPHER_CTX_NUM=;WD_DIGEST_CTX_NUM=;WD_AEAD_CTX_NUM=;WD_CIPHER_EPOLL_EN=;WD_DIGEST_EPOLL_EN=;WD_AEAD_EPOLL_EN=;WD_CIPHER_ASYNC_POLL_EN=;WD_DIGEST_ASYNC_POLL_EN=;WD_AEAD_ASYNC_POLL_EN=")
endforeach()
