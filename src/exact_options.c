/* exact_options: see exact_options.h. */
#include "exact_options.h"

#include <stdio.h>
#include <string.h>

static const struct option *by_whole_name(const struct option *longopts, const char *name, size_t len)
{
	for (const struct option *o = longopts; o->name; o++)
		if (strlen(o->name) == len && !strncmp(o->name, name, len))
			return o;
	return NULL;
}

/* Edits (insert, delete, replace) from a to b, stopping at 3: a typo, not
 * another word. */
static int edits(const char *a, size_t la, const char *b)
{
	size_t lb = strlen(b), row[64];

	if (la >= 63 || lb >= 63)
		return 3;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			best = up + 1 < best ? up + 1 : best;
			best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb] < 3 ? (int)row[lb] : 3;
}

/* The options the user may have meant: those the name starts (what
 * getopt_long would have guessed among), else those a typo or two away. */
static void suggest(const struct option *longopts, const char *name, size_t len)
{
	const struct option *hits[8];
	size_t n = 0;
	int prefixed;

	for (const struct option *o = longopts; o->name && n < 8; o++)
		if (len && !strncmp(o->name, name, len))
			hits[n++] = o;
	prefixed = n > 0;
	for (const struct option *o = longopts; o->name && n < 8 && !prefixed; o++)
		if (edits(name, len, o->name) <= (len > 4 ? 2 : 1))
			hits[n++] = o;
	if (!n)
		return;
	fputs("; did you mean ", stderr);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s--%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", hits[i]->name);
	fputc('?', stderr);
}

/* A cluster of short options ("-nb", "-n5"): 1 when its last option takes
 * the next argument as its value. */
static int takes_next(const char *cluster, const char *shortopts)
{
	for (const char *p = cluster + 1; *p; p++) {
		const char *s = *p != ':' ? strchr(shortopts, *p) : NULL;

		if (s && s[1] == ':')
			return p[1] == '\0';
	}
	return 0;
}

int options_check_exact(int argc, char *const argv[], const char *shortopts, const struct option *longopts)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *name = a + 2;
		const struct option *o;
		size_t len;

		if (!strcmp(a, "--"))
			break;
		if (a[0] != '-' || a[1] == '\0')
			continue; /* an operand: getopt_long looks past it, and so do we */
		if (a[1] != '-') {
			i += takes_next(a, shortopts);
			continue;
		}
		len = strcspn(name, "=");
		if (!(o = by_whole_name(longopts, name, len))) {
			fprintf(stderr, "dbpatterns: unrecognized option '--%.*s'", (int)len, name);
			suggest(longopts, name, len);
			fputs("\nTry 'dbpatterns --help' for more information.\n", stderr);
			return -1;
		}
		if (o->has_arg == required_argument && !name[len])
			i++; /* its value, whatever it looks like ("--dsn --x" is a value) */
	}
	return 0;
}
