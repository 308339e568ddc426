# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# tls_lib.sh — what the TLS end-to-end test (tls_e2e.sh) and the TLS
# benchmark (bench/tls_bench.sh) share: test certificates, a provider
# configuration, and one `openssl s_server` / `openssl s_client` pair on
# loopback that streams files both ways. Sourced after `set -euo pipefail`.
#
# How the pair streams with the stock tools (openssl 3.0 apps/s_server.c
# and s_client.c) and why each option is there:
#   server  -brief        quiet (no command letters, nothing on stdout but the
#                         client's bytes) and a summary on stderr
#           -naccept 1    exits after the one connection
#           -accept 127.0.0.1:0  a free port, found through /proc (the
#                         ACCEPT line is not printed in quiet mode)
#           stdin         a FIFO fed with the server->client file and then
#                         held open: a quiet s_server at stdin EOF spins on
#                         zero-length writes, a verbose one drops the connection
#                         at once; it ends when the client closes instead
#   client  -brief -no_ign_eof  quiet, and stdin EOF means "send close_notify
#                         and close" (-quiet alone would ignore EOF)
#           -nocommands   a chunk of random data starting with Q, R or K is
#                         data, not a command
#           -nbio         never blocks in SSL_write while the server blocks in
#                         its own SSL_write: the client keeps reading, so both
#                         directions at once cannot deadlock
#           stdin         a FIFO fed with the client->server file and held
#                         open until every server->client byte has arrived
#                         (closing earlier would end the connection early)
# The server has then received everything before the client's close_notify
# (TCP keeps order), writes it out and exits; the client drains and exits.

# TLS_TIMEOUT: seconds one pair may take before it is killed (no timing is
# asserted; this only stops a hang).
TLS_TIMEOUT=${TLS_TIMEOUT:-900}

# tls_certs DIR: a self-signed RSA 2048 and a P-256 ECDSA certificate for
# localhost (DIR/rsa.{crt,key}, DIR/ec.{crt,key}), made with the default
# provider only.
tls_certs() {
	local d=$1 k
	for k in rsa ec; do
		local alg=(-newkey rsa:2048)
		[ "$k" = ec ] && alg=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
		OPENSSL_CONF=/dev/null openssl req -x509 "${alg[@]}" -nodes -days 2 -subj /CN=localhost \
			-addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
			-keyout "$d/$k.key" -out "$d/$k.crt" 2>"$d/$k.req.err" ||
			{ cat "$d/$k.req.err" >&2; return 1; }
	done
}

# tls_conf FILE MODULE [KEY=VALUE...]: the shipped example configuration
# (src/provider/warpdrive.cnf: warpdrive next to the default provider and
# preferred) with `module = MODULE` and the extra keys added to its
# warpdrive section. Its random_sect keeps the DRBG on the default provider;
# that matters here too: otherwise the DRBG's AES-256-CTR runs on warpdrive,
# one or more cpu_cipher requests per RAND_bytes (every TLS 1.2 CBC record's
# explicit IV), and a CBC case would pass its count with no record on
# warpdrive.
TLS_EXAMPLE_CNF=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../src/provider" && pwd)/warpdrive.cnf
tls_conf() {
	local f=$1 m=$2
	shift 2
	[ -f "$TLS_EXAMPLE_CNF" ] || { echo "tls_conf: no $TLS_EXAMPLE_CNF" >&2; return 1; }
	grep -q '^\[warpdrive_sect\]' "$TLS_EXAMPLE_CNF" ||
		{ echo "tls_conf: $TLS_EXAMPLE_CNF has no [warpdrive_sect]" >&2; return 1; }
	awk -v m="$m" -v extra="$*" '
		{ print }
		/^\[warpdrive_sect\]/ {
			print "module = " m
			n = split(extra, kv, " ")
			for (i = 1; i <= n; i++) { sub(/=/, " = ", kv[i]); print kv[i] }
		}' "$TLS_EXAMPLE_CNF" >"$f"
}

# tls_listen_port PID: the TCP port process PID (or its direct child: PID
# may be `timeout`) listens on; waits for it; fails when it exits first.
tls_listen_port() {
	python3 - "$1" <<-'EOF'
	import os, sys, time
	top = sys.argv[1]
	def pids():
	    out = [top]
	    try:
	        with open("/proc/%s/task/%s/children" % (top, top)) as f:
	            out += f.read().split()
	    except OSError:
	        pass
	    return out
	def inodes(pid):
	    got = set()
	    try:
	        for fd in os.listdir("/proc/%s/fd" % pid):
	            try:
	                link = os.readlink("/proc/%s/fd/%s" % (pid, fd))
	            except OSError:
	                continue
	            if link.startswith("socket:["):
	                got.add(link[8:-1])
	    except OSError:
	        pass
	    return got
	for _ in range(1200):
	    if not os.path.exists("/proc/%s" % top):
	        sys.exit(1)
	    mine = set().union(*(inodes(p) for p in pids()))
	    for tab in ("/proc/net/tcp", "/proc/net/tcp6"):
	        with open(tab) as f:
	            next(f)
	            for line in f:
	                p = line.split()
	                if p[3] == "0A" and p[9] in mine:   # 0A: LISTEN
	                    print(int(p[1].rsplit(":", 1)[1], 16))
	                    sys.exit(0)
	    time.sleep(0.05)
	sys.exit(1)
	EOF
}

# tls_size FILE: its size in bytes (0 when absent).
tls_size() { stat -c %s "$1" 2>/dev/null || echo 0; }

# What each end's stdout runs into (python3 -c, stdin is the stream):
# counts the bytes and hashes them, so no copy lands on disk; argv: RESULT
# MARK EXPECT. At EOF RESULT gets "BYTES SHA256"; MARK (unless "-") is
# created as soon as EXPECT bytes arrived, which tells the client's feeder
# it may close.
TLS_SINK_PY='
import hashlib, os, sys
res, mark, expect = sys.argv[1], sys.argv[2], int(sys.argv[3])
h = hashlib.sha256()
n, marked = 0, mark == "-"
while True:
    if not marked and n >= expect:
        open(mark, "w").close()
        marked = True
    b = os.read(0, 1 << 20)
    if not b:
        break
    n += len(b)
    h.update(b)
with open(res, "w") as f:
    f.write("%d %s\n" % (n, h.hexdigest()))
'
# TLS_SINK=null: both ends write to /dev/null instead (a benchmark: a sink
# on the receiver's core costs it ~25% at these rates). Only client->server
# transfers then, and "complete" means: the client read its whole input and
# exited 0, and neither end printed an OpenSSL error.
TLS_SINK=${TLS_SINK:-hash}

# tls_pair DIR C2S S2C: one connection; file C2S is sent client->server, S2C
# server->client (either may be empty). Options come from variables the
# caller sets: arrays TLS_SRV_ARGS / TLS_CLI_ARGS (s_server / s_client
# options) and TLS_SRV_ENV / TLS_CLI_ENV (VAR=value for each side), strings
# TLS_SRV_PIN / TLS_CLI_PIN (a command prefix such as `taskset -c 0`, or
# empty; it also pins the side's feeder and sink, so each side's core does
# all of that side's work). Leaves DIR/{srv,cli}.res ("BYTES SHA256" each
# end received; not with TLS_SINK=null), DIR/{srv,cli}.err, DIR/{srv,cli}.rc
# and DIR/elapsed (seconds, wall clock, from the client's start until both
# exited). Returns 0 when both processes exited 0 and each end received as
# many bytes as were sent, else 1 with the reason on stderr.
tls_pair() {
	local d=$1 c2s=$2 s2c=$3 spid cpid sfeed cfeed="" ssink="" csink="" port t0 t1 src=0 crc=0 c2s_n s2c_n
	local sout=$d/srv.o cout=$d/cli.o cin=$d/cli.in
	c2s_n=$(tls_size "$c2s")
	s2c_n=$(tls_size "$s2c")
	rm -f "$d"/srv.* "$d"/cli.* "$d/elapsed"
	mkfifo "$d/srv.in"
	if [ "$TLS_SINK" = null ]; then
		[ "$s2c_n" -eq 0 ] || { echo "tls_pair: TLS_SINK=null sends client->server only" >&2; return 1; }
		sout=/dev/null cout=/dev/null
	else
		mkfifo "$sout" "$cout"
		${TLS_SRV_PIN:-} python3 -c "$TLS_SINK_PY" "$d/srv.res" - 0 <"$sout" &
		ssink=$!
		${TLS_CLI_PIN:-} python3 -c "$TLS_SINK_PY" "$d/cli.res" "$d/cli.got" "$s2c_n" <"$cout" &
		csink=$!
	fi
	# nothing to wait for from the server: the client may read its file
	# directly and close at its end
	if [ "$s2c_n" -eq 0 ]; then cin=$c2s; else mkfifo "$cin"; fi
	# (the *_PIN prefixes below are split into words on purpose)
	# shellcheck disable=SC2086
	env "${TLS_SRV_ENV[@]}" timeout "$TLS_TIMEOUT" ${TLS_SRV_PIN:-} openssl s_server -brief -naccept 1 \
		-accept 127.0.0.1:0 "${TLS_SRV_ARGS[@]}" <"$d/srv.in" >"$sout" 2>"$d/srv.err" &
	spid=$!
	# the server's stdin: its data, then open until we kill the sleep
	( ${TLS_SRV_PIN:-} cat "$s2c"; exec sleep "$TLS_TIMEOUT" ) >"$d/srv.in" &
	sfeed=$!
	if ! port=$(tls_listen_port "$spid"); then
		kill "$sfeed" "$spid" 2>/dev/null || true
		wait "$spid" || true
		# nothing opened the client's output FIFO: let its sink see EOF
		[ -z "$csink" ] || : >"$cout"
		wait "$sfeed" $ssink $csink 2>/dev/null || true
		echo "s_server did not listen:" >&2
		cat "$d/srv.err" >&2
		return 1
	fi
	t0=$(date +%s.%N)
	# shellcheck disable=SC2086
	env "${TLS_CLI_ENV[@]}" timeout "$TLS_TIMEOUT" ${TLS_CLI_PIN:-} openssl s_client -brief -no_ign_eof \
		-nocommands -nbio -connect "127.0.0.1:$port" "${TLS_CLI_ARGS[@]}" \
		<"$cin" >"$cout" 2>"$d/cli.err" &
	cpid=$!
	if [ "$cin" != "$c2s" ]; then
		# the client's stdin: its data, then open until all the server's
		# bytes arrived (or the client is gone)
		(
			${TLS_CLI_PIN:-} cat "$c2s"
			while [ ! -e "$d/cli.got" ] && kill -0 "$cpid" 2>/dev/null; do
				sleep 0.02
			done
		) >"$cin" &
		cfeed=$!
	fi
	wait "$cpid" || crc=$?
	wait "$spid" || src=$?
	t1=$(date +%s.%N)
	kill "$sfeed" 2>/dev/null || true
	wait "$sfeed" 2>/dev/null || true
	wait $cfeed $ssink $csink || true
	echo "$crc" >"$d/cli.rc"
	echo "$src" >"$d/srv.rc"
	python3 -c "import sys; print('%.3f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$t1" >"$d/elapsed"
	local ok=0 got
	if [ "$crc" -ne 0 ] || [ "$src" -ne 0 ]; then
		echo "s_client exited $crc, s_server exited $src (124: killed after ${TLS_TIMEOUT}s)" >&2
		ok=1
	fi
	if [ "$TLS_SINK" = null ]; then
		if grep -q ':error:' "$d/srv.err" "$d/cli.err"; then
			echo "an OpenSSL error was printed" >&2
			ok=1
		fi
	else
		got=$(cut -d' ' -f1 "$d/srv.res" 2>/dev/null || echo 0)
		if [ "$got" != "$c2s_n" ]; then
			echo "server received $got of $c2s_n bytes" >&2
			ok=1
		fi
		got=$(cut -d' ' -f1 "$d/cli.res" 2>/dev/null || echo 0)
		if [ "$got" != "$s2c_n" ]; then
			echo "client received $got of $s2c_n bytes" >&2
			ok=1
		fi
	fi
	if [ "$ok" -ne 0 ]; then
		echo "--- s_server stderr:" >&2; tail -n 20 "$d/srv.err" >&2
		echo "--- s_client stderr:" >&2; tail -n 20 "$d/cli.err" >&2
	fi
	return "$ok"
}
