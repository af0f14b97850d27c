/* actions: every action of the terminal UI, declared once.  This table
 * builds the key map and the help overlay; `dbpatterns --list-keys`... is
 * not needed: the man page's key list is checked against it by a test.
 * X(name, key, second key, help text) */
#ifndef DBP_ACTIONS_H
#define DBP_ACTIONS_H

#define DBP_ACTIONS(X) \
	X(NEXT_PANE,   '\t',         KEY_RIGHT,   "Tab", "next pane") \
	X(PREV_PANE,   KEY_BTAB,     KEY_LEFT,    "Shift-Tab", "previous pane") \
	X(DOWN,        'j',          KEY_DOWN,    "j/Down", "next lesson") \
	X(UP,          'k',          KEY_UP,      "k/Up", "previous lesson") \
	X(PAGE_DOWN,   KEY_NPAGE,    ' ',         "PgDn/Space", "scroll the pane down") \
	X(PAGE_UP,     KEY_PPAGE,    'b',         "PgUp/b", "scroll the pane up") \
	X(HOME,        KEY_HOME,     'g',         "Home/g", "top of the pane") \
	X(END,         KEY_END,      'G',         "End/G", "bottom of the pane") \
	X(OPEN,        '\n',         KEY_ENTER,   "Enter", "open the lesson's narrative") \
	X(PROVISION,   'p',          KEY_F(5),    "p/F5", "provision the lesson") \
	X(MIGRATE,     'm',          KEY_F(6),    "m/F6", "apply the next migration") \
	X(ROLLBACK,    'u',          KEY_F(7),    "u/F7", "roll back the last migration") \
	X(NEXT_APP,    'a',          0,           "a", "choose the application to migrate") \
	X(TIMINGS,     't',          KEY_F(8),    "t/F8", "time the workloads (Esc cancels)") \
	X(RESET,       'r',          0,           "r", "reset: tear down and provision again") \
	X(TEARDOWN,    'x',          0,           "x", "tear the lesson down") \
	X(HELP,        '?',          KEY_F(1),    "?/F1", "this help") \
	X(QUIT,        'q',          KEY_F(10),   "q/F10", "quit")

#endif
