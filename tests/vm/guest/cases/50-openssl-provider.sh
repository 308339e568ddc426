# SPDX-License-Identifier: Apache-2.0
# Guest cases of the OpenSSL provider warpdrive.so on vacc queues: the
# host's openssl tool with the module in its MODULESDIR and
# /tests/warpdrive.cnf (src/provider/warpdrive.cnf) as OPENSSL_CONF.
# WARPDRIVE_STATS proves which driver ran the requests. No speed claims
# under TCG: only that the work ran on the device and was right.

ossl_prog() {
	command -v openssl >/dev/null || fail "openssl missing from the guest (no warpdrive.so at pack time?)"
	need_file /tests/warpdrive.cnf
}

# the requests a driver ran in a WARPDRIVE_STATS file (sum over its lines)
ossl_count() {		# ossl_count FILE DRIVER
	sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" "$1" | awk '{ s += $1 } END { print s + 0 }'
}

case_ossl_load() {
	ossl_prog
	out=$(OPENSSL_CONF=/tests/warpdrive.cnf openssl list -providers 2>&1) ||
		fail "openssl list -providers: $out"
	echo "$out" | grep -q '^  warpdrive' || fail "warpdrive not loaded: $out"
	echo "$out" | grep -A3 '^  warpdrive' | grep -q 'status: active' || fail "warpdrive not active: $out"
	algs=$(OPENSSL_CONF=/tests/warpdrive.cnf openssl list -cipher-algorithms 2>&1)
	for a in AES-128-CBC AES-128-GCM SM4-CBC; do
		echo "$algs" | grep -i "$a" | grep -q '@ warpdrive' || fail "$a not offered by warpdrive"
	done
}

# openssl speed through the provider: the requests ran on DRIVER
case_ossl_speed() {	# case_ossl_speed ALG DRIVER [ASYNC_JOBS]
	ossl_prog
	st=/tmp/ossl-speed.$$
	rm -f "$st"
	set -- "$1" "$2" "${3:-0}"
	extra=""
	[ "$3" -gt 0 ] && extra="-async_jobs $3"
	# shellcheck disable=SC2086 # extra: word splitting intended
	out=$(OPENSSL_CONF=/tests/warpdrive.cnf WARPDRIVE_STATS=$st \
		openssl speed -seconds 1 -bytes 1024 $extra -evp "$1" 2>&1) ||
		fail "openssl speed -evp $1 $extra failed: $out"
	echo "$out" | tail -n 2
	[ -f "$st" ] || fail "no WARPDRIVE_STATS line written"
	cat "$st"
	n=$(ossl_count "$st" "$2")
	[ "$n" -gt 0 ] || fail "$1: no request ran on $2: $(cat "$st")"
}

add_case "openssl loads warpdrive from a config file, it offers AES, GCM, SM4" case_ossl_load
add_case "openssl speed aes-128-cbc through warpdrive runs on vacc_cipher" case_ossl_speed aes-128-cbc vacc_cipher
add_case "openssl speed aes-128-gcm through warpdrive runs on vacc_aead" case_ossl_speed aes-128-gcm vacc_aead
add_case "openssl speed sha256 through warpdrive runs on vacc_digest" case_ossl_speed sha256 vacc_digest
add_case "openssl speed -async_jobs 8 aes-128-cbc: async requests on vacc_cipher" case_ossl_speed aes-128-cbc vacc_cipher 8
add_case "openssl speed -async_jobs 8 aes-128-gcm: async requests on vacc_aead" case_ossl_speed aes-128-gcm vacc_aead 8
add_case "openssl speed -async_jobs 8 sha256: async requests on vacc_digest" case_ossl_speed sha256 vacc_digest 8
add_case "openssl speed sm4-cbc through warpdrive: not on the device, runs on cpu_cipher" case_ossl_speed sm4-cbc cpu_cipher

# TLS on the guest's loopback through warpdrive: one connection per
# direction (DATA client->server, then server->client), bytes compared,
# and the record crypto counted on DRIVER in both processes. One direction
# at a time keeps it simple in busybox sh; both at once is the host test's
# (tests/provider/tls_e2e.sh).
ossl_tls_setup() {
	ifconfig lo 127.0.0.1 up 2>/dev/null || ip link set lo up 2>/dev/null || true
	d=/tmp/ossl-tls
	mkdir -p $d
	if [ ! -f $d/ec.key ]; then
		OPENSSL_CONF=/dev/null openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -days 2 -subj /CN=localhost -keyout $d/ec.key -out $d/ec.crt \
			>$d/req.log 2>&1 || fail "certificate: $(cat $d/req.log)"
		# 2 MiB: enough records (16 KiB each) to count, short under TCG
		head -c 2097152 /dev/urandom >$d/data || fail "no random data"
	fi
}

# ossl_tls_pair PORT DIRECTION(c2s|s2c) SERVER_ARGS CLIENT_ARGS
ossl_tls_pair() {
	port=$1 dir=$2
	rm -f $d/srv.in $d/cli.in $d/srv.out $d/cli.out $d/srv.st $d/cli.st
	mkfifo $d/srv.in $d/cli.in
	if [ "$dir" = s2c ]; then src=$d/data; else src=/dev/null; fi
	OPENSSL_CONF=/tests/warpdrive.cnf WARPDRIVE_STATS=$d/srv.st timeout 300 \
		openssl s_server -brief -naccept 1 -accept 127.0.0.1:$port \
		-cert $d/ec.crt -key $d/ec.key $3 <$d/srv.in >$d/srv.out 2>$d/srv.err &
	spid=$!
	# the server's stdin stays open after its data: at EOF a quiet
	# s_server spins or drops the connection; the client's close ends it
	( cat $src; exec sleep 300 ) >$d/srv.in &
	sfeed=$!
	n=0
	while ! grep -q "$(printf ':%04X' "$port") 00000000:0000 0A" /proc/net/tcp; do
		n=$((n + 1))
		[ $n -lt 300 ] || { kill $sfeed $spid; fail "s_server did not listen: $(cat $d/srv.err)"; }
		sleep 0.1
	done
	OPENSSL_CONF=/tests/warpdrive.cnf WARPDRIVE_STATS=$d/cli.st timeout 300 \
		openssl s_client -brief -no_ign_eof -nocommands -connect 127.0.0.1:$port $4 \
		<$d/cli.in >$d/cli.out 2>$d/cli.err &
	cpid=$!
	if [ "$dir" = c2s ]; then
		cat $d/data >$d/cli.in	# then EOF: the client closes
	else
		# the client's stdin open until every byte arrived (or it is gone)
		( while [ "$(stat -c %s $d/cli.out 2>/dev/null || echo 0)" -lt 2097152 ] &&
			kill -0 $cpid 2>/dev/null; do sleep 0.1; done ) >$d/cli.in
	fi
	crc=0 src_rc=0
	wait $cpid || crc=$?
	wait $spid || src_rc=$?
	kill $sfeed 2>/dev/null
	wait $sfeed 2>/dev/null
	[ $crc -eq 0 ] || fail "s_client ($dir) exited $crc: $(tail -n 5 $d/cli.err)"
	[ $src_rc -eq 0 ] || fail "s_server ($dir) exited $src_rc: $(tail -n 5 $d/srv.err)"
	if [ "$dir" = c2s ]; then got=$d/srv.out; else got=$d/cli.out; fi
	cmp $d/data $got || fail "$dir: received bytes differ ($(stat -c %s $got) of 2097152)"
	grep -h 'Protocol\|Ciphersuite' $d/cli.err | head -n 2
}

case_ossl_tls() {	# case_ossl_tls SERVER_ARGS CLIENT_ARGS DRIVER (args: commas for spaces)
	ossl_prog
	ossl_tls_setup
	set -- "$(echo "$1" | tr , ' ')" "$(echo "$2" | tr , ' ')" "$3"
	ossl_tls_pair 4433 c2s "$1" "$2"
	cat $d/srv.st $d/cli.st
	# 2 MiB in 16 KiB records: 128 records received by the server
	n=$(ossl_count $d/srv.st "$3")
	[ "$n" -ge 128 ] || fail "server: $n requests on $3 for 128 records: $(cat $d/srv.st)"
	ossl_tls_pair 4434 s2c "$1" "$2"
	cat $d/srv.st $d/cli.st
	n=$(ossl_count $d/cli.st "$3")
	[ "$n" -ge 128 ] || fail "client: $n requests on $3 for 128 records: $(cat $d/cli.st)"
}

add_case "TLS 1.3 AES-128-GCM on loopback through warpdrive: records on vacc_aead" \
	case_ossl_tls "-tls1_3" "-ciphersuites,TLS_AES_128_GCM_SHA256" vacc_aead
add_case "TLS 1.2 ECDHE-ECDSA-AES128-GCM-SHA256 through warpdrive: records on vacc_aead" \
	case_ossl_tls "-tls1_2" "-cipher,ECDHE-ECDSA-AES128-GCM-SHA256" vacc_aead
add_case "TLS 1.2 ECDHE-ECDSA-AES128-SHA256 (CBC, encrypt-then-MAC) through warpdrive: records on vacc_cipher" \
	case_ossl_tls "-tls1_2" "-cipher,ECDHE-ECDSA-AES128-SHA256" vacc_cipher
