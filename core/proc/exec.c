/*
 * core/proc/exec.c - execve(2): replace the running program.
 *
 *	1. copy argv and envp into one kernel buffer (E2BIG past the limits)
 *	2. open the file with exec permission; "#!" scripts restart the
 *	   search with the interpreter (at most EXEC_MAX_DEPTH levels)
 *	3. check the ELF headers (elf.c) and build a new address space:
 *	   PT_LOAD segments as private file mappings plus zeroed memory for
 *	   the bss, a growing stack at the top of user space, the sigreturn
 *	   trampoline page, and the initial stack Linux programs expect:
 *
 *		sp ->	argc
 *			argv[0..argc-1], NULL
 *			envp[...], NULL
 *			auxv (type, value) pairs, AT_NULL
 *			(padding to 16 bytes)
 *			16 random bytes (AT_RANDOM)
 *			argv strings, envp strings, the file name (AT_EXECFN)
 *			8 zero bytes at the very top
 *
 *	4. past the point of no return: switch to the new address space,
 *	   close O_CLOEXEC descriptors, reset handled signals, name the task
 *	   after the file, and start at the entry point with every other
 *	   register zero.
 *
 * Everything up to step 4 can fail and leave the caller as it was.
 * Dynamically linked programs (PT_INTERP) are refused with -ENOEXEC.
 */
#include "proc/exec.h"
#include "fs/fd/fdtable.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/elf.h"
#include "proc/internal.h"
#include "proc/rlimit.h"
#include "proc/syscalls.h"
#include "sys/uaccess.h"
#include "uapi/auxv.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/limits.h"
#include "uapi/mman.h"

#define EXEC_MAX_DEPTH	4   /* nested #! interpreters, as Linux's BINPRM_MAX_RECURSION */
#define EXEC_HEAD_BYTES 256 /* what is read to recognise a format (BINPRM_BUF_SIZE) */
#define MAX_ARG_STRLEN	(32 * PAGE_SIZE)
#define HWCAP_RISCV                                                                                \
	((1ul << ('i' - 'a')) | (1ul << ('m' - 'a')) | (1ul << ('a' - 'a')) |                      \
	 (1ul << ('f' - 'a')) | (1ul << ('d' - 'a')) | (1ul << ('c' - 'a')))

/* ---- argument buffer ------------------------------------------------- */

void exec_args_init(struct exec_args *a, size_t limit)
{
	memset(a, 0, sizeof(*a));
	a->limit = limit;
}

void exec_args_free(struct exec_args *a)
{
	kfree(a->buf);
	a->buf = NULL;
}

/* Room for @n more bytes, within the limit (-E2BIG) and memory (-ENOMEM). */
static int args_reserve(struct exec_args *a, size_t n)
{
	size_t want = a->len + n, cap;
	char *nb;

	if (want <= a->cap)
		return 0;
	cap = MAX(a->cap * 2, (size_t)PAGE_SIZE);
	while (cap < want)
		cap *= 2;
	nb = krealloc(a->buf, cap, GFP_KERNEL);
	if (!nb)
		return -ENOMEM;
	a->buf = nb;
	a->cap = cap;
	return 0;
}

/* The bytes the strings and their pointers take on the new stack. */
static size_t args_stack_bytes(const struct exec_args *a, size_t extra)
{
	return a->len + extra + (a->argc + a->envc + 2 + 1) * sizeof(uint64_t);
}

/* Append string @s (@n bytes without the NUL) as an argv (@env false) or
 * envp entry. Arguments must all come before the environment. */
int exec_args_push(struct exec_args *a, const char *s, size_t n, bool env)
{
	int err;

	if (n + 1 > MAX_ARG_STRLEN || args_stack_bytes(a, n + 1 + 8) > a->limit)
		return -E2BIG;
	err = args_reserve(a, n + 1);
	if (err)
		return err;
	memcpy(a->buf + a->len, s, n);
	a->buf[a->len + n] = '\0';
	a->len += n + 1;
	if (env)
		a->envc++;
	else
		a->argc++;
	return 0;
}

/* Copy one user string straight into the buffer. */
static int args_push_user(struct exec_args *a, unsigned long ustr, bool env)
{
	size_t room;
	long n;
	int err;

	err = args_reserve(a, MIN((size_t)MAX_ARG_STRLEN, (size_t)PAGE_SIZE));
	if (err)
		return err;
	for (;;) {
		room = MIN(a->cap - a->len, (size_t)MAX_ARG_STRLEN);
		n = strncpy_from_user(a->buf + a->len, ustr, room);
		if (n >= 0)
			break;
		if (n != -ENAMETOOLONG)
			return (int)n;
		if (room >= MAX_ARG_STRLEN)
			return -E2BIG;
		err = args_reserve(a, a->cap - a->len + PAGE_SIZE);
		if (err)
			return err;
	}
	if (args_stack_bytes(a, (size_t)n + 1 + 8) > a->limit)
		return -E2BIG;
	a->len += (size_t)n + 1;
	if (env)
		a->envc++;
	else
		a->argc++;
	return 0;
}

/* Copy the NULL-terminated user array of strings at @uvec. */
static int args_push_user_vec(struct exec_args *a, unsigned long uvec, bool env)
{
	for (unsigned long i = 0; uvec; i++) {
		uint64_t p;
		int err;

		if (copy_from_user(&p, uvec + i * sizeof(p), sizeof(p)))
			return -EFAULT;
		if (!p)
			break;
		err = args_push_user(a, p, env);
		if (err)
			return err;
	}
	return 0;
}

/* Bytes of the argv strings (the envp strings follow them). */
static size_t exec_argv_bytes(const struct exec_args *a)
{
	const char *s = a->buf;

	for (unsigned int i = 0; i < a->argc; i++)
		s += strlen(s) + 1;
	return (size_t)(s - a->buf);
}

/* Drop argv[0] (for #!: the interpreter's arguments replace it). */
static void args_drop_first(struct exec_args *a)
{
	size_t n;

	if (!a->argc)
		return;
	n = strlen(a->buf) + 1;
	memmove(a->buf, a->buf + n, a->len - n);
	a->len -= n;
	a->argc--;
}

/* Put string @s in front of argv. */
static int args_prepend(struct exec_args *a, const char *s)
{
	size_t n = strlen(s) + 1;
	int err;

	if (n > MAX_ARG_STRLEN || args_stack_bytes(a, n + 8) > a->limit)
		return -E2BIG;
	err = args_reserve(a, n);
	if (err)
		return err;
	memmove(a->buf + n, a->buf, a->len);
	memcpy(a->buf, s, n);
	a->len += n;
	a->argc++;
	return 0;
}

/* ---- finding and checking the file ------------------------------------ */

static int exec_open(const char *name, const struct path *start, int at_flags, struct file **out)
{
	struct vfs_ctx *ctx = current_vfs_ctx();
	struct path path;
	struct inode *inode;
	int err;

	err = vfs_lookup(ctx, start, name, at_flags, &path);
	if (err)
		return err;
	inode = path.dentry->d_inode;
	if (inode_is_symlink(inode))
		err = -ELOOP; /* execveat(AT_SYMLINK_NOFOLLOW) of a link */
	else if (!inode_is_reg(inode))
		err = -EACCES;
	else
		err = inode_permission(ctx->cred, inode, MAY_EXEC);
	if (!err && !(inode->i_mode & 0111))
		err = -EACCES;
	if (!err)
		err = vfs_open_path(ctx, &path, O_RDONLY, out);
	path_put(&path);
	return err;
}

/* Read exactly @len bytes at @off (-ENOEXEC if the file is shorter). */
static int read_exact(struct file *f, void *buf, size_t len, uint64_t off)
{
	int64_t pos = (int64_t)off;
	long n = vfs_read(f, buf, len, &pos);

	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -ENOEXEC;
}

/*
 * Parse a "#!" line in @head (@n bytes): the interpreter into @interp and
 * its optional single argument into @arg ("" if none). -ENOEXEC when the
 * line names no interpreter or does not fit.
 */
int exec_parse_shebang(const char *head, size_t n, char *interp, size_t isize, char *arg,
		       size_t asize)
{
	const char *p = head + 2, *end = memchr(head, '\n', n), *q;
	size_t len;

	if (n < 2 || head[0] != '#' || head[1] != '!')
		return -ENOEXEC;
	if (!end)
		end = head + n; /* a truncated line: use what is there */
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (q = p; q < end && *q != ' ' && *q != '\t' && *q != '\0'; q++)
		;
	len = (size_t)(q - p);
	if (len == 0 || len >= isize)
		return -ENOEXEC;
	memcpy(interp, p, len);
	interp[len] = '\0';
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	p = q;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\0'))
		end--;
	len = (size_t)(end - p);
	if (len >= asize)
		return -ENOEXEC;
	memcpy(arg, p, len);
	arg[len] = '\0';
	return 0;
}

/* ---- building the new address space --------------------------------- */

static uint64_t prot_to_mmap(unsigned int prot)
{
	return ((prot & HAL_PROT_READ) ? PROT_READ : 0) |
	       ((prot & HAL_PROT_WRITE) ? PROT_WRITE : 0) |
	       ((prot & HAL_PROT_EXEC) ? PROT_EXEC : 0);
}

static int map_segment(struct mm *mm, struct file *f, const struct elf_segment *s, uint64_t bias)
{
	uint64_t start = ALIGN_DOWN(s->vaddr + bias, PAGE_SIZE);
	uint64_t file_end = s->vaddr + bias + s->filesz;
	uint64_t mem_end = ALIGN_UP(s->vaddr + bias + s->memsz, PAGE_SIZE);
	uint64_t file_map_end = ALIGN_UP(file_end, PAGE_SIZE);
	unsigned int prot = (unsigned int)prot_to_mmap(s->prot);
	long r;

	if (s->filesz) {
		r = vm_mmap(mm, start, file_map_end - start, prot, MAP_PRIVATE | MAP_FIXED, f,
			    ALIGN_DOWN(s->offset, PAGE_SIZE));
		if (r < 0)
			return (int)r;
		/* The rest of the last file page belongs to the bss: zero it. */
		if (s->memsz > s->filesz && (s->prot & HAL_PROT_WRITE) &&
		    mm_clear_user(mm, file_end, file_map_end - file_end))
			return -EFAULT;
	} else {
		file_map_end = start;
	}
	if (mem_end > file_map_end) {
		r = vm_mmap(mm, file_map_end, mem_end - file_map_end, prot,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
		if (r < 0)
			return (int)r;
	}
	return 0;
}

static int map_trampoline(struct mm *mm, uint64_t *addr)
{
	size_t len;
	const void *code = signal_trampoline_code(&len);
	long r = vm_mmap(mm, EXEC_TRAMPOLINE_ADDR, PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);

	if (r < 0)
		return (int)r;
	if (mm_copy_to_user(mm, EXEC_TRAMPOLINE_ADDR, code, len))
		return -EFAULT;
	r = vm_mprotect(mm, EXEC_TRAMPOLINE_ADDR, PAGE_SIZE, PROT_READ | PROT_EXEC);
	if (r < 0)
		return (int)r;
	*addr = EXEC_TRAMPOLINE_ADDR;
	return 0;
}

/* Fill @words (room for EXEC_STACK_WORDS(a)) with argc, argv, envp, auxv. */
size_t exec_fill_stack_words(uint64_t *words, const struct exec_args *a, uint64_t strings_addr,
			     const struct exec_auxv_info *ai)
{
	size_t i = 0;
	uint64_t p = strings_addr;
	const char *s = a->buf;

	words[i++] = a->argc;
	for (unsigned int k = 0; k < a->argc + a->envc; k++) {
		size_t n = strlen(s) + 1;

		words[i++] = p;
		p += n;
		s += n;
		if (k + 1 == a->argc)
			words[i++] = 0;
	}
	if (a->argc == 0)
		words[i++] = 0;
	words[i++] = 0; /* end of envp */
#define AUX(t, v)                                                                                  \
	do {                                                                                       \
		words[i++] = (t);                                                                  \
		words[i++] = (v);                                                                  \
	} while (0)
	AUX(AT_HWCAP, HWCAP_RISCV);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, USER_HZ);
	AUX(AT_PHDR, ai->phdr);
	AUX(AT_PHENT, sizeof(struct elf64_phdr));
	AUX(AT_PHNUM, ai->phnum);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, ai->entry);
	AUX(AT_UID, ai->uid);
	AUX(AT_EUID, ai->euid);
	AUX(AT_GID, ai->gid);
	AUX(AT_EGID, ai->egid);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, ai->random);
	AUX(AT_EXECFN, ai->execfn);
	AUX(AT_MINSIGSTKSZ, ALIGN_UP(sizeof(struct linux_rt_sigframe), 16));
	AUX(AT_NULL, 0);
#undef AUX
	return i;
}

/*
 * Lay out the initial stack in @mm below @top; returns the new sp or a
 * negative errno.
 */
long exec_build_stack(struct mm *mm, uint64_t top, const struct exec_args *a, const char *execfn,
		      struct exec_auxv_info *ai)
{
	size_t fn_len = strlen(execfn) + 1;
	size_t nwords = EXEC_STACK_WORDS(a);
	uint8_t random[16];
	uint64_t p = top - 8, strings, sp, *words;
	int err = 0;

	p -= fn_len;
	ai->execfn = p;
	p -= a->len;
	strings = p;
	ai->strings = strings;
	p = ALIGN_DOWN(p, 16) - 16;
	ai->random = p;
	sp = ALIGN_DOWN(p - nwords * sizeof(uint64_t), 16);
	words = kzalloc(nwords * sizeof(uint64_t), GFP_KERNEL);
	if (!words)
		return -ENOMEM;
	random_bytes(random, sizeof(random));
	nwords = exec_fill_stack_words(words, a, strings, ai);
	if (mm_copy_to_user(mm, ai->execfn, execfn, fn_len) ||
	    (a->len && mm_copy_to_user(mm, strings, a->buf, a->len)) ||
	    mm_copy_to_user(mm, ai->random, random, sizeof(random)) ||
	    mm_copy_to_user(mm, sp, words, nwords * sizeof(uint64_t)))
		err = -EFAULT;
	kfree(words);
	return err ? err : (long)sp;
}

/* The initial stack mapping: what exec_build_stack() writes, plus room. */
static size_t exec_stack_initial(const struct exec_args *a, const char *execfn)
{
	size_t need = EXEC_STACK_WORDS(a) * sizeof(uint64_t) + a->len + strlen(execfn) + 64;

	return ALIGN_UP(need, PAGE_SIZE) + EXEC_STACK_EXTRA;
}

/* How far the stack may grow: RLIMIT_STACK, within sane bounds. */
static size_t exec_stack_max(void)
{
	uint64_t lim = rlimit_get(RLIMIT_STACK);

	if (lim < EXEC_STACK_MIN_MAX)
		lim = EXEC_STACK_MIN_MAX;
	if (lim > EXEC_STACK_MAX_MAX)
		lim = EXEC_STACK_MAX_MAX;
	return (size_t)lim;
}

/* The new address space for @info in file @f; fills @img. */
static int build_mm(struct file *f, const struct elf_info *info, const struct exec_args *a,
		    const char *execfn, struct exec_image *img)
{
	uint64_t bias = elf_load_bias(info);
	const struct cred *c = current_cred();
	struct exec_auxv_info ai = {
	    .phdr = info->phdr_vaddr ? info->phdr_vaddr + bias : 0,
	    .phnum = info->phnum,
	    .entry = info->entry + bias,
	    .uid = c->uid,
	    .euid = c->euid,
	    .gid = c->gid,
	    .egid = c->egid,
	};
	struct mm *mm = mm_create();
	long r;
	int err;

	if (!mm)
		return -ENOMEM;
	for (unsigned int i = 0; i < info->nr_loads; i++) {
		err = map_segment(mm, f, &info->loads[i], bias);
		if (err)
			goto fail;
	}
	mm_set_brk(mm, info->hi + bias);
	err = mm_setup_stack(mm, EXEC_STACK_TOP, exec_stack_initial(a, execfn), exec_stack_max());
	if (err)
		goto fail;
	err = map_trampoline(mm, &img->trampoline);
	if (err)
		goto fail;
	r = exec_build_stack(mm, EXEC_STACK_TOP, a, execfn, &ai);
	if (r < 0) {
		err = (int)r;
		goto fail;
	}
	img->mm = mm;
	img->sp = (uint64_t)r;
	img->entry = ai.entry;
	img->arg_start = ai.strings;
	img->arg_end = ai.strings + exec_argv_bytes(a);
	img->env_start = img->arg_end;
	img->env_end = ai.strings + a->len;
	return 0;
fail:
	mm_put(mm);
	return err;
}

/* ---- the point of no return ----------------------------------------- */

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool only_thread(struct process *p)
{
	return READ_ONCE(p->nr_threads) == 1;
}

/*
 * exec from a multithreaded process: every other thread leaves (quietly,
 * through exit_now; SIGKILL wakes it wherever it sleeps) before the
 * address space changes. -EINTR if the process is dying anyway.
 */
static int exec_kill_other_threads(struct task *t)
{
	struct process *p = t->proc;
	struct linux_siginfo info;
	unsigned long flags;
	struct task *o;
	int err = 0;

	flags = spin_lock_irqsave(&proc_lock);
	if (p->group_exit || t->exit_now) { /* dying, or another thread's exec won */
		err = -EINTR;
	} else if (p->nr_threads > 1) {
		signal_info_kernel(&info, SIGKILL);
		list_for_each_entry(o, &p->threads, thread_link)
		{
			if (o == t)
				continue;
			WRITE_ONCE(o->exit_now, true);
			signal_send_task(o, &info);
		}
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	if (err)
		return err;
	wait_event(p->threads_wait, only_thread(p));
	/* The survivor becomes the leader: its tid is the pid from now on. */
	flags = spin_lock_irqsave(&proc_lock);
	if (t->tid != p->pid) {
		task_hash_del_locked(t);
		pid_free_locked(t->tid);
		t->tid = p->pid;
		task_hash_add_locked(t);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return 0;
}

static void exec_commit(struct task *t, struct exec_image *img, const struct path *exe,
			const char *filename)
{
	struct process *p = t->proc;
	struct mm *old = p->mm;
	struct path old_exe;

	path_get(exe);
	mutex_lock(&p->exec_lock);
	p->mm = img->mm;
	old_exe = p->exe;
	p->exe = *exe;
	proc_activate_mm(img->mm);
	mutex_unlock(&p->exec_lock);
	if (old_exe.dentry)
		path_put(&old_exe);
	t->clear_child_tid = 0;
	t->robust_list_head = 0;
	t->robust_list_len = 0;
	proc_vfork_release(t);
	if (old)
		mm_put(old);
	fd_table_close_on_exec(p->files);
	signal_exec(t);
	p->sig.trampoline = img->trampoline;
	p->did_exec = true;
	p->arg_start = img->arg_start;
	p->arg_end = img->arg_end;
	p->env_start = img->env_start;
	p->env_end = img->env_end;
	task_set_comm(t, basename_of(filename));
	memset(&t->user, 0, sizeof(t->user));
	t->user.regs.pc = img->entry;
	t->user.regs.sp = img->sp;
}

/* ---- execve ------------------------------------------------------------ */

/* Load @name (relative to @start) with arguments @a; on success the task
 * runs the new program when it returns to user mode. */
static int do_execve(const struct path *start, const char *name, int at_flags, const char *filename,
		     struct exec_args *a)
{
	char *head = kmalloc(EXEC_HEAD_BYTES + 3 * PATH_MAX, GFP_KERNEL);
	char *interp = head + EXEC_HEAD_BYTES, *arg = interp + PATH_MAX, *cur = arg + PATH_MAX;
	struct elf64_phdr *ph = NULL;
	struct exec_image img = {0};
	struct elf64_ehdr eh;
	struct elf_info *info = NULL;
	struct file *f = NULL;
	int64_t size;
	int err = 0;

	if (!head)
		return -ENOMEM;
	strlcpy(cur, name, PATH_MAX);
	for (int depth = 0;; depth++) {
		int64_t pos = 0;
		long n;

		if (depth > EXEC_MAX_DEPTH) {
			err = -ELOOP;
			goto out;
		}
		err = exec_open(cur, start, at_flags, &f);
		if (err)
			goto out;
		n = vfs_read(f, head, EXEC_HEAD_BYTES, &pos);
		if (n < 0) {
			err = (int)n;
			goto out;
		}
		if (n < 2 || head[0] != '#' || head[1] != '!')
			break;
		err = exec_parse_shebang(head, (size_t)n, interp, PATH_MAX, arg, PATH_MAX);
		if (err)
			goto out;
		/* argv becomes: interpreter [arg] script-name argv[1...] */
		args_drop_first(a);
		err = args_prepend(a, depth == 0 ? filename : cur);
		if (!err && arg[0])
			err = args_prepend(a, arg);
		if (!err)
			err = args_prepend(a, interp);
		if (err)
			goto out;
		file_put(f);
		f = NULL;
		/* The interpreter is looked up like any path, from the cwd. */
		strlcpy(cur, interp, PATH_MAX);
		start = NULL;
		at_flags = 0;
	}
	size = f->f_inode->i_size;
	if (read_exact(f, &eh, sizeof(eh), 0) || elf_check_header(&eh, (uint64_t)size)) {
		err = -ENOEXEC;
		goto out;
	}
	ph = kmalloc((size_t)eh.e_phnum * sizeof(*ph), GFP_KERNEL);
	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!ph || !info) {
		err = -ENOMEM;
		goto out;
	}
	err = read_exact(f, ph, (size_t)eh.e_phnum * sizeof(*ph), eh.e_phoff);
	if (!err)
		err = elf_parse_phdrs(&eh, ph, (uint64_t)size, info);
	if (err) {
		err = err == -ENOMEM ? err : -ENOEXEC;
		goto out;
	}
	if (info->has_interp) {
		printk("exec: dynamic programs need an interpreter (not yet supported)\n");
		err = -ENOEXEC;
		goto out;
	}
	err = build_mm(f, info, a, filename, &img);
	if (!err)
		err = exec_kill_other_threads(current_task());
	if (err) {
		if (img.mm)
			mm_put(img.mm);
		goto out;
	}
	exec_commit(current_task(), &img, &f->f_path,
		    ((at_flags & AT_EMPTY_PATH) && !name[0]) ? f->f_path.dentry->d_name : filename);
out:
	if (f)
		file_put(f);
	kfree(info);
	kfree(ph);
	kfree(head);
	return err;
}

static size_t exec_args_limit(void)
{
	uint64_t stack = rlimit_get(RLIMIT_STACK);

	/* Linux: a quarter of the stack limit, at least ARG_MAX, at most
	 * three quarters of the 8 MiB default. */
	stack = stack == RLIM64_INFINITY ? RLIMIT_STACK_DEFAULT : stack;
	return (size_t)MIN(MAX(stack / 4, (uint64_t)ARG_MAX), RLIMIT_STACK_DEFAULT / 4 * 3);
}

int proc_execve(const char *path, const char *const *argv, const char *const *envp)
{
	struct exec_args a;
	int err = 0;

	exec_args_init(&a, exec_args_limit());
	for (size_t i = 0; argv && argv[i] && !err; i++)
		err = exec_args_push(&a, argv[i], strlen(argv[i]), false);
	for (size_t i = 0; envp && envp[i] && !err; i++)
		err = exec_args_push(&a, envp[i], strlen(envp[i]), true);
	if (!err)
		err = do_execve(NULL, path, 0, path, &a);
	exec_args_free(&a);
	return err;
}

static long execve_user(const struct path *start, const char *name, const char *filename,
			unsigned long uargv, unsigned long uenvp, int at_flags)
{
	struct exec_args a;
	int err;

	exec_args_init(&a, exec_args_limit());
	err = args_push_user_vec(&a, uargv, false);
	if (!err)
		err = args_push_user_vec(&a, uenvp, true);
	if (!err)
		err = do_execve(start, name, at_flags, filename, &a);
	exec_args_free(&a);
	return err;
}

long sys_execve(unsigned long upath, unsigned long uargv, unsigned long uenvp)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long n, err;

	if (!name)
		return -ENOMEM;
	n = strncpy_from_user(name, upath, PATH_MAX);
	if (n < 0)
		err = n;
	else if (n == 0)
		err = -ENOENT;
	else
		err = execve_user(NULL, name, name, uargv, uenvp, 0);
	kfree(name);
	return err;
}

long sys_execveat(unsigned long dirfd, unsigned long upath, unsigned long uargv,
		  unsigned long uenvp, unsigned long flags)
{
	char *name = kmalloc(2 * PATH_MAX, GFP_KERNEL), *filename = name + PATH_MAX;
	struct file *dir = NULL;
	long n, err;

	if (!name)
		return -ENOMEM;
	if (flags & ~(unsigned long)(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) {
		err = -EINVAL;
		goto out;
	}
	n = strncpy_from_user(name, upath, PATH_MAX);
	if (n < 0 || (n == 0 && !(flags & AT_EMPTY_PATH))) {
		err = n < 0 ? n : -ENOENT;
		goto out;
	}
	/* AT_EXECFN names the file as /dev/fd/N/name when it is fd-relative. */
	if (name[0] == '/' || (int)dirfd == AT_FDCWD)
		strlcpy(filename, name, PATH_MAX);
	else if (n == 0)
		ksnprintf(filename, PATH_MAX, "/dev/fd/%d", (int)dirfd);
	else
		ksnprintf(filename, PATH_MAX, "/dev/fd/%d/%s", (int)dirfd, name);
	if ((int)dirfd != AT_FDCWD && name[0] != '/') {
		dir = fd_get_file(current_files(), (int)dirfd);
		if (!dir) {
			err = -EBADF;
			goto out;
		}
	}
	err = execve_user(dir ? &dir->f_path : NULL, name, filename, uargv, uenvp, (int)flags);
out:
	if (dir)
		file_put(dir);
	kfree(name);
	return err;
}
