# The OpenSSL provider's correctness tests against material no one here
# wrote, included from tests/CMakeLists.txt. Label: provider.
#
#   prov_evp_data  OpenSSL's own evp_test data (fetched at test time from
#                  the Debian source of the installed libssl3; skipped, 77,
#                  when the archive cannot be reached), every Cipher, Digest
#                  and MAC stanza on warpdrive and on the default provider
#   prov_nist      NIST CAVP / RFC vectors of python3-cryptography-vectors
#   prov_cross     random cross-checks against the default provider
#   prov_cross_mixed  the same with messages below 256 bytes on OpenSSL's
#                  code (prov_mixed.cnf): messages start on either path
#
# Each loads the build tree's warpdrive.so (--provider-path) with a config
# that fixes its thresholds (prov_wd.cnf: every message on WarpDrive,
# whatever the measured defaults) and checks from its counters that
# WarpDrive drivers ran requests.
if(TARGET warpdrive_provider)
  set(WDP_T ${CMAKE_CURRENT_LIST_DIR})
  set(WDP_COMMON ${WDP_T}/prov_util.c)
  # the text-file helpers of tests/unit's vector reader (tv_slurp, tv_cut_line)
  add_executable(evp_data_test ${WDP_T}/evp_data_test.c ${WDP_T}/evp_data_stanza.c
    ${WDP_T}/evp_data_cipher.c ${WDP_T}/evp_data_digest.c ${WDP_T}/evp_data_mac.c ${WDP_COMMON}
    ${CMAKE_CURRENT_SOURCE_DIR}/unit/vectors.c)
  target_include_directories(evp_data_test PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
  # the NIST reader of the libwd_crypto tests, as it is
  add_executable(prov_nist_test ${WDP_T}/prov_nist_test.c ${WDP_T}/prov_nist_cipher.c
    ${WDP_T}/prov_nist_hash.c ${WDP_T}/prov_evp.c ${CMAKE_CURRENT_SOURCE_DIR}/unit/vectors.c
    ${WDP_COMMON})
  target_include_directories(prov_nist_test PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
  add_executable(prov_cross_test ${WDP_T}/prov_cross_test.c ${WDP_T}/prov_cross_cases.c
    ${WDP_T}/prov_cross_ops.c ${WDP_T}/prov_evp.c ${WDP_COMMON})
  foreach(t evp_data_test prov_nist_test prov_cross_test)
    # libcrypto only: the provider is loaded the way applications load it
    target_link_libraries(${t} PRIVATE PkgConfig::LIBCRYPTO)
    # the module must be built for the tests to run
    add_dependencies(${t} warpdrive_provider)
  endforeach()

  set(WDP_MODDIR $<TARGET_FILE_DIR:warpdrive_provider>)
  set(WDP_WD --config ${WDP_T}/prov_wd.cnf)
  add_test(NAME prov_evp_data COMMAND bash ${WDP_T}/prov_test.sh evp-data
    $<TARGET_FILE:evp_data_test> ${WDP_MODDIR} ${CMAKE_CURRENT_BINARY_DIR}/provider/evp_data
    ${WDP_WD} --contract --strict)
  add_test(NAME prov_nist COMMAND bash ${WDP_T}/prov_test.sh run
    $<TARGET_FILE:prov_nist_test> ${WDP_MODDIR} ${WDP_WD} --contract)
  add_test(NAME prov_cross COMMAND bash ${WDP_T}/prov_test.sh run
    $<TARGET_FILE:prov_cross_test> ${WDP_MODDIR} ${WDP_WD} --iterations 40)
  add_test(NAME prov_cross_mixed COMMAND bash ${WDP_T}/prov_test.sh run
    $<TARGET_FILE:prov_cross_test> ${WDP_MODDIR} --config ${WDP_T}/prov_mixed.cnf
    --iterations 40 --seed 7)
  # a developer's OpenSSL or WarpDrive settings must not change what they see
  set_tests_properties(prov_evp_data prov_nist prov_cross prov_cross_mixed PROPERTIES TIMEOUT 900
    LABELS "provider" SKIP_RETURN_CODE 77
    ENVIRONMENT "OPENSSL_CONF=/dev/null;OPENSSL_MODULES=;WD_LOG_LEVEL=;WD_CIPHER_CTX_NUM=;WD_DIGEST_CTX_NUM=;WD_AEAD_CTX_NUM=")
endif()
