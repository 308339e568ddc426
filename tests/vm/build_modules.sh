#!/bin/sh
# Build the out-of-tree uacce.ko (from Debian's linux-source-6.1) and vacc.ko
# (kernel/vacc) for the Debian 6.1 kernel the guest boots.
#
# usage: tests/vm/build_modules.sh OUTDIR
#   env WD_VM_KVER   kernel version to build for (default: the version
#                    linux-image-amd64 depends on, e.g. 6.1.0-56-amd64)
#
# Leaves OUTDIR/uacce.ko and OUTDIR/vacc.ko; sources and objects live in
# OUTDIR/uacce-src and OUTDIR/vacc-src. Needs linux-headers-$KVER and
# linux-source-6.1 installed.
set -eu

die() {
	echo "build_modules.sh: error: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: $0 OUTDIR"

SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$1" || die "cannot create $1"
OUT=$(cd "$1" && pwd)
TARBALL=/usr/src/linux-source-6.1.tar.xz

# --- kernel version ------------------------------------------------------
KVER=${WD_VM_KVER:-}
if [ -z "$KVER" ]; then
	# The version the archive's linux-image-amd64 points at, if headers
	# for it are installed.
	dep=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*-amd64\)$/\1/p' |
		head -n 1) || dep=
	if [ -n "$dep" ] && [ -d "/usr/src/linux-headers-$dep" ]; then
		KVER=$dep
	elif [ -n "$dep" ]; then
		die "kernel headers for $dep missing: apt-get install linux-headers-$dep"
	else
		# No apt metadata: take the newest installed 6.1 amd64 headers.
		KVER=$(ls -d /usr/src/linux-headers-6.1.*-amd64 2>/dev/null |
			sed 's|^/usr/src/linux-headers-||' | sort -V | tail -n 1)
		[ -n "$KVER" ] ||
			die "no kernel headers found: apt-get install linux-headers-amd64 (linux-headers-6.1.0-NN-amd64)"
	fi
fi
KDIR=/usr/src/linux-headers-$KVER
[ -f "$KDIR/Makefile" ] ||
	die "kernel headers for $KVER missing ($KDIR): apt-get install linux-headers-$KVER"
[ -f "$TARBALL" ] ||
	die "$TARBALL missing: apt-get install linux-source-6.1"
[ -f "$SRCDIR/kernel/vacc/Kbuild" ] ||
	die "$SRCDIR/kernel/vacc/Kbuild missing (run from a WarpDrive checkout)"
echo "build_modules.sh: kernel $KVER, output $OUT"

JOBS=$(nproc 2>/dev/null || echo 2)

# --- uacce ---------------------------------------------------------------
USRC=$OUT/uacce-src
# The stamp names the tarball (path, size, mtime) so a new linux-source
# re-extracts.
stamp=$(stat -c '%n %s %Y' "$TARBALL")
if [ ! -f "$USRC/.extracted" ] || [ "$(cat "$USRC/.extracted")" != "$stamp" ]; then
	echo "build_modules.sh: extracting uacce from $TARBALL"
	rm -rf "$USRC" "$OUT/uacce-tmp"
	mkdir -p "$OUT/uacce-tmp"
	tar -xJf "$TARBALL" -C "$OUT/uacce-tmp" --wildcards \
		'*/drivers/misc/uacce/uacce.c' \
		'*/include/linux/uacce.h' \
		'*/include/uapi/misc/uacce/*.h' ||
		die "extracting uacce sources from $TARBALL failed"
	top=$(ls "$OUT/uacce-tmp")
	[ -f "$OUT/uacce-tmp/$top/drivers/misc/uacce/uacce.c" ] ||
		die "uacce.c not found in $TARBALL"
	mkdir -p "$USRC/include/linux" "$USRC/include/uapi/misc/uacce"
	cp "$OUT/uacce-tmp/$top/drivers/misc/uacce/uacce.c" "$USRC/"
	cp "$OUT/uacce-tmp/$top/include/linux/uacce.h" "$USRC/include/linux/"
	cp "$OUT/uacce-tmp/$top"/include/uapi/misc/uacce/*.h \
		"$USRC/include/uapi/misc/uacce/"
	rm -rf "$OUT/uacce-tmp"
	echo "$stamp" > "$USRC/.extracted"
fi
# uacce.c includes <uapi/misc/uacce/uacce.h> and <linux/uacce.h>: the local
# include dir comes first so both resolve to the extracted copies.
cat > "$USRC/Kbuild" <<'EOF'
obj-m += uacce.o
ccflags-y += -I$(src)/include -DCONFIG_UACCE_MODULE=1
EOF
make -C "$KDIR" M="$USRC" -j"$JOBS" modules ||
	die "building uacce.ko failed"
[ -f "$USRC/Module.symvers" ] || die "uacce build left no Module.symvers"

# --- vacc ----------------------------------------------------------------
VSRC=$OUT/vacc-src
mkdir -p "$VSRC"
# Refresh the sources; stale ones (renamed files) must not linger.
find "$VSRC" -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' -o -name Kbuild \) \
	-exec rm -f {} +
cp "$SRCDIR"/kernel/vacc/* "$VSRC/"
# vacc includes <linux/uacce.h> from the extracted uacce tree.
make -C "$KDIR" M="$VSRC" -j"$JOBS" \
	KBUILD_EXTRA_SYMBOLS="$USRC/Module.symvers" \
	VACC_UACCE_INC="$USRC/include" modules ||
	die "building vacc.ko failed"

cp "$USRC/uacce.ko" "$OUT/uacce.ko"
cp "$VSRC/vacc.ko" "$OUT/vacc.ko"
echo "build_modules.sh: built $OUT/uacce.ko $OUT/vacc.ko"
