/* tour (CLI): a lesson's tour as a list, for an instructor preparing a
 * class: what each stop does on the screen and the sentence it shows
 * there (both engines' where they differ). */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_say(const struct tour_stop *s)
{
	const char *on_sqlite = claim_value_for(&s->say, DBP_SQLITE);
	const char *on_pg = claim_value_for(&s->say, DBP_POSTGRES);
	char *clean;

	if (!strcmp(on_sqlite, on_pg)) {
		clean = sanitize_text(on_sqlite, 0);
		printf("    says: %s\n", clean);
		free(clean);
		return;
	}
	clean = sanitize_text(on_sqlite, 0);
	printf("    says on sqlite: %s\n", clean);
	free(clean);
	clean = sanitize_text(on_pg, 0);
	printf("    says on postgres: %s\n", clean);
	free(clean);
}

static void print_stop(size_t i, const struct tour_stop *s)
{
	struct strbuf does;

	sb_init(&does);
	for (size_t j = 0; j < s->nactions; j++) {
		char *one = tour_action_text(&s->actions[j]);

		sb_addf(&does, "%s%s", j ? ", " : "", one);
		free(one);
	}
	printf("%2zu  does: %s\n", i + 1, does.s ? does.s : "nothing (the sentence only)");
	sb_free(&does);
	if (s->statement) {
		char *clean = sanitize_text(s->statement, 0);

		printf("    runs: %s\n", clean);
		free(clean);
	}
	print_say(s);
}

int cli_tour(const struct lesson *l)
{
	if (!l->nstops)
		return cli_fail("lesson %d has no tour (its lesson.ini has no [stop 1])", l->number);
	printf("Lesson %d (%s), its tour%s%s%s: %zu stops; dbpatterns --tour %d plays it on the screen.\n\n",
	       l->number, l->title, l->tour_title ? " \"" : "", l->tour_title ? l->tour_title : "",
	       l->tour_title ? "\"" : "", l->nstops, l->number);
	for (size_t i = 0; i < l->nstops; i++)
		print_stop(i, &l->stops[i]);
	return EXIT_OK;
}
