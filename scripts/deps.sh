#!/usr/bin/env bash
# Installs the Debian 12 packages WarpDrive needs, only those missing.
# Usage: scripts/deps.sh [build|test]   (test adds cmocka, clang for the fuzzer,
# gcc's ThreadSanitizer runtime, valgrind for the instruction-count tests, the
# crypto test vectors (python3-cryptography-vectors), pigz, zip, unzip and CPython's
# test suite for the zlib drop-in, and
# what the guest tests need: tests/vm/vm_deps.sh; it also brings OpenSSL up
# to the archive's version: see openssl_current)
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
updated=0

# apt-get update, once per run; the archive is sometimes briefly unreachable
apt_update() {
	[ $updated -eq 1 ] && return 0
	for try in 1 2 3; do
		if $SUDO apt-get update -qq; then
			updated=1
			return 0
		fi
		echo "deps: apt-get update failed (try $try of 3)" >&2
		sleep $((try * 10))
	done
	return 1
}

# The provider tests read OpenSSL's evp_test data from the source package of
# the installed libssl3 (tests/provider/fetch_openssl_tests.sh) and compare
# warpdrive with the default provider of that libssl3. The archive keeps
# only the newest openssl source, so a machine image made before a security
# update has a libssl3 with no source to fetch, and a default provider that
# lacks upstream's later fixes (before 3.0.22 its CCM final did nothing, so
# pa_ccm.c compares less): upgrade openssl, libssl3 and libssl-dev to the
# archive's version.
openssl_current() {
	local inst cand
	if ! apt_update; then
		echo "deps: cannot reach the archive to check OpenSSL's version; going on" >&2
		return 0
	fi
	inst=$(dpkg-query -W -f='${Version}' libssl3)
	cand=$(apt-cache policy libssl3 | awk '$1 == "Candidate:" { print $2 }')
	if [ -z "$cand" ] || [ "$cand" = "(none)" ] || [ "$inst" = "$cand" ]; then
		return 0
	fi
	echo "deps: upgrading OpenSSL $inst -> $cand (the provider tests need the archive's version)"
	$SUDO apt-get install -y -qq --no-install-recommends --only-upgrade openssl libssl3 libssl-dev >/dev/null
}

finish() {
	if [ "${1:-build}" = test ]; then
		openssl_current
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
for try in 1 2 3; do
	if apt_update &&
	   $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
		finish "${1:-build}"
	fi
	echo "deps: apt-get failed (try $try of 3)" >&2
	sleep $((try * 10))
done
echo "deps: could not install ${missing[*]}" >&2
exit 1
