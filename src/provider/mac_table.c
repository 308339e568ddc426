// SPDX-License-Identifier: Apache-2.0
/* The MACs warpdrive offers, named as OpenSSL's default provider names them. */
#include "mac_int.h"

const OSSL_ALGORITHM wdp_mac_algs[] = {
	{ "HMAC", WDP_PROPS, wdp_hmac_functions, "WarpDrive HMAC" },
	{ "CMAC", WDP_PROPS, wdp_cmac_functions, "WarpDrive CMAC" },
	{ "GMAC:1.0.9797.3.4", WDP_PROPS, wdp_gmac_functions, "WarpDrive GMAC" },
	{ NULL, NULL, NULL, NULL }
};
