/* tour (CLI): a lesson's tour as a list, for an instructor preparing a
 * class: what each stop does on the screen and the sentence it shows
 * there (both engines' where they differ). */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "    <verb>: ..." once when both engines have the same value, else once
 * per engine; nothing when neither has one (a stop's show is optional). */
static void print_per_engine(const char *verb, const struct claim_value *v)
{
	const char *on[2] = { claim_value_for(v, DBP_SQLITE), claim_value_for(v, DBP_POSTGRES) };

	for (int k = 0; k < 2; k++) {
		char *clean;

		if (!on[k] || (k == 1 && on[0] && !strcmp(on[0], on[1])))
			continue;
		clean = sanitize_text(on[k], 0);
		if (on[0] && on[1] && !strcmp(on[0], on[1]))
			printf("    %s: %s\n", verb, clean);
		else
			printf("    %s on %s: %s\n", verb, engine_name(k ? DBP_POSTGRES : DBP_SQLITE), clean);
		free(clean);
	}
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
	print_per_engine("says", &s->say);
	print_per_engine("shows", &s->show);
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
