/* interrupt: Ctrl-C and SIGTERM in the command-line front end.  A signal
 * handler may call only async-signal-safe functions; PQcancel (on a
 * PGcancel prepared beforehand) and sqlite3_interrupt are, so every open
 * handle registers here and interrupt_all() asks each running statement
 * to stop.  The statement then fails with the engine's own "canceling
 * statement" error, its transaction rolls back, and the code that ran it
 * unwinds normally. */
#ifndef DBP_INTERRUPT_H
#define DBP_INTERRUPT_H

/* fn(handle) must be async-signal-safe. */
void interrupt_register(void (*fn)(void *handle), void *handle);
void interrupt_unregister(void *handle);

/* From a signal handler: note the request and stop every statement. */
void interrupt_all(int signo);
/* The signal that asked us to stop, 0 when none. */
int interrupt_requested(void);
/* Install interrupt_all for SIGINT and SIGTERM; a second signal ends the
 * process at once (the default action). */
void interrupt_install(void);

#endif
