/* escape.c - HTML and XML, URL path, JSON and terminal escaping (see escape.h). */
#include "base/escape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define S_FFFD "\xEF\xBF\xBD"

/*
 * What html_escape does with each byte: 0 copies it, an entity's length
 * (4 to 6) replaces it with S_entity, S_BAD with U+FFFD (the controls XML
 * 1.0 forbids, and DEL), S_LEAD looks at the bytes after it (0xC2 starts
 * the C1 controls U+0080-U+009F, 0xEF the noncharacters U+FFFE, U+FFFF).
 */
#define S_BAD 1
#define S_LEAD 2
static const char *const S_entity[256] = {
    ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
};
static const unsigned char S_class[256] = {
    [0x00] = S_BAD,  [0x01] = S_BAD,  [0x02] = S_BAD, [0x03] = S_BAD, [0x04] = S_BAD,
    [0x05] = S_BAD,  [0x06] = S_BAD,  [0x07] = S_BAD, [0x08] = S_BAD, [0x0B] = S_BAD,
    [0x0C] = S_BAD,  [0x0E] = S_BAD,  [0x0F] = S_BAD, [0x10] = S_BAD, [0x11] = S_BAD,
    [0x12] = S_BAD,  [0x13] = S_BAD,  [0x14] = S_BAD, [0x15] = S_BAD, [0x16] = S_BAD,
    [0x17] = S_BAD,  [0x18] = S_BAD,  [0x19] = S_BAD, [0x1A] = S_BAD, [0x1B] = S_BAD,
    [0x1C] = S_BAD,  [0x1D] = S_BAD,  [0x1E] = S_BAD, [0x1F] = S_BAD, [0x7F] = S_BAD,
    ['&'] = 5,       ['<'] = 4,       ['>'] = 4,      ['"'] = 6,      ['\''] = 5,
    [0xC2] = S_LEAD, [0xEF] = S_LEAD,
};

/*
 * The length of the C1 control or noncharacter at u (n bytes left), which
 * starts with an S_LEAD byte, or 0 when it is neither.
 */
static size_t
S_bad_seq(const unsigned char *u, size_t n)
{
	if (u[0] == 0xC2)
		return n >= 2 && u[1] >= 0x80 && u[1] <= 0x9F ? 2 : 0;
	return n >= 3 && u[1] == 0xBF && (u[2] == 0xBE || u[2] == 0xBF) ? 3 : 0;
}

/*
 * The place of the first byte at or after i that html_escape may have to
 * change, or n. The vector loop stops at a superset of those: a C2 before
 * a byte up to 0x9F, an EF before BF.
 */
static size_t
S_next_special(const unsigned char *u, size_t i, size_t n)
{
#ifdef __SSE2__
	/* Most text needs nothing: sixteen bytes a step while it does not. */
	const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
	              quot = _mm_set1_epi8('"'), apos = _mm_set1_epi8('\''),
	              c1f = _mm_set1_epi8(0x1F), tab = _mm_set1_epi8('\t'),
	              lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), del = _mm_set1_epi8(0x7F),
	              c2 = _mm_set1_epi8((char)0xC2), x9f = _mm_set1_epi8((char)0x9F),
	              ef = _mm_set1_epi8((char)0xEF), bf = _mm_set1_epi8((char)0xBF);

	/* Seventeen bytes readable: each byte's next one is looked at too. */
	for (; i + 17 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 1));
		__m128i ent = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, lt)),
		    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, quot)),
		                 _mm_cmpeq_epi8(v, apos)));
		/* Bytes up to 0x1F but tab, LF and CR; DEL. */
		__m128i ctl = _mm_andnot_si128(
		    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, lf)),
		                 _mm_cmpeq_epi8(v, cr)),
		    _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v), _mm_cmpeq_epi8(v, del)));
		__m128i lead = _mm_or_si128(
		    _mm_and_si128(_mm_cmpeq_epi8(v, c2), _mm_cmpeq_epi8(_mm_min_epu8(w, x9f), w)),
		    _mm_and_si128(_mm_cmpeq_epi8(v, ef), _mm_cmpeq_epi8(w, bf)));
		int mask = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(ent, ctl), lead));

		if (mask)
			return i + (size_t)__builtin_ctz((unsigned)mask);
	}
#endif
	while (i < n && !S_class[u[i]])
		i++;
	return i;
}

void
html_escape(struct buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, k;

	buf_grow(out, n);
	while ((i = S_next_special(u, i, n)) < n) {
		unsigned c = S_class[u[i]];

		k = c == S_LEAD ? S_bad_seq(u + i, n - i) : 1;
		if (!k) { /* a character like any other */
			i++;
			continue;
		}
		buf_add(out, s + run, i - run);
		if (c == S_BAD || c == S_LEAD)
			buf_add(out, S_FFFD, 3);
		else
			buf_add(out, S_entity[u[i]], c);
		i += k;
		run = i;
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

/*
 * How the character at u (n > 0 bytes left) is shown on a terminal: *len
 * gets the bytes it takes (1 for a byte that is not UTF-8). Returns 0 when
 * it is shown as it is, else the length of its escape, written to rep.
 */
static size_t
S_term_char(const unsigned char *u, size_t n, size_t *len, char rep[8])
{
	static const char hex[] = "0123456789abcdef";
	unsigned cp;
	size_t k;

	*len = 1;
	if (u[0] >= 0x20 && u[0] < 0x7F)
		return 0;
	if (u[0] == '\n' || u[0] == '\t' || u[0] == '\r') {
		rep[0] = '\\';
		rep[1] = u[0] == '\n' ? 'n' : u[0] == '\t' ? 't' : 'r';
		return 2;
	}
	k = u[0] < 0x80 ? 0 : utf8_seq(u, n);
	if (!k) { /* C0 controls, DEL, bytes that are not UTF-8 */
		rep[0] = '\\';
		rep[1] = 'x';
		rep[2] = hex[u[0] >> 4];
		rep[3] = hex[u[0] & 15];
		return 4;
	}
	*len = k;
	if (k == 2 && u[0] == 0xC2 && u[1] <= 0x9F)
		cp = u[1]; /* C1 controls: U+0080-U+009F */
	else if (k == 3 && u[0] == 0xE2 &&
	         ((u[1] == 0x80 && u[2] >= 0xAA && u[2] <= 0xAE) ||
	          (u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9)))
		cp = 0x2000u | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu); /* U+202A-E, U+2066-9 */
	else
		return 0;
	rep[0] = '\\';
	rep[1] = 'u';
	rep[2] = hex[cp >> 12];
	rep[3] = hex[(cp >> 8) & 15];
	rep[4] = hex[(cp >> 4) & 15];
	rep[5] = hex[cp & 15];
	return 6;
}

void
term_escape(struct buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, k, r;
	char rep[8];

	buf_grow(out, n);
	while (i < n) {
		if (u[i] >= 0x20 && u[i] < 0x7F) {
			i++;
			continue;
		}
		if (!(r = S_term_char(u + i, n - i, &k, rep))) {
			i += k;
			continue;
		}
		buf_add(out, s + run, i - run);
		buf_add(out, rep, r);
		i += k;
		run = i;
	}
	buf_add(out, s + run, n - run);
}

void
term_write(FILE *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, k, r;
	char rep[8];

	while (i < n) {
		if (!(r = S_term_char(u + i, n - i, &k, rep))) {
			i += k;
			continue;
		}
		fwrite(s + run, 1, i - run, out);
		fwrite(rep, 1, r, out);
		i += k;
		run = i;
	}
	fwrite(s + run, 1, n - run, out);
}

void
die(const char *fmt, ...)
{
	char msg[1024]; /* no allocation: memory may be what ran out */
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fputs("svcgen: ", stderr);
	/* A path in the message is shown as every text output shows it. */
	term_write(stderr, msg, n < 0 ? 0 : (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1);
	fputc('\n', stderr);
	exit(3);
}

void
term_error(const char *fmt, ...)
{
	struct buf msg = BUF_INIT, line = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	buf_adds(&line, "svcgen: ");
	term_escape(&line, buf_str(&msg), msg.len);
	buf_addc(&line, '\n');
	/* One write: the line stays whole when threads report at once. */
	fwrite(line.buf, 1, line.len, stderr);
	buf_free(&msg);
	buf_free(&line);
}

void
json_escape(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	char rep[8];
	size_t k;

	buf_addc(out, '"');
	while (n) {
		k = 1;
		switch (*p) {
		case '"':
			buf_adds(out, "\\\"");
			break;
		case '\\':
			buf_adds(out, "\\\\");
			break;
		case '\n':
			buf_adds(out, "\\n");
			break;
		case '\r':
			buf_adds(out, "\\r");
			break;
		case '\t':
			buf_adds(out, "\\t");
			break;
		default:
			if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&' || *p == 0x7F)
				buf_addf(out, "\\u%04x", *p);
			else if (*p < 0x80)
				buf_addc(out, (char)*p);
			else if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
			         (p[2] == 0xA8 || p[2] == 0xA9)) {
				/* U+2028, U+2029 end lines in JavaScript before ES2019. */
				buf_adds(out, p[2] == 0xA8 ? "\\u2028" : "\\u2029");
				k = 3;
			} else if ((k = utf8_seq(p, n)) != 0 && S_term_char(p, n, &k, rep) == 6)
				buf_add(out, rep, 6); /* C1 controls, bidi overrides as \uXXXX */
			else if (k != 0)
				buf_add(out, p, k);
			else {
				buf_adds(out, "\\ufffd");
				k = 1;
			}
		}
		p += k;
		n -= k;
	}
	buf_addc(out, '"');
}

void
utf8_repair(struct buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, k;

	buf_grow(out, n);
	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(u + i, n - i)) != 0) {
			i += k;
			continue;
		}
		buf_add(out, s + run, i - run);
		buf_add(out, S_FFFD, 3);
		run = ++i;
	}
	buf_add(out, s + run, n - run);
}

void
json_write(FILE *out, const char *s)
{
	struct buf b = BUF_INIT;

	json_escape(&b, s, strlen(s));
	fwrite(b.buf, 1, b.len, out);
	buf_free(&b);
}

void
xml_write(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;

	while (n) {
		k = 1;
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
		case '\r':
			fputs("&#13;", out);
			break;
		case '\t':
			fputs("&#9;", out);
			break;
		default:
			/*
			 * XML 1.0 has no other C0 controls, nor U+FFFE and U+FFFF,
			 * and the document is UTF-8: each of those, and each byte
			 * that is not UTF-8, becomes U+FFFD; so do DEL and the C1
			 * controls, as html_escape has them.
			 */
			if (*p < 0x20 || *p == 0x7F)
				fputs("\xEF\xBF\xBD", out);
			else if (*p < 0x80)
				fputc(*p, out);
			else if ((k = utf8_seq(p, n)) != 0 &&
			         !(k == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE) &&
			         !(k == 2 && p[0] == 0xC2 && p[1] <= 0x9F))
				fwrite(p, 1, k, out); /* not U+FFFE, U+FFFF, C1 */
			else {
				fputs("\xEF\xBF\xBD", out);
				k = k ? k : 1;
			}
		}
		p += k;
		n -= k;
	}
}

/* Is s[0..n) safe as a plain YAML scalar (in a flow list too when flow)? */
static int
S_yaml_plain_ok(const char *s, size_t n, int flow)
{
	size_t i;

	if (!n || strchr("-?:,[]{}#&*!|>'\"%@` ", s[0]))
		return n > 1 && s[0] == '-' && s[1] >= '0' && s[1] <= '9' &&
		       S_yaml_plain_ok(s + 1, n - 1, flow);
	if (s[n - 1] == ' ' || s[n - 1] == ':')
		return 0;
	if ((n == 1 && s[0] == '~') ||
	    (n == 4 && (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) || !memcmp(s, "NULL", 4))))
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7F || c == '"' || c == '\\')
			return 0;
		if (flow && strchr(",[]{}", c))
			return 0;
		if (c == ':' && i + 1 < n && s[i + 1] == ' ')
			return 0;
		if (c == '#' && s[i - 1] == ' ')
			return 0;
		/* BOM, U+2028/9, NEL, and the full-width colon and space the checks name. */
		if (c >= 0x80 && ((i + 2 < n && c == 0xEF && (unsigned char)s[i + 1] == 0xBB) ||
		                  (i + 2 < n && c == 0xE2 && (unsigned char)s[i + 1] == 0x80) ||
		                  (i + 1 < n && c == 0xC2 && (unsigned char)s[i + 1] == 0x85) ||
		                  (i + 2 < n && c == 0xEF && (unsigned char)s[i + 1] == 0xBC) ||
		                  (i + 2 < n && c == 0xE3 && (unsigned char)s[i + 1] == 0x80)))
			return 0;
	}
	return 1;
}

void
yaml_scalar(struct buf *b, const char *s, size_t n, int flow)
{
	if (S_yaml_plain_ok(s, n, flow))
		buf_add(b, s, n);
	else
		json_escape(b, s, n); /* a JSON string is a YAML double-quoted scalar */
}
