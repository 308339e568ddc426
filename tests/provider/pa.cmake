# The provider's AEAD ciphers (src/provider/aead_*.c) against OpenSSL's
# default provider and a reference GCM/CCM; included from
# tests/CMakeLists.txt. Label: provider.
#   pa_aead      the default configuration (WarpDrive for every message)
#   pa_aead_sw   cpu_below_aead = 1 MiB: every AES message on the software
#                path (SM4 still on WarpDrive: it has no other)
#   pa_aead_off  offload = off: the same, through the kill switch
if(TARGET warpdrive_provider)
  add_executable(pa_aead provider/pa_main.c provider/pa_ref.c provider/pa_gcm.c
    provider/pa_gcm_more.c provider/pa_ccm.c provider/pa_chaos.c
    provider/pa_async.c unit/ghash_ref.c)
  target_include_directories(pa_aead PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
  target_link_libraries(pa_aead PRIVATE PkgConfig::LIBCRYPTO)
  add_dependencies(pa_aead warpdrive_provider)
  set(PA_DIR $<TARGET_FILE_DIR:warpdrive_provider>)
  foreach(v sw off)
    if(v STREQUAL "sw")
      set(PA_KEY "cpu_below_aead = 1048576")
    else()
      set(PA_KEY "offload = off")
    endif()
    file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/pa_${v}.cnf
      "openssl_conf = openssl_init\n[openssl_init]\nproviders = provider_sect\n"
      "[provider_sect]\nwarpdrive = warpdrive_sect\ndefault = default_sect\n"
      "[default_sect]\nactivate = 1\n"
      "[warpdrive_sect]\nactivate = 1\n${PA_KEY}\n")
  endforeach()
  add_test(NAME pa_aead COMMAND pa_aead ${PA_DIR})
  add_test(NAME pa_aead_sw COMMAND pa_aead ${PA_DIR} ${CMAKE_CURRENT_BINARY_DIR}/pa_sw.cnf)
  add_test(NAME pa_aead_off COMMAND pa_aead ${PA_DIR} ${CMAKE_CURRENT_BINARY_DIR}/pa_off.cnf)
  set_tests_properties(pa_aead pa_aead_sw pa_aead_off PROPERTIES LABELS provider TIMEOUT 600
    ENVIRONMENT "WD_LOG_LEVEL=")
endif()
