/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libwd_comp's private entry points, for WarpDrive's own libraries (the zlib
 * drop-in). Exported under the node WD_COMP_PRIVATE_1.0, as glibc exports
 * GLIBC_PRIVATE: not UADK API, no installed header, no stability promise.
 */
#ifndef WD_COMP_PRIV_H
#define WD_COMP_PRIV_H

#include "uadk/wd_comp.h"

enum wdi_comp_flush {
	WDI_COMP_FLUSH_NONE,
	WDI_COMP_FLUSH_SYNC,	/* end at a byte boundary between blocks, keep history */
	WDI_COMP_FLUSH_FULL,	/* the same, and forget history */
};

/*
 * wd_do_comp_strm() of a stream compression session that is not the last
 * input, and then a flush: once all of req->src is consumed and the output
 * fits, everything given so far decodes from what was produced, which ends at
 * a byte boundary with no final block (zlib's Z_SYNC_FLUSH / Z_FULL_FLUSH).
 * req->last must be 0. Status WD_SUCCESS: flushed; WD_EAGAIN: dst filled,
 * call again with the rest (src may be empty) and the same flush.
 * dict (dict_len bytes, at most 32 KiB used) is the stream's preset
 * dictionary when this request starts a stream (a new session, or the first
 * request after wd_comp_reset_sess), as zlib's deflateSetDictionary on a raw
 * stream; ignored otherwise; NULL for none. (The CPU driver's L4+ raw
 * streams of flushed segments run on libdeflate, which has no dictionary:
 * there it goes unused, and the output is still valid.)
 * 0, or -WD_EINVAL (bad handle or flush, last set, a decompression session,
 * or a driver that cannot flush: then nothing was consumed).
 */
int wdi_comp_strm_flush(handle_t h_sess, struct wd_comp_req *req, enum wdi_comp_flush flush,
			const void *dict, __u32 dict_len);

#endif /* WD_COMP_PRIV_H */
