/* escape.c - HTML and URL path escaping (see escape.h). */
#include "escape.h"

/* Runs of bytes that need nothing are copied in one piece. */
static const char *
S_html_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

void
html_escape(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, run = 0;
	const char *ent;

	buf_grow(out, n);
	for (; i < n; i++) {
		ent = S_html_entity((unsigned char)s[i]);
		if (!ent)
			continue;
		buf_add(out, s + run, i - run);
		buf_adds(out, ent);
		run = i + 1;
	}
	buf_add(out, s + run, n - run);
}

static int
S_url_safe(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

void
url_path_escape(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, run = 0;
	char pct[3];

	buf_grow(out, n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (S_url_safe(c))
			continue;
		buf_add(out, s + run, i - run);
		pct[0] = '%';
		pct[1] = hex[c >> 4];
		pct[2] = hex[c & 15];
		buf_add(out, pct, 3);
		run = i + 1;
	}
	buf_add(out, s + run, n - run);
}
