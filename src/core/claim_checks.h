/* claim_checks: the checks a claim can make, each measuring on the
 * live workspace and filling a verdict (claims.c has put every app where
 * the claim's sides need it).  -1 only when the run cannot go on
 * (cancelled); what the engine refuses is a failed verdict. */
#ifndef DBP_CLAIM_CHECKS_H
#define DBP_CLAIM_CHECKS_H

#include "claims.h"
#include "lock_queue.h"

/* A lock_queue demo's runs, kept while one lesson's claims are checked:
 * several claims judge the same run (claims.c frees r). */
struct lq_cache {
	const char *demo; /* the demo r is of; NULL: none yet */
	struct lq_result *r;
	int rc;
	struct dbp_error error;
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
	struct lq_cache *lq;
};

int claim_check_run(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e);
/* For the checks: the claim's value on this run's engine; a verdict set,
 * taking figure and detail (either may be NULL) over. */
const char *claim_value_here(const struct claim_run *run, const struct claim_value *cv);
void claim_verdict_set(struct claim_verdict *v, enum claim_outcome o, char *figure, char *detail);
/* claim_pooled.c: two clients in a row through one pooler (SQLite: one
 * handle); what the second sees is the verdict. */
int claim_check_pooled(struct claim_run *run, struct claim_verdict *v, struct dbp_error *e);

#endif
