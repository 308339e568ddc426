#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The three ways an application loads warpdrive.so, from an installed copy:
# `cmake --install` into a scratch prefix, then -provider-path, OPENSSL_MODULES
# and the installed example config (with its module = line pointed at the
# prefix), each checked by an AES-128-GCM encryption that warpdrive served
# (WARPDRIVE_STATS) and that the default provider decrypts.
# Usage: prov_load.sh BUILD_DIR
set -euo pipefail
build=$1
command -v openssl >/dev/null || { echo "prov_load: no openssl tool (package openssl)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; exit 1; }
mod=$(find "$tmp/prefix" -path '*/ossl-modules/warpdrive.so' | head -n1)
cnf=$tmp/prefix/share/warpdrive/warpdrive.cnf
[ -n "$mod" ] || { echo "prov_load: cmake --install put no ossl-modules/warpdrive.so"; exit 1; }
[ -f "$cnf" ] || { echo "prov_load: cmake --install put no share/warpdrive/warpdrive.cnf"; exit 1; }
moddir=$(dirname "$mod")
sed "s|^# module = .*|module = $mod|" "$cnf" >"$tmp/use.cnf"
grep -q "^module = $mod" "$tmp/use.cnf" || { echo "prov_load: the example config has no module line"; exit 1; }
head -c 70000 /dev/urandom >"$tmp/plain"
key=000102030405060708090a0b0c0d0e0f
iv=101112131415161718191a1b
fail=0
check() {	# check NAME "VAR=value ..." "openssl enc options ..."
	local name=$1 st=$tmp/$1.st
	rm -f "$st" "$tmp/ct"
	# shellcheck disable=SC2086 # $2 and $3 are word lists on purpose
	if ! env WARPDRIVE_STATS="$st" $2 openssl enc $3 -aes-128-ctr -K $key -iv ${iv}00000001 \
		-in "$tmp/plain" -out "$tmp/ct" 2>"$tmp/err"; then
		echo "not ok $name: $(cat "$tmp/err")"
		fail=1
		return
	fi
	if ! OPENSSL_CONF=/dev/null openssl enc -d -aes-128-ctr -K $key -iv ${iv}00000001 \
		-in "$tmp/ct" | cmp -s - "$tmp/plain"; then
		echo "not ok $name: the default provider does not decrypt it back"
		fail=1
		return
	fi
	if ! grep -Eq '"(cpu|vacc)_cipher":[1-9]' "$st" 2>/dev/null; then
		echo "not ok $name: warpdrive ran no request: $(cat "$st" 2>/dev/null || echo no stats)"
		fail=1
		return
	fi
	echo "ok $name: $(cat "$st")"
}
props="-provider warpdrive -provider default -propquery provider=warpdrive"
check provider-path "OPENSSL_CONF=/dev/null" "-provider-path $moddir $props"
check OPENSSL_MODULES "OPENSSL_CONF=/dev/null OPENSSL_MODULES=$moddir" "$props"
check config-file "OPENSSL_CONF=$tmp/use.cnf" ""
exit $fail
