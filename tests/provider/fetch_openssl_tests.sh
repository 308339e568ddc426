#!/usr/bin/env bash
# Fetches OpenSSL's own evp_test data files (test/recipes/30-test_evp_data/
# *.txt) for the OpenSSL this machine runs: the upstream tarball of the
# Debian source package of the installed libssl3, downloaded with apt
# through a private source list (nothing in /etc/apt changes; apt checks the
# archive's signature, and the tarball's SHA-256 is checked here against the
# signed index). Only the data files are kept, in DESTDIR; a stamp file names
# the version they come from, so a second run with the same libssl3 does
# nothing and needs no network.
#
# Only the upstream tarball is used: the data files are upstream's, and a
# mirror may lack the Debian parts (.dsc, .debian.tar.xz).
#
# Usage: fetch_openssl_tests.sh DESTDIR
# WD_DEBIAN_MIRROR=http://host overrides http://deb.debian.org (a local mirror).
# Exit 0: DESTDIR holds the files. 77: the archive could not be reached (a
# CTest skip; WD_PROV_DATA_REQUIRED=1 makes that a failure). 1: any other
# error.
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
	echo "usage: $0 DESTDIR" >&2
	exit 1
fi
dest=$1
unreachable=77
if [ "${WD_PROV_DATA_REQUIRED:-0}" = 1 ]; then
	unreachable=1
fi
say() { echo "fetch_openssl_tests: $*" >&2; }

ver=$(dpkg-query -W -f='${Version}' libssl3 2>/dev/null) || {
	say "libssl3 is not installed (dpkg-query)"
	exit 1
}
# a binary-only rebuild (+bN) has no source package of its own
srcver=${ver%%+b[0-9]*}
stamp=$dest/.openssl-evp-data-version

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$srcver" ] &&
   [ -n "$(find "$dest" -maxdepth 1 -name 'evp*.txt' -print -quit 2>/dev/null)" ]; then
	echo "fetch_openssl_tests: $dest already holds the data of openssl $srcver"
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/wd-evpdata.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/uris" "$work/src" "$work/out"
mirror=${WD_DEBIAN_MIRROR:-http://deb.debian.org}
cat >"$work/sources.list" <<LIST
deb-src $mirror/debian bookworm main
deb-src $mirror/debian-security bookworm-security main
LIST
apt_opts=(-q -o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/nonexistent
	  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
	  -o Debug::NoLocking=1)
# as root, apt downloads as the _apt user, who cannot enter our private
# (0700) directory: download as ourselves
if [ "$(id -u)" -eq 0 ]; then
	apt_opts+=(-o APT::Sandbox::User=root)
fi

updated=0
for try in 1 2 3; do	# the archive is sometimes briefly unreachable
	if apt-get "${apt_opts[@]}" update >"$work/update.log" 2>&1 &&
	   ! grep -q '^[WE]: Failed to fetch' "$work/update.log"; then
		updated=1
		break
	fi
	say "apt-get update failed (try $try of 3)"
	sleep $((try * 10))
done
if [ $updated -eq 0 ]; then
	tail -5 "$work/update.log" >&2
	say "the Debian archive ($mirror) is unreachable: OpenSSL's evp_test data" \
	    "cannot be fetched; the tests that need them are skipped"
	exit $unreachable
fi

# the upstream tarball's name and SHA-256 from the signed source index
if ! (cd "$work/uris" && apt-get "${apt_opts[@]}" --print-uris source "openssl=$srcver") \
     >"$work/uris.log" 2>&1; then
	tail -5 "$work/uris.log" >&2
	say "the archive has no source package openssl $srcver (the installed libssl3):" \
	    "upgrade libssl3 (apt-get install libssl3)"
	exit 1
fi
read -r orig sha < <(awk '$2 ~ /^openssl_.*\.orig\.tar\.[a-z0-9]+$/ && $4 ~ /^SHA256:/ {
	sub(/^SHA256:/, "", $4); print $2, $4; exit }' "$work/uris.log") || true
if [ -z "${orig:-}" ] || [ -z "${sha:-}" ]; then
	cat "$work/uris.log" >&2
	say "no upstream tarball with a SHA-256 in the index of openssl $srcver"
	exit 1
fi

# apt-get source also wants the Debian parts; some mirrors lack them, and
# the tarball alone is what is needed: judge by the tarball, not the status
fetched=0
for try in 1 2 3; do
	(cd "$work/src" && apt-get "${apt_opts[@]}" source --download-only "openssl=$srcver") \
		>"$work/source.log" 2>&1 || true
	if [ -f "$work/src/$orig" ] &&
	   echo "$sha  $work/src/$orig" | sha256sum --quiet -c - >/dev/null 2>&1; then
		fetched=1
		break
	fi
	rm -f "$work/src/$orig"
	say "download of $orig failed (try $try of 3)"
	sleep $((try * 10))
done
if [ $fetched -eq 0 ]; then
	tail -5 "$work/source.log" >&2
	say "could not download $orig (openssl $srcver) from the Debian archive: OpenSSL's" \
	    "evp_test data cannot be fetched; the tests that need them are skipped"
	exit $unreachable
fi

tar -xf "$work/src/$orig" -C "$work/out" --wildcards --no-anchored --strip-components=4 \
	'test/recipes/30-test_evp_data/*.txt'
if [ -z "$(find "$work/out" -maxdepth 1 -name 'evp*.txt' -print -quit)" ]; then
	say "$orig holds no test/recipes/30-test_evp_data/*.txt"
	exit 1
fi
# replace what an older version left, then stamp: a run cut short leaves no stamp
mkdir -p "$dest"
rm -f "$stamp" "$dest"/*.txt
cp "$work/out"/*.txt "$dest"/
echo "$srcver" >"$stamp"
echo "fetch_openssl_tests: $(find "$dest" -maxdepth 1 -name '*.txt' | wc -l) data files of" \
     "openssl $srcver in $dest"
