/* claims: a lesson's claims (lesson.h, [claim NAME]) tested on the live
 * workspace.  Each gets a verdict with what was measured and why it passed
 * or failed ("feed at community 002 is 17.7x slower than at 003, measured"
 * / "...: expected at least 3x"), so
 * neither front end ever shows a sentence the engine just contradicted. */
#ifndef DBP_CLAIMS_H
#define DBP_CLAIMS_H

#include "workspace.h"

enum claim_outcome { CLAIM_PASSED, CLAIM_FAILED, CLAIM_SKIPPED };

struct claim_verdict {
	const struct lesson_claim *claim;
	enum claim_outcome outcome;
	const char *text;        /* the claim's sentence on this engine */
	double measured, expected; /* a ratio or a row count; NAN where none */
	char *figure;            /* the verdict in a few words */
	char *detail;            /* how it was measured: medians, round trips */
	struct dbp_lines plan;   /* plan checks: the plan that was read */
};

struct claims_report {
	enum dbp_engine engine;
	struct claim_verdict *v;
	size_t n;
};

struct claims_opts {
	int reps;        /* timed runs for a slower check without reps of its own */
	int may_migrate; /* move an app to the version a claim names, and back
			  * after; without it such a claim is skipped, saying why */
};

/* Every claim of l on ws's engine, in the lesson's order.  -1 (with e)
 * only when the run could not go on: cancelled, a migration refused;
 * a workload the engine rejects is a failed claim, not an error. */
int claims_evaluate(struct workspace *ws, const struct lesson *l, const struct claims_opts *o,
		    const struct dbp_progress *p, struct claims_report *out, struct dbp_error *e);
void claims_report_free(struct claims_report *r);
/* What each verdict holds, not the array: for taking some out of one. */
void claims_report_free_verdicts(struct claims_report *r);
/* How many verdicts are failures. */
size_t claims_failed(const struct claims_report *r);
const char *claim_outcome_name(enum claim_outcome o);

/* The verdicts for the screen: per claim an ADDED (passed), ERROR (failed)
 * or NOTE (skipped) line "✓ name: figure" (ascii: "ok", "FAIL", "skip"),
 * the claim's sentence, how it was measured, and a plan check's plan. */
void claims_lines(const struct claims_report *r, int ascii, struct dbp_lines *out);

/* After a demonstration ran: the verdicts of the claims that name it,
 * judged against its report (shown), as lines at the end of out, so both
 * front ends show each claim beside the figures that back it; verdicts
 * (may be NULL) gets them too, to keep (claims_report_free).  Nothing
 * for a lock_queue demo, whose claims judge timings, not lines. */
void claims_after_demo(const struct lesson *l, const struct lesson_demo *d, enum dbp_engine eng,
		       int ascii, struct dbp_lines *shown, struct claims_report *verdicts);
/* 1 when a demonstration's report judges the claim (d on the screen),
 * 0 when timings do (t, check-lessons --live). */
int claim_judged_by_demo(const struct lesson *l, const struct lesson_claim *c);
/* "not claimed on sqlite (made on postgres only)" */
char *claim_not_claimed(enum dbp_engine eng);

#endif
