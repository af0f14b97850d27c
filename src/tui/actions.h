/* actions: every action of the terminal UI, declared once.  This table
 * builds the key map and the help overlay, and tests/cli/docs.sh checks the
 * man page's key list against it.
 * X(name, key, second key, help text) */
#ifndef DBP_ACTIONS_H
#define DBP_ACTIONS_H

#define DBP_ACTIONS(X) \
	X(NEXT_PANE,   '\t',         0,           "Tab", "next pane") \
	X(PREV_PANE,   KEY_BTAB,     0,           "Shift-Tab", "previous pane") \
	X(SCROLL_LEFT, KEY_LEFT,     'h',         "h/Left", "scroll left") \
	X(SCROLL_RIGHT, KEY_RIGHT,   'l',         "l/Right", "scroll right") \
	X(NEXT_LESSON, ']',          0,           "]", "next lesson") \
	X(PREV_LESSON, '[',          0,           "[", "previous lesson") \
	X(STEP_NEXT,   '}',          0,           "}", "next step, at its heading") \
	X(STEP_PREV,   '{',          0,           "{", "previous step") \
	X(DOWN,        'j',          KEY_DOWN,    "j/Down", "down / next table") \
	X(UP,          'k',          KEY_UP,      "k/Up", "up / previous table") \
	X(PAGE_DOWN,   KEY_NPAGE,    ' ',         "PgDn/Space", "page down / next rows") \
	X(PAGE_UP,     KEY_PPAGE,    'b',         "PgUp/b", "page up / earlier rows") \
	X(HOME,        KEY_HOME,     'g',         "Home/g", "top / first rows") \
	X(END,         KEY_END,      'G',         "End/G", "bottom / last rows") \
	X(OPEN,        '\n',         KEY_ENTER,   "Enter", "open the table") \
	X(BACK,        KEY_ESC_KEY,  KEY_BACKSPACE, "Esc", "back / clear the search") \
	X(PROVISION,   'p',          KEY_F(5),    "p/F5", "provision the lesson") \
	X(MIGRATE,     'm',          KEY_F(6),    "m/F6", "apply next migration") \
	X(ROLLBACK,    'u',          KEY_F(7),    "u/F7", "roll back last one") \
	X(NEXT_APP,    'a',          0,           "a", "app for m and u") \
	X(TIMINGS,     't',          KEY_F(8),    "t/F8", "time the workloads") \
	X(WORKLOADS,   'e',          0,           "e", "workloads: SQL, rows, plan") \
	X(SQL,         's',          KEY_F(9),    "s/F9", "SQL console") \
	X(DEMO,        'd',          0,           "d", "next demonstration") \
	X(TOUR,        'T',          0,           "T", "the lesson's tour (Space)") \
	X(RESET,       'r',          0,           "r", "tear down + provision (asks)") \
	X(TEARDOWN,    'x',          0,           "x", "tear the lesson down (asks)") \
	X(SEARCH,      '/',          0,           "/", "search this pane") \
	X(SEARCH_NEXT, 'n',          0,           "n", "next match") \
	X(SEARCH_PREV, 'N',          0,           "N", "previous match") \
	X(MOUSE,       'M',          0,           "M", "mouse capture on/off") \
	X(ZOOM,        'z',          0,           "z", "zoom this pane / back") \
	X(BESIDE,      'v',          0,           "v", "another pane beside this one") \
	X(PRESENT,     'P',          0,           "P", "presenter mode on/off") \
	X(CLAIM,       'c',          0,           "c", "next claim (shown large)") \
	X(SUSPEND,     KEY_CTRL_Z,   0,           "Ctrl-Z", "suspend (fg resumes)") \
	X(INTERRUPT,   KEY_CTRL_C,   0,           "Ctrl-C", "quit (asks first)") \
	X(HELP,        '?',          KEY_F(1),    "?/F1", "this help") \
	X(QUIT,        'q',          KEY_F(10),   "q/F10", "quit")

#endif
