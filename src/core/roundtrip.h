/* roundtrip: what one round trip to the engine costs on an application's
 * connection, measured with the least a statement can ask (SELECT 1).
 * On PostgreSQL that is the client-server exchange the N+1 shape pays per
 * query; SQLite runs in our own process, so what it measures there is
 * only the library's per-statement work. */
#ifndef DBP_ROUNDTRIP_H
#define DBP_ROUNDTRIP_H

#include "workspace.h"

/* Median milliseconds of reps "SELECT 1" on a new connection of app's,
 * after one untimed warm-up; < 0 with e on failure. */
double roundtrip_ms(struct workspace *ws, const struct lesson *l, const struct lesson_app *app,
		    int reps, struct dbp_error *e);

#endif
