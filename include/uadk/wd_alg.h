/* SPDX-License-Identifier: Apache-2.0 */
/*
 * UADK 2.10 installs this header (its driver plug-in framework) and every
 * crypto header includes it. WarpDrive's drivers are built in and its
 * driver interface is private, so only the names clients may see are
 * kept, with UADK's values.
 */
#ifndef WD_UADK_ALG_H
#define WD_UADK_ALG_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef handle_t
#define handle_t uintptr_t
#endif

#define ALG_NAME_SIZE	128
#define DEV_NAME_LEN	128

enum alg_dev_type {
	UADK_ALG_SOFT = 0x0,
	UADK_ALG_CE_INSTR = 0x1,
	UADK_ALG_SVE_INSTR = 0x2,
	UADK_ALG_HW = 0x3,
};

#ifdef __cplusplus
}
#endif

#endif /* WD_UADK_ALG_H */
