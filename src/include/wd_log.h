/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The library's only voice. Silent unless WD_LOG_LEVEL=error|warn|info|debug
 * (read once); messages go to stderr with a "warpdrive" prefix.
 */
#ifndef WD_LOG_H
#define WD_LOG_H

#ifdef __cplusplus
extern "C" {
#endif

enum wdi_log_level {
	WDI_LOG_NONE,
	WDI_LOG_ERROR,
	WDI_LOG_WARN,
	WDI_LOG_INFO,
	WDI_LOG_DEBUG,
};

extern int wdi_log_threshold;	/* -1 until WD_LOG_LEVEL was read */
int wdi_log_level(void);
void wdi_log_write(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define WDI_LOG(lvl, ...) \
	do { \
		if (__builtin_expect(wdi_log_threshold != 0, 0) && wdi_log_level() >= (lvl)) \
			wdi_log_write((lvl), __VA_ARGS__); \
	} while (0)
#define wd_err(...)	WDI_LOG(WDI_LOG_ERROR, __VA_ARGS__)
#define wd_warn(...)	WDI_LOG(WDI_LOG_WARN, __VA_ARGS__)
#define wd_info(...)	WDI_LOG(WDI_LOG_INFO, __VA_ARGS__)
#define wd_dbg(...)	WDI_LOG(WDI_LOG_DEBUG, __VA_ARGS__)

#ifdef __cplusplus
}
#endif

#endif /* WD_LOG_H */
