# CLI integration tests; included from tests/CMakeLists.txt. They drive the
# built `wd` binary; a missing gzip or python3 makes them fail loudly.
add_test(NAME cli_zip COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli_zip.sh $<TARGET_FILE:wd_cli>)
add_test(NAME cli_info_bench COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli_info_bench.sh $<TARGET_FILE:wd_cli>)
# wd info / wd bench for ciphers, digests and AEADs (CPU crypto drivers, OpenSSL, ipsec-mb)
add_test(NAME cli_crypto COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli_crypto.sh $<TARGET_FILE:wd_cli>)
set_tests_properties(cli_zip cli_info_bench cli_crypto PROPERTIES TIMEOUT 300 LABELS "integration;cli"
  ENVIRONMENT "WD_LOG_LEVEL=")
