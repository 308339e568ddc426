/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libwd's one fork() handler (src/core/fork.c) takes the locks a child
 * may need in a fixed order before fork() and hands them to the child
 * held, so no lock is ever re-initialised: these are the ones it takes
 * besides the engines' init locks. Order: engines, session table,
 * registry, uacce.
 */
#ifndef WD_FORK_H
#define WD_FORK_H

#include "wd_local.h"

WDI_LOCAL void wdi_sess_table_lock(void);
WDI_LOCAL void wdi_sess_table_unlock(void);
WDI_LOCAL void wdi_registry_lock(void);
WDI_LOCAL void wdi_registry_unlock(void);
WDI_LOCAL void wdi_uacce_fork_prepare(void);
WDI_LOCAL void wdi_uacce_fork_parent(void);
/* Child: handles are now known to be inherited; the table is usable again. */
WDI_LOCAL void wdi_uacce_fork_child(void);

#endif
