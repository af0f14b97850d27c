/* redact: the one place that hides secrets in text we are about to show.
 * libpq quotes a whole connection string in some of its errors (a URI it
 * cannot parse, for one), so every message that may carry a DSN passes
 * through here: the password in a URI's userinfo ("scheme://user:PW@")
 * and the value of any "password=" key (conninfo or URI query, any case,
 * quoted or not) become "***". */
#ifndef DBP_REDACT_H
#define DBP_REDACT_H

#include <stddef.h>

#define DBP_REDACTED "***"

/* A new string (caller frees) with every secret replaced. */
char *redact_secrets(const char *s);
/* The same, in place, into a buffer of size n (cut if it no longer fits,
 * never in the middle of a UTF-8 sequence). */
void redact_in_place(char *buf, size_t n);

#endif
