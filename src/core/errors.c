/* SPDX-License-Identifier: Apache-2.0 */
#include "uadk/warpdrive.h"

const char *wd_strerror(int code)
{
	if (code < 0)
		code = -code;
	switch (code) {
	case WD_SUCCESS:	return "success";
	case WD_STREAM_END:	return "end of stream";
	case WD_STREAM_START:	return "start of stream";
	case WD_SOFT_COMPUTING:	return "computed in software";
	case WD_EIO:		return "I/O error on the device";
	case WD_EAGAIN:		return "try again (output full or nothing ready)";
	case WD_ENOMEM:		return "out of memory";
	case WD_EACCES:		return "permission denied";
	case WD_EBUSY:		return "queue full, retry later";
	case WD_EEXIST:		return "already initialised";
	case WD_ENODEV:		return "no device or driver serves the request";
	case WD_EINVAL:		return "invalid argument or call order";
	case WD_ETIMEDOUT:	return "request timed out";
	case WD_ADDR_ERR:	return "bad address in request";
	case WD_HW_EACCESS:	return "device refused access";
	case WD_SGL_ERR:	return "bad scatter-gather list";
	case WD_VERIFY_ERR:	return "verification failed";
	case WD_OUT_EPARA:	return "output buffer too small";
	case WD_IN_EPARA:	return "input data corrupt or truncated";
	case WD_ENOPROC:	return "request not processed";
	default:		return "unknown error";
	}
}
