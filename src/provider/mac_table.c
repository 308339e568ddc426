// SPDX-License-Identifier: Apache-2.0
/* The MACs warpdrive offers, named as OpenSSL's default provider names them. */
#include "mac_int.h"

const OSSL_ALGORITHM wdp_mac_algs[] = {
	{ "HMAC", WDP_PROPS, wdp_hmac_functions, "WarpDrive HMAC" },
	{ NULL, NULL, NULL, NULL }
};
