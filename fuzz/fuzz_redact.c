/* fuzz_redact: libFuzzer target for the connection-string redaction
 * (src/core/redact.c).  Every error message passes through it, so beyond
 * "never crashes, never reads past the end" it checks what the callers rely
 * on: the in-place form always leaves a NUL-terminated string inside the
 * buffer that is a prefix of the full redaction, cut only at the start of a
 * UTF-8 sequence; text with nothing that looks like a secret comes back
 * unchanged; and a password written after any text never comes back. */
#define _GNU_SOURCE /* strcasestr */
#include "fuzz_common.h"
#include "../src/core/redact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CANARY "S3cr3tCanary"

/* The invariant broken, and the input, so a crash report says why. */
static void fail(const char *why, const char *in)
{
	fprintf(stderr, "fuzz_redact: %s\ninput: \"%s\"\n", why, in);
	abort();
}

static int may_hold_secret(const char *s)
{
	return strstr(s, "://") || strcasestr(s, "password");
}

static void check_full(const char *in, const char *out)
{
	if (!out)
		fail("redact_secrets returned NULL", in);
	if (!may_hold_secret(in) && strcmp(in, out) != 0)
		fail("text without a secret was changed", in);
}

static int utf8_continuation(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

/* A cut after len bytes of full, in an n-byte buffer: the first byte left
 * out starts a character, and only the continuation bytes of that one
 * character were given up to get there. */
static void check_cut(const char *in, const char *full, size_t len, size_t n)
{
	if (len > 0 && utf8_continuation(full[len]))
		fail("redact_in_place cut inside a UTF-8 sequence", in);
	for (size_t i = len + 1; i < n; i++)
		if (!utf8_continuation(full[i]))
			fail("redact_in_place cut more than the last character", in);
}

/* redact_in_place into a buffer of n bytes holding a copy of in. */
static void check_in_place(const char *in, const char *full, size_t n)
{
	size_t inlen = strlen(in), full_len = strlen(full), len;
	char *buf = malloc(n);

	if (!buf)
		fail("out of memory", in);
	memcpy(buf, in, inlen < n ? inlen : n - 1);
	buf[inlen < n ? inlen : n - 1] = '\0';
	redact_in_place(buf, n);
	len = strnlen(buf, n);
	if (len == n)
		fail("redact_in_place left no NUL inside the buffer", in);
	/* Only a buffer that held the whole input is comparable with full. */
	if (inlen < n) {
		if (strncmp(buf, full, len) != 0)
			fail("redact_in_place is not a prefix of redact_secrets", in);
		if (len < full_len)
			check_cut(in, full, len, n);
	}
	free(buf);
}

/* text + suffix, where suffix carries CANARY as a password: whatever the
 * text before it, the canary must be hidden. */
static void check_canary(const char *in, const char *suffix)
{
	size_t n = strlen(in) + strlen(suffix) + 1;
	char *s = malloc(n), *out;

	if (!s)
		fail("out of memory", in);
	snprintf(s, n, "%s%s", in, suffix);
	out = redact_secrets(s);
	if (!out)
		fail("redact_secrets returned NULL", s);
	if (strstr(out, CANARY))
		fail("a password came back", s);
	free(out);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1), *full;

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0'; /* the callers pass C strings: the first NUL ends it */
	full = redact_secrets(in);
	check_full(in, full);
	check_in_place(in, full, strlen(in) + 1);
	check_in_place(in, full, strlen(full) + 1);
	check_in_place(in, full, 1);
	/* A small buffer whose size the input picks, so cuts land anywhere. */
	check_in_place(in, full, 1 + (size ? data[0] % 64 : 0));
	if (!strstr(in, CANARY)) {
		check_canary(in, " password=" CANARY);
		check_canary(in, " postgresql://u:" CANARY "@h/db");
	}
	free(full);
	free(in);
	return 0;
}
