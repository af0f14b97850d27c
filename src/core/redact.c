/* redact: see redact.h.  Written as a small scanner rather than with
 * regular expressions so that it is easy to fuzz and never slow on long
 * input: one pass, each byte looked at a bounded number of times. */
#include "redact.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Where a URI's userinfo ends: the last '@' before anything that ends
 * the URI in running text (white space, a quote, end of string).  A
 * password may hold '/', '?' or '@' when the user did not percent-encode
 * it, so the last '@' is taken: hiding too much beats showing a secret. */
static const char *userinfo_end(const char *p)
{
	const char *at = NULL;

	for (; *p && !isspace((unsigned char)*p) && *p != '"' && *p != '\''; p++)
		if (*p == '@')
			at = p;
	return at;
}

/* At "scheme://": copy the scheme and user, hide what follows the first
 * ':' of the userinfo.  Returns how far the input was consumed. */
static const char *copy_uri_userinfo(struct strbuf *out, const char *p)
{
	const char *start = p + 3, *at = userinfo_end(start), *colon;

	sb_addn(out, p, 3);
	if (!at)
		return start;
	colon = memchr(start, ':', (size_t)(at - start));
	if (!colon)
		return start;
	sb_addn(out, start, (size_t)(colon - start) + 1);
	sb_add(out, DBP_REDACTED);
	return at;
}

/* "password", any case, then '=' with optional blanks either side. */
static size_t password_key_len(const char *p)
{
	size_t n = 8;

	if (strncasecmp(p, "password", 8) != 0)
		return 0;
	while (p[n] == ' ' || p[n] == '\t')
		n++;
	if (p[n] != '=')
		return 0;
	for (n++; p[n] == ' ' || p[n] == '\t'; n++)
		;
	return n;
}

/* Skip a conninfo/URI value: 'quoted with \\ escapes', or up to white
 * space, '&' or a double quote. */
static const char *skip_value(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\'') {
		for (p++; *p && *p != '\''; p++)
			if (*p == '\\' && p[1])
				p++;
		return *p ? p + 1 : p;
	}
	while (*p && !isspace((unsigned char)*p) && *p != '&' && *p != '"')
		p++;
	return p;
}

char *redact_secrets(const char *s)
{
	struct strbuf out;
	size_t key;

	sb_init(&out);
	sb_add(&out, "");
	while (s && *s) {
		if (!strncmp(s, "://", 3)) {
			s = copy_uri_userinfo(&out, s);
		} else if ((key = password_key_len(s)) > 0) {
			sb_addn(&out, s, key);
			sb_add(&out, DBP_REDACTED);
			s = skip_value(s + key);
		} else {
			sb_addn(&out, s++, 1);
		}
	}
	return sb_steal(&out);
}

void redact_in_place(char *buf, size_t n)
{
	char *clean;
	size_t len;

	if (!buf || !n)
		return;
	clean = redact_secrets(buf);
	len = strlen(clean);
	if (len >= n) {
		len = n - 1;
		/* Back off to the start of a UTF-8 sequence. */
		while (len > 0 && ((unsigned char)clean[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(buf, clean, len);
	buf[len] = '\0';
	free(clean);
}
