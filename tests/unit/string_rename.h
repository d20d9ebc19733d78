/*
 * Forced-included (-include) into the hosted KTEST runner's copy of
 * core/lib/string.c and into the KTEST sources, so that the tests exercise
 * Rux's own string functions under distinct names instead of the host C
 * library's. The kernel proper uses the standard names.
 *
 * Only the functions the C library also has are renamed: strlcpy, strscpy
 * and kstrtoull live in core/lib/string_kernel.c, which the hosted kernel
 * library contains under their real names.
 */
#ifndef RUX_TESTS_STRING_RENAME_H
#define RUX_TESTS_STRING_RENAME_H
#define memcpy  rux_memcpy
#define memmove rux_memmove
#define memset  rux_memset
#define memcmp  rux_memcmp
#define memchr  rux_memchr
#define strlen  rux_strlen
#define strnlen rux_strnlen
#define strcmp  rux_strcmp
#define strncmp rux_strncmp
#define strchr  rux_strchr
#define strrchr rux_strrchr
#define strcpy  rux_strcpy
#define strncpy rux_strncpy
#define strcat  rux_strcat
#define strstr  rux_strstr
#endif
