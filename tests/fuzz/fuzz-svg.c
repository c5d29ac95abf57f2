/*
 * fuzz-svg.c - libFuzzer target for the SVG cleaner (attach.c). Beyond not
 * crashing: what it accepts, cleaned once more, comes out the same with
 * nothing removed (the output is an image it reads exactly and keeps
 * whole), and holds no element or attribute that runs script.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/attach.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Does a tag of the cleaned s hold an on... attribute or "javascript:"? Text
 * and values escape '<' and '>', so tags run from '<' to '>'.
 */
static int
S_active_tag(const char *s)
{
	const char *p = s, *end;

	while ((p = strchr(p, '<')) != NULL && (end = strchr(p, '>')) != NULL) {
		char q = 0;
		const char *t;

		for (t = p; t < end; t++) {
			if (q) {
				q = *t == q ? 0 : q;
			} else if (*t == '"' || *t == '\'') {
				q = *t;
			} else if (*t == ' ' && (t[1] | 0x20) == 'o' && (t[2] | 0x20) == 'n') {
				return 1;
			}
		}
		for (t = p; t + 11 <= end; t++)
			if (!strncmp(t, "javascript:", 11))
				return 1;
		p = end + 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf once = BUF_INIT, twice = BUF_INIT;
	struct attach_note note;

	if (size > ((size_t)1 << 20))
		return 0;
	if (attach_svg_clean(&once, (const char *)data, size, &note) == 0) {
		if (attach_svg_clean(&twice, once.buf, once.len, &note) != 0 || note.what[0] ||
		    twice.len != once.len || memcmp(twice.buf, once.buf, once.len) != 0)
			abort();
		if (strstr(once.buf, "<script") || strstr(once.buf, "<foreignObject") ||
		    S_active_tag(once.buf))
			abort();
	}
	buf_free(&once);
	buf_free(&twice);
	return 0;
}
