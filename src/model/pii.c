/* pii.c - masking of personal data. */
#include "model/pii.h"

#include <string.h>

/*
 * How many leading and trailing digits of a phone number of n digits stay
 * visible (docs/site.md, "Personal data"): 11 digits or more keep the first
 * 3 and last 4 (138****5678); a shorter number hides at least half of its
 * digits and at least 4, and keeps what is left split between its two
 * ends, the head taking the odd one (8 digits: 12****78; 5: 1****).
 */
void
pii_phone_keep(size_t n, size_t *head, size_t *tail)
{
	size_t hide, keep;

	if (n >= 11) {
		*head = 3;
		*tail = 4;
		return;
	}
	hide = (n + 1) / 2 > 4 ? (n + 1) / 2 : 4;
	keep = n > hide ? n - hide : 0;
	*head = (keep + 1) / 2;
	*tail = keep / 2;
}

static void
S_mask_phone(struct buf *out, const char *s, size_t n)
{
	size_t digits = 0, i, seen = 0, head, tail;

	for (i = 0; i < n; i++)
		digits += s[i] >= '0' && s[i] <= '9';
	pii_phone_keep(digits, &head, &tail);
	/* Only digits are hidden: '+', spaces, '-' and brackets stay where they are. */
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			seen++;
			buf_addc(out, seen <= head || seen > digits - tail ? s[i] : '*');
		} else {
			buf_addc(out, s[i]);
		}
	}
}

static void
S_mask_email(struct buf *out, const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	size_t k;

	if (!at || at == s) {
		buf_adds(out, "***");
		return;
	}
	k = utf8_seq((const unsigned char *)s, n);
	buf_add(out, s, k ? k : 1);
	buf_adds(out, "***");
	buf_add(out, at, n - (size_t)(at - s));
}

static void
S_mask_text(struct buf *out, const char *s, size_t n)
{
	size_t cps = utf8_count(s, n), keep = cps > 8 ? 6 : 1, i = 0, c = 0, k;

	while (i < n && c < keep) {
		k = utf8_seq((const unsigned char *)s + i, n - i);
		k = k ? k : 1;
		buf_add(out, s + i, k);
		i += k;
		c++;
	}
	buf_adds(out, cps > 8 ? "****" : "*");
}

void
pii_mask(struct buf *out, enum field_type t, const char *s, size_t n)
{
	if (t == T_PHONE)
		S_mask_phone(out, s, n);
	else if (t == T_EMAIL)
		S_mask_email(out, s, n);
	else
		S_mask_text(out, s, n);
}
