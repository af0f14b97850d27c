/* ownership: see ownership.h. */
#include "ownership.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

char *owner_marker(const struct dbp_owner *o)
{
	char created[32] = "";
	time_t now = time(NULL);
	struct tm utc;

	if (gmtime_r(&now, &utc))
		strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &utc);
	return xasprintf(DBP_MARKER_PREFIX "%s\nworkspace=%s\nat=%s\ncreated=%s", o->prefix,
			 o->workspace_id ? o->workspace_id : "", o->location ? o->location : "", created);
}

char *owner_marker_prefix(const char *marker)
{
	size_t n = strlen(DBP_MARKER_PREFIX);

	if (!marker || strncmp(marker, DBP_MARKER_PREFIX, n) != 0)
		return NULL;
	return xstrndup(marker + n, strcspn(marker + n, "\n"));
}

/* The value of "key=" on its own line of a marker, or NULL. */
char *owner_marker_field(const char *marker, const char *key)
{
	size_t klen = strlen(key);

	for (const char *line = strchr(marker, '\n'); line; line = strchr(line, '\n')) {
		line++;
		if (!strncmp(line, key, klen) && line[klen] == '=')
			return xstrndup(line + klen + 1, strcspn(line + klen + 1, "\n"));
	}
	return NULL;
}

static int refuse_other_workspace(const char *found, const char *what, const char *name,
				  struct dbp_error *e)
{
	char *where = owner_marker_field(found, "at");
	size_t plen = strcspn(found + strlen(DBP_MARKER_PREFIX), "\n");

	err_set(e, "%s \"%s\" belongs to another dbpatterns workspace (prefix \"%.*s\"%s%s); "
		"it is left alone: use that workspace (--workdir) or another --prefix",
		what, name, (int)plen, found + strlen(DBP_MARKER_PREFIX), where && *where ? ", at " : "",
		where && *where ? where : "");
	free(where);
	return DBP_NOT_OURS;
}

int owner_verdict(const struct dbp_owner *o, const char *found, const char *what,
		  const char *name, struct dbp_error *e)
{
	char *id;
	int ours;

	if (!found)
		return DBP_ABSENT;
	if (!*found) {
		err_set(e, "%s \"%s\" exists but carries no dbpatterns marker; it is left alone", what, name);
		return DBP_UNMARKED;
	}
	if (strncmp(found, DBP_MARKER_PREFIX, strlen(DBP_MARKER_PREFIX)) != 0) {
		err_set(e, "%s \"%s\" exists but was not created by dbpatterns; it is left alone", what, name);
		return DBP_NOT_OURS;
	}
	id = owner_marker_field(found, "workspace");
	if (!id || !*id) {
		free(id);
		err_set(e, "%s \"%s\" was made by an earlier dbpatterns that did not record its "
			"workspace; it is left alone (drop it by hand if it is yours)", what, name);
		return DBP_NOT_OURS;
	}
	ours = o->workspace_id && !strcmp(id, o->workspace_id);
	free(id);
	return ours ? DBP_OURS : refuse_other_workspace(found, what, name, e);
}

static int random_hex(char out[17])
{
	unsigned char raw[8];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, raw, sizeof raw) : -1;

	if (fd >= 0)
		close(fd);
	if (n != (ssize_t)sizeof raw)
		return -1;
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return 0;
}

int owner_id_valid(const char *s)
{
	if (strlen(s) != 16)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

static char *read_id(const char *path, struct dbp_error *e)
{
	char *text = read_text_file(path, 64, e);

	if (!text)
		return NULL;
	text[strcspn(text, "\n")] = '\0';
	if (!owner_id_valid(text)) {
		free(text);
		err_set(e, "%s does not hold a workspace id (16 hex digits); it is left as it is", path);
		return NULL;
	}
	return text;
}

/* Written under a private name and linked into place: the id file never
 * exists half-written (a process starting beside us read an empty one and
 * went on with no id), and link() lets exactly one of two processes
 * starting at once win; the other reads the winner's id. */
static char *make_id(const char *path, struct dbp_error *e)
{
	char id[17], *tmp;
	int fd, ok, err;

	if (random_hex(id) != 0) {
		err_set(e, "cannot read /dev/urandom for a workspace id");
		return NULL;
	}
	tmp = xasprintf("%s.%s.tmp", path, id);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		err_set(e, "cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		return NULL;
	}
	ok = write(fd, id, 16) == 16 && write(fd, "\n", 1) == 1;
	ok = close(fd) == 0 && ok;
	ok = ok && link(tmp, path) == 0;
	err = errno;
	unlink(tmp);
	free(tmp);
	if (ok)
		return xstrdup(id);
	if (err == EEXIST)
		return read_id(path, e);
	err_set(e, "cannot write %s: %s", path, strerror(err));
	return NULL;
}

char *workspace_id_load(const char *workdir, struct dbp_error *e)
{
	char *path = path_join(workdir, "workspace.id");
	char *id = access(path, F_OK) == 0 ? read_id(path, e) : make_id(path, e);

	free(path);
	return id;
}

char *workspace_location(const char *workdir)
{
	char host[256] = "localhost", *real = realpath(workdir, NULL);
	char *out;

	if (gethostname(host, sizeof host) != 0)
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	out = xasprintf("%s:%s", host, real ? real : workdir);
	free(real);
	return out;
}

int owner_tag(const struct dbp_owner *o)
{
	unsigned long v = o->workspace_id ? strtoul(o->workspace_id + 8, NULL, 16) : 0;

	return (int)((v & 0x7fffffffUL) | 1UL);
}
