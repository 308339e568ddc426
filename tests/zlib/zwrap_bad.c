/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Streams that are not (or no longer) valid: NULL, a NULL state, a state
 * some other code made (zeroed, or beginning with the stream's address as
 * zlib's own states do), a memcpy'd z_stream, an ended stream. zlib answers
 * Z_STREAM_ERROR (and its special values for inflateMark, inflateCodesUsed,
 * deflateBound); the wrapper must answer the same, touching nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zwrap.h"

/* Every stream call that is safe on a foreign state in the system zlib
 * (inflateBack and inflateBackEnd do not validate a non-NULL state there). */
static void probe(const char *what, z_stream *s, int back_too)
{
	unsigned char buf[64] = { 0 };
	uInt len = sizeof(buf);
	unsigned pend = 0;
	int bits = 0;
	gz_header head;
	z_stream d;
	char name[96];

	memset(&head, 0, sizeof(head));
	memset(&d, 0, sizeof(d));
#define P(call) do { snprintf(name, sizeof(name), "%s %s", what, #call); \
		zw_line("%s -> %ld", name, (long)(call)); } while (0)
	P(deflate(s, Z_NO_FLUSH));
	P(deflate(s, Z_FINISH));
	P(deflateParams(s, 1, Z_DEFAULT_STRATEGY));
	P(deflateTune(s, 1, 2, 3, 4));
	P(deflateBound(s, 100000));
	P(deflatePending(s, &pend, &bits));
	P(deflatePrime(s, 3, 5));
	P(deflateSetHeader(s, &head));
	P(deflateSetDictionary(s, buf, 10));
	P(deflateGetDictionary(s, buf, &len));
	P(deflateReset(s));
	P(deflateResetKeep(s));
	P(deflateCopy(&d, s));
	P(inflate(s, Z_NO_FLUSH));
	P(inflateSetDictionary(s, buf, 10));
	P(inflateGetDictionary(s, buf, &len));
	P(inflateSync(s));
	P(inflateSyncPoint(s));
	P(inflateReset(s));
	P(inflateReset2(s, 15));
	P(inflateResetKeep(s));
	P(inflatePrime(s, 3, 5));
	P(inflateMark(s));
	P(inflateGetHeader(s, &head));
	P(inflateUndermine(s, 1));
	P(inflateValidate(s, 0));
	P(inflateCodesUsed(s));
	P(inflateCopy(&d, s));
	if (back_too) {
		P(inflateBack(s, NULL, NULL, NULL, NULL));
		P(inflateBackEnd(s));
	}
	P(deflateEnd(s));
	P(inflateEnd(s));
#undef P
	zw_line("%s: dest state %s, len %u", what, d.state ? "set" : "NULL", len);
}

void zw_bad_states(void)
{
	z_stream s, copy;
	void *foreign = calloc(1, 65536);

	probe("NULL", NULL, 1);
	memset(&s, 0, sizeof(s));
	probe("state NULL", &s, 1);

	/* a zeroed foreign state, with and without allocators */
	s.state = foreign;
	probe("zeroed state", &s, 0);
	s.zalloc = zw_alloc;
	s.zfree = zw_free;
	probe("zeroed state, allocators", &s, 0);
	/* a foreign state that starts like zlib's: its stream pointer */
	memcpy(foreign, &(z_stream *){ &s }, sizeof(z_stream *));
	probe("state naming the stream", &s, 0);

	/* a z_stream copied without deflateCopy: zlib refuses it */
	memset(&s, 0, sizeof(s));
	zw_show("deflateInit", &s, deflateInit(&s, 6));
	memcpy(&copy, &s, sizeof(s));
	probe("memcpy'd deflate stream", &copy, 0);
	zw_show("deflateEnd original", &s, deflateEnd(&s));
	/* after End the state is NULL: everything is refused */
	probe("ended deflate stream", &s, 1);

	memset(&s, 0, sizeof(s));
	zw_show("inflateInit", &s, inflateInit(&s));
	memcpy(&copy, &s, sizeof(s));
	probe("memcpy'd inflate stream", &copy, 0);
	zw_show("inflateEnd original", &s, inflateEnd(&s));

	/* init errors: version and size checks, bad parameters */
	memset(&s, 0, sizeof(s));
	zw_show("deflateInit_ version 2", &s, deflateInit_(&s, 6, "2.0.0", (int)sizeof(s)));
	zw_show("deflateInit_ size", &s, deflateInit_(&s, 6, ZLIB_VERSION, 8));
	zw_show("deflateInit2 bad level", &s, deflateInit2(&s, 10, Z_DEFLATED, 15, 8, 0));
	zw_show("deflateInit2 wbits 8 raw", &s, deflateInit2(&s, 6, Z_DEFLATED, -8, 8, 0));
	zw_show("deflateInit2 bad strategy", &s, deflateInit2(&s, 6, Z_DEFLATED, 15, 8, 5));
	zw_show("inflateInit2 bad wbits", &s, inflateInit2(&s, 7));
	zw_show("inflateInit_ version", &s, inflateInit_(&s, "0.9", (int)sizeof(s)));
	zw_show("deflateInit_ NULL", NULL, deflateInit_(NULL, 6, ZLIB_VERSION, (int)sizeof(s)));
	zw_show("inflateInit_ NULL", NULL, inflateInit_(NULL, ZLIB_VERSION, (int)sizeof(s)));
	zw_show("deflateCopy NULL dest", NULL, deflateCopy(NULL, NULL));
	free(foreign);
}
