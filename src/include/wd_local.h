/* SPDX-License-Identifier: Apache-2.0 */
/*
 * WDI_LOCAL marks a function shared between files of one library only:
 * hidden, so the version scripts' wdi_* pattern does not export it.
 */
#ifndef WD_LOCAL_H
#define WD_LOCAL_H

#define WDI_LOCAL __attribute__((visibility("hidden")))

#endif
