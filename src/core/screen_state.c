/* screen_state: see screen_state.h. */
#include "screen_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *screen_state_path(const char *workdir)
{
	return workdir ? path_join(workdir, SCREEN_STATE_FILE) : NULL;
}

char *screen_state_owner(const char *engine, const char *prefix)
{
	return xasprintf("%s %s", engine, prefix);
}

char *screen_state_text(const char *path)
{
	struct dbp_error e;
	char *text = access(path, F_OK) == 0 ? read_text_file(path, 1 << 20, &e) : NULL;

	if (text && strncmp(text, SCREEN_STATE_HEAD "\n", strlen(SCREEN_STATE_HEAD) + 1)) {
		free(text);
		return NULL;
	}
	return text;
}

int screen_state_parse(const char *line, const char *who, struct screen_state_line *out)
{
	size_t n = strlen(who);

	return !strncmp(line, who, n) && line[n] == ' ' &&
	       sscanf(line + n + 1, "%7s %127s %63s", out->kind, out->slug, out->value) == 3;
}

unsigned long screen_state_done(const char *text, const char *who, const char *slug)
{
	unsigned long bits = 0;

	for (const char *p = text, *nl; p && *p; p = nl + 1) {
		struct screen_state_line line;
		char *one;

		nl = strchr(p, '\n');
		if (!nl)
			break;
		one = xstrndup(p, (size_t)(nl - p));
		if (screen_state_parse(one, who, &line) && !strcmp(line.kind, "done") && !strcmp(line.slug, slug))
			bits = strtoul(line.value, NULL, 16);
		free(one);
	}
	return bits & ((1UL << (SCREEN_STATE_STEPS - 1)) * 2 - 1);
}
