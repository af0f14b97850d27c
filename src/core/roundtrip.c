/* roundtrip: see roundtrip.h. */
#include "roundtrip.h"
#include "bench.h"

#include <stdlib.h>

double roundtrip_ms(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
		    int reps, struct dbp_error *e)
{
	struct dbp_conn *c = ws_connect_app(ws, l, app, e);
	double *samples, median = -1;
	struct bench_stats st;
	int n = 0;

	if (!c)
		return -1;
	samples = xcalloc((size_t)(reps > 0 ? reps : 1), sizeof *samples);
	if (ws->ops->query(c, "SELECT 1", NULL, e) == 0) {
		for (; n < reps; n++) {
			double t0 = now_ms();

			if (ws->ops->query(c, "SELECT 1", NULL, e) != 0)
				break;
			samples[n] = now_ms() - t0;
		}
		if (n == reps) {
			bench_stats_compute(samples, n, &st);
			median = st.median;
		}
	}
	free(samples);
	ws->ops->close(c);
	return median;
}
