/* interrupt: see interrupt.h.  The registry is a fixed array so that the
 * handler never allocates or follows a pointer that may be freed under
 * it: register and unregister block the signals while they edit it. */
#include "interrupt.h"

#include <signal.h>
#include <stddef.h>
#include <string.h>

#define SLOTS 64

static struct {
	void (*fn)(void *);
	void *handle;
} slots[SLOTS];
static volatile sig_atomic_t requested;

static void block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, old);
}

void interrupt_register(void (*fn)(void *handle), void *handle)
{
	sigset_t old;

	if (!handle)
		return;
	block(&old);
	for (size_t i = 0; i < SLOTS; i++)
		if (!slots[i].handle) {
			slots[i].fn = fn;
			slots[i].handle = handle;
			break;
		}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void interrupt_unregister(void *handle)
{
	sigset_t old;

	if (!handle)
		return;
	block(&old);
	for (size_t i = 0; i < SLOTS; i++)
		if (slots[i].handle == handle)
			slots[i].handle = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void interrupt_all(int signo)
{
	struct sigaction dfl;

	requested = signo;
	/* A second Ctrl-C is the user insisting: the default action. */
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigaction(signo, &dfl, NULL);
	for (size_t i = 0; i < SLOTS; i++)
		if (slots[i].handle)
			slots[i].fn(slots[i].handle);
}

int interrupt_requested(void)
{
	return requested;
}

void interrupt_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = interrupt_all;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}
