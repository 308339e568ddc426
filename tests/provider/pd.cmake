# The digest and MAC tests of warpdrive.so (the digest/MAC files' own
# checks against OpenSSL's default provider), included from
# tests/CMakeLists.txt. Label: provider.
#
#   pd_digest  digests: parameters, one-shots, split messages, copies
#              mid-message (threads copying one template), SSL3_MS
#   pd_hmac    HMAC: every digest and key size, hmac_prov.c's rules, TLS
#              record MAC, EVP_PKEY HMAC, PBKDF2, threads
#   pd_aesmac  CMAC and GMAC: ciphers, long messages, call-order rules
#
# Each runs three ways: every message on WarpDrive (pd_wd.cnf), messages
# below 1000 bytes on the software path (pd_mixed.cnf), offload off
# (pd_off.cnf); warpdrive's counters must show the paths that ran.
if(TARGET warpdrive_provider)
  set(PD_T ${CMAKE_CURRENT_LIST_DIR})
  foreach(t pd_digest pd_hmac pd_aesmac)
    add_executable(${t} ${PD_T}/${t}.c)
    target_include_directories(${t} PRIVATE ${PD_T})
    # libcrypto only: the provider is loaded the way applications load it
    target_link_libraries(${t} PRIVATE PkgConfig::LIBCRYPTO Threads::Threads)
    add_dependencies(${t} warpdrive_provider)
  endforeach()
  # the paths each test must see run, per config
  set(PD_WANT_pd_digest_wd wd)
  set(PD_WANT_pd_hmac_wd both)	# SHA-3, BLAKE2 and TLS records: software
  set(PD_WANT_pd_aesmac_wd both)	# AES-192/256 CMAC, other ciphers, IVs: software
  foreach(t pd_digest pd_hmac pd_aesmac)
    foreach(cfg wd mixed off)
      if(cfg STREQUAL "wd")
        set(want ${PD_WANT_${t}_wd})
      elseif(cfg STREQUAL "mixed")
        set(want both)
      else()
        set(want sw)
      endif()
      add_test(NAME ${t}_${cfg} COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:${t}>
        $<TARGET_FILE_DIR:warpdrive_provider> ${PD_T}/pd_${cfg}.cnf ${want})
      # a developer's OpenSSL or WarpDrive settings must not change what they see
      set_tests_properties(${t}_${cfg} PROPERTIES TIMEOUT 600 LABELS "provider"
        ENVIRONMENT "OPENSSL_CONF=/dev/null;OPENSSL_MODULES=;WD_LOG_LEVEL=;WD_DIGEST_CTX_NUM=")
    endforeach()
  endforeach()
endif()
