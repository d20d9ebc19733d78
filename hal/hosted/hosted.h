/*
 * hal/hosted/hosted.h - driving the hosted kernel from a host program
 * (unit tests, fuzzers, ruxsim). Not part of the HAL contract: only host-side
 * code includes this.
 */
#ifndef RUX_HAL_HOSTED_H
#define RUX_HAL_HOSTED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct boot_info;
struct hal_pt;

/* Physical address the hosted "RAM" starts at, as on QEMU virt. */
#define HOSTED_RAM_BASE 0x80000000ull

/*
 * Give the kernel @ram_bytes of RAM (one anonymous mapping) and the command
 * line @cmdline, then run kernel_early_init(): console, command line,
 * allocators. Exits the process with a message if the host refuses memory.
 */
void hosted_boot(uint64_t ram_bytes, const char *cmdline);
/*
 * Build the machine without starting the kernel: RAM as above, and a copy
 * of @initrd_size bytes of @initrd (none when 0) reserved at the end of RAM.
 * Returns the boot information for kernel_main().
 */
const struct boot_info *hosted_machine_init(uint64_t ram_bytes, const char *cmdline,
					    const void *initrd, uint64_t initrd_size);
/* Release the RAM mapping; the kernel must not be used afterwards. */
void hosted_shutdown(void);
/* The machine has @n CPUs (1..HAL_MAX_CPUS, default 1); before the boot. */
void hosted_set_nr_cpus(unsigned int n);

/* ---- time and interrupts --------------------------------------------- */

/* Move the simulated clock forward, firing the armed timer when it is due. */
void hosted_clock_advance(uint64_t ns);
/* When the calling CPU's armed timer fires (UINT64_MAX: not armed). */
uint64_t hosted_timer_deadline(void);
/*
 * For a user-mode CPU (ruxsim), interrupts off: user code ran for @ns.
 * Move the clock and take the interrupts that came due, as from user mode
 * (no preemption: the caller returns HAL_USER_INTERRUPT and the kernel
 * reschedules). True when one was taken.
 */
bool hosted_user_time_passed(uint64_t ns);
/*
 * For a user-mode CPU: the simulated time at which to stop running user
 * code and call hosted_user_time_passed() and hosted_user_yield(): the
 * earliest timer deadline still to come on any CPU, or the end of this
 * CPU's turn (UINT64_MAX: none).
 */
uint64_t hosted_next_stop_ns(void);
/*
 * For a user-mode CPU at a stop, interrupts off: when its turn is over or
 * another CPU has an interrupt waiting, let the other CPUs run. True when
 * they did: memory, page tables and this CPU's pending interrupts may
 * have changed meanwhile (call hosted_user_time_passed(0) and look at the
 * MMU's generations again).
 */
bool hosted_user_yield(void);

/* ---- devices ----------------------------------------------------------- */

/*
 * Read console input from host descriptor @fd (ruxsim: standard input)
 * from now on. @escape: Ctrl-A x ends the process (a raw terminal).
 */
void hosted_console_input(int fd, bool escape);
/* What hal_random_seed() returns from now on (default: a fixed value). */
void hosted_set_random_seed(uint64_t seed);

/*
 * virtio-mmio device models (devices.c), attached before boot, listed by
 * hal_virtio_device() in attach order: slot i has its registers at
 * HOSTED_VIRTIO_BASE + i * HOSTED_VIRTIO_STRIDE and interrupt line i + 1.
 */
#define HOSTED_VIRTIO_BASE   0x10001000ull
#define HOSTED_VIRTIO_STRIDE 0x1000ull
/*
 * A virtio-blk disk on the raw image file @path (read-only: opened so and
 * offered with VIRTIO_BLK_F_RO). The image is locked with flock(): shared
 * when read-only, exclusive otherwise. 0; -errno of open(); -EWOULDBLOCK
 * when another process holds the lock; -EINVAL when it is not a regular
 * file of at least one 512-byte sector; -ENOSPC when all 8 slots are used.
 */
int hosted_virtio_blk_attach(const char *path, bool read_only);
/* A virtio-rng whose bytes come from a generator seeded with
 * hal_random_seed() at its first request. 0, -ENOSPC. */
int hosted_virtio_rng_attach(void);

/*
 * A virtio-net device (one at most) whose wire is two host-side queues of
 * 256 frames each (virtio_net_model.c says when frames move). @mac: its
 * address, NULL for QEMU's default 52:54:00:12:34:56. 0, -EBUSY (already
 * attached), -ENOMEM, -ENOSPC.
 */
#define HOSTED_NET_FRAME_MAX 1514 /* an Ethernet frame without FCS */
int hosted_virtio_net_attach(const uint8_t *mac);
/* Put an Ethernet frame of @len bytes (14 to 1514) on the wire towards the
 * driver. 0, -EINVAL, -ENOBUFS (receive queue full: dropped), -ENODEV. */
int hosted_virtio_net_inject(const void *frame, size_t len);
/* Take the oldest frame the driver transmitted into @buf: its length, 0
 * when there is none, -EMSGSIZE when @size is too small (it stays), -ENODEV. */
int hosted_virtio_net_take(void *buf, size_t size);
struct hosted_net_stats {
	uint64_t tx_frames;  /* transmitted frames queued for the host */
	uint64_t tx_errors;  /* malformed transmit chains */
	uint64_t tx_dropped; /* transmitted frames that found the queue full */
	uint64_t rx_frames;  /* frames written into receive buffers */
	uint64_t rx_errors;  /* malformed receive chains */
	uint64_t rx_dropped; /* frames not fitting the receive buffer, or the queue */
};
/* The device's counters since attach (all 0 without a device). */
void hosted_virtio_net_stats(struct hosted_net_stats *stats);

/* ---- the software MMU, for a user-mode CPU ---------------------------- */

/* The page table hal_pt_activate() made current (NULL: none), for ruxsim. */
struct hal_pt *hosted_pt_active(void);
/* Changes whenever a translation a CPU may have cached becomes wrong. */
unsigned long hosted_tlb_generation(void);
/* Changes whenever an executable page leaves a page table: its memory may
 * hold other code next, so decoded instructions must be dropped. */
unsigned long hosted_code_generation(void);

#endif /* RUX_HAL_HOSTED_H */
