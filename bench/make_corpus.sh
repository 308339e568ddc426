#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# make_corpus.sh — build the deterministic mixed corpus `wd bench` reads.
#
#   bench/make_corpus.sh [-s MiB] [-c KiB] [OUTPUT]
#
# OUTPUT defaults to corpus/mixed.bin next to this script's parent (gitignored),
# size to 96 MiB (at least 64). The data comes from files Debian packages
# installed on this machine, in five roughly equal categories:
#   text        /usr/share/doc, man pages and changelogs un-gzipped, /usr/share/dict, .pod
#   source      Python/Perl stdlib sources, /usr/include headers
#   binary      ELF programs in /usr/bin, shared objects in /usr/lib/x86_64-linux-gnu
#   markup      *.xml / *.html / *.svg under /usr/share
#   compressed  *.gz / *.png / *.jpg under /usr/share, then *.jar / *.zip / *.whl under /usr
# Each category is cut from its sorted file list (first a strided pass so the
# sample spans the whole list, at most 256 KiB per file), and the categories are
# interleaved in 1 MiB chunks, round robin, so every block size sees a mix.
# A category that cannot reach its share is topped up by the others (reported).
# Same installed files -> same bytes; the sha256 is printed at the end.
set -eu
export LC_ALL=C

SIZE_MIB=96
CHUNK_KIB=1024
FILE_CAP=$((256 * 1024))
here=$(cd "$(dirname "$0")" && pwd)
OUT="$here/../corpus/mixed.bin"

usage() {
	sed -n '4,20p' "$0" | sed 's/^# \{0,1\}//'
	exit "${1:-0}"
}
while getopts "s:c:h" opt; do
	case $opt in
	s) SIZE_MIB=$OPTARG ;;
	c) CHUNK_KIB=$OPTARG ;;
	h) usage 0 ;;
	*) usage 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] && OUT=$1
case $SIZE_MIB in '' | *[!0-9]*) echo "make_corpus: bad size '$SIZE_MIB'" >&2; exit 2 ;; esac
case $CHUNK_KIB in '' | *[!0-9]* | 0) echo "make_corpus: bad chunk '$CHUNK_KIB'" >&2; exit 2 ;; esac
if [ "$SIZE_MIB" -lt 64 ]; then
	echo "make_corpus: size must be >= 64 MiB" >&2
	exit 2
fi

TOTAL=$((SIZE_MIB * 1024 * 1024))
CHUNK=$((CHUNK_KIB * 1024))
CATS="text source binary markup compressed"
NCATS=5
work=$(mktemp -d "${TMPDIR:-/tmp}/wdcorpus.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Lists print "MODE SIZE PATH" (MODE raw or gz), sorted by path within a group.
flist() {	# flist MODE find-args...
	local mode=$1
	shift
	find "$@" -type f -printf "$mode %s %p\n" 2>/dev/null | sort -k3
}

list_text() {
	flist raw /usr/share/doc ! -name '*.gz'
	flist gz /usr/share/doc -name '*.gz'
	flist gz /usr/share/man -name '*.gz'
	flist raw /usr/share/man ! -name '*.gz'
	[ -d /usr/share/dict ] && flist raw /usr/share/dict -size -64M
	flist raw /usr/share/perl /usr/lib/x86_64-linux-gnu/perl -name '*.pod'
}
list_source() {
	flist raw /usr/lib/python3 /usr/lib/python3.[0-9]* \( -name '*.py' -o -name '*.c' \)
	flist raw /usr/share/perl /usr/share/perl5 /usr/lib/x86_64-linux-gnu/perl \
		\( -name '*.pm' -o -name '*.pl' \)
	flist raw /usr/include \( -name '*.h' -o -name '*.hpp' -o -name '*.inc' \)
}
list_binary() {
	# Only real ELF files: scripts in /usr/bin would dilute the category.
	{ flist raw /usr/bin; flist raw /usr/lib/x86_64-linux-gnu -name '*.so*'; } |
		while read -r mode size path; do
			magic=""
			read -r -N 4 magic < "$path" 2>/dev/null || true
			[ "$magic" = $'\x7fELF' ] && echo "$mode $size $path"
		done
}
list_markup() {
	flist raw /usr/share \( -name '*.xml' -o -name '*.html' -o -name '*.htm' -o -name '*.svg' \)
}
list_compressed() {
	flist raw /usr/share \( -name '*.gz' -o -name '*.png' -o -name '*.jpg' -o -name '*.jpeg' \)
	flist raw /usr/lib /usr/share \( -name '*.jar' -o -name '*.zip' -o -name '*.whl' \)
}

# Strided order: every k-th file first (k chosen so the pass roughly fills the
# share), then the rest in order, so short passes still fill deterministically.
order() {	# order LISTFILE SHARE
	awk -v share="$2" -v cap="$FILE_CAP" '
		{ n++; line[n] = $0; s = $2 + 0; if ($1 == "gz") s *= 3;
		  if (s > cap) s = cap; est += s }
		END {
			k = int(est / (share * 1.5)); if (k < 1) k = 1
			for (i = 1; i <= n; i += k) { print line[i]; used[i] = 1 }
			for (i = 1; i <= n; i++) if (!used[i]) print line[i]
		}' "$1"
}

# Writes at most SHARE bytes; stops reading files as soon as it has them.
emit() {	# emit LISTFILE SHARE > data
	local left=$2 n got
	order "$1" "$2" | while [ "$left" -gt 0 ] && read -r mode size path; do
		n=$((left < FILE_CAP ? left : FILE_CAP))
		if [ "$mode" = gz ]; then
			gzip -dc -- "$path" 2>/dev/null | head -c "$n" > "$work/piece" || true
			got=$(stat -c %s "$work/piece")
			cat "$work/piece"
		else
			head -c "$n" -- "$path" 2>/dev/null || continue
			got=$((size < n ? size : n))
		fi
		left=$((left - got))
	done
}

fsize() { stat -c %s "$1"; }

echo "make_corpus: listing files..." >&2
for c in $CATS; do
	"list_$c" | awk '$2 > 0' > "$work/$c.list"
done

share=$(((TOTAL / NCATS + CHUNK - 1) / CHUNK * CHUNK))
for c in $CATS; do
	echo "make_corpus: $c: $(wc -l < "$work/$c.list") files" >&2
	emit "$work/$c.list" "$share" > "$work/$c.bin"
done

# Top up: categories that fell short leave their deficit to the full ones.
have=0
short=""
for c in $CATS; do
	sz=$(fsize "$work/$c.bin")
	have=$((have + sz))
	[ "$sz" -lt "$share" ] && short="$short $c"
done
if [ "$have" -lt "$TOTAL" ]; then
	full=""
	nfull=0
	for c in $CATS; do
		case " $short " in *" $c "*) ;; *) full="$full $c"; nfull=$((nfull + 1)) ;; esac
	done
	[ "$nfull" -gt 0 ] || { echo "make_corpus: not enough data on this machine" >&2; exit 1; }
	extra=$(((TOTAL - have + nfull - 1) / nfull))
	for c in $short; do
		echo "make_corpus: WARNING: $c reached only $(fsize "$work/$c.bin") of $share bytes;" \
			"topping up from:$full" >&2
	done
	for c in $full; do
		emit "$work/$c.list" $((share + extra)) > "$work/$c.bin"
	done
fi

# Interleave CHUNK-sized pieces round robin until TOTAL bytes are written.
mkdir -p "$(dirname "$OUT")"
tmp_out="$OUT.tmp.$$"
: > "$tmp_out"
declare -A used
for c in $CATS; do used[$c]=0; done
written=0
i=0
while [ "$written" -lt "$TOTAL" ]; do
	wrote=0
	for c in $CATS; do
		f="$work/$c.bin"
		n=$(($(fsize "$f") - i * CHUNK))
		[ "$n" -gt "$CHUNK" ] && n=$CHUNK
		[ "$n" -gt $((TOTAL - written)) ] && n=$((TOTAL - written))
		[ "$n" -gt 0 ] || continue
		tail -c +$((i * CHUNK + 1)) "$f" | head -c "$n" >> "$tmp_out" || true
		used[$c]=$((used[$c] + n))
		written=$((written + n))
		wrote=1
	done
	[ "$wrote" = 1 ] || break
	i=$((i + 1))
done
if [ "$(fsize "$tmp_out")" -ne "$TOTAL" ]; then
	echo "make_corpus: only $(fsize "$tmp_out") bytes gathered" >&2
	rm -f "$tmp_out"
	exit 1
fi
mv -f "$tmp_out" "$OUT"

# Composition: bytes of each category in the output, and how compressible it is.
echo "corpus: $OUT"
echo "size:   $TOTAL bytes ($SIZE_MIB MiB), ${CHUNK_KIB} KiB chunks interleaved"
for c in $CATS; do
	u=${used[$c]}
	gz=$(head -c "$u" "$work/$c.bin" | gzip -1 -c | wc -c)
	printf '  %-10s %10d bytes (%4.1f%%)  from %5d candidate files  gzip -1 ratio %.2f\n' \
		"$c" "$u" "$(awk -v u="$u" -v t="$TOTAL" 'BEGIN { print 100 * u / t }')" \
		"$(wc -l < "$work/$c.list")" "$(awk -v a="$u" -v b="$gz" 'BEGIN { print (b ? a / b : 0) }')"
done
echo "sha256: $(sha256sum "$OUT" | cut -d' ' -f1)"
