/* kept: `bench --history` and `bench --compare`, the timings the results
 * store keeps in the workdir (core/results.h, core/compare.h). */
#ifndef DBP_KEPT_H
#define DBP_KEPT_H

#include "cli.h"

/* Every kept timing of l (NULL: of every lesson), as a table in the
 * chosen format. */
int cli_history(struct cli_opts *o, const struct lesson *l);
/* The comparison view of l on the chosen engine, as text. */
int cli_compare(struct cli_opts *o, const struct lesson *l);

#endif
