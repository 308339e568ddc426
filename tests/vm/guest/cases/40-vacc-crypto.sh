# The vacc crypto class through the raw ring (vacc_raw_client's crypto
# subcommands, no libwd): every advertised algorithm against OpenSSL,
# hostile descriptors, and a client killed with crypto requests in flight.
# Sourced by suite.sh.

case_crypto_raw() {
	raw_client crypto
}

case_crypto_hostile() {
	raw_client crypto-hostile
}

# kill -9 with long crypto requests in flight (whole-request buffers too):
# the queue comes back, the device still computes right, and vacc unloads
# and loads again
case_crypto_kill9() {
	command -v vacc_raw_client >/dev/null || fail "vacc_raw_client missing from the guest"
	dev=$(vacc_devs | head -n1)
	[ -n "$dev" ] || fail "no vacc device"
	before=$(sysattr "$dev" available_instances)
	vacc_raw_client crypto-busy >/tmp/cbusy.log 2>&1 &
	victim=$!
	wait_for 60 grep -q "crypto-busy: ready" /tmp/cbusy.log ||
		fail "crypto-busy never got going: $(cat /tmp/cbusy.log)"
	sleep 1
	kill -9 $victim
	wait_for 20 gone $victim || fail "the killed client does not go away"
	wait $victim 2>/dev/null
	echo "killed $victim with crypto requests in flight"
	wait_for 20 avail_is "$dev" "$before" ||
		fail "queue not returned: available_instances $(sysattr "$dev" available_instances), before $before"
	vacc_raw_client crypto-quick || fail "crypto broken after the kill"
	unload_vacc
	load_vacc
	wait_for 30 test -c "/dev/$dev" || fail "/dev/$dev did not come back after insmod"
	vacc_raw_client crypto-quick || fail "crypto broken after rmmod/insmod"
}

add_case "vacc crypto: every advertised algorithm = OpenSSL (raw ring)" case_crypto_raw
add_case "vacc crypto hostile: fields, slots, streams, faults, SETUP loops" case_crypto_hostile
add_case "kill -9 of a client with crypto requests in flight; rmmod/insmod" case_crypto_kill9
