/*
 * core/proc/init.c - the first user process.
 *
 * proc_start_init() builds process 1 by hand: root credentials, the root
 * of the name space as root and cwd, umask 022, default limits, and fds
 * 0, 1 and 2 on the console. Its task then runs exec itself, trying each
 * candidate program in turn (rdinit's, init's, then the usual places), as
 * Linux's kernel_init does. The caller learns whether one of them started;
 * if none did, the task never reaches user mode and the caller decides
 * what to do (power off).
 *
 * proc_boot_init() is what kernel_main() runs once the root file system
 * is ready: the candidates from the command line (rdinit=, default /init,
 * on an initramfs only; then init=; then /sbin/init, /etc/init, /bin/init,
 * /bin/sh) with the words after "--" as their arguments, as Linux does.
 * On a disk root (root=, core/init/root.c) init's root and cwd are there.
 */
#include "init/init.h"
#include "fs/fd/fdtable.h"
#include "init/cmdline.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "proc/internal.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"

/* A request from the booting kernel, answered by the init task. */
struct init_request {
	const char *const *paths; /* candidates, NULL terminated */
	const char *const *argv;  /* argv[1...] for the program */
	const char *const *envp;
	int result; /* 0: one started; else the last error */
	bool done;
	struct wait_queue wq;
	struct task *task;
};

#define INIT_MAX_ARGS 32

/* exec each candidate until one works (runs on the init task). */
static int init_exec_candidates(struct init_request *req)
{
	const char *argv[INIT_MAX_ARGS + 2];
	int err = -ENOENT;
	size_t n = 0;

	while (req->argv && req->argv[n] && n < INIT_MAX_ARGS) {
		argv[n + 1] = req->argv[n];
		n++;
	}
	argv[n + 1] = NULL;
	for (size_t i = 0; req->paths[i]; i++) {
		argv[0] = req->paths[i];
		err = proc_execve(req->paths[i], argv, req->envp);
		if (!err)
			return 0;
		if (err != -ENOENT)
			printk("init: cannot run %s (error %d)\n", req->paths[i], -err);
	}
	return err;
}

/* The init task's first act, before the user loop (see user_loop.c). */
void proc_init_task_start(struct task *t)
{
	struct init_request *req = t->init_request;
	int err;

	t->init_request = NULL;
	err = init_exec_candidates(req);
	req->result = err;
	WRITE_ONCE(req->done, true);
	wake_up(&req->wq);
	if (err) {
		/* Nothing to run: stay out of user mode for good. */
		struct wait_queue never = WAIT_QUEUE_INIT(never, "init-none");

		wait_event(never, false);
	}
}

/*
 * Open the console as fds 0, 1 and 2. An initramfs without the node gets
 * one (char 5:1), as Linux's built-in initramfs always has it.
 */
static void open_console(struct process *p, const char *console_path)
{
	struct file *f;
	int err;

	err = vfs_openat(&p->fs, NULL, console_path, O_RDWR, 0, &f);
	if (err == -ENOENT && !strcmp(console_path, "/dev/console")) {
		vfs_mkdirat(&p->fs, NULL, "/dev", 0755);
		vfs_mknodat(&p->fs, NULL, console_path, S_IFCHR | 0600, vfs_mkdev(5, 1));
		err = vfs_openat(&p->fs, NULL, console_path, O_RDWR, 0, &f);
	}
	if (err) {
		printk("init: unable to open an initial console %s (error %d)\n", console_path,
		       -err);
		return;
	}
	for (int fd = 0; fd < 3; fd++) {
		if (fd)
			file_get(f);
		if (fd_install(p->files, f, 0) < 0)
			file_put(f);
	}
}

static struct process *init_process_create(struct task *t, const char *console_path)
{
	struct process *p = process_alloc();
	unsigned long flags;
	bool counted;
	int pid;

	if (!p)
		return NULL;
	/* First: proc_put() on the error path releases the signal state. */
	signal_init_process(p);
	root_init_ctx(&p->fs);
	p->fs.cred = &p->cred; /* root, as CRED_ROOT_INIT */
	p->files = fd_table_create();
	if (!p->files) {
		vfs_ctx_put(&p->fs);
		proc_put(p);
		return NULL;
	}
	t->proc = p;
	signal_init_task(t);
	task_set_comm(t, "init");
	flags = spin_lock_irqsave(&proc_lock);
	pid = pid_alloc_locked();
	counted = task_count_add_locked(1);
	BUG_ON(pid != 1 || !counted); /* the first task of all */
	p->pid = t->tid = pid;
	proc_hash_add_locked(p);
	task_hash_add_locked(t);
	list_add_tail(&t->thread_link, &p->threads);
	p->nr_threads = 1;
	proc_count_add_locked(1);
	spin_unlock_irqrestore(&proc_lock, flags);
	open_console(p, console_path);
	return p;
}

int proc_start_init(const char *const paths[], const char *const argv[], const char *const envp[],
		    const char *console_path)
{
	struct init_request req = {.paths = paths, .argv = argv, .envp = envp};
	struct task *t = task_alloc();

	if (!t)
		return -ENOMEM;
	wait_queue_init(&req.wq, "init-start");
	if (!init_process_create(t, console_path)) {
		task_free_unstarted(t);
		return -ENOMEM;
	}
	t->init_request = &req;
	thread_start(&t->thread);
	thread_put(&t->thread);
	wait_event(req.wq, READ_ONCE(req.done));
	return req.result;
}

/* Split @s into words (quotes group, as the kernel command line does);
 * returns how many, at most @max. Writes NULs into @s. */
static size_t split_words(char *s, char **words, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		char *out, quote = 0;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		words[n++] = out = s;
		for (; *s; s++) {
			if (quote ? *s == quote : (*s == '"' || *s == '\'')) {
				quote = quote ? 0 : *s;
				continue;
			}
			if (!quote && (*s == ' ' || *s == '\t'))
				break;
			*out++ = *s;
		}
		if (*s)
			s++;
		*out = '\0';
	}
	return n;
}

/* The words after the first "--" of the command line: init's arguments. */
static void init_args_from_cmdline(const char **argv, size_t max)
{
	static char buf[CMDLINE_MAX];
	char *words[INIT_MAX_ARGS + CMDLINE_MAX_PARAMS];
	size_t n, i, k = 0;

	strlcpy(buf, cmdline_raw(), sizeof(buf));
	n = split_words(buf, words, ARRAY_SIZE(words));
	for (i = 0; i < n && strcmp(words[i], "--"); i++)
		;
	for (i++; i < n && k + 1 < max; i++)
		argv[k++] = words[i];
	argv[k] = NULL;
}

__attribute__((noreturn)) void proc_boot_init(const struct boot_info *bi)
{
	static const char *const envp[] = {"HOME=/", "TERM=linux", NULL};
	static const char *argv[INIT_MAX_ARGS + 1];
	const char *paths[8];
	size_t n = 0;
	int err;

	if (bi->initrd_size == 0 && !root_is_disk())
		goto none;
	if (!root_is_disk())
		paths[n++] = root_rdinit();
	if (cmdline_get("init"))
		paths[n++] = cmdline_get("init");
	paths[n++] = "/sbin/init";
	paths[n++] = "/etc/init";
	paths[n++] = "/bin/init";
	paths[n++] = "/bin/sh";
	paths[n] = NULL;
	init_args_from_cmdline(argv, ARRAY_SIZE(argv));
	err = proc_start_init(paths, argv, envp, "/dev/console");
	if (err)
		goto none;
	/* The boot thread has nothing left to do: init runs the show. */
	for (;;)
		thread_sleep_ns(1000000000ull * 3600);
none:
	printk("init: no init found, powering off\n");
	hal_poweroff(0);
}
