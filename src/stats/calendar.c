/* calendar.c - ISO weeks, months and reporting periods. */
#include "stats/calendar.h"

#include <stdlib.h>
#include <string.h>

#include "model/value.h"

void
stats_iso_week(int64_t day, int *year, int *week)
{
	int64_t wd = ((day + 3) % 7 + 7) % 7; /* 0 = Monday: 1970-01-01 was a Thursday */
	int64_t thu = day - wd + 3;           /* the week's Thursday names its year */
	unsigned m, d;
	int y;

	civil_from_days(thu, &y, &m, &d);
	*year = y;
	*week = (int)((thu - days_from_civil(y, 1, 1)) / 7) + 1;
}

int64_t
stats_week1(int y)
{
	int64_t jan4 = days_from_civil(y, 1, 4);

	return jan4 - ((jan4 + 3) % 7 + 7) % 7;
}

int64_t
stats_month_last(int y, unsigned m)
{
	return (m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1)) - 1;
}

static int
S_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
stats_period(const char *p, int64_t *from, int64_t *to)
{
	size_t n = strlen(p);
	int y, w, wy, ww;
	unsigned m;

	if (!strcmp(p, "all")) {
		*from = INT32_MIN;
		*to = INT32_MAX;
		return 0;
	}
	if (n < 4 || !S_digits(p, 4))
		return -1;
	y = atoi(p);
	if (y < 1) /* the calendar starts in 0001 (docs/records.md) */
		return -1;
	if (n == 4) {
		*from = days_from_civil(y, 1, 1);
		*to = days_from_civil(y, 12, 31);
		return 0;
	}
	if (n == 7 && p[4] == '-' && S_digits(p + 5, 2)) {
		m = (unsigned)atoi(p + 5);
		if (m < 1 || m > 12)
			return -1;
		*from = days_from_civil(y, m, 1);
		*to = stats_month_last(y, m);
		return 0;
	}
	if (n == 8 && p[4] == '-' && p[5] == 'W' && S_digits(p + 6, 2)) {
		w = atoi(p + 6);
		*from = stats_week1(y) + (int64_t)(w - 1) * 7;
		*to = *from + 6;
		stats_iso_week(*from, &wy, &ww);
		return w >= 1 && wy == y && ww == w ? 0 : -1;
	}
	return -1;
}
