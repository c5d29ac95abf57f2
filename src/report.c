/* report.c - diagnostics out, in the format CI or a person reads. */
#include "report.h"

#include <string.h>

#include "util.h"

int
report_format_lookup(const char *name)
{
	static const char *const names[] = {"text", "json", "github", "sarif", "junit"};
	size_t i;

	for (i = 0; i < ARRAY_LEN(names); i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

void
json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			/* '<' too, so the JSON is safe inside a <script> block. */
			if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void
xml_escape(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		switch (*p) {
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '&':
			fputs("&amp;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		case '\n':
			fputs("&#10;", out);
			break;
		case '\t':
			fputs("&#9;", out);
			break;
		default:
			/* XML 1.0 has no other control characters. */
			if (*p < 0x20)
				fputc('?', out);
			else
				fputc(*p, out);
		}
	}
}

/* Is code point cp shown two columns wide on a terminal (East Asian wide)? */
static int
S_wide(unsigned cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

static unsigned
S_decode(const unsigned char *s, size_t k)
{
	unsigned cp = k == 1 ? s[0] : k == 2 ? s[0] & 0x1F : k == 3 ? s[0] & 0x0F : s[0] & 0x07;
	size_t i;

	for (i = 1; i < k; i++)
		cp = (cp << 6) | (s[i] & 0x3F);
	return cp;
}

/* Prints line `line` of text and a caret under code point `col`. */
static void
S_excerpt(FILE *out, const char *text, size_t len, uint32_t line, uint32_t col)
{
	size_t i = 0, end, k;
	uint32_t l = 1, c = 1;
	struct buf caret = BUF_INIT;

	while (l < line && i < len) {
		if (text[i++] == '\n')
			l++;
	}
	if (l != line || i > len)
		return;
	if (line == 1 && len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	for (end = i; end < len && text[end] != '\n' && text[end] != '\r'; end++)
		;
	if (end - i > 300)
		return; /* a huge line helps nobody */
	fprintf(out, "  %.*s\n  ", (int)(end - i), text + i);
	while (i < end && c < col) {
		k = utf8_seq((const unsigned char *)text + i, end - i);
		if (!k)
			k = 1;
		if (text[i] == '\t')
			buf_addc(&caret, '\t');
		else
			buf_adds(&caret, S_wide(S_decode((const unsigned char *)text + i, k)) ? "  "
											       : " ");
		i += k;
		c++;
	}
	buf_addc(&caret, '^');
	fprintf(out, "%s\n", buf_str(&caret));
	buf_free(&caret);
}

static void
S_text(FILE *out, const struct diags *d, const struct report_opts *o)
{
	struct buf text = BUF_INIT;
	const char *loaded = NULL;
	size_t i, plen = o->src ? strlen(o->src->display) : 0;
	int have = 0, too_large;

	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		fprintf(out, "%s:%u:%u: %s: %s [%s]\n", g->path, g->line, g->col,
			severity_name(g->severity), g->message, rule_table[g->rule].id);
		if (!o->excerpt || !o->src || g->rule == RULE_ENCODING ||
		    g->rule == RULE_TOO_LARGE || strncmp(g->path, o->src->display, plen))
			continue;
		if (!loaded || strcmp(loaded, g->path)) {
			loaded = g->path;
			have = o->src->ops->read(o->src, g->path + plen, 1048576, &text,
						 &too_large) == 0;
		}
		if (have)
			S_excerpt(out, text.buf, text.len, g->line, g->col);
	}
	buf_free(&text);
}

static void
S_json(FILE *out, const struct diags *d, const struct report_opts *o)
{
	size_t i;

	fputs("{\"diagnostics\":[", out);
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		fputs(i ? ",\n{\"path\":" : "\n{\"path\":", out);
		json_string(out, g->path);
		fprintf(out, ",\"line\":%u,\"column\":%u,\"severity\":\"%s\",\"rule\":\"%s\","
			     "\"message\":",
			g->line, g->col, severity_name(g->severity), rule_table[g->rule].id);
		json_string(out, g->message);
		fputc('}', out);
	}
	fprintf(out, "\n],\"files\":%zu,\"errors\":%zu,\"warnings\":%zu}\n", o->files,
		diags_count(d, SEV_ERROR), diags_count(d, SEV_WARNING));
}

void
report_print(FILE *out, const struct diags *d, const struct report_opts *o)
{
	switch (o->format) {
	case REPORT_JSON:
		S_json(out, d, o);
		break;
	default:
		S_text(out, d, o);
		break;
	}
}
