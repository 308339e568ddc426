#!/usr/bin/env bash
# Builds and runs every test: the unit and integration suite (CTest), the
# guest tests (kernel modules + guest suite in QEMU), the same suite under
# AddressSanitizer + UBSan, the decompression and crypto fuzzers for a bounded time, and
# the threaded tests (ctest label "threads") under ThreadSanitizer.
# Installs what is missing first. Exit status 0 only if all pass.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
jobs=$(nproc)
FUZZ_SECONDS=${WD_FUZZ_SECONDS:-60}
# CI must reach the Debian archive for OpenSSL's own test data: a skip there is a failure
export WD_PROV_DATA_REQUIRED=1

echo "== build and test (RelWithDebInfo) =="
cmake -S . -B build -DWD_TESTS=ON >/dev/null
cmake --build build -j"$jobs" >/dev/null
ctest --test-dir build --output-on-failure -j"$jobs" -LE vm

echo "== build and test under ASan + UBSan =="
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWD_SANITIZE=ON -DWD_TESTS=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
# perf: instruction counts under valgrind, which cannot run ASan binaries (the plain stage runs them)
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE 'vm|perf'

# The fuzzers share the stage's time (it is split, not added): crypto half,
# decompression (wd_comp, whose small inputs reach the page inflater) and
# the page inflater alone (its cache living across inputs) a quarter each.
fuzz_crypto_secs=$((FUZZ_SECONDS / 2 > 0 ? FUZZ_SECONDS / 2 : 1))
fuzz_pg_secs=$((FUZZ_SECONDS / 4 > 0 ? FUZZ_SECONDS / 4 : 1))
fuzz_decomp_secs=$((FUZZ_SECONDS - fuzz_crypto_secs - fuzz_pg_secs > 0 ? FUZZ_SECONDS - fuzz_crypto_secs - fuzz_pg_secs : 1))
echo "== fuzz decompression ${fuzz_decomp_secs}s, page inflater ${fuzz_pg_secs}s and crypto ${fuzz_crypto_secs}s (libFuzzer) =="
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DWD_FUZZ=ON -DWD_SANITIZE=ON -DWD_TESTS=ON >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz_decompress fuzz_pginflate fuzz_crypto >/dev/null
bash tests/fuzz/run_fuzz.sh build-fuzz "$fuzz_decomp_secs" fuzz_decompress
bash tests/fuzz/run_fuzz.sh build-fuzz "$fuzz_pg_secs" fuzz_pginflate
bash tests/fuzz/run_fuzz.sh build-fuzz "$fuzz_crypto_secs" fuzz_crypto

# A TSan report fails its test (halt_on_error: exit status 66) and so the
# stage. The tests run with ASLR off (tests/unit/run_no_aslr.sh says why).
echo "== threaded tests under ThreadSanitizer =="
cmake -S . -B build-tsan -DWD_TSAN=ON -DWD_TESTS=ON >/dev/null
cmake --build build-tsan -j"$jobs" >/dev/null
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	ctest --test-dir build-tsan --output-on-failure -j"$jobs" -L threads

# last, so a guest failure does not hide the other stages' results
echo "== guest tests: uacce + vacc in QEMU (TCG) =="
tests/vm/run_vm_tests.sh --no-deps build	# deps: scripts/deps.sh test
echo "all test stages passed"
