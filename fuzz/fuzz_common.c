/* fuzz_common: see fuzz_common.h. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "fuzz_common.h"
#include "../src/core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char scratch[4096];

void fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz harness: %s: %s\n", what, strerror(errno));
	abort();
}

void fuzz_fail(const char *why)
{
	fprintf(stderr, "fuzz: invariant broken: %s\n", why);
	abort();
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_scratch(void)
{
	if (scratch[0])
		nftw(scratch, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* $TMPDIR if set; else /dev/shm, because every input is written and read
 * back: on a disk-backed /tmp, truncating and rewriting a file costs more
 * than the code under test (about 3x fewer executions per second). */
static const char *scratch_parent(void)
{
	const char *tmp = getenv("TMPDIR");

	if (tmp && *tmp)
		return tmp;
	if (access("/dev/shm", W_OK | X_OK) == 0)
		return "/dev/shm";
	return "/tmp";
}

const char *fuzz_scratch_dir(void)
{
	if (scratch[0])
		return scratch;
	snprintf(scratch, sizeof scratch, "%s/dbp-fuzz-XXXXXX", scratch_parent());
	if (!mkdtemp(scratch))
		fuzz_die(scratch);
	atexit(remove_scratch);
	return scratch;
}

char *fuzz_scratch_path(const char *name)
{
	return path_join(fuzz_scratch_dir(), name);
}

void fuzz_scratch_mkdir(const char *name)
{
	char *path = fuzz_scratch_path(name);

	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		fuzz_die(path);
	free(path);
}

void fuzz_scratch_write(const char *name, const void *data, size_t size)
{
	char *path = fuzz_scratch_path(name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	const char *p = data;

	if (fd < 0)
		fuzz_die(path);
	while (size > 0) {
		ssize_t n = write(fd, p, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			fuzz_die(path);
		p += n;
		size -= (size_t)n;
	}
	if (close(fd) != 0)
		fuzz_die(path);
	free(path);
}
