/*
 * value.h - reading scalars by their field's type (docs/records.md, "How values are read"): dates,
 * datetimes, money, phones. Each returns 0 on success, -1 when the text is
 * not of the type.
 */
#ifndef SVCGEN_VALUE_H
#define SVCGEN_VALUE_H

#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);
/* The local date (days) of an instant, at a UTC offset in seconds. */
int64_t local_day(int64_t t, int tzoff);

/*
 * The supported calendar (docs/records.md, "Dates and times"): local dates
 * from 0001-01-01 to 9999-12-31, the dates YYYY-MM-DD can write.
 */
#define DAY_FIRST (-719162) /* 0001-01-01 */
#define DAY_LAST 2932896    /* 9999-12-31 */
/* Is day (days since 1970-01-01) a supported date? */
int day_supported(int64_t day);
/*
 * Is the instant t (seconds since 1970-01-01 UTC) on a supported date at the
 * UTC offset tzoff (seconds)? Any t, up to INT64_MAX, is safe to ask about.
 */
int time_supported(int64_t t, int tzoff);

int value_int(const char *s, size_t n, int64_t *out);
int value_number(const char *s, size_t n, double *out);
/*
 * The largest amount of money a field takes, in cents: 999,999,999,999.99
 * (docs/records.md). Sums of any number of them stay exact (stats.h).
 */
#define MONEY_MAX_CENTS INT64_C(99999999999999)
/* A decimal >= 0 with at most 2 places: 0; -1 when it is not; -2 above MONEY_MAX_CENTS. */
int value_money(const char *s, size_t n, int64_t *cents);
int value_bool(const char *s, size_t n, int64_t *out);
int value_date(const char *s, size_t n, int64_t *days);
/* A missing offset means tzoff (seconds east of UTC). */
int value_datetime(const char *s, size_t n, int tzoff, int64_t *t);
int value_period(const char *s, size_t n);
int value_phone(const char *s, size_t n);
int value_email(const char *s, size_t n);
/* "Z", "UTC" or "+HH:MM"/"-HH:MM" to seconds east of UTC. */
int value_timezone(const char *s, size_t n, int *tzoff);

/*
 * The first character a string field may not hold (docs/rules/type.md):
 * a C0 control (with multiline, a `text` field, tab and newline are
 * allowed), DEL, a C1 control, or the noncharacter U+FFFE or U+FFFF.
 * Returns 0 when there is none, else -1 with *cp the character and *index
 * its place in s, counting code points from 1.
 */
int value_bad_char(const char *s, size_t n, int multiline, size_t *index, uint32_t *cp);

/*
 * Writes YYYY-MM-DD (11 bytes with the NUL): 0 when days is a supported
 * date; else -1, and out is "????-??-??", never a date of another year.
 */
int format_date(char out[11], int64_t days);
#define FORMAT_TIME_SIZE 64

/*
 * "2026-03-01 10:00 +0800": a time at its own offset (minutes); 0. A time
 * whose date there is not from 0001-01-01 to 9999-12-31 (docs/history.md)
 * is never written as a date: out is "invalid time", and -1.
 */
int format_time(int64_t t, int tz, char out[FORMAT_TIME_SIZE]);

/*
 * A date or a time as the site shows it (docs/site.md, "Dates and
 * times"): text, "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" (seconds dropped) in
 * the configured zone, and attr, the exact value for HTML's datetime
 * attribute.
 */
struct shown_time {
	char text[17];
	char attr[32];
};
/*
 * A record's date or datetime text s: a datetime is converted to the zone
 * tzoff (seconds east of UTC; one without an offset is in it already); attr
 * is s when it has its offset, s with tzoff's when it has none, a "-00:00"
 * written "+00:00". -1 when s is neither a date nor a datetime whose date
 * there is supported: the caller shows it as written.
 */
int show_time(const char *s, size_t n, int tzoff, struct shown_time *out);
/*
 * A commit's time t with its own offset tz (minutes): text in the zone
 * tzoff, attr at tz with seconds (UTC when tz is no offset HTML can write).
 * -1 when the calendar cannot hold it (docs/history.md).
 */
int show_commit_time(int64_t t, int tz, int tzoff, struct shown_time *out);
/* "UTC+08:00", "UTC-03:30", "UTC+00:00": the zone tzoff (seconds), as pages name it. */
void format_zone(int tzoff, char out[10]);

#endif
