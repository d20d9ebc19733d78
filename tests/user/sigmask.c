/*
 * tests/user/sigmask.c - pending and blocked signals: a blocked signal stays
 * pending even while ignored (the handler may change before it is unblocked)
 * and is delivered once on unblock, setting SIG_IGN discards a pending
 * signal, sigtimedwait takes a pending signal without a handler (and times
 * out with EAGAIN), sigwaitinfo returns sigqueue's value, and a stopped
 * child runs a caught signal's handler only after SIGCONT.
 */
#include "ut.h"

#include <signal.h>
#include <time.h>

static volatile sig_atomic_t hits;

static void on_usr1(int sig)
{
	(void)sig;
	hits++;
}

static void check_ignored_blocked(void)
{
	sigset_t set, pend;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));

	/* Blocked signals are never ignored: the handler may change. */
	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	CHECK_OK(sigpending(&pend));
	CHECK(sigismember(&pend, SIGUSR1));
	hits = 0;
	signal(SIGUSR1, on_usr1);
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
	CHECK_EQ(hits, 1);

	/* Setting SIG_IGN discards a pending signal. */
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	raise(SIGUSR1);
	signal(SIGUSR1, SIG_IGN);
	CHECK_OK(sigpending(&pend));
	CHECK(!sigismember(&pend, SIGUSR1));
	signal(SIGUSR1, on_usr1);
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
	CHECK_EQ(hits, 1);
	signal(SIGUSR1, SIG_DFL);
	ut_ok("blocked signals stay pending even if ignored; SIG_IGN discards");
}

static void check_sigtimedwait(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	sigset_t set;
	siginfo_t si;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	CHECK_ERR(sigtimedwait(&set, &si, &ts), EAGAIN);
	CHECK_OK(kill(getpid(), SIGUSR2));
	memset(&si, 0, sizeof(si));
	CHECK_EQ(sigtimedwait(&set, &si, &ts), SIGUSR2);
	CHECK_EQ(si.si_signo, SIGUSR2);
	CHECK_EQ(si.si_code, SI_USER);
	CHECK_EQ(si.si_pid, getpid());
	CHECK_OK(sigqueue(getpid(), SIGUSR2, (union sigval){ .sival_int = 77 }));
	CHECK_EQ(sigwaitinfo(&set, &si), SIGUSR2);
	CHECK_EQ(si.si_code, SI_QUEUE);
	CHECK_EQ(si.si_value.sival_int, 77);
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
	ut_ok("sigtimedwait, sigwaitinfo");
}

static void exit_42(int sig)
{
	(void)sig;
	_exit(42);
}

static void check_stopped_child(void)
{
	int status, p[2];
	pid_t pid;
	char c;

	CHECK_OK(pipe(p));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		signal(SIGUSR1, exit_42);
		if (write(p[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	CHECK_EQ(read(p[0], &c, 1), 1);	/* the handler is in place */
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK_EQ(waitpid(pid, &status, WUNTRACED), pid);
	CHECK(WIFSTOPPED(status));
	/* A caught signal waits while the child is stopped... */
	CHECK_OK(kill(pid, SIGUSR1));
	CHECK_EQ(waitpid(pid, &status, WNOHANG), 0);
	/* ...and its handler runs once the child continues. */
	CHECK_OK(kill(pid, SIGCONT));
	CHECK_EXITED(ut_wait(pid), 42);
	CHECK_OK(close(p[0]));
	CHECK_OK(close(p[1]));
	ut_ok("a stopped child handles its signal after SIGCONT");
}

int main(void)
{
	ut_begin("sigmask");
	check_ignored_blocked();
	check_sigtimedwait();
	check_stopped_child();
	return ut_pass();
}
