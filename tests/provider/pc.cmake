# The provider's non-AEAD ciphers against OpenSSL's default provider
# (tests/provider/pc_*.c). One program, three configurations of warpdrive:
# every message on WarpDrive, every message on the software path, and both
# mixed (messages and TLS records below 1000 bytes on the software path),
# which also moves a TLS connection's records between the two paths.
if(TARGET warpdrive_provider)
  add_executable(pc_cipher ${CMAKE_CURRENT_LIST_DIR}/pc_cipher.c ${CMAKE_CURRENT_LIST_DIR}/pc_tls.c ${CMAKE_CURRENT_LIST_DIR}/pc_async.c
                 ${CMAKE_CURRENT_LIST_DIR}/pc_util.c)
  target_link_libraries(pc_cipher PRIVATE PkgConfig::LIBCRYPTO)
  add_dependencies(pc_cipher warpdrive_provider)
  function(pc_cipher_test tag setting)
    add_test(NAME provider_cipher_${tag}
             COMMAND ${WD_TEST_LAUNCHER} $<TARGET_FILE:pc_cipher>
                     $<TARGET_FILE_DIR:warpdrive_provider> "${setting}")
    set_tests_properties(provider_cipher_${tag} PROPERTIES TIMEOUT 600 LABELS provider ENVIRONMENT "WD_LOG_LEVEL=")
  endfunction()
  pc_cipher_test(wd "cpu_below_cipher = 0")
  pc_cipher_test(sw "offload = off")
  pc_cipher_test(mixed "cpu_below_cipher = 1000")
endif()
