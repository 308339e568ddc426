/* SPDX-License-Identifier: Apache-2.0 */
/* uacce queue access: filled in by the uacce queue work (issue 3). */
