/* state: what the screen remembers across restarts, in the workdir: the
 * lesson and pane last shown, and the steps done, per engine and prefix
 * (one workdir can serve both engines).  A file that does not start with
 * our own first line is left alone, neither read nor replaced; it is
 * written whole under a private name and renamed into place, so a crash
 * never leaves half of it. */
#include "ui.h"
#include "../core/screen_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The file's format is the core's (screen_state.h): the session report
 * reads it too. */
static char *state_path(const struct ui *ui)
{
	return screen_state_path(ui->cfg->workdir);
}

/* "ENGINE PREFIX": whose progress a line is. */
static char *owner(const struct ui *ui)
{
	return screen_state_owner(engine_name(ui->cfg->engine), ui->cfg->prefix);
}

static long lesson_by_slug(const struct ui *ui, const char *slug)
{
	for (size_t i = 0; i < ui->lessons.n; i++)
		if (!strcmp(ui->lessons.v[i]->slug, slug))
			return (long)i;
	return -1;
}

static void read_line(struct ui *ui, const char *text, const char *who)
{
	struct screen_state_line line;
	long i;

	if (!screen_state_parse(text, who, &line) || (i = lesson_by_slug(ui, line.slug)) < 0)
		return;
	if (!strcmp(line.kind, "last")) {
		ui->lesson = (size_t)i;
		for (int p = 0; p < PANE_COUNT; p++)
			if (!strcmp(ui_panes[p].name, line.value))
				ui->pane = p;
	} else if (!strcmp(line.kind, "done") && i < 100) {
		unsigned long bits = strtoul(line.value, NULL, 16);

		for (int s = 0; s < 32; s++)
			ui->done[i][s] = (bits >> s) & 1;
	}
}

void ui_state_load(struct ui *ui)
{
	char *path = state_path(ui), *text = path ? screen_state_text(path) : NULL, *who = owner(ui);

	for (char *p = text, *nl; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		read_line(ui, p, who);
	}
	free(text);
	free(path);
	free(who);
}

static void add_ours(const struct ui *ui, struct strbuf *sb, const char *who)
{
	const struct lesson *cur = ui->lessons.n ? ui->lessons.v[ui->lesson] : NULL;

	if (cur)
		sb_addf(sb, "%s last %s %s\n", who, cur->slug, ui_panes[ui->pane].name);
	for (size_t i = 0; i < ui->lessons.n && i < 100; i++) {
		unsigned long bits = 0;

		for (int s = 0; s < 32; s++)
			bits |= (unsigned long)(ui->done[i][s] != 0) << s;
		if (bits)
			sb_addf(sb, "%s done %s %lx\n", who, ui->lessons.v[i]->slug, bits);
	}
}

/* Other engines' and prefixes' lines are kept as they were. */
void ui_state_save(const struct ui *ui)
{
	char *path = state_path(ui), *who = owner(ui), *old = NULL, *tmp;
	int exists = path && access(path, F_OK) == 0;
	struct strbuf sb;
	FILE *f;

	if (!path || (exists && !(old = screen_state_text(path)))) {
		free(path);
		free(who);
		return; /* a file of that name that is not ours stays as it is */
	}
	sb_init(&sb);
	sb_addf(&sb, "%s\n", SCREEN_STATE_HEAD);
	for (char *p = old ? strchr(old, '\n') : NULL, *nl; p && *++p; p = nl) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		if (strncmp(p, who, strlen(who)) || p[strlen(who)] != ' ')
			sb_addn(&sb, p, (size_t)(nl - p + 1));
	}
	add_ours(ui, &sb, who);
	tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	if ((f = fopen(tmp, "w"))) {
		int written = fputs(sb.s, f) >= 0;

		if (fclose(f) == 0 && written)
			rename(tmp, path);
		unlink(tmp);
	}
	free(tmp);
	free(old);
	sb_free(&sb);
	free(path);
	free(who);
}
