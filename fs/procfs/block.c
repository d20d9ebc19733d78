/*
 * fs/procfs/block.c - /proc/partitions and /proc/diskstats: the registered
 * block devices in Linux's formats (whole disks only; Rux has no partition
 * table support yet).
 */
#include "drivers/block/blkdev.h"
#include "fs/procfs/internal.h"

static int partition_line(struct block_device *bdev, void *arg)
{
	/* #blocks is in KiB, as on Linux. */
	seq_printf(arg, "%4u  %7u %10llu %s\n", vfs_major(bdev->dev), vfs_minor(bdev->dev),
		   (unsigned long long)(bdev->nr_sectors >> 1), bdev->name);
	return 0;
}

int proc_show_partitions(struct seq *s, const struct proc_node *n)
{
	seq_puts(s, "major minor  #blocks  name\n\n");
	return blk_for_each(partition_line, s);
}

/*
 * The 20 columns of Linux 5.5+: major minor name, then reads completed,
 * merged, sectors, ms; the same for writes; I/Os in flight, ms doing I/O,
 * weighted ms; discards (4 fields, none here); flushes and their ms.
 * Rux never merges requests; the weighted time is the sum of all request
 * times, which is what Linux's field measures.
 */
static int diskstats_line(struct block_device *bdev, void *arg)
{
	struct blk_stats st;
	unsigned long flags;

	flags = spin_lock_irqsave(&bdev->lock);
	st = bdev->stats;
	spin_unlock_irqrestore(&bdev->lock, flags);
	seq_printf(
	    arg, "%4u %7u %s %llu 0 %llu %llu %llu 0 %llu %llu %llu %llu %llu 0 0 0 0 %llu %llu\n",
	    vfs_major(bdev->dev), vfs_minor(bdev->dev), bdev->name, (unsigned long long)st.reads,
	    (unsigned long long)st.read_sectors, (unsigned long long)st.read_ms,
	    (unsigned long long)st.writes, (unsigned long long)st.write_sectors,
	    (unsigned long long)st.write_ms, (unsigned long long)st.in_flight,
	    (unsigned long long)st.io_ms,
	    (unsigned long long)(st.read_ms + st.write_ms + st.flush_ms),
	    (unsigned long long)st.flushes, (unsigned long long)st.flush_ms);
	return 0;
}

int proc_show_diskstats(struct seq *s, const struct proc_node *n)
{
	return blk_for_each(diskstats_line, s);
}
