/*
 * core/init/cmdline.h - the kernel command line: space-separated words, each
 * "key" or "key=value" (a value may be quoted: key="a b").
 */
#ifndef RUX_INIT_CMDLINE_H
#define RUX_INIT_CMDLINE_H

#include <stdbool.h>

#define CMDLINE_MAX        1024
#define CMDLINE_MAX_PARAMS 64

/* Parse @cmdline; a later call replaces the earlier parameters. Returns the
 * number of parameters kept, or -E2BIG if some were dropped (too long or too many). */
int cmdline_parse(const char *cmdline);
/* The value of @key: "" for a bare key, NULL when absent. The last one wins. */
const char *cmdline_get(const char *key);
/* True when @key is present (with or without a value). */
bool cmdline_has(const char *key);
/* The whole command line as given. */
const char *cmdline_raw(void);

#endif /* RUX_INIT_CMDLINE_H */
