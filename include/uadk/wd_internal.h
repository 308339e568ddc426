/* SPDX-License-Identifier: Apache-2.0 */
/*
 * UADK 2.10 installs this header and its crypto headers include it (for
 * struct wd_datalist). WarpDrive keeps struct wd_datalist in wd.h, so
 * this only keeps UADK's include graph: clients that include it by name
 * build unchanged.
 */
#ifndef WD_UADK_INTERNAL_H
#define WD_UADK_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include "wd.h"

#define DEVICE_REGION_MAX	16
#define DECIMAL_NUMBER		10
#define MAX_FD_NUM		65535

#endif /* WD_UADK_INTERNAL_H */
