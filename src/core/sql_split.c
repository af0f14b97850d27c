/* sql_split: see sql_split.h. */
#include "sql_split.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Past a quoted run that starts at p (quote q, doubled to escape). */
static const char *past_quoted(const char *p, char q)
{
	for (p++; *p; p++)
		if (*p == q && p[1] == q)
			p++;
		else if (*p == q)
			return p + 1;
	return p;
}

/* Past an E'...' string, where a backslash escapes the next character. */
static const char *past_escaped(const char *p)
{
	for (p += 2; *p; p++)
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '\'' && p[1] == '\'')
			p++;
		else if (*p == '\'')
			return p + 1;
	return p;
}

/* The length of a dollar-quote tag at p ("$$", "$body$"), 0 if none. */
static size_t dollar_tag(const char *p)
{
	size_t n = 1;

	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	return p[n] == '$' && !isdigit((unsigned char)p[1]) ? n + 1 : 0;
}

static int word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* Past whatever at p cannot hold a statement's end: a quoted run, a
 * comment, a dollar-quoted body, a word (whose '$'s, as in a$b$, start
 * no quote); else one character. */
static const char *past_token(const char *p)
{
	size_t tag;
	const char *end;

	if ((*p == 'E' || *p == 'e') && p[1] == '\'')
		return past_escaped(p);
	if (isalpha((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80) {
		while (word_char(*p))
			p++;
		return p;
	}
	if (*p == '\'' || *p == '"')
		return past_quoted(p, *p);
	if (p[0] == '-' && p[1] == '-')
		return p + strcspn(p, "\n");
	if (p[0] == '/' && p[1] == '*')
		return (end = strstr(p + 2, "*/")) ? end + 2 : p + strlen(p);
	if (*p == '$' && (tag = dollar_tag(p)) > 0) {
		char *close = xstrndup(p, tag);

		end = strstr(p + tag, close);
		free(close);
		return end ? end + tag : p + strlen(p);
	}
	return p + 1;
}

/* Whether a piece holds anything but white space and comments. */
static int holds_sql(const char *s, const char *end)
{
	while (s < end) {
		if ((s[0] == '-' && s[1] == '-') || (s[0] == '/' && s[1] == '*'))
			s = past_token(s);
		else if (isspace((unsigned char)*s))
			s++;
		else
			return 1;
	}
	return 0;
}

static void push_piece(struct strlist *out, const char *start, const char *end)
{
	while (start < end && isspace((unsigned char)*start))
		start++;
	if (holds_sql(start, end))
		sl_push_owned(out, xstrndup(start, (size_t)(end - start)));
}

void sql_split(const char *sql, struct strlist *out)
{
	const char *start = sql, *p = sql;

	while (*p) {
		if (*p == ';') {
			push_piece(out, start, p);
			start = ++p;
		} else {
			p = past_token(p);
		}
	}
	push_piece(out, start, p);
}

int sql_wants_no_transaction(const char *sql)
{
	size_t n = strlen(SQL_NO_TRANSACTION_MARK), len;

	while (*sql == ' ' || *sql == '\t')
		sql++;
	len = strcspn(sql, "\r\n");
	while (len > n && (sql[len - 1] == ' ' || sql[len - 1] == '\t'))
		len--;
	return len == n && strncasecmp(sql, SQL_NO_TRANSACTION_MARK, n) == 0;
}
