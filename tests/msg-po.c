/*
 * msg-po.c - prints the message catalogue (src/base/messages.def) as a
 * gettext .po file, so that gettext's own tools can check it: msgfmt
 * --check-format that each Chinese text takes the conversions of its
 * English one, msgcmp that the code and the catalogue name the same
 * texts (tests/suites/messages.sh).
 */
#include <stdio.h>
#include <string.h>

#include "base/msg.h"

static void
S_po_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\t')
			fputs("\\t", stdout);
		else
			putchar(*s);
	}
	puts("\"");
}

int
main(void)
{
	size_t i;

	puts("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"");
	for (i = 0; i < msg_catalogue_len; i++) {
		putchar('\n');
		if (strchr(msg_catalogue[i].en, '%'))
			puts("#, c-format");
		fputs("msgid ", stdout);
		S_po_string(msg_catalogue[i].en);
		fputs("msgstr ", stdout);
		S_po_string(msg_catalogue[i].zh);
	}
	return 0;
}
