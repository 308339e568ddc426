# TLS end to end through the provider warpdrive.so (tls_e2e.sh: s_server and
# s_client on loopback, 100 MiB each way per suite, bytes and the provider's
# counters checked); included from tests/CMakeLists.txt. Labels: provider, tls.
# The openssl tool loads the module: an ASan/TSan-built module cannot load
# into it (the sanitizer runtime must come first), so those builds skip it.
if(TARGET warpdrive_provider AND NOT WD_SANITIZE AND NOT WD_TSAN)
  add_test(NAME provider_tls_e2e COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/tls_e2e.sh ${CMAKE_BINARY_DIR})
  # the same transfers with the default provider alone (16 MiB each way):
  # when only provider_tls_e2e fails, the provider is at fault, not the harness
  add_test(NAME provider_tls_e2e_default COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/tls_e2e.sh ${CMAKE_BINARY_DIR}
    --no-provider)
  set_tests_properties(provider_tls_e2e_default PROPERTIES ENVIRONMENT "TLS_E2E_BYTES=16777216")
  # the installed module, loaded the three documented ways
  add_test(NAME provider_load COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/prov_load.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(provider_load PROPERTIES TIMEOUT 300 LABELS provider SKIP_RETURN_CODE 77)
  # generous: a hang is killed by the script's own TLS_TIMEOUT per connection
  set_tests_properties(provider_tls_e2e provider_tls_e2e_default PROPERTIES TIMEOUT 900
    LABELS "provider;tls" SKIP_RETURN_CODE 77)
endif()
