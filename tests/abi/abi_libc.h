/*
 * tests/abi/abi_libc.h - the core/uapi checks for ABI facts that Linux's
 * uapi headers do not carry but glibc's riscv64 headers do (they describe
 * the same kernel interface). See abi_emit.h for C, E, S, F and F2.
 */

/* dirent.h: getdents64 records are glibc's struct dirent64 (whose d_name
 * has a fixed 256 bytes where Rux's is a flexible array). */
E(linux_dirent64.alignof, _Alignof(struct linux_dirent64), _Alignof(struct dirent64));
F(struct linux_dirent64, struct dirent64, d_ino);
F(struct linux_dirent64, struct dirent64, d_off);
F(struct linux_dirent64, struct dirent64, d_reclen);
F(struct linux_dirent64, struct dirent64, d_type);
E(linux_dirent64.d_name.offsetof, __builtin_offsetof(struct linux_dirent64, d_name),
  __builtin_offsetof(struct dirent64, d_name));
C(DT_UNKNOWN);
C(DT_FIFO);
C(DT_CHR);
C(DT_DIR);
C(DT_BLK);
C(DT_REG);
C(DT_LNK);
C(DT_SOCK);
C(DT_WHT);

/* stat.h */
C(UTIME_NOW);
C(UTIME_OMIT);

/* wait.h: the status word, checked against glibc's decoders. */
E(wait_exited_3, LINUX_W_EXITCODE(3), W_EXITCODE(3, 0));
E(wait_exited_255, LINUX_W_EXITCODE(255), W_EXITCODE(255, 0));
E(wait_signaled_9, LINUX_W_SIGNALED(9, 0), W_EXITCODE(0, 9));
E(wait_signaled_11_core, LINUX_W_SIGNALED(11, 1), W_EXITCODE(0, 11) | WCOREFLAG);
E(wait_stopped_19, LINUX_W_STOPCODE(19), W_STOPCODE(19));
E(wait_continued, LINUX_W_CONTINUED, __W_CONTINUED);
E(wait_coreflag, LINUX_WCOREFLAG, WCOREFLAG);

/* mount.h: umount2 flags. */
C(MNT_FORCE);
C(MNT_DETACH);
C(MNT_EXPIRE);
C(UMOUNT_NOFOLLOW);

/* statfs.h: f_flags. */
C(ST_RDONLY);
C(ST_NOSUID);
C(ST_NODEV);
C(ST_NOEXEC);
C(ST_SYNCHRONOUS);
C(ST_NOATIME);
C(ST_NODIRATIME);
C(ST_RELATIME);

/* elf.h */
C(EF_RISCV_RVC);
C(EF_RISCV_FLOAT_ABI);
C(EF_RISCV_FLOAT_ABI_SOFT);
C(EF_RISCV_FLOAT_ABI_SINGLE);
C(EF_RISCV_FLOAT_ABI_DOUBLE);
C(EF_RISCV_FLOAT_ABI_QUAD);
S(struct elf64_auxv, Elf64_auxv_t);
F2(struct elf64_auxv, a_type, Elf64_auxv_t, a_type);
F2(struct elf64_auxv, a_val, Elf64_auxv_t, a_un.a_val);
