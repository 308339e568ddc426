/* SPDX-License-Identifier: Apache-2.0 */
#ifndef WD_COMP_INTERNAL_H
#define WD_COMP_INTERNAL_H

#include "uadk/wd_comp.h"
#include "wd_engine.h"
#include "wd_comp_drv.h"

extern struct wdi_engine wd_comp_engine;

#endif
