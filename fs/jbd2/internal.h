/*
 * fs/jbd2/internal.h - what the files of fs/jbd2 share: the journal,
 * transactions, journal heads, revoke tables and the log helpers.
 *
 * Objects and their links:
 *
 *	journal --j_running--> transaction   accepting handles (RUNNING/LOCKED)
 *	        --j_committing--> transaction being written (COMMITTING)
 *	        --j_checkpoint--> committed transactions, oldest first, whose
 *	                          buffers may not all be home yet
 *	buffer_head --b_private--> jbd2_head --jh_transaction--> running owner
 *	                                     --jh_cp_transaction--> newest
 *	                                       committed transaction logging it
 *
 * Locking: j_state_lock (a spinlock) protects every field marked [S]:
 * the transaction pointers and lists, transaction counters, journal heads,
 * the log position and the handle list. It may be held while taking the
 * buffer cache's lock (mark_buffer_dirty, bhold), never while sleeping.
 * j_commit_mutex makes commits one at a time and owns the log head
 * while writing; j_checkpoint_mutex makes checkpoints one at a time;
 * j_sb_mutex guards the superblock buffer. Order: checkpoint -> commit ->
 * sb -> (buffer lock) -> state.
 */
#ifndef RUX_FS_JBD2_INTERNAL_H
#define RUX_FS_JBD2_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "fs/jbd2/format.h"
#include "fs/jbd2/jbd2.h"
#include "lib/list.h"
#include "lib/spinlock.h"
#include "sched/mutex.h"
#include "sched/thread.h"
#include "sched/wait.h"

/* Transaction ids wrap: compare them by signed distance. */
static inline bool tid_gt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

static inline bool tid_geq(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) >= 0;
}

/* ---- revoke tables (revoke.c) -------------------------------------------- */

/* Block number -> transaction id that revoked it (the latest one). */
struct jbd2_revoke_table {
	struct list_head *buckets;
	unsigned int nbuckets; /* a power of two */
	unsigned int count;
};

int jbd2_revoke_table_init(struct jbd2_revoke_table *rt, unsigned int nbuckets);
void jbd2_revoke_table_destroy(struct jbd2_revoke_table *rt);
/* Record that @tid revoked @blocknr (keeping the later tid). 1 when new,
 * 0 when already there, -ENOMEM. Does not sleep. */
int jbd2_revoke_insert(struct jbd2_revoke_table *rt, uint64_t blocknr, uint32_t tid);
/* The revoking tid of @blocknr in *@tid; false when not revoked. */
bool jbd2_revoke_lookup(const struct jbd2_revoke_table *rt, uint64_t blocknr, uint32_t *tid);
/* Forget @blocknr; true when it was there. */
bool jbd2_revoke_remove(struct jbd2_revoke_table *rt, uint64_t blocknr);
/* Call @fn for each revoked block (in no particular order). */
void jbd2_revoke_for_each(const struct jbd2_revoke_table *rt,
			  void (*fn)(void *arg, uint64_t blocknr), void *arg);

/* ---- transactions and journal heads -------------------------------------- */

enum jbd2_tstate {
	T_RUNNING,    /* accepting handles */
	T_LOCKED,     /* closed to new handles; waiting for open ones to stop */
	T_COMMITTING, /* buffers frozen, being written to the log */
	T_COMMITTED,  /* on disk; on j_checkpoint until its buffers are home */
};

struct jbd2_transaction {
	uint32_t t_tid;
	enum jbd2_tstate t_state;	   /* [S] */
	int t_updates;			   /* [S] open handles */
	int t_credits;			   /* [S] buffers logged + credits held by open handles */
	unsigned int t_nr_buffers;	   /* [S] on t_buffers */
	uint64_t t_start_ns;		   /* when it was created */
	struct list_head t_reserved;	   /* [S] heads with write access, not dirtied */
	struct list_head t_buffers;	   /* [S] heads to log */
	struct list_head t_forget;	   /* [S] heads freed here, still owed to an older one */
	struct jbd2_revoke_table t_revoke; /* [S] blocks it revokes */
	/* From the commit on (owned by the committer until T_COMMITTED): */
	struct list_head t_logged;  /* heads frozen for the log (jh_commit_node) */
	struct list_head t_freed;   /* heads of t_forget (jh_commit_node) */
	uint32_t t_log_start;	    /* first log block */
	uint32_t t_log_blocks;	    /* log blocks it occupies */
	struct list_head t_cp_list; /* [S] heads whose home copy is still owed */
	struct list_head t_link;    /* [S] on j_checkpoint */
};

/* Where a head sits in its owner transaction. */
enum jbd2_jlist {
	JH_NONE,
	JH_RESERVED, /* t_reserved */
	JH_LOGGED,   /* t_buffers */
	JH_FORGOT,   /* t_forget */
};

/* The journal's view of one buffer (bh->b_private); holds a reference to it. */
struct jbd2_head {
	struct buffer_head *jh_bh;
	struct jbd2_transaction *jh_transaction;    /* [S] running owner, or NULL */
	enum jbd2_jlist jh_jlist;		    /* [S] */
	struct list_head jh_node;		    /* [S] on the owner's list */
	struct jbd2_transaction *jh_cp_transaction; /* [S] owes it a checkpoint */
	struct list_head jh_cp_node;		    /* [S] on its t_cp_list */
	bool jh_in_commit;			    /* [S] on the committer's lists */
	struct list_head jh_commit_node;	    /* the committer's */
	void *jh_frozen;			    /* the committer's: the log copy */
	bool jh_escaped;			    /* jh_frozen had JBD2_MAGIC zeroed */
};

struct jbd2_handle {
	struct jbd2_journal *h_journal;
	struct jbd2_transaction *h_transaction; /* [S] */
	int h_credits;				/* [S] credits not yet used */
	int h_ref;				/* [S] nesting depth */
	bool h_sync;				/* stop waits for the commit */
	struct thread *h_owner;			/* the thread that started it */
	struct list_head h_link;		/* [S] on j_handles */
};

/* One run of journal blocks that are contiguous on the device. */
struct jbd2_extent {
	uint32_t lblk, len;
	uint64_t pblk;
};

struct jbd2_journal {
	struct block_device *j_bdev;
	uint32_t j_blocksize;
	uint32_t j_nblocks;	   /* mapped blocks */
	struct jbd2_extent *j_map; /* sorted by lblk */
	unsigned int j_map_len;
	char j_name[24]; /* for messages: the device name */

	/* The superblock (j_sb_mutex for the buffer and the fields below it). */
	struct mutex j_sb_mutex;
	uint8_t *j_sb_buf;	    /* journal block 0, j_blocksize bytes */
	uint32_t j_first, j_maxlen; /* the log is [j_first, j_maxlen) */
	uint32_t j_format_version;
	uint32_t j_compat, j_incompat, j_ro_compat;
	uint32_t j_csum_seed;
	bool j_sb_clean; /* s_start is 0 on disk */

	/* Limits derived from the size and features. */
	uint32_t j_max_log_blocks; /* log blocks one transaction may take */
	uint32_t j_max_credits;	   /* buffers one transaction may log */
	uint32_t j_log_limit;	   /* log blocks in use before checkpointing */
	uint64_t j_commit_interval_ns;
	int (*j_data_hook)(void *arg); /* ordered data, before each commit */
	void *j_data_hook_arg;

	struct spinlock j_state_lock;
	struct jbd2_transaction *j_running;    /* [S] */
	struct jbd2_transaction *j_committing; /* [S] */
	struct list_head j_checkpoint;	       /* [S] committed, oldest first */
	struct list_head j_handles;	       /* [S] open handles */
	uint32_t j_head;		       /* [S] next log block to write */
	uint32_t j_log_used;		       /* [S] blocks from the tail to j_head */
	uint32_t j_next_tid;		       /* [S] id of the next transaction */
	uint32_t j_commit_sequence;	       /* [S] last committed id */
	int j_errno;			       /* [S] non-zero once aborted */
	struct jbd2_stats j_stats;	       /* [S] */

	struct wait_queue j_wait; /* t_updates reaching 0, a LOCKED transaction passing */
	struct mutex j_commit_mutex;
	struct mutex j_checkpoint_mutex;

	struct thread *j_thread; /* commits old transactions */
	bool j_thread_stop;
	struct wait_queue j_thread_wait;
	bool j_loaded;
};

/* ---- the log (log.c) ----------------------------------------------------- */

/* Usable log blocks. */
static inline uint32_t jbd2_log_size(const struct jbd2_journal *j)
{
	return j->j_maxlen - j->j_first;
}

/* The log block after @pos, wrapping. */
static inline uint32_t jbd2_log_next(const struct jbd2_journal *j, uint32_t pos)
{
	return pos + 1 >= j->j_maxlen ? j->j_first : pos + 1;
}

int jbd2_map_build(struct jbd2_journal *j, int (*bmap)(void *, uint32_t, uint64_t *), void *arg);
/* Read / write journal block @lblk (j_blocksize bytes of kernel memory). */
int jbd2_log_read(struct jbd2_journal *j, uint32_t lblk, void *buf);
int jbd2_log_write(struct jbd2_journal *j, uint32_t lblk, const void *buf);
/* Log blocks a transaction of @buffers buffers and @revokes revokes takes. */
uint32_t jbd2_log_blocks_needed(const struct jbd2_journal *j, uint32_t buffers, uint32_t revokes);
/* Recompute j_max_log_blocks and j_max_credits (size or features changed). */
void jbd2_log_set_limits(struct jbd2_journal *j);
/* [S] held: a new transaction may start without overrunning the log. */
bool jbd2_log_has_room(const struct jbd2_journal *j);
/* [S] held: log position and tid of the oldest transaction still needed. */
void jbd2_log_tail(const struct jbd2_journal *j, uint32_t *pos, uint32_t *tid);

/* ---- superblock (superblock.c) ------------------------------------------- */

int jbd2_sb_load(struct jbd2_journal *j);
/* Write the superblock with the log starting at @start (0: clean) with
 * transaction @sequence, the current features and error. */
int jbd2_sb_write(struct jbd2_journal *j, uint32_t start, uint32_t sequence);
/* The features in memory differ from those on disk (a revoke turned on
 * JBD2_FEATURE_INCOMPAT_REVOKE). */
bool jbd2_sb_features_stale(struct jbd2_journal *j);
/* Write the current tail (or 0 if @clean), then flush. */
int jbd2_sb_write_tail(struct jbd2_journal *j, bool clean);
/* The superblock's s_start and s_sequence as loaded. */
void jbd2_sb_log_start(struct jbd2_journal *j, uint32_t *start, uint32_t *sequence);

/* ---- recovery (recovery.c) ----------------------------------------------- */

/* Replay the log if s_start != 0; set j_next_tid. */
int jbd2_recover(struct jbd2_journal *j);

/* ---- commit and checkpoint ----------------------------------------------- */

/* Make sure transaction @tid is committed (commit it if it runs). 0, -EIO. */
int jbd2_log_commit(struct jbd2_journal *j, uint32_t tid);
/* Wait until the commit in progress, if any, is over. */
void jbd2_log_wait_committing(struct jbd2_journal *j);
/* Checkpoint until a new transaction fits in the log. 0, -EIO. */
int jbd2_log_make_space(struct jbd2_journal *j);
/* Checkpoint every committed transaction. 0, -EIO. */
int jbd2_log_checkpoint_all(struct jbd2_journal *j);

/* ---- journal heads and state (journal.c) --------------------------------- */

/* [S] held: free @jh if nothing refers to it; returns the buffer whose
 * journal reference the caller must brelse() after unlocking, or NULL. */
struct buffer_head *jbd2_head_put_if_unused(struct jbd2_head *jh);
/* Abort the journal with @err (first error wins); logs it. */
void jbd2_journal_abort(struct jbd2_journal *j, int err);
void jbd2_transaction_free(struct jbd2_transaction *t);
struct jbd2_transaction *jbd2_transaction_alloc(void);

/* ---- the commit thread (thread.c) ---------------------------------------- */

int jbd2_thread_start(struct jbd2_journal *j);
void jbd2_thread_stop(struct jbd2_journal *j);

#endif /* RUX_FS_JBD2_INTERNAL_H */
