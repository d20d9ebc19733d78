/*
 * core/proc/cred.c - the uid/gid rules of setuid(2), setreuid(2),
 * setresuid(2), setfsuid(2), their gid twins and setgroups(2), and the
 * system calls that read and change the running process's credentials.
 *
 * The rules are pure functions on a struct cred so tests can check them
 * without a process. A process changes only its own credentials, so the
 * system calls edit current's cred in place (see task.h on threads).
 */
#include "proc/cred.h"
#include "lib/string.h"
#include "proc/internal.h"
#include "proc/syscalls.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"

static bool cred_privileged(const struct cred *c)
{
	return c->euid == 0;
}

static bool id_is_one_of(uint32_t id, uint32_t a, uint32_t b, uint32_t c)
{
	return id == a || id == b || id == c;
}

int cred_setuid(struct cred *c, uint32_t uid)
{
	if (uid == CRED_ID_NONE)
		return -EINVAL;
	if (cred_privileged(c)) {
		c->uid = c->euid = c->suid = c->fsuid = uid;
		return 0;
	}
	if (uid != c->uid && uid != c->suid)
		return -EPERM;
	c->euid = c->fsuid = uid;
	return 0;
}

int cred_setreuid(struct cred *c, uint32_t ruid, uint32_t euid)
{
	struct cred n = *c;

	if (ruid != CRED_ID_NONE) {
		if (!cred_privileged(c) && ruid != c->uid && ruid != c->euid)
			return -EPERM;
		n.uid = ruid;
	}
	if (euid != CRED_ID_NONE) {
		if (!cred_privileged(c) && !id_is_one_of(euid, c->uid, c->euid, c->suid))
			return -EPERM;
		n.euid = euid;
	}
	/* The saved id follows the new effective one when the real id was
	 * set, or the effective id became something other than the old real. */
	if (ruid != CRED_ID_NONE || (euid != CRED_ID_NONE && euid != c->uid))
		n.suid = n.euid;
	n.fsuid = n.euid;
	*c = n;
	return 0;
}

int cred_setresuid(struct cred *c, uint32_t ruid, uint32_t euid, uint32_t suid)
{
	const uint32_t want[3] = {ruid, euid, suid};
	struct cred n = *c;

	for (int i = 0; i < 3; i++)
		if (want[i] != CRED_ID_NONE && !cred_privileged(c) &&
		    !id_is_one_of(want[i], c->uid, c->euid, c->suid))
			return -EPERM;
	if (ruid != CRED_ID_NONE)
		n.uid = ruid;
	if (euid != CRED_ID_NONE)
		n.euid = euid;
	if (suid != CRED_ID_NONE)
		n.suid = suid;
	n.fsuid = n.euid;
	*c = n;
	return 0;
}

uint32_t cred_setfsuid(struct cred *c, uint32_t fsuid)
{
	uint32_t old = c->fsuid;

	if (fsuid == CRED_ID_NONE)
		return old;
	if (cred_privileged(c) || id_is_one_of(fsuid, c->uid, c->euid, c->suid) ||
	    fsuid == c->fsuid)
		c->fsuid = fsuid;
	return old;
}

int cred_setgid(struct cred *c, uint32_t gid)
{
	if (gid == CRED_ID_NONE)
		return -EINVAL;
	if (cred_privileged(c)) {
		c->gid = c->egid = c->sgid = c->fsgid = gid;
		return 0;
	}
	if (gid != c->gid && gid != c->sgid)
		return -EPERM;
	c->egid = c->fsgid = gid;
	return 0;
}

int cred_setregid(struct cred *c, uint32_t rgid, uint32_t egid)
{
	struct cred n = *c;

	if (rgid != CRED_ID_NONE) {
		if (!cred_privileged(c) && rgid != c->gid && rgid != c->egid)
			return -EPERM;
		n.gid = rgid;
	}
	if (egid != CRED_ID_NONE) {
		if (!cred_privileged(c) && !id_is_one_of(egid, c->gid, c->egid, c->sgid))
			return -EPERM;
		n.egid = egid;
	}
	if (rgid != CRED_ID_NONE || (egid != CRED_ID_NONE && egid != c->gid))
		n.sgid = n.egid;
	n.fsgid = n.egid;
	*c = n;
	return 0;
}

int cred_setresgid(struct cred *c, uint32_t rgid, uint32_t egid, uint32_t sgid)
{
	const uint32_t want[3] = {rgid, egid, sgid};
	struct cred n = *c;

	for (int i = 0; i < 3; i++)
		if (want[i] != CRED_ID_NONE && !cred_privileged(c) &&
		    !id_is_one_of(want[i], c->gid, c->egid, c->sgid))
			return -EPERM;
	if (rgid != CRED_ID_NONE)
		n.gid = rgid;
	if (egid != CRED_ID_NONE)
		n.egid = egid;
	if (sgid != CRED_ID_NONE)
		n.sgid = sgid;
	n.fsgid = n.egid;
	*c = n;
	return 0;
}

uint32_t cred_setfsgid(struct cred *c, uint32_t fsgid)
{
	uint32_t old = c->fsgid;

	if (fsgid == CRED_ID_NONE)
		return old;
	if (cred_privileged(c) || id_is_one_of(fsgid, c->gid, c->egid, c->sgid) ||
	    fsgid == c->fsgid)
		c->fsgid = fsgid;
	return old;
}

int cred_setgroups(struct cred *c, const uint32_t *groups, unsigned int n)
{
	if (!cred_privileged(c))
		return -EPERM;
	if (n > CRED_NGROUPS_MAX)
		return -EINVAL;
	memcpy(c->groups, groups, n * sizeof(groups[0]));
	c->ngroups = n;
	return 0;
}

/* ---- system calls ---- */

static struct cred *cred_mut(void)
{
	return &current_process()->cred;
}

long sys_getuid(void)
{
	return current_cred()->uid;
}

long sys_geteuid(void)
{
	return current_cred()->euid;
}

long sys_getgid(void)
{
	return current_cred()->gid;
}

long sys_getegid(void)
{
	return current_cred()->egid;
}

long sys_setuid(unsigned long uid)
{
	return cred_setuid(cred_mut(), (uint32_t)uid);
}

long sys_setgid(unsigned long gid)
{
	return cred_setgid(cred_mut(), (uint32_t)gid);
}

long sys_setreuid(unsigned long ruid, unsigned long euid)
{
	return cred_setreuid(cred_mut(), (uint32_t)ruid, (uint32_t)euid);
}

long sys_setregid(unsigned long rgid, unsigned long egid)
{
	return cred_setregid(cred_mut(), (uint32_t)rgid, (uint32_t)egid);
}

long sys_setresuid(unsigned long ruid, unsigned long euid, unsigned long suid)
{
	return cred_setresuid(cred_mut(), (uint32_t)ruid, (uint32_t)euid, (uint32_t)suid);
}

long sys_setresgid(unsigned long rgid, unsigned long egid, unsigned long sgid)
{
	return cred_setresgid(cred_mut(), (uint32_t)rgid, (uint32_t)egid, (uint32_t)sgid);
}

static long put_three_ids(unsigned long a, unsigned long b, unsigned long c, uint32_t x, uint32_t y,
			  uint32_t z)
{
	if (copy_to_user(a, &x, sizeof(x)) || copy_to_user(b, &y, sizeof(y)) ||
	    copy_to_user(c, &z, sizeof(z)))
		return -EFAULT;
	return 0;
}

long sys_getresuid(unsigned long ruid, unsigned long euid, unsigned long suid)
{
	const struct cred *c = current_cred();

	return put_three_ids(ruid, euid, suid, c->uid, c->euid, c->suid);
}

long sys_getresgid(unsigned long rgid, unsigned long egid, unsigned long sgid)
{
	const struct cred *c = current_cred();

	return put_three_ids(rgid, egid, sgid, c->gid, c->egid, c->sgid);
}

long sys_setfsuid(unsigned long fsuid)
{
	return cred_setfsuid(cred_mut(), (uint32_t)fsuid);
}

long sys_setfsgid(unsigned long fsgid)
{
	return cred_setfsgid(cred_mut(), (uint32_t)fsgid);
}

long sys_getgroups(unsigned long size, unsigned long list)
{
	const struct cred *c = current_cred();

	if ((int)size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if (size < c->ngroups)
		return -EINVAL;
	if (copy_to_user(list, c->groups, c->ngroups * sizeof(c->groups[0])))
		return -EFAULT;
	return c->ngroups;
}

long sys_setgroups(unsigned long size, unsigned long list)
{
	uint32_t groups[CRED_NGROUPS_MAX];

	if (!cred_privileged(current_cred()))
		return -EPERM;
	if (size > CRED_NGROUPS_MAX)
		return -EINVAL;
	if (size && copy_from_user(groups, list, size * sizeof(groups[0])))
		return -EFAULT;
	return cred_setgroups(cred_mut(), groups, (unsigned int)size);
}
