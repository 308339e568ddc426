/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vacc - the descriptor classes, one VACC_CLASS(name) line each, for a
 * vacc_name_class defined in vacc_name.c. Included several times with
 * different definitions of VACC_CLASS (see vacc_internal.h, vacc_exec.c),
 * hence no include guard. Order: the sysfs algorithms list.
 */
VACC_CLASS(comp)
VACC_CLASS(crypto)
