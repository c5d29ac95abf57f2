/* escape.c - HTML and URL path escaping (see escape.h). */
#include "escape.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The entity of each byte that needs one; runs of the others are copied whole. */
static const char *const S_entity[256] = {
    ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
};
static const unsigned char S_entity_len[256] = {
    ['&'] = 5, ['<'] = 4, ['>'] = 4, ['"'] = 6, ['\''] = 5,
};

/* The place of the first byte at or after i that needs an entity, or n. */
static size_t
S_next_special(const unsigned char *u, size_t i, size_t n)
{
#ifdef __SSE2__
	/* Most text needs none: sixteen bytes a step while it does not. */
	const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
	              quot = _mm_set1_epi8('"'), apos = _mm_set1_epi8('\'');

	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		__m128i m = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, lt)),
		    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, quot)),
		                 _mm_cmpeq_epi8(v, apos)));
		int mask = _mm_movemask_epi8(m);

		if (mask)
			return i + (size_t)__builtin_ctz((unsigned)mask);
	}
#endif
	while (i < n && !S_entity_len[u[i]])
		i++;
	return i;
}

void
html_escape(struct buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0;

	buf_grow(out, n);
	while ((i = S_next_special(u, i, n)) < n) {
		buf_add(out, s + run, i - run);
		buf_add(out, S_entity[u[i]], S_entity_len[u[i]]);
		run = ++i;
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

void
json_escape(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
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
			if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
				buf_addf(out, "\\u%04x", *p);
			else if (*p < 0x80)
				buf_addc(out, (char)*p);
			else if ((k = utf8_seq(p, n)) != 0)
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
