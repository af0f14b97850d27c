/* ui: the terminal UI's shared state and the functions its files share.
 * The screen is split by concern: tui.c (state, keys, main loop), draw.c
 * (rendering), panes.c (the pane registry: what each pane shows, filled
 * from the core's results), commands.c (what the action keys do, by
 * calling the same core functions as the CLI), console.c (the SQL
 * console's line editing), search.c (/, n and N), layout.c (where the
 * sidebar and the panes go), present.c (the presenter's tools) and
 * bigtext.c (a figure in block letters). */
#ifndef DBP_UI_H
#define DBP_UI_H

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "actions.h"
#include "../core/bench.h"
#include "../core/catalog.h"
#include "../core/config.h"
#include "../core/migrate.h"
#include "../core/rows.h"
#include "../core/workspace.h"

#define MIN_COLS 60
#define MIN_LINES 15
/* The sidebar's columns: on a wide screen (200 and up), room for whole step names. */
#define SIDEBAR ui_sidebar_width()
int ui_sidebar_width(void);
#define KEY_ESC 27
#define KEY_ESC_KEY KEY_ESC /* for the action table */
#define KEY_CTRL_C 3
#define KEY_CTRL_Z 26
#define WHEEL_STEP 3 /* lines (or tables) one notch of the mouse wheel moves */
#define SEARCH_MAX 100
#define ROWS_PAGE 100
#define SPLIT_MIN_COLS 120 /* content columns from which two panes show side by side */
#define SPLIT_CHOSEN_MIN_COLS 81 /* ... when the presenter chose the second (v, --beside) */
#define KEYS_SHOWN 6       /* keys the presenter's status line shows */

enum action {
#define X(name, key, key2, label, help) ACT_##name,
	DBP_ACTIONS(X)
#undef X
	ACT_NONE
};

struct action_info {
	int key, key2;
	const char *label, *help;
};

/* The action table (actions.h) as data: the key map and the help overlay. */
extern const struct action_info ui_actions[];
extern const size_t ui_action_count;

enum pane { PANE_LESSON, PANE_TOPOLOGY, PANE_TABLES, PANE_MIGRATIONS, PANE_TIMINGS, PANE_SQL, PANE_COUNT };


#define SQL_MAX 8000   /* bytes of the console's line: a pasted statement too */
/* Keys ncurses is taught for a bracketed paste's start and end (console.c). */
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)
/* Word motion in the console: Alt-b/Ctrl-Left, Alt-f/Ctrl-Right, Alt-d. */
#define KEY_WORD_LEFT (KEY_MAX + 3)
#define KEY_WORD_RIGHT (KEY_MAX + 4)
#define KEY_WORD_DELETE (KEY_MAX + 5)
#define HISTORY_MAX 100 /* console queries kept for Up/Down */

/* What a key did: the loop fills again only what it changed, and reads
 * the engine again only when the data may have changed. */
enum key_flag {
	KEY_HANDLED = 1, /* the key was this pane's (scrolling: a redraw is enough) */
	KEY_REFILL = 2,  /* the focused pane shows something else now */
	KEY_DATA = 4,    /* the engine may hold something else now */
	KEY_QUIT = 8,
};

/* What the engine held for one lesson, as of its last read: kept while
 * nothing changed it, so switching lessons and panes reads nothing. */
struct lesson_data {
	unsigned generation;          /* current when equal to ui->generation */
	int provisioned;
	struct catalog cat;
	struct catalog fresh;         /* read by an action just now (m, u), with have_fresh: */
	int have_fresh;               /* the next read takes it rather than reading again */
	struct migration_state **status; /* per app; NULL with status_error */
	char **status_error;          /* per app */
	size_t napps;
	struct dbp_lines kept;        /* kept timings side by side (results store) */
};

/* The Tables pane: the list's cursor, or one table open at a page. */
struct tables_state {
	size_t cursor;
	int open;
	int cursor_line;              /* the cursor's line, to keep in view */
	struct strlist line_table;    /* list line -> "index" or "" */
	struct row_page page;         /* the open table's page of rows */
	char *page_error;             /* why the page could not be read */
	unsigned page_generation;     /* the data generation the page was read in */
	int page_loaded;
};

/* A claim's verdict as the presenter shows it: its figure large. */
struct claim_figure {
	char *name;
	char *big;       /* what is drawn large ("17.7x", "50", "PASS") */
	char *unit;      /* what the big figure is ("times slower", "rows") */
	char *figure;    /* the verdict in a few words, as the Lesson pane says it */
	char *text;      /* the claim's sentence */
	int outcome;     /* enum claim_outcome */
};

struct claim_figures {
	struct claim_figure *v;
	size_t n;
};

/* A key on the presenter's status line: its name, pressed n times in a row. */
struct key_shown {
	char name[24];
	int n;
	int text;        /* letters typed into the console or the / prompt, joined */
};

enum role { ROLE_NORMAL = 1, ROLE_TITLE, ROLE_SELECTED, ROLE_STATUS, ROLE_ERROR, ROLE_ADDED,
	    ROLE_REMOVED, ROLE_DIM, ROLE_MATCH, ROLE_CHANGED };

struct ui {
	const struct dbp_config *cfg;
	struct lesson_set lessons;
	struct workspace ws;
	int ws_open;
	char *ws_error;
	size_t lesson;  /* selected lesson */
	size_t app;     /* application for m and u */
	enum pane pane;
	int scroll, hscroll;
	int help;
	int typing;                 /* keys go to the SQL input line */
	int cancel_requested;       /* Esc or Ctrl-C seen during a long operation */
	int pending[64];            /* keys typed during an operation, in order */
	int npending;
	double last_spin;           /* when the spinner last moved */
	char input[SQL_MAX + 1];     /* the console's line (console.c) */
	size_t input_at;            /* its cursor: a byte offset, on a character's start */
	size_t input_view;          /* its first byte in view, on a long line */
	char killed[SQL_MAX + 1];   /* what Ctrl-W, K or U cut last, for Ctrl-Y */
	int pasting;                /* inside a bracketed paste (2: its last byte was CR) */
	int paste_cut;              /* the paste did not fit in the line */
	int paste_held;             /* a paste came while something ran: dropped to its end */
	struct strlist history;
	size_t history_at;          /* == history.n: a new line */
	size_t target;              /* the application the console talks to */
	char *console_where;        /* its search_path (or SQLite's schemas), as last read */
	int console_tx;             /* its transaction: 0 none, 1 open, 2 failed */
	int console_failed;         /* the last statement failed */
	struct dbp_lines sql_output; /* the last result grid, or the error */
	struct lesson_data *data;   /* per lesson (lessons.n) */
	unsigned generation;        /* bumped when the engine may have changed */
	struct tables_state tables;
	int dirty[PANE_COUNT];      /* the pane's lines must be filled again */
	int error_shown[PANE_COUNT]; /* its lines head with the status error */
	int companion_scroll;       /* the pane beside the focused one (the wheel scrolls it) */
	enum pane companion_pane;   /* which pane companion_scroll belongs to */
	int mouse;                  /* mouse capture on: clicks and the wheel (M toggles) */
	int quit_asked;             /* Ctrl-C once: y, q or Ctrl-C again quits */
	enum action confirm;        /* x or r asked: y does it (ACT_NONE: nothing asked) */
	int replaying;              /* this key was typed while an action ran */
	int welcome;                /* the welcome hint is on the status line until the first key */
	int open_at_step;           /* Lesson pane: scroll to the current step's heading when next drawn */
	long step_at;               /* the step the presenter went to (-1: the next one to do) */
	/* The presenter's tools (present.c, layout.c). */
	int zoom;                   /* the focused pane fills the screen */
	enum pane beside;           /* chosen to stand beside the focused pane (PANE_COUNT: the usual pair) */
	int present;                /* presenter mode: high contrast, keys shown, the figure large */
	size_t claim_at;            /* the current claim of the lesson (c: the next) */
	struct claim_figures *figures; /* per lesson: its claims' figures as last checked (t) */
	struct key_shown keys[KEYS_SHOWN]; /* the last keys, oldest first */
	int nkeys;
	/* Search: / types a pattern on the status line, n and N repeat it. */
	int searching;              /* keys go to the / prompt */
	char search_input[SEARCH_MAX + 1];
	char search[SEARCH_MAX + 1]; /* the last pattern searched for */
	int search_marks;           /* its matches are highlighted (Esc clears) */
	enum pane match_pane;       /* where the current match is ... */
	int match_line;             /* ... its line as drawn (-1: none) */
	char status_before[512];    /* the status line the / prompt covers */
	int status_error_before;
	/* Where things were drawn, so a mouse click can find them. */
	int row_lesson[512];        /* screen row -> lesson index + 1 (0: none) */
	int row_step[512];          /* screen row -> step index + 1 of the selected lesson (0: none) */
	int tab_end[PANE_COUNT];    /* column after each pane's name */
	int ascii, color;
	char status[512];
	int status_error;
	struct dbp_lines lines[PANE_COUNT]; /* per pane, for the selected lesson */
	struct dbp_lines timings;           /* kept until re-run */
	char *timed_applied;                /* the migrations in place when they were measured */
	size_t timed_lesson;                /* and the lesson they are of */
	struct dbp_lines workloads_shown;   /* e: each workload's SQL, first rows and plan */
	/* Per lesson, per claim: its verdict as last checked (t, or d for a
	 * claim its demonstration's report judges); one more line set after
	 * the claims for an error of the check as a whole. */
	struct dbp_lines **claims;
	struct dbp_lines last_migration;    /* SQL, time and diff of the last m/u */
	struct dbp_lines demo_output;       /* the last demonstration, under Topology */
	unsigned char done[100][32];      /* lesson index, step: done this session */
	size_t next_demo;
	struct { int on; size_t lesson, at; } tour; /* tour.c: the stops performed so far */
};

/* A pane: its name on the tab row, how it fills its lines (each with its
 * role) for the selected lesson, and the keys it takes first when focused
 * (returning key flags; 0: not its key).  One registry, in tab order. */
struct pane_ops {
	const char *name;
	void (*fill)(struct ui *ui, struct lesson *l, struct dbp_lines *out);
	int (*key)(struct ui *ui, enum action a);
};
extern const struct pane_ops ui_panes[PANE_COUNT];

/* tui.c: state, keys and the main loop */
void ui_say(struct ui *ui, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int ui_ensure_ws(struct ui *ui);
struct lesson *ui_lesson(struct ui *ui);
int ui_step_done(const struct ui *ui, size_t lesson, const struct lesson *l, size_t step);
long ui_next_step(const struct ui *ui, size_t lesson, const struct lesson *l);
void ui_mark(struct ui *ui, const char *action);
void ui_select_lesson(struct ui *ui, size_t i);

void ui_select_lesson(struct ui *ui, size_t i);
long ui_current_step(const struct ui *ui);
void ui_goto_step(struct ui *ui, size_t step);

/* layout.c: where the parts of the screen go */
struct layout {
	int sidebar;     /* the sidebar's columns, its rule included (0: not shown) */
	int title;       /* the title row is shown (row 0) */
	int tabs_y;      /* the tab row */
	int top, rows;   /* the panes' first row, and how many they have */
	int x, width;    /* the panes' columns, both together when split */
	int split;       /* a second pane stands beside the focused one */
	int half;        /* the focused pane's columns */
	int other;       /* the second pane's columns (0: none) */
};
void ui_layout(const struct ui *ui, struct layout *lo);
enum pane ui_companion(const struct ui *ui);
int ui_split(const struct ui *ui);
int ui_pane_rows(const struct ui *ui);
int ui_pane_cols(const struct ui *ui);
int ui_over_companion(const struct ui *ui, int x);
int ui_beside_key(struct ui *ui);
int ui_beside_name(const char *name);
void ui_say_beside(struct ui *ui);

/* present.c: the presenter's tools */
int ui_present_key(struct ui *ui, enum action a);
void ui_present_note_key(struct ui *ui, int ch);
char *ui_present_keys_text(const struct ui *ui, int width);
void ui_present_theme(struct ui *ui);
void ui_present_figure(struct ui *ui, struct dbp_lines *out);
void ui_present_figures_free(struct ui *ui);
struct claims_report;
void ui_present_keep(struct ui *ui, const struct claims_report *rep);
/* commands.c: verdicts under their claims in the Lesson pane, replacing
 * what was shown for each; ui_claims_forget clears the lesson's (those a
 * demonstration judged too, or not). */
void ui_keep_verdicts(struct ui *ui, const struct claims_report *rep);
void ui_claims_forget(struct ui *ui, size_t lesson, int demos_too);
int ui_present_open(struct ui *ui, const char *lesson, const char *step, const char *beside,
		    struct dbp_error *e);

/* bigtext.c: a short figure in block letters, or 0 lines when it does not fit */
int ui_big_text(const char *s, int width, int ascii, struct dbp_lines *out);

/* draw.c: the screen */
void ui_draw_status(struct ui *ui);
void ui_draw(struct ui *ui);
void ui_pane_lines(struct ui *ui, enum pane p, int width, struct dbp_lines *out, int *cursor);
void ui_init_colors(struct ui *ui);

/* panes.c: what each pane shows */
void ui_add_lines(struct dbp_lines *out, const char *text);
void ui_add_paragraphs(struct dbp_lines *out, const char *text);
void ui_fill_lesson(struct ui *ui, struct lesson *l, struct dbp_lines *out);
char *ui_lesson_text(struct ui *ui, const struct lesson *l, const char *file);
void ui_grid_rows(const struct ui *ui, const struct dbp_result *r, long max_rows, struct dbp_lines *out);
void ui_grid_lines(const struct ui *ui, const struct dbp_result *r, double ms, struct dbp_lines *out);
void ui_refresh_panes(struct ui *ui);
struct lesson_data *ui_data(const struct ui *ui);
struct catalog *ui_cat(struct ui *ui);
void ui_data_changed(struct ui *ui);
void ui_keep_catalog(struct ui *ui, struct catalog *cat);
void ui_dirty(struct ui *ui, enum pane p);
void ui_dirty_all(struct ui *ui);
void ui_data_free(struct ui *ui);

/* tables.c: the Tables pane */
void ui_fill_tables(struct ui *ui, struct lesson *l, struct dbp_lines *out);
int ui_tables_key(struct ui *ui, enum action a);
void ui_tables_open(struct ui *ui, size_t table);
void ui_tables_close(struct ui *ui);

/* commands.c: what the action keys do */
void ui_do_provision(struct ui *ui);
void ui_do_demo(struct ui *ui);
void ui_do_teardown(struct ui *ui);
void ui_do_migrate(struct ui *ui, int up);
void ui_do_timings(struct ui *ui);
void ui_do_workloads(struct ui *ui);
void ui_type_key(struct ui *ui, int ch);
void ui_console_open(struct ui *ui);

/* state.c: the lesson, pane and steps done, kept across restarts */
void ui_state_load(struct ui *ui);
void ui_state_save(const struct ui *ui);
/* console.c: the SQL console's line, edited as a shell line is */
void ui_console_set(struct ui *ui, const char *text);
int ui_console_edit_key(struct ui *ui, int ch);
void ui_console_paste_mode(int on);
int ui_console_paste_key(struct ui *ui, int ch);
void ui_console_remember(struct ui *ui);
void ui_console_recall(struct ui *ui, int step);
char *ui_console_prompt(const struct ui *ui, const char *app, int later);
void ui_console_lines(struct ui *ui, const char *prompt, int width, struct dbp_lines *out);
void ui_console_echo(const struct ui *ui, const char *app, const char *sql, struct dbp_lines *out);
void ui_console_error(const struct dbp_error *e, const char *tail, struct dbp_lines *out);

/* tour.c: a lesson's scripted walk (T, --tour) */
int ui_tour_start(struct ui *ui);
int ui_tour_key(struct ui *ui, int ch);
int ui_tour_answer(struct ui *ui, int yes);
int ui_tour_band(const struct ui *ui, struct dbp_lines *out);
int ui_tour_requested(struct ui *ui, struct dbp_error *e);

/* search.c: / and n, N in the focused pane */
const char *ui_find(const char *text, const char *pattern, size_t *len);
void ui_search_begin(struct ui *ui);
void ui_search_key(struct ui *ui, int ch);
void ui_search_next(struct ui *ui, int dir);
void ui_search_show(struct ui *ui, const char *text);

#endif
