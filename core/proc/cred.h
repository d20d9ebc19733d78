/*
 * core/proc/cred.h - credentials: who is asking.
 *
 * A struct cred says which user and groups an operation runs as. Permission
 * checks in the VFS read the fs ids (fsuid/fsgid, which follow the effective
 * ids unless setfsuid changes them) and the supplementary groups; signals
 * and setuid logic will read the real and effective ones. A cred is
 * immutable once in use: code that wants different ids builds a new one.
 *
 * Root (fsuid 0) stands for the capabilities CAP_DAC_OVERRIDE, CAP_FOWNER,
 * CAP_CHOWN and CAP_MKNOD until capabilities exist.
 */
#ifndef RUX_PROC_CRED_H
#define RUX_PROC_CRED_H

#include <stdbool.h>
#include <stdint.h>

#define CRED_NGROUPS_MAX 32

struct cred {
	uint32_t uid, gid;     /* real */
	uint32_t euid, egid;   /* effective */
	uint32_t suid, sgid;   /* saved */
	uint32_t fsuid, fsgid; /* for file access checks */
	unsigned int ngroups;  /* entries used in groups[] */
	uint32_t groups[CRED_NGROUPS_MAX];
};

/* The credentials of the kernel itself and of init: root, group 0. */
#define CRED_ROOT_INIT                                                                             \
	{                                                                                          \
		.uid = 0                                                                           \
	}

/* True when @cred has group @gid as its fs group or a supplementary one. */
static inline bool cred_in_group(const struct cred *cred, uint32_t gid)
{
	if (cred->fsgid == gid)
		return true;
	for (unsigned int i = 0; i < cred->ngroups && i < CRED_NGROUPS_MAX; i++)
		if (cred->groups[i] == gid)
			return true;
	return false;
}

/* True when @cred acts as the superuser for file access. */
static inline bool cred_is_root(const struct cred *cred)
{
	return cred->fsuid == 0;
}

/*
 * The set*id rules of Linux, as pure functions on a cred (cred.c): each
 * checks the caller's rights against @cred and, when allowed, changes it
 * in place and returns 0; otherwise it returns -EPERM (or -EINVAL for an
 * invalid id) and leaves @cred alone. An id of (uint32_t)-1 means "leave
 * unchanged" where the system call says so. Privilege (CAP_SETUID,
 * CAP_SETGID) is euid 0, as capabilities are not modelled yet.
 */
#define CRED_ID_NONE ((uint32_t)-1)

int cred_setuid(struct cred *cred, uint32_t uid);
int cred_setreuid(struct cred *cred, uint32_t ruid, uint32_t euid);
int cred_setresuid(struct cred *cred, uint32_t ruid, uint32_t euid, uint32_t suid);
/* setfsuid/setfsgid: return the old fs id; change it only when allowed. */
uint32_t cred_setfsuid(struct cred *cred, uint32_t fsuid);
int cred_setgid(struct cred *cred, uint32_t gid);
int cred_setregid(struct cred *cred, uint32_t rgid, uint32_t egid);
int cred_setresgid(struct cred *cred, uint32_t rgid, uint32_t egid, uint32_t sgid);
uint32_t cred_setfsgid(struct cred *cred, uint32_t fsgid);
/* setgroups: only root; -EINVAL for more than CRED_NGROUPS_MAX. */
int cred_setgroups(struct cred *cred, const uint32_t *groups, unsigned int n);

#endif /* RUX_PROC_CRED_H */
