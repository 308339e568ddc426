#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `wd info`, `wd bench` and the top-level command: human and --json output
# (parsed by python3), a short bench on generated data, usage errors.
# Usage: cli_info_bench.sh /path/to/wd
set -euo pipefail

WD=${1:?usage: cli_info_bench.sh /path/to/wd}
# shellcheck source=cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"
cli_init info

expect "wd --help" "$WD" --help
grep -q "bench" "$T/out" && ok "help lists the commands" || bad "help lists the commands"
expect "wd --version" "$WD" --version
expect_code "unknown command is a usage error" 2 "$WD" frobnicate
expect_code "no command is a usage error" 2 "$WD"

expect "wd info" "$WD" info
grep -q "cpu_deflate" "$T/out" && ok "info names the CPU driver" || bad "info names the CPU driver"
expect "wd info --json" "$WD" info --json
json "info JSON: drivers" "any(x['name'] == 'cpu_deflate' and x['kind'] == 'cpu' for x in d['drivers'])"
json "info JSON: ctxs of both ops and modes" \
	"{(c['op'], c['mode']) for c in d['ctxs']} == {('comp','sync'),('comp','async'),('decomp','sync'),('decomp','async')}"
json "info JSON: no devices on this host" "isinstance(d['devices'], list)"
expect_code "info: bad option" 2 "$WD" info --bogus

# 4 MB of text-like and random data
python3 -c "
import random
r = random.Random(7)
words = [b'warp', b'drive', b'queue', b'ring', b'deflate', b'the', b'of', b'\\n']
with open('$T/data', 'wb') as f:
    f.write(b' '.join(r.choice(words) for _ in range(500000)))
    f.write(bytes(r.getrandbits(8) for _ in range(1000000)))
"
expect "bench --json (sync, both ops)" "$WD" bench --input "$T/data" --duration 0.1 --rounds 1 --json
json "bench JSON parses and has rows" "len(json.dumps(d)) > 100"
json "bench JSON: wd compared with each library" \
	"all(k in json.dumps(d) for k in ('isal', 'zlib', 'libdeflate', 'wd'))"
json "bench JSON: the task and which driver ran wd's requests" \
	"d['task'] == 'instr' and list(d['wd_drivers']) == ['cpu_deflate'] and d['wd_drivers']['cpu_deflate'] > 0"
expect "bench --task mix" "$WD" bench --input "$T/data" --duration 0.1 --rounds 1 --task mix
grep -q "wd requests ran on: cpu_deflate (CPU)" "$T/out" && ok "bench table: which driver ran wd's requests" ||
	bad "bench table: which driver ran wd's requests"
expect "bench async, 2 threads, 4k blocks" "$WD" bench --input "$T/data" --duration 0.1 --rounds 1 \
	--mode async --threads 2 --block-size 4k --alg gzip
grep -q "wd" "$T/out" && ok "async bench prints a table" || bad "async bench prints a table"
expect_code "bench: missing input is an error" 1 "$WD" bench --input "$T/nope" --duration 0.1
expect_code "bench: bad level is a usage error" 2 "$WD" bench --input "$T/data" --level 99

cli_done
