/* pii.c - masking of personal data. */
#include "pii.h"

#include <string.h>

static void
S_mask_phone(struct buf *out, const char *s, size_t n)
{
	size_t digits = 0, i, seen = 0;

	for (i = 0; i < n; i++)
		digits += s[i] >= '0' && s[i] <= '9';
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			int keep;

			seen++;
			/* Short numbers keep only their first digit. */
			keep = digits >= 8 ? seen <= 3 || seen > digits - 4 : seen == 1;
			buf_addc(out, keep ? s[i] : '*');
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
