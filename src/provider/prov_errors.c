// SPDX-License-Identifier: Apache-2.0
/* Errors go to the application's error queue through the core's functions,
 * tagged with this provider, as OpenSSL's own providers do. */
#include <stdarg.h>

#include "prov.h"

void wdp_raise(int reason, const char *fmt, ...)
{
	va_list ap;

	if (!wdp_core.new_error || !wdp_core.vset_error || !wdp_core.handle)
		return;
	wdp_core.new_error(wdp_core.handle);
	if (wdp_core.set_error_debug)
		wdp_core.set_error_debug(wdp_core.handle, NULL, 0, NULL);
	va_start(ap, fmt);
	wdp_core.vset_error(wdp_core.handle, (uint32_t)reason, fmt, ap);
	va_end(ap);
}
