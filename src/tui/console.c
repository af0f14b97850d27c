/* console: the SQL console's input line, edited as a shell line is (the
 * keys readline gives bash and psql): a cursor that moves by character,
 * text cut before or after it and put back, the history, and a bracketed
 * paste taken whole, newlines and all, as one statement.  The line is
 * drawn with its cursor on a line of its own, under it, so nothing is
 * ever mixed into the text typed.  commands.c runs what the line holds. */
#include "ui.h"
#include "../core/grid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

/* The start of the character before byte at (UTF-8: continuation bytes
 * are 10xxxxxx). */
static size_t char_back(const char *s, size_t at)
{
	while (at > 0 && (s[--at] & 0xc0) == 0x80)
		;
	return at;
}

static size_t char_next(const char *s, size_t at)
{
	if (s[at])
		at++;
	while ((s[at] & 0xc0) == 0x80)
		at++;
	return at;
}

/* Where readline's Ctrl-W stops: back over blanks, then over the word. */
static size_t word_back(const char *s, size_t at)
{
	while (at > 0 && strchr(" \t\n", s[at - 1]))
		at--;
	while (at > 0 && !strchr(" \t\n", s[at - 1]))
		at--;
	return at;
}

/* Alt-b, Alt-f and Alt-d move over words as readline's do: letters,
 * digits, _ and any non-ASCII byte, so "users.id" is two words. */
static int word_char(char c)
{
	return (unsigned char)c >= 0x80 || c == '_' || (c >= '0' && c <= '9') ||
	       ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static size_t word_start_back(const char *s, size_t at)
{
	while (at > 0 && !word_char(s[at - 1]))
		at--;
	while (at > 0 && word_char(s[at - 1]))
		at--;
	return at;
}

static size_t word_end_next(const char *s, size_t at)
{
	while (s[at] && !word_char(s[at]))
		at++;
	while (s[at] && word_char(s[at]))
		at++;
	return at;
}

/* The line holds text, the cursor after it. */
void ui_console_set(struct ui *ui, const char *text)
{
	snprintf(ui->input, sizeof ui->input, "%s", text);
	ui->input_at = strlen(ui->input);
	ui->input_view = 0;
}

/* n bytes in at the cursor; 0 when the line has no room for them. */
static int insert(struct ui *ui, const char *bytes, size_t n)
{
	size_t len = strlen(ui->input);

	if (len + n > SQL_MAX)
		return 0;
	memmove(ui->input + ui->input_at + n, ui->input + ui->input_at, len - ui->input_at + 1);
	memcpy(ui->input + ui->input_at, bytes, n);
	ui->input_at += n;
	return 1;
}

/* Bytes [from, to) go; cut (Ctrl-W, K, U) keeps them for Ctrl-Y. */
static void cut(struct ui *ui, size_t from, size_t to, int keep)
{
	if (from >= to)
		return;
	if (keep)
		snprintf(ui->killed, sizeof ui->killed, "%.*s", (int)(to - from), ui->input + from);
	memmove(ui->input + from, ui->input + to, strlen(ui->input + to) + 1);
	ui->input_at = from;
}

/* Keys that move the cursor; 0: not one of them. */
static int move_key(struct ui *ui, int ch)
{
	switch (ch) {
	case KEY_LEFT: case CTRL('b'): ui->input_at = char_back(ui->input, ui->input_at); return 1;
	case KEY_RIGHT: case CTRL('f'): ui->input_at = char_next(ui->input, ui->input_at); return 1;
	case KEY_HOME: case CTRL('a'): ui->input_at = 0; return 1;
	case KEY_END: case CTRL('e'): ui->input_at = strlen(ui->input); return 1;
	case KEY_WORD_LEFT: ui->input_at = word_start_back(ui->input, ui->input_at); return 1;
	case KEY_WORD_RIGHT: ui->input_at = word_end_next(ui->input, ui->input_at); return 1;
	default: return 0;
	}
}

/* Keys that delete; 0: not one of them. */
static int delete_key(struct ui *ui, int ch)
{
	size_t at = ui->input_at;

	switch (ch) {
	case KEY_BACKSPACE: case 127: case CTRL('h'): cut(ui, char_back(ui->input, at), at, 0); return 1;
	case KEY_DC: case CTRL('d'): cut(ui, at, char_next(ui->input, at), 0); return 1;
	case CTRL('w'): cut(ui, word_back(ui->input, at), at, 1); return 1;
	case CTRL('k'): cut(ui, at, strlen(ui->input), 1); return 1;
	case CTRL('u'): cut(ui, 0, at, 1); return 1;
	case KEY_WORD_DELETE: cut(ui, at, word_end_next(ui->input, at), 1); return 1;
	default: return 0;
	}
}

/* A key that edits the line: 1 if it was one.  Typed bytes go in at the
 * cursor, one at a time (a UTF-8 character arrives as its bytes). */
int ui_console_edit_key(struct ui *ui, int ch)
{
	char c = (char)ch;

	if (move_key(ui, ch) || delete_key(ui, ch))
		return 1;
	if (ch == CTRL('y')) {
		if (!insert(ui, ui->killed, strlen(ui->killed)))
			ui_say(ui, 1, "The line has no room for that: at most %d bytes.", SQL_MAX);
		return 1;
	}
	if (ch >= 0x20 && ch < 0x100 && ch != 0x7f) {
		if (!insert(ui, &c, 1))
			ui_say(ui, 1, "The line is full: at most %d bytes.", SQL_MAX);
		return 1;
	}
	return 0;
}

/* ---- bracketed paste ------------------------------------------------- */

/* The terminal wraps what is pasted in ESC [200~ ... ESC [201~ once asked
 * to (mode 2004).  ncurses is told the two sequences as keys, so they
 * arrive as one key each, and a lone Esc still times out as Esc.  The
 * mode is written at once: putp's stdio buffer would otherwise hold it
 * until the program ends. */
void ui_console_paste_mode(int on)
{
	if (on) {
		define_key("\033[200~", KEY_PASTE_BEGIN);
		define_key("\033[201~", KEY_PASTE_END);
		/* Alt sends Esc before the letter; xterm and tmux send Ctrl-Left
		 * and Ctrl-Right with modifier 5.  Within ESCDELAY they are one
		 * key, so a lone Esc still leaves the console. */
		define_key("\033b", KEY_WORD_LEFT);
		define_key("\033f", KEY_WORD_RIGHT);
		define_key("\033d", KEY_WORD_DELETE);
		define_key("\033[1;5D", KEY_WORD_LEFT);
		define_key("\033[1;5C", KEY_WORD_RIGHT);
	}
	putp(on ? "\033[?2004h" : "\033[?2004l");
	fflush(stdout);
}

/* One byte of a paste: text, never a key.  The terminal sends a pasted
 * newline as CR (tmux and xterm do): it is a newline again, and the LF of
 * a CR LF pair goes.  Tabs stay; other control bytes cannot be typed and
 * do not go in either. */
static void paste_byte(struct ui *ui, int ch)
{
	int after_cr = ui->pasting == 2;
	char c;

	ui->pasting = ch == '\r' ? 2 : 1;
	if (ch == '\r')
		ch = '\n';
	else if (ch == '\n' && after_cr)
		return;
	if (ch >= 0x100 || ch == 0x7f || (ch < 0x20 && ch != '\n' && ch != '\t'))
		return;
	c = (char)ch;
	if (!ui->paste_cut && !insert(ui, &c, 1))
		ui->paste_cut = 1;
}

static void paste_end(struct ui *ui)
{
	int lines = 1;

	ui->pasting = 0;
	for (const char *p = ui->input; *p; p++)
		lines += *p == '\n';
	if (ui->paste_cut)
		ui_say(ui, 1, "The paste was cut at %d bytes: what the line holds is not all of it.", SQL_MAX);
	else
		ui_say(ui, 0, "Pasted%s: Enter runs the line as one statement.", lines > 1 ? " several lines" : "");
	ui->paste_cut = 0;
}

/* Keys inside a paste go here first, before any key means a command: a
 * pasted x or q is a letter.  1: the key was the paste's.  A paste while
 * the / prompt is open types its letters there; one that began while an
 * operation ran is dropped to its end (commands.c). */
int ui_console_paste_key(struct ui *ui, int ch)
{
	if (ui->paste_held) { /* the rest of a paste that came while something ran */
		ui->paste_held = ch != KEY_PASTE_END;
		return 1;
	}
	if (ch == KEY_PASTE_BEGIN) {
		ui->pasting = 1;
		ui->paste_cut = 0;
		ui->help = 0;
		ui->quit_asked = 0; /* a pasted y must not answer "Quit?" */
		return 1;
	}
	if (!ui->pasting)
		return ch == KEY_PASTE_END; /* an end without a start: nothing to do */
	if (ch == KEY_PASTE_END)
		paste_end(ui);
	else if (ui->searching)
		ui_search_key(ui, ch >= 0x20 && ch < 0x100 && ch != 0x7f ? ch : ' ');
	else
		paste_byte(ui, ch);
	return 1;
}

/* ---- history --------------------------------------------------------- */

/* A line run goes to the end of the history (not twice in a row). */
void ui_console_remember(struct ui *ui)
{
	if (!ui->history.n || strcmp(ui->history.v[ui->history.n - 1], ui->input))
		sl_push(&ui->history, ui->input);
	if (ui->history.n > HISTORY_MAX) { /* the oldest goes */
		free(ui->history.v[0]);
		memmove(ui->history.v, ui->history.v + 1, --ui->history.n * sizeof *ui->history.v);
	}
	ui->history_at = ui->history.n;
}

/* Up (step -1) and Down: an earlier line, the cursor at its end. */
void ui_console_recall(struct ui *ui, int step)
{
	if (!ui->history.n)
		return;
	if (step < 0 && ui->history_at > 0)
		ui->history_at--;
	else if (step > 0 && ui->history_at < ui->history.n)
		ui->history_at++;
	ui_console_set(ui, ui->history_at < ui->history.n ? ui->history.v[ui->history_at] : "");
}

/* ---- what the pane shows --------------------------------------------- */

/* psql's prompt: the app, then * in a transaction, ! in a failed one;
 * "->" on a statement's later lines. */
char *ui_console_prompt(const struct ui *ui, const char *app, int later)
{
	return xasprintf("%s%s%s> ", app, later ? "-" : "=",
			 later ? "" : ui->console_tx == 2 ? "!" : ui->console_tx ? "*" : "");
}

/* Display columns of input bytes [from, to), as drawn. */
static int columns(const struct ui *ui, size_t from, size_t to)
{
	char *part = xstrndup(ui->input + from, to - from), *vis = grid_visible(part, !ui->ascii);
	int n = grid_width(vis);

	free(part);
	free(vis);
	return n;
}

/* The line's first shown byte, moved only as far as it takes to keep the
 * cursor in room columns: the view stays put while the cursor moves in it. */
static void follow_cursor(struct ui *ui, int room)
{
	if (ui->input_view > ui->input_at)
		ui->input_view = ui->input_at;
	while (ui->input_view < ui->input_at && columns(ui, ui->input_view, ui->input_at) > room)
		ui->input_view = char_next(ui->input, ui->input_view);
}

/* The cursor's line: ^ under the character the cursor is on (or after the
 * end), < and > where the line goes on beyond the view. */
static char *cursor_line(int prompt_cols, int caret, int hidden_before, int hidden_after, int width)
{
	char *s = xcalloc((size_t)width + 1, 1);

	memset(s, ' ', (size_t)width);
	if (hidden_before && prompt_cols > 0)
		s[prompt_cols - 1] = '<';
	if (hidden_after)
		s[width - 1] = '>';
	s[caret < width ? caret : width - 1] = '^';
	while (width > 0 && s[width - 1] == ' ')
		s[--width] = '\0';
	return s;
}

/* The prompt and the visible part of the line, in width columns, and
 * under it the cursor's line.  Newlines in a pasted statement show as
 * their picture (␊); they run as they are. */
void ui_console_lines(struct ui *ui, const char *prompt, int width, struct dbp_lines *out)
{
	int pcols = grid_width(prompt), room = width - pcols - 1, before;
	char *after, *vis, *shown;

	if (room < 4) { /* a narrow pane: the line as before, wrapped */
		lines_addf(out, DBP_LINE_TEXT, "%s%s", prompt, ui->input);
		return;
	}
	follow_cursor(ui, room);
	before = columns(ui, ui->input_view, ui->input_at);
	vis = grid_visible(ui->input + ui->input_at, !ui->ascii);
	after = grid_slice(vis, 0, room - before);
	shown = xstrndup(ui->input + ui->input_view, ui->input_at - ui->input_view);
	free(vis);
	vis = grid_visible(shown, !ui->ascii);
	lines_addf(out, DBP_LINE_TEXT, "%s%s%s", prompt, vis, after);
	lines_add_owned(out, DBP_LINE_TEXT, cursor_line(pcols, pcols + before, ui->input_view > 0,
		columns(ui, ui->input_at, strlen(ui->input)) > room - before, width));
	free(vis);
	free(shown);
	free(after);
}

/* The statement a result answers, above it, with the prompt it was typed
 * at: one line per line of the statement. */
void ui_console_echo(const struct ui *ui, const char *app, const char *sql, struct dbp_lines *out)
{
	for (int later = 0;; later = 1) {
		size_t n = strcspn(sql, "\n");
		char *prompt = ui_console_prompt(ui, app, later);

		lines_addf(out, DBP_LINE_NOTE, "%s%.*s", prompt, (int)n, sql);
		free(prompt);
		if (!sql[n])
			break;
		sql += n + 1;
	}
}

/* The engine's message whole: a line per line of it (the pane wraps each
 * to its width), the SQLSTATE before the first. */
void ui_console_error(const struct dbp_error *e, const char *tail, struct dbp_lines *out)
{
	const char *msg = e->msg;

	for (int first = 1;; first = 0) {
		size_t n = strcspn(msg, "\n");
		int last = !msg[n];

		lines_addf(out, DBP_LINE_ERROR, "%s%s%.*s%s", first ? e->sqlstate : "",
			   first && e->sqlstate[0] ? " " : "", (int)n, msg, last ? tail : "");
		if (last)
			break;
		msg += n + 1;
	}
}
