/*
 * sim/ruxsim.c - the ruxsim command: the whole Rux kernel as one Linux
 * process, running riscv64 Linux programs on the RV64 interpreter.
 *
 *   ruxsim [--initrd FILE] [--disk IMG[,ro]]... [--net] [--append CMDLINE]
 *          [--mem SIZE] [--smp N] [--seed N] [--trace-syscalls[=FILE]] [--stats]
 *          [--help] [-- CMD...]
 *
 * It builds the hosted machine (RAM, the initrd at its end, N simulated
 * CPUs taking turns on this one thread, the simulated clock), makes
 * standard input the console's keyboard and standard output its screen,
 * and calls kernel_main() as the riscv64 boot code does. The kernel runs
 * the initramfs's /init (or, with root=, the disk's); CMD becomes
 * rux.cmd="CMD" on the command line, as with "make run CMD=...", which the
 * test initramfs's /init runs. Power-off ends the process with the guest's
 * status.
 *
 * --disk IMG[,ro] attaches a raw image as a virtio-blk disk (vda, vdb...
 * in order) and every run has a virtio-rng; both are device models of the
 * hosted HAL (hal/hosted/virtio_*.c) driven by the kernel's own drivers.
 * --net adds a virtio-net device with an empty packet queue as its wire,
 * for a future driver (the kernel has none yet and only logs the device).
 *
 * Determinism: the same options, input and disk contents give the same
 * output. The kernel mixes a few host addresses into its random pool, so
 * ruxsim runs itself again with address-space randomization off
 * (personality(2)) first.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <time.h>
#include <unistd.h>

#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "init/cmdline.h"
#include "sim/stats.h"
#include "sim/terminal.h"
#include "sim/trace.h"

#define DEFAULT_MEM (256ull << 20)
#define MIN_MEM	    (16ull << 20)
#define MAX_DISKS   7 /* the hosted machine's 8 virtio slots, less the rng */
#define MAX_MEM	    (64ull << 30)

struct options {
	const char *initrd;
	char *disks[MAX_DISKS]; /* image paths, vda first (strndup'ed) */
	bool disk_ro[MAX_DISKS];
	unsigned int nr_disks;
	bool net;
	const char *append;
	uint64_t mem;
	unsigned int smp; /* simulated CPUs */
	uint64_t seed;
	bool seeded;
	bool trace;
	bool stats;
	const char *trace_file; /* NULL: standard error */
	char *const *cmd;	/* the words after the options, NULL-terminated */
};

static const char usage_text[] =
    "usage: ruxsim [--initrd FILE] [--append CMDLINE] [--mem SIZE] [--smp N]\n"
    "              [--seed N] [--trace-syscalls[=FILE]] [--stats] [--help]\n"
    "              [-- CMD...]\n"
    "\n"
    "Boot the Rux kernel in this process and run riscv64 Linux programs on an\n"
    "RV64GC interpreter. The console is standard input and output (raw input on\n"
    "a terminal; Ctrl-A x quits). Exits with the status the guest powers off with.\n"
    "\n"
    "  --initrd FILE           the initramfs (cpio newc) to unpack as the root\n"
    "  --disk IMG[,ro]         a raw disk image as virtio-blk (vda, vdb... in order;\n"
    "                          ,ro: read-only); boot from it with\n"
    "                          --append 'root=/dev/vda rw init=/init'\n"
    "  --net                   a virtio-net device (MAC 52:54:00:12:34:56) whose\n"
    "                          wire is an empty packet queue; no driver yet\n"
    "  --append CMDLINE        kernel command line\n"
    "  --mem SIZE              RAM, e.g. 512M or 1G (default 256M)\n"
    "  --smp N                 simulated CPUs, 1 to 8 (default 1); they take\n"
    "                          turns on one host thread, deterministically\n"
    "  --seed N                seed of the kernel's random numbers (getrandom,\n"
    "                          AT_RANDOM); the same seed gives the same run\n"
    "  --trace-syscalls[=FILE] one line per system call to standard error or FILE\n"
    "  --stats                 at exit, print the instructions run, the simulated,\n"
    "                          real and CPU time, and the speed (MIPS) to stderr\n"
    "  -- CMD...               run CMD (rux.cmd=\"CMD\", for the test initramfs's\n"
    "                          /init) instead of a login shell\n";

static __attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("ruxsim: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static uint64_t parse_size(const char *s)
{
	char *end;
	unsigned long long v;

	unsigned int shift = 0;

	errno = 0;
	v = strtoull(s, &end, 0);
	switch (*end) {
	case 'G':
	case 'g':
		shift = 30;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'K':
	case 'k':
		shift = 10;
		break;
	}
	if (shift)
		end++;
	if (errno || end == s || *end || *s == '-' || v > (MAX_MEM >> shift) ||
	    (v << shift) < MIN_MEM)
		die("bad memory size '%s' (16M to 64G)", s);
	return v << shift;
}

static unsigned int parse_smp(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > HAL_MAX_CPUS)
		die("bad CPU count '%s' (1 to %d)", s, HAL_MAX_CPUS);
	return (unsigned int)v;
}

/* IMG or IMG,ro: the next disk. */
static void add_disk(struct options *o, const char *arg)
{
	size_t len = strlen(arg);
	bool ro = len > 3 && !strcmp(arg + len - 3, ",ro");
	char *path;

	if (o->nr_disks == MAX_DISKS)
		die("too many disks (at most %d)", MAX_DISKS);
	path = strndup(arg, ro ? len - 3 : len);
	if (!path || !*path)
		die("bad disk '%s' (IMG or IMG,ro)", arg);
	o->disk_ro[o->nr_disks] = ro;
	o->disks[o->nr_disks++] = path;
}

static uint64_t parse_seed(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || *s == '-')
		die("bad seed '%s' (a number, decimal or 0x hex)", s);
	return v;
}

static void parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
	    {"initrd", required_argument, NULL, 'i'},
	    {"disk", required_argument, NULL, 'd'},
	    {"net", no_argument, NULL, 'N'},
	    {"append", required_argument, NULL, 'a'},
	    {"mem", required_argument, NULL, 'm'},
	    {"smp", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 's'},
	    {"trace-syscalls", optional_argument, NULL, 't'},
	    {"stats", no_argument, NULL, 'S'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	*o = (struct options){.append = "", .mem = DEFAULT_MEM, .smp = 1};
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			o->initrd = optarg;
			break;
		case 'd':
			add_disk(o, optarg);
			break;
		case 'N':
			o->net = true;
			break;
		case 'a':
			o->append = optarg;
			break;
		case 'm':
			o->mem = parse_size(optarg);
			break;
		case 'n':
			o->smp = parse_smp(optarg);
			break;
		case 's':
			o->seed = parse_seed(optarg);
			o->seeded = true;
			break;
		case 't':
			o->trace = true;
			o->trace_file = optarg;
			break;
		case 'S':
			o->stats = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			fputs(usage_text, stderr);
			exit(2);
		}
	}
	o->cmd = argv + optind;
}

/* The whole initrd file, checked to be a cpio archive the kernel reads. */
static void *load_initrd(const char *path, uint64_t *size)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		die("cannot open the initrd %s: %s", path, strerror(errno));
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			data = realloc(data, cap);
			if (!data)
				die("no memory for the initrd %s", path);
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f))
		die("cannot read the initrd %s: %s", path, strerror(errno));
	fclose(f);
	if (len < 6 || (memcmp(data, "070701", 6) && memcmp(data, "070702", 6)))
		die("%s is not a cpio archive (newc format, uncompressed)", path);
	*size = len;
	return data;
}

/*
 * The disks, the entropy device, then the network device (after the rng,
 * so that --net moves no other device); exits naming the image that fails.
 * The models keep what they need, so the paths are freed here.
 */
static void attach_devices(struct options *o)
{
	for (unsigned int i = 0; i < o->nr_disks; i++) {
		int err = hosted_virtio_blk_attach(o->disks[i], o->disk_ro[i]);

		if (err == -EWOULDBLOCK)
			die("the disk image %s is in use (locked by another process)", o->disks[i]);
		if (err == -EINVAL)
			die("%s is not a disk image (a regular file of 512 bytes or more)",
			    o->disks[i]);
		if (err)
			die("cannot open the disk image %s: %s", o->disks[i], strerror(-err));
		free(o->disks[i]);
		o->disks[i] = NULL;
	}
	if (hosted_virtio_rng_attach())
		die("no room for the entropy device");
	if (o->net && hosted_virtio_net_attach(NULL))
		die("no room for the network device (at most 6 disks with --net)");
}

/* Append @s to the kernel command line @buf (CMDLINE_MAX bytes). */
static void cmdline_add(char *buf, const char *s)
{
	if (strlen(buf) + strlen(s) >= CMDLINE_MAX)
		die("the kernel command line is too long (at most %d bytes)", CMDLINE_MAX - 1);
	strcat(buf, s);
}

/* --append, then rux.cmd="CMD..." when a command was given. */
static char *kernel_cmdline(const struct options *o)
{
	static char buf[CMDLINE_MAX];

	cmdline_add(buf, o->append);
	if (!o->cmd[0])
		return buf;
	cmdline_add(buf, buf[0] ? " rux.cmd=\"" : "rux.cmd=\"");
	for (char *const *w = o->cmd; *w; w++) {
		if (strchr(*w, '"'))
			die("the command must not contain double quotes: %s", *w);
		cmdline_add(buf, *w);
		cmdline_add(buf, w[1] ? " " : "\"");
	}
	return buf;
}

static FILE *open_trace(const struct options *o)
{
	FILE *f;

	if (!o->trace_file) {
		setvbuf(stderr, NULL, _IOLBF, 0); /* whole lines between console output */
		return stderr;
	}
	f = fopen(o->trace_file, "w");
	if (!f)
		die("cannot write the trace file %s: %s", o->trace_file, strerror(errno));
	return f;
}

static struct timespec start_time;

static double seconds_since(clockid_t clock, const struct timespec *start)
{
	struct timespec now;

	clock_gettime(clock, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* MIPS per second of host CPU time: the wall time depends on the host's load. */
static void print_stats(void)
{
	static const struct timespec zero;
	double real = seconds_since(CLOCK_MONOTONIC, &start_time);
	double cpu = seconds_since(CLOCK_PROCESS_CPUTIME_ID, &zero);
	uint64_t insns, traps;

	sim_cpu_stats(&insns, &traps);
	fprintf(stderr,
		"ruxsim: %llu instructions, %llu traps, %.3f s simulated, %.3f s real, "
		"%.3f s CPU, %.0f MIPS\n",
		(unsigned long long)insns, (unsigned long long)traps, (double)hal_clock_ns() / 1e9,
		real, cpu, cpu > 0 ? (double)insns / cpu / 1e6 : 0.0);
}

/* Run again with address-space randomization off, when it is on. */
static void run_without_aslr(char **argv)
{
	int persona = personality(0xffffffff);
	char self[4096];
	ssize_t len;

	if (persona < 0 || (persona & ADDR_NO_RANDOMIZE))
		return;
	if (personality((unsigned long)persona | ADDR_NO_RANDOMIZE) < 0 ||
	    !(personality(0xffffffff) & ADDR_NO_RANDOMIZE))
		return; /* not allowed here: go on, with host addresses varying */
	/* The real path, not /proc/self/exe: the process keeps its name. */
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len > 0) {
		self[len] = '\0';
		execv(self, argv);
	}
}

int main(int argc, char **argv)
{
	const struct boot_info *bi;
	struct options o;
	void *initrd = NULL;
	uint64_t initrd_size = 0;
	const char *cmdline;

	parse_options(argc, argv, &o);
	run_without_aslr(argv);
	if (o.initrd)
		initrd = load_initrd(o.initrd, &initrd_size);
	cmdline = kernel_cmdline(&o);
	if (o.seeded)
		hosted_set_random_seed(o.seed);
	if (o.trace)
		trace_start(open_trace(&o));
	if (o.stats) {
		clock_gettime(CLOCK_MONOTONIC, &start_time);
		atexit(print_stats);
	}
	attach_devices(&o);
	hosted_console_input(STDIN_FILENO, terminal_raw_input());
	hosted_set_nr_cpus(o.smp);
	bi = hosted_machine_init(o.mem, cmdline, initrd, initrd_size);
	free(initrd); /* copied into RAM */
	kernel_main(bi);
}
