/*
 * sim/trace.c - the system call trace (see trace.h). The kernel calls no
 * hook: a call is seen at its ecall (number, arguments) and again when its
 * task next enters user mode (the result in a0). Calls under way are kept
 * per tid in a small table; a slot taken over by another tid (a task that
 * died inside a call) prints its call as unfinished.
 */
#include "sim/trace.h"
#include "proc/task.h"
#include "sys/syscalls.h"

#define PENDING_SLOTS 256

struct pending_call {
	int tid; /* 0: slot free */
	uint64_t nr, pc;
	uint64_t args[SYSCALL_MAX_ARGS];
};

static FILE *trace_out;
static struct pending_call pending[PENDING_SLOTS];

void trace_start(FILE *out)
{
	trace_out = out;
}

static int current_tid(void)
{
	struct task *t = current_task();

	return t ? t->tid : 0;
}

static void print_call(const struct pending_call *c)
{
	const char *name = c->nr < __NR_syscalls ? syscall_table[c->nr].name : NULL;
	unsigned int nargs = name ? syscall_table[c->nr].nargs : SYSCALL_MAX_ARGS;

	if (name)
		fprintf(trace_out, "[%d] %s(", c->tid, name);
	else
		fprintf(trace_out, "[%d] syscall_%llu(", c->tid, (unsigned long long)c->nr);
	for (unsigned int i = 0; i < nargs; i++)
		fprintf(trace_out, "%s%#llx", i ? ", " : "", (unsigned long long)c->args[i]);
	fputs(") = ", trace_out);
}

static void print_result(const struct pending_call *c, const struct user_cpu_state *state)
{
	int64_t r = (int64_t)state->regs.a0;

	print_call(c);
	if (state->regs.pc != c->pc + 4)
		fputs(c->nr == __NR_execve ? "0\n" : "?\n", trace_out);
	else if (r >= -4095 && r < 65536)
		fprintf(trace_out, "%lld\n", (long long)r);
	else
		fprintf(trace_out, "%#llx\n", (unsigned long long)r);
}

void trace_syscall(const struct user_cpu_state *state)
{
	const struct linux_user_regs *r = &state->regs;
	struct pending_call c = {
	    .tid = current_tid(),
	    .nr = r->a7,
	    .pc = r->pc,
	    .args = {r->a0, r->a1, r->a2, r->a3, r->a4, r->a5},
	};
	struct pending_call *slot;

	if (!trace_out)
		return;
	if (c.nr == __NR_exit || c.nr == __NR_exit_group) {
		print_call(&c);
		fputs("?\n", trace_out);
		return;
	}
	slot = &pending[(unsigned int)c.tid % PENDING_SLOTS];
	if (slot->tid && slot->tid != c.tid) {
		print_call(slot);
		fputs("? (unfinished)\n", trace_out);
	}
	*slot = c;
}

void trace_user_entry(const struct user_cpu_state *state)
{
	int tid = current_tid();
	struct pending_call *slot = &pending[(unsigned int)tid % PENDING_SLOTS];

	if (!trace_out || !tid || slot->tid != tid)
		return;
	print_result(slot, state);
	slot->tid = 0;
}
