/* core/sched/cpu.c - per-CPU structures and the CPU-online count. */
#include "sched/cpu.h"
#include "lib/compiler.h"

struct cpu cpus[HAL_MAX_CPUS];
static unsigned int nr_online;

void cpu_init_local(unsigned int id)
{
	struct cpu *c = &cpus[id];

	c->id = id;
	hal_cpu_set_local(c);
	WRITE_ONCE(c->online, true);
	__atomic_add_fetch(&nr_online, 1, __ATOMIC_RELEASE);
}

unsigned int cpus_online(void)
{
	return __atomic_load_n(&nr_online, __ATOMIC_ACQUIRE);
}

void trap_ipi(void)
{
	this_cpu()->ipis++;
}
