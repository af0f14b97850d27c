/* claim_checks: the checks a claim can make, each measuring on the
 * live workspace and filling a verdict (claims.c has put every app where
 * the claim's sides need it).  -1 only when the run cannot go on
 * (cancelled); what the engine refuses is a failed verdict. */
#ifndef DBP_CLAIM_CHECKS_H
#define DBP_CLAIM_CHECKS_H

#include "claims.h"
#include "lock_queue.h"

/* check = demo: the last demo run for the claims of one lesson, kept
 * while they are checked, as several claims judge the same run
 * (claims.c frees it with claim_demo_cache_free). */
struct demo_cache {
	const char *demo;        /* the demo run; NULL: none yet */
	int rc;                  /* its run's: -1 with error */
	struct dbp_error error;
	struct lq_result *lq;    /* a lock_queue demo's figures */
	struct dbp_lines report; /* any other demo's report */
};

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
	struct demo_cache *demos;
};

int claim_check_run(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e);
/* For the checks: the claim's value on this run's engine; a verdict set,
 * taking figure and detail (either may be NULL) over. */
const char *claim_value_here(const struct claim_run *run, const struct claim_value *cv);
void claim_verdict_set(struct claim_verdict *v, enum claim_outcome o, char *figure, char *detail);
/* claim_pooled.c: two clients in a row through one pooler (SQLite: one
 * handle); what the second sees is the verdict. */
int claim_check_pooled(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e);
/* claim_demo.c: check = demo.  The claim's demo runs once for all the
 * claims that name it; a lock_queue demo's figures give the claim's
 * measure, any other demo's report must have a line holding message. */
int claim_check_demo(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e);
void claim_demo_cache_free(struct demo_cache *dc);
/* A demo claim on a report (not lock_queue): passed when a line of shown
 * holds the claim's message on eng; that line is the figure. */
void claim_judge_demo(const struct lesson_claim *c, enum dbp_engine eng, const struct dbp_lines *shown,
		      struct claim_verdict *v);

#endif
