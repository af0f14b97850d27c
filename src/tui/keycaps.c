/* keycaps: the last keys pressed, named as a keyboard labels them ("Tab",
 * "Ctrl-C", "PgDn"), for the presenter's status line: the room sees what
 * was pressed, as in a screencast.  A key pressed again in a row counts
 * up ("j x3") instead of filling the line; letters typed into the console
 * or the / prompt join into one word. */
#include "ui.h"
#include "../core/grid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { int key; const char *name; } named[] = {
	{ '\t', "Tab" }, { KEY_BTAB, "Shift-Tab" }, { '\n', "Enter" }, { '\r', "Enter" },
	{ KEY_ENTER, "Enter" }, { KEY_ESC, "Esc" }, { ' ', "Space" }, { KEY_BACKSPACE, "Backspace" },
	{ 127, "Backspace" }, { KEY_DC, "Del" }, { KEY_IC, "Ins" }, { KEY_UP, "Up" },
	{ KEY_DOWN, "Down" }, { KEY_LEFT, "Left" }, { KEY_RIGHT, "Right" }, { KEY_SLEFT, "Shift-Left" },
	{ KEY_SRIGHT, "Shift-Right" }, { KEY_NPAGE, "PgDn" }, { KEY_PPAGE, "PgUp" }, { KEY_HOME, "Home" },
	{ KEY_END, "End" }, { KEY_MOUSE, "Mouse" }, { KEY_PASTE_BEGIN, "Paste" },
};

/* A key's name; 0 for one not worth showing. */
static int keycap_name(int ch, char *out, size_t size)
{
	for (size_t i = 0; i < DBP_ARRAY_LEN(named); i++)
		if (named[i].key == ch) {
			snprintf(out, size, "%s", named[i].name);
			return 1;
		}
	if (ch >= KEY_F(1) && ch <= KEY_F(24))
		snprintf(out, size, "F%d", ch - KEY_F(0));
	else if (ch > 0 && ch < 32)
		snprintf(out, size, "Ctrl-%c", '@' + ch);
	else if (ch > 32 && ch < 127)
		snprintf(out, size, "%c", ch);
	else
		return 0; /* a resize, the paste's end, a byte of a wider character */
	return 1;
}

static void push(struct ui *ui, const char *name, int text)
{
	struct key_shown *k;

	if (ui->nkeys == KEYS_SHOWN) {
		memmove(ui->keys, ui->keys + 1, (KEYS_SHOWN - 1) * sizeof *ui->keys);
		ui->nkeys--;
	}
	k = &ui->keys[ui->nkeys++];
	snprintf(k->name, sizeof k->name, "%s", name);
	k->n = 1;
	k->text = text;
}

/* Letters typed on a line join the word before, which keeps its end. */
static void add_letter(struct key_shown *k, int ch)
{
	size_t n = strlen(k->name);

	if (n + 1 >= sizeof k->name)
		memmove(k->name, k->name + 1, n--);
	k->name[n] = (char)ch;
	k->name[n + 1] = '\0';
}

void ui_present_note_key(struct ui *ui, int ch)
{
	struct key_shown *last = ui->nkeys ? &ui->keys[ui->nkeys - 1] : NULL;
	int letter = ch >= 32 && ch < 127 && (ui->typing || ui->searching);
	char name[24];

	if (ui->pasting || !keycap_name(ch, name, sizeof name))
		return;
	if (letter && last && last->text)
		add_letter(last, ch);
	else if (!letter && last && !last->text && !strcmp(last->name, name))
		last->n++;
	else
		push(ui, name, letter);
}

/* "[Tab] [j x3] [m]", the newest last, at most width columns: the oldest
 * go first.  NULL when there is nothing to show. */
char *ui_present_keys_text(const struct ui *ui, int width)
{
	for (int from = 0; from < ui->nkeys; from++) {
		struct strbuf sb;

		sb_init(&sb);
		for (int i = from; i < ui->nkeys; i++) {
			char *shown = grid_visible(ui->keys[i].name, 0);

			sb_addf(&sb, "%s[%s", i > from ? " " : "", shown);
			if (ui->keys[i].n > 1)
				sb_addf(&sb, " x%d", ui->keys[i].n);
			sb_add(&sb, "]");
			free(shown);
		}
		if (grid_width(sb.s) <= width)
			return sb_steal(&sb);
		sb_free(&sb);
	}
	return NULL;
}
