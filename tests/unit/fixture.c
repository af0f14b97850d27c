/* fixture: see fixture.h. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fixture_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct dbp_error e;
	char *lessons = data_lessons_dir();
	int rc = -1;

	strcpy(f->dir, "/tmp/dbp-unit-XXXXXX");
	if (mkdtemp(f->dir)) {
		config_defaults(&f->cfg);
		config_set(&f->cfg.workdir, f->dir);
		rc = workspace_open(&f->ws, &f->cfg, &e) == 0 && lessons_load_dir(lessons, &f->lessons, &e) == 0
			? 0 : -1;
		if (rc != 0)
			fprintf(stderr, "fixture: %s\n", e.msg);
	}
	free(lessons);
	*state = f;
	return rc;
}

int fixture_teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	workspace_close(&f->ws);
	lesson_set_free(&f->lessons);
	config_free(&f->cfg);
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	free(f);
	return system(cmd);
}
