/* value.c - typed reading of scalars; no YAML 1.1 guessing anywhere. */
#include "model/value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* Howard Hinnant's days_from_civil. */
int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void
civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	int64_t era, yy;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

int64_t
local_day(int64_t t, int tzoff)
{
	int64_t s = t + tzoff;

	return s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
}

int
day_supported(int64_t day)
{
	return day >= DAY_FIRST && day <= DAY_LAST;
}

int
time_supported(int64_t t, int tzoff)
{
	/*
	 * Outside these bounds no offset (git's reach ±99:59) brings t back into
	 * the range; inside them t + tzoff cannot overflow.
	 */
	const int64_t lo = (int64_t)(DAY_FIRST - 8) * 86400, hi = (int64_t)(DAY_LAST + 8) * 86400;

	return t > lo && t < hi && day_supported(local_day(t, tzoff));
}

int
format_date(char out[11], int64_t days)
{
	int y;
	unsigned m, d;

	if (!day_supported(days)) {
		memcpy(out, "\?\?\?\?-\?\?-\?\?", 11); /* no trigraphs */
		return -1;
	}
	civil_from_days(days, &y, &m, &d);
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 0;
}

int
format_time(int64_t t, int tz, char out[FORMAT_TIME_SIZE])
{
	int a = tz < 0 ? -tz : tz;
	int64_t local, secs;
	char day[11];

	a %= 6000; /* git allows no offset beyond ±99:59 */
	tz = tz < 0 ? -a : a;
	if (!time_supported(t, tz * 60)) {
		snprintf(out, FORMAT_TIME_SIZE, "invalid time");
		return -1;
	}
	local = t + (int64_t)tz * 60;
	format_date(day, local_day(t, tz * 60));
	secs = local - local_day(t, tz * 60) * 86400;
	snprintf(out, FORMAT_TIME_SIZE, "%s %02d:%02d %c%02d%02d", day, (int)(secs / 3600),
	         (int)(secs / 60 % 60), tz < 0 ? '-' : '+', a / 60, a % 60);
	return 0;
}

/* Two digits of 0 <= v < 100. */
static void
S_two(char *out, int v)
{
	out[0] = (char)('0' + v / 10);
	out[1] = (char)('0' + v % 10);
}

/* "YYYY-MM-DD HH:MM" of instant t at tzoff seconds, into out (17 bytes); -1 when not supported. */
static int
S_local(int64_t t, int tzoff, char *out)
{
	int64_t day, secs;

	if (!time_supported(t, tzoff))
		return -1;
	day = local_day(t, tzoff);
	secs = t + tzoff - day * 86400;
	format_date(out, day);
	out[10] = ' ';
	S_two(out + 11, (int)(secs / 3600));
	out[13] = ':';
	S_two(out + 14, (int)(secs / 60 % 60));
	out[16] = '\0';
	return 0;
}

/* "+HH:MM" of tzoff seconds (|tzoff| < 24 h), into out (7 bytes); zero is "+00:00". */
static void
S_offset(int tzoff, char *out)
{
	int a = tzoff < 0 ? -tzoff : tzoff;

	out[0] = tzoff < 0 ? '-' : '+';
	S_two(out + 1, a / 3600 % 100);
	out[3] = ':';
	S_two(out + 4, a / 60 % 60);
	out[6] = '\0';
}

int
show_time(const char *s, size_t n, int tzoff, struct shown_time *out)
{
	int64_t t;

	if (n == 10 && !value_date(s, n, &t)) {
		memcpy(out->text, s, 10);
		out->text[10] = '\0';
		memcpy(out->attr, out->text, 11);
		return 0;
	}
	if (value_datetime(s, n, tzoff, &t) || S_local(t, tzoff, out->text) < 0 ||
	    n + 7 > sizeof(out->attr))
		return -1;
	memcpy(out->attr, s, n);
	if (n == 16 || n == 19) /* no offset: the configured zone's */
		S_offset(tzoff, out->attr + n);
	else if (s[n - 6] == '-' && !memcmp(s + n - 5, "00:00", 5)) /* HTML has no -00:00 */
		out->attr[n - 6] = '+';
	out->attr[n + (n == 16 || n == 19 ? 6 : 0)] = '\0';
	return 0;
}

int
show_commit_time(int64_t t, int tz, int tzoff, struct shown_time *out)
{
	int64_t secs;
	char own[17];

	if (S_local(t, tzoff, out->text) < 0)
		return -1;
	/* HTML's offsets run to 23:59, git's to 99:59; "-00:00" it refuses. */
	if (tz <= -24 * 60 || tz >= 24 * 60 || !time_supported(t, tz * 60))
		tz = 0;
	if (S_local(t, tz * 60, own) < 0)
		return -1;
	secs = t + tz * 60;
	secs -= local_day(t, tz * 60) * 86400;
	memcpy(out->attr, own, 10);
	out->attr[10] = 'T';
	memcpy(out->attr + 11, own + 11, 5);
	out->attr[16] = ':';
	S_two(out->attr + 17, (int)(secs % 60));
	if (tz)
		S_offset(tz * 60, out->attr + 19);
	else
		memcpy(out->attr + 19, "Z", 2);
	return 0;
}

void
format_zone(int tzoff, char out[10])
{
	memcpy(out, "UTC", 3);
	S_offset(tzoff, out + 3);
}

static int
S_digits(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

int
value_int(const char *s, size_t n, int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	int64_t v = 0;

	if (n && (s[0] == '-' || s[0] == '+'))
		neg = s[i++] == '-';
	if (i == n || n - i > 18)
		return -1;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = neg ? -v : v;
	return 0;
}

int
value_number(const char *s, size_t n, double *out)
{
	char tmp[64];
	size_t i = 0, digits = 0;

	if (n && (s[0] == '-' || s[0] == '+'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (!digits)
		return -1;
	if (i < n && s[i] == '.') {
		size_t frac = 0;

		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			frac++;
		if (!frac)
			return -1;
	}
	if (i != n || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	*out = strtod(tmp, NULL);
	return isfinite(*out) ? 0 : -1;
}

int
value_money(const char *s, size_t n, int64_t *cents)
{
	size_t i = 0, digits = 0, frac = 0;
	int64_t v = 0; /* whole yuan, then cents; stops growing once over the maximum */
	int over = 0;

	if (n && s[0] == '+')
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		if (over)
			continue;
		v = v * 10 + (s[i] - '0');
		over = v > MONEY_MAX_CENTS / 100;
	}
	if (!digits)
		return -1;
	v *= 100;
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, frac++)
			if (frac < 2)
				v += (s[i] - '0') * (frac == 0 ? 10 : 1);
		if (!frac || frac > 2)
			return -1;
	}
	if (i != n)
		return -1;
	if (over)
		return -2;
	*cents = v;
	return 0;
}

int
value_bool(const char *s, size_t n, int64_t *out)
{
	if (n == 4 && !memcmp(s, "true", 4))
		*out = 1;
	else if (n == 5 && !memcmp(s, "false", 5))
		*out = 0;
	else
		return -1;
	return 0;
}

static int
S_days_in_month(unsigned y, unsigned m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

int
value_date(const char *s, size_t n, int64_t *days)
{
	unsigned y, m, d;

	if (n != 10 || s[4] != '-' || s[7] != '-' || S_digits(s, 4, &y) || S_digits(s + 5, 2, &m) ||
	    S_digits(s + 8, 2, &d))
		return -1;
	if (y < 1 || m < 1 || m > 12 || d < 1 || (int)d > S_days_in_month(y, m))
		return -1;
	*days = days_from_civil(y, m, d);
	return 0;
}

int
value_timezone(const char *s, size_t n, int *tzoff)
{
	unsigned hh, mm;

	if ((n == 1 && s[0] == 'Z') || (n == 3 && !memcmp(s, "UTC", 3))) {
		*tzoff = 0;
		return 0;
	}
	if (n != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' || S_digits(s + 1, 2, &hh) ||
	    S_digits(s + 4, 2, &mm) || hh > 14 || mm > 59)
		return -1;
	*tzoff = (int)(hh * 3600 + mm * 60) * (s[0] == '-' ? -1 : 1);
	return 0;
}

int
value_datetime(const char *s, size_t n, int tzoff, int64_t *t)
{
	unsigned hh, mi, ss = 0;
	int64_t days;
	size_t i;

	if (n < 16 || s[10] != 'T' || value_date(s, 10, &days) || s[13] != ':' ||
	    S_digits(s + 11, 2, &hh) || S_digits(s + 14, 2, &mi) || hh > 23 || mi > 59)
		return -1;
	i = 16;
	if (i < n && s[i] == ':') {
		if (n < 19 || S_digits(s + 17, 2, &ss) || ss > 59)
			return -1;
		i = 19;
	}
	if (i < n && value_timezone(s + i, n - i, &tzoff))
		return -1;
	if (i < n && n - i == 3) /* "UTC" is for the config, not for values */
		return -1;
	*t = days * 86400 + hh * 3600 + mi * 60 + ss - tzoff;
	return 0;
}

int
value_period(const char *s, size_t n)
{
	unsigned y, m;

	return n == 7 && s[4] == '-' && !S_digits(s, 4, &y) && !S_digits(s + 5, 2, &m) && y >= 1 &&
	               m >= 1 && m <= 12
	           ? 0
	           : -1;
}

int
value_phone(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (n && s[0] == '+')
		i++;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!strchr(" -()", s[i]) || s[i] == '\0')
			return -1;
	}
	return digits >= 5 && digits <= 20 ? 0 : -1;
}

int
value_email(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	size_t i;

	if (!at || at == s || memchr(at + 1, '@', n - (size_t)(at - s) - 1))
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\0')
			return -1;
	/* A dot in the domain, with something on each side of it. */
	for (i = (size_t)(at - s) + 2; i + 1 < n; i++)
		if (s[i] == '.')
			return 0;
	return -1;
}

int
value_bad_char(const char *s, size_t n, int multiline, size_t *index, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, j, k, at = 0;
	uint32_t c;

	while (i < n) {
		at++;
		c = u[i];
		k = 1;
		if (c >= 0x80) {
			k = utf8_seq(u + i, n - i);
			if (!k) { /* not UTF-8: the encoding rule's */
				i++;
				continue;
			}
			c = k == 2 ? u[i] & 0x1Fu : k == 3 ? u[i] & 0x0Fu : u[i] & 0x07u;
			for (j = 1; j < k; j++)
				c = (c << 6) | (u[i + j] & 0x3Fu);
		}
		if ((c < 0x20 && !(multiline && (c == '\t' || c == '\n'))) ||
		    (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF) {
			*index = at;
			*cp = c;
			return -1;
		}
		i += k;
	}
	return 0;
}
