/* claim_checks: the six checks a claim can make, each measuring on the
 * live workspace and filling a verdict (claims.c has put every app where
 * the claim's sides need it).  -1 only when the run cannot go on
 * (cancelled); what the engine refuses is a failed verdict. */
#ifndef DBP_CLAIM_CHECKS_H
#define DBP_CLAIM_CHECKS_H

#include "claims.h"

struct claim_run {
	struct workspace *ws;
	const struct lesson *l;
	const struct lesson_claim *c;
	const struct claims_opts *o;
	const struct dbp_progress *p;
	/* Puts the app of a side at its version: 1 done, 0 cannot (why in
	 * the verdict, skipped), -1 error. */
	int (*reach)(struct claim_run *run, const struct claim_side *s, struct claim_verdict *v,
		     struct dbp_error *e);
	/* Applies one migration of an app standing one version below it
	 * (claims.c puts the app back after): 1 applied, 0 refused (the
	 * engine's words in *refusal) or not tried (why in the verdict,
	 * skipped), -1 error. */
	int (*attempt)(struct claim_run *run, const struct claim_side *m, struct claim_verdict *v,
		       struct dbp_error *refusal, struct dbp_error *e);
	void *state;
	/* check = demo: the last demonstration run and its report, so that
	 * several claims on one demo run it once (claims.c frees it). */
	struct demo_memo {
		const char *name;
		struct dbp_lines report;
	} *memo;
};

int claim_check_run(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e);
/* check = demo: passed when a line of the demonstration's report (shown)
 * holds the claim's message on eng; the line is the figure. */
void claim_judge_demo(const struct lesson_claim *c, enum dbp_engine eng, const struct dbp_lines *shown,
		      struct claim_verdict *v);

#endif
