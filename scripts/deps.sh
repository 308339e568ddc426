#!/usr/bin/env bash
# Installs the Debian 12 packages WarpDrive needs, only those missing.
# Usage: scripts/deps.sh [build|test]   (test adds cmocka, clang for the fuzzer,
# gcc's ThreadSanitizer runtime, valgrind for the instruction-count tests, the
# crypto test vectors (python3-cryptography-vectors), pigz, zip, unzip and CPython's
# test suite for the zlib drop-in, and
# what the guest tests need: tests/vm/vm_deps.sh)
set -euo pipefail

finish() {
	if [ "${1:-build}" = test ]; then
		"$(dirname "$0")/../tests/vm/vm_deps.sh"
	fi
	exit 0
}

# pigz: the main job runs it through the zlib drop-in
want=(cmake make gcc pkg-config libisal-dev zlib1g-dev libdeflate-dev libnuma-dev libssl-dev libipsec-mb-dev gzip python3 openssl pigz)
if [ "${1:-build}" = test ]; then
	# libtsan2 comes with gcc-12 today; named so the TSan stage does not
	# depend on that
	want+=(libcmocka-dev clang libclang-rt-14-dev libtsan2 valgrind)
	# known-answer vectors test_crypto_kat reads at run time (NIST CAVP, RFCs)
	want+=(python3-cryptography-vectors)
	# the zlib drop-in's conformance tests (tests/zlib): real programs under
	# LD_PRELOAD and CPython's own zlib/gzip/archive tests (test_shutil
	# compares make_archive with zip and unzip and skips those tests without them)
	want+=(pigz libpython3.11-testsuite zip unzip)
fi
missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	finish "${1:-build}"
fi
echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
for try in 1 2 3; do	# the archive is sometimes briefly unreachable
	if $SUDO apt-get update -qq &&
	   $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
		finish "${1:-build}"
	fi
	echo "deps: apt-get failed (try $try of 3)" >&2
	sleep $((try * 10))
done
echo "deps: could not install ${missing[*]}" >&2
exit 1
