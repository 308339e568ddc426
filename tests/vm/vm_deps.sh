#!/usr/bin/env bash
# Installs what the guest tests (tests/vm/run_vm_tests.sh) need, only what is
# missing, and unpacks the guest kernel into a cache without installing it as
# the host's kernel:
#   packages   qemu-system-x86 busybox-static cpio kmod linux-source-6.1
#              linux-headers-$KVER
#   kernel     $CACHE/$KVER/vmlinuz (+ config) from
#              `apt-get download linux-image-$KVER` + dpkg-deb
#   modules    $CACHE/$KVER/modules/: the package's lib/modules/$KVER
#              subset the guest can load the crypto modules from
#              (kernel/crypto, kernel/arch/x86/crypto, kernel/lib/crypto,
#              modules.order, modules.builtin) and the modules.dep that
#              depmod makes for it (the package has none: its postinst
#              runs depmod); depmod.log names symbols that subset lacks;
#              complete when it has .complete
#   result     $CACHE/vm.env: KVER, VMLINUZ, KDIR (headers), LINUX_SOURCE,
#              KMODS (that modules dir)
# KVER is what linux-image-amd64 depends on (e.g. 6.1.0-56-amd64), or
# $WD_VM_KVER. CACHE is $WD_VM_CACHE, default /var/cache/warpdrive-vm (root) or
# ~/.cache/warpdrive-vm. Idempotent; with everything present it only checks.
# Usage: tests/vm/vm_deps.sh [--check]   (--check: install nothing, exit 1 if
# anything is missing, naming it)
set -euo pipefail

check_only=0
[ "${1:-}" = --check ] && check_only=1

if [ "$(id -u)" -eq 0 ]; then
	SUDO=
	CACHE=${WD_VM_CACHE:-/var/cache/warpdrive-vm}
else
	SUDO=sudo
	CACHE=${WD_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/warpdrive-vm}
fi
export DEBIAN_FRONTEND=noninteractive

trap 'echo "vm_deps: ERROR: line $LINENO: $BASH_COMMAND failed" >&2' ERR
say() { echo "vm_deps: $*"; }
die() { echo "vm_deps: ERROR: $*" >&2; exit 1; }

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# The kernel ABI name linux-image-amd64 points at, from the apt lists.
resolve_kver() {
	if [ -n "${WD_VM_KVER:-}" ]; then
		echo "$WD_VM_KVER"
		return
	fi
	# no pipeline under pipefail: apt-cache fails while another apt-get
	# replaces the lists, and that must not end this script silently
	local deps
	deps=$(apt-cache depends linux-image-amd64 2>/dev/null) || true
	echo "$deps" | sed -n 's/^ *Depends: linux-image-\([0-9].*\)$/\1/p' | sed -n 1p
}

apt_updated=0
apt_update() {
	[ $apt_updated -eq 1 ] && return 0
	for try in 1 2 3; do	# the archive is sometimes briefly unreachable
		if $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq; then
			apt_updated=1
			return 0
		fi
		say "apt-get update failed (try $try of 3)" >&2
		sleep $((try * 10))
	done
	die "apt-get update failed 3 times"
}

apt_install() {
	say "installing $*"
	apt_update
	for try in 1 2 3; do
		if $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@" >/dev/null; then
			return 0
		fi
		say "apt-get install failed (try $try of 3)" >&2
		sleep $((try * 10))
		apt_updated=0
		apt_update
	done
	die "could not install $*"
}

kver=$(resolve_kver)
if [ -z "$kver" ]; then
	[ $check_only -eq 1 ] && die "no kernel version: apt lists have no linux-image-amd64 (run apt-get update, or set WD_VM_KVER)"
	apt_update
	kver=$(resolve_kver)
	[ -n "$kver" ] || die "cannot resolve the kernel version from linux-image-amd64 (set WD_VM_KVER)"
fi

want_pkgs() {
	echo qemu-system-x86 busybox-static cpio kmod linux-source-6.1 "linux-headers-$1"
}
missing=()
for p in $(want_pkgs "$kver"); do
	installed "$p" || missing+=("$p")
done
vmlinuz="$CACHE/$kver/vmlinuz"
kmods="$CACHE/$kver/modules"

if [ $check_only -eq 1 ]; then
	[ -f "$vmlinuz" ] || missing+=("guest kernel $vmlinuz (from linux-image-$kver)")
	[ -f "$kmods/.complete" ] || missing+=("guest crypto modules $kmods (from linux-image-$kver)")
	if [ ${#missing[@]} -gt 0 ]; then
		echo "vm_deps: missing: ${missing[*]} (run tests/vm/vm_deps.sh)" >&2
		exit 1
	fi
	exit 0
fi

if [ ${#missing[@]} -gt 0 ]; then
	if [ -z "${WD_VM_KVER:-}" ] && [ $apt_updated -eq 0 ]; then
		# fresh lists first: the archive may have moved to a newer ABI, and
		# the old headers may be gone from it
		apt_update
		nk=$(resolve_kver)
		if [ -n "$nk" ] && [ "$nk" != "$kver" ]; then
			say "linux-image-amd64 now depends on $nk (was $kver)"
			kver=$nk
			vmlinuz="$CACHE/$kver/vmlinuz"
			kmods="$CACHE/$kver/modules"
			missing=()
			for p in $(want_pkgs "$kver"); do
				installed "$p" || missing+=("$p")
			done
		fi
	fi
	[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
fi

# the module subtrees the guest's crypto modules (and their dependencies)
# come from; dpkg-deb -x would also unpack ~400 MB the guest does not use
mod_parts=(kernel/crypto kernel/arch/x86/crypto kernel/lib/crypto
	modules.order modules.builtin)

fetched=0
if [ ! -f "$vmlinuz" ] || [ ! -f "$kmods/.complete" ]; then
	fetched=1
	say "downloading linux-image-$kver for the guest kernel and modules (not installed on the host)"
	mkdir -p "$CACHE"
	tmp=$(mktemp -d "$CACHE/.dl.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	chmod 755 "$tmp"	# apt-get download runs as _apt when it can
	ok=0
	for try in 1 2 3; do
		if (cd "$tmp" && apt-get download -qq "linux-image-$kver" 2>&1 |
			grep -v 'unsandboxed as root' >&2; exit "${PIPESTATUS[0]}"); then
			ok=1
			break
		fi
		say "apt-get download failed (try $try of 3)" >&2
		sleep $((try * 10))
		apt_updated=0
		apt_update
	done
	[ $ok -eq 1 ] || die "could not download linux-image-$kver"
	deb=$(ls "$tmp"/linux-image-"$kver"_*.deb)
	mkdir -p "$tmp/x" "$CACHE/$kver"
	# boot/ and the module parts only; the modules may sit under
	# ./lib/modules or ./usr/lib/modules
	pats=(./boot)
	for p in "${mod_parts[@]}"; do
		pats+=("*/modules/$kver/$p")
	done
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/x" --wildcards "${pats[@]}" ||
		die "unpacking boot/ and the crypto modules of $deb failed"
	[ -f "$tmp/x/boot/vmlinuz-$kver" ] || die "$deb has no boot/vmlinuz-$kver"
	src_mods=$(find "$tmp/x" -type d -path "*/modules/$kver" | head -n1)
	[ -n "$src_mods" ] && [ -d "$src_mods/kernel/crypto" ] ||
		die "$deb has no lib/modules/$kver/kernel/crypto"
	# the dependencies within the subset; -e -E: symbols that neither the
	# kernel (the headers' Module.symvers: the package's System.map is a
	# placeholder) nor the subset has are reported (a needed module whose
	# dependency lies outside the subset)
	symvers=/usr/src/linux-headers-$kver/Module.symvers
	[ -f "$symvers" ] || die "$symvers missing although linux-headers-$kver is installed"
	mkdir -p "$tmp/d/lib/modules"
	mv "$src_mods" "$tmp/d/lib/modules/$kver"
	src_mods=$tmp/d/lib/modules/$kver
	depmod -b "$tmp/d" -e -E "$symvers" "$kver" 2>"$src_mods/depmod.log" ||
		die "depmod for the crypto modules failed: $(head -n5 "$src_mods/depmod.log")"
	[ -f "$src_mods/modules.dep" ] || die "depmod made no modules.dep"
	for f in config; do
		[ -f "$tmp/x/boot/$f-$kver" ] && cp "$tmp/x/boot/$f-$kver" "$CACHE/$kver/$f"
	done
	dpkg-deb -f "$deb" Version >"$CACHE/$kver/version"
	# modules first: the kernel's presence alone must not look complete
	rm -rf "$kmods" "$kmods.tmp"
	mv "$src_mods" "$kmods.tmp"
	touch "$kmods.tmp/.complete"
	mv "$kmods.tmp" "$kmods"
	if [ ! -f "$vmlinuz" ]; then
		cp "$tmp/x/boot/vmlinuz-$kver" "$vmlinuz.tmp"
		mv "$vmlinuz.tmp" "$vmlinuz"	# last: its presence means the entry is complete
	fi
	rm -rf "$tmp"
	trap - EXIT
	say "guest kernel $vmlinuz and crypto modules $kmods ($(cat "$CACHE/$kver/version"))"
fi

kdir=/usr/src/linux-headers-$kver
[ -f "$kdir/Makefile" ] || die "$kdir/Makefile missing although linux-headers-$kver is installed"
[ -f /usr/src/linux-source-6.1.tar.xz ] || die "/usr/src/linux-source-6.1.tar.xz missing although linux-source-6.1 is installed"

envf="$CACHE/vm.env"
new_env=$(printf 'KVER=%s\nVMLINUZ=%s\nKDIR=%s\nLINUX_SOURCE=%s\nKMODS=%s\n' \
	"$kver" "$vmlinuz" "$kdir" /usr/src/linux-source-6.1.tar.xz "$kmods")
if [ ! -f "$envf" ] || [ "$(cat "$envf")" != "$new_env" ]; then
	mkdir -p "$CACHE"
	echo "$new_env" >"$envf.tmp" && mv "$envf.tmp" "$envf"
fi
if [ ${#missing[@]} -eq 0 ] && [ $fetched -eq 0 ]; then
	say "all present (kernel $kver, cache $CACHE)"
else
	say "ready (kernel $kver, cache $CACHE)"
fi
