/*
 * core/proc/exec.h - the parts of execve (exec.c) that are pure
 * computations, exposed for tests: the argument buffer, the "#!" line
 * parser and the initial stack layout.
 */
#ifndef RUX_PROC_EXEC_H
#define RUX_PROC_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal/hal.h"

struct mm;

#define EXEC_STACK_TOP	     HAL_USER_VA_END /* the stack ends here */
#define EXEC_STACK_EXTRA     (32 * 4096ul)   /* initial stack mapping beyond the arguments */
#define EXEC_STACK_MIN_MAX   (128 * 1024ul)  /* the stack may always grow this far */
#define EXEC_STACK_MAX_MAX   (1ul << 30)     /* ... and never further than this */
#define EXEC_TRAMPOLINE_ADDR (HAL_USER_VA_END - (1ull << 30)) /* sigreturn code page */
#define EXEC_AUXV_PAIRS	     18				      /* auxv entries, AT_NULL included */

/* argv and envp strings, back to back: argc strings, then envc. */
struct exec_args {
	char *buf;
	size_t len, cap;
	unsigned int argc, envc;
	size_t limit; /* strings + pointers may take this much stack (E2BIG) */
};

/* Words below the strings: argc, argv + NULL, envp + NULL, auxv. */
#define EXEC_STACK_WORDS(a) (1 + (a)->argc + 1 + (a)->envc + 1 + 2 * EXEC_AUXV_PAIRS)

/* What the auxiliary vector says about the new image. */
struct exec_auxv_info {
	uint64_t phdr, phnum, entry;
	uint32_t uid, euid, gid, egid;
	uint64_t random;  /* filled by exec_build_stack */
	uint64_t execfn;  /* filled by exec_build_stack */
	uint64_t strings; /* filled by exec_build_stack: argv then envp strings */
};

/* A loaded image, before it replaces the caller's. */
struct exec_image {
	struct mm *mm;
	uint64_t entry, sp, trampoline;
	uint64_t arg_start, arg_end, env_start, env_end;
};

void exec_args_init(struct exec_args *a, size_t limit);
void exec_args_free(struct exec_args *a);
/* Append @s (@n bytes) to argv (@env false) or envp: 0, -E2BIG, -ENOMEM. */
int exec_args_push(struct exec_args *a, const char *s, size_t n, bool env);
/* Parse "#!interp [arg]" in the first @n bytes of a file: 0 or -ENOEXEC. */
int exec_parse_shebang(const char *head, size_t n, char *interp, size_t isize, char *arg,
		       size_t asize);
/* Fill @words with argc, argv, envp and auxv for strings at @strings_addr;
 * returns the number of words written. */
size_t exec_fill_stack_words(uint64_t *words, const struct exec_args *a, uint64_t strings_addr,
			     const struct exec_auxv_info *ai);
/* Write the initial stack into @mm below @top; the new sp or -errno. */
long exec_build_stack(struct mm *mm, uint64_t top, const struct exec_args *a, const char *execfn,
		      struct exec_auxv_info *ai);

#endif /* RUX_PROC_EXEC_H */
