/* unit-tests.c - unit tests of the modules, with a tiny harness (TAP-like output). */
#define _GNU_SOURCE /* O_PATH, for source_openat */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/attach.h"
#include "base/glob.h"
#include "load/config_parse.h"
#include "model/config.h"
#include "model/diag.h"
#include "base/escape.h"
#include "load/load.h"
#include "cli/log.h"
#include "load/parse.h"
#include "model/node.h"
#include "model/pii.h"
#include "load/source.h"
#include "model/typecheck.h"
#include "base/util.h"
#include "stats/stats.h"
#include "model/value.h"

static int S_failed;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (cond)                                                                          \
			printf("ok - %s:%d %s\n", __func__, __LINE__, #cond);                      \
		else {                                                                             \
			printf("not ok - %s:%d %s\n", __func__, __LINE__, #cond);                  \
			S_failed = 1;                                                              \
		}                                                                                  \
	} while (0)

static void
test_dates(void)
{
	int64_t d, t;
	char buf[11];

	CHECK(value_date("1970-01-01", 10, &d) == 0 && d == 0);
	CHECK(value_date("2024-02-29", 10, &d) == 0);
	CHECK(value_date("2024-02-30", 10, &d) < 0);
	CHECK(value_date("2023-02-29", 10, &d) < 0);
	CHECK(value_date("2026-13-01", 10, &d) < 0);
	CHECK(value_date("2026-1-01", 9, &d) < 0);
	CHECK(value_date("2026-11-27", 10, &d) == 0);
	format_date(buf, d);
	CHECK(!strcmp(buf, "2026-11-27"));
	/* 01:30 at +08:00 is still the previous day in UTC. */
	CHECK(value_datetime("2026-03-01T01:30+08:00", 22, 0, &t) == 0);
	CHECK(local_day(t, 8 * 3600) == days_from_civil(2026, 3, 1));
	CHECK(local_day(t, 0) == days_from_civil(2026, 2, 28));
	/* A missing offset means the configured zone. */
	CHECK(value_datetime("2026-03-01T01:30", 16, 8 * 3600, &t) == 0);
	CHECK(local_day(t, 0) == days_from_civil(2026, 2, 28));
	CHECK(value_datetime("2026-03-01T01:30:59Z", 20, 8 * 3600, &t) == 0);
	CHECK(t % 60 == 59);
	CHECK(value_datetime("2026-03-01 01:30", 16, 0, &t) < 0);
	CHECK(value_datetime("2026-03-01T24:00", 16, 0, &t) < 0);
	CHECK(value_datetime("2026-03-01T10:00+8", 18, 0, &t) < 0);
	CHECK(value_datetime("2026-03-01T10:00UTC", 19, 0, &t) < 0);
	CHECK(local_day(-1, 0) == -1);
}

/* The supported calendar: local dates 0001-01-01 to 9999-12-31 (docs/records.md). */
static void
test_date_range(void)
{
	char buf[11], when[FORMAT_TIME_SIZE];
	int64_t t;

	CHECK(DAY_FIRST == days_from_civil(1, 1, 1) && DAY_LAST == days_from_civil(9999, 12, 31));
	CHECK(day_supported(DAY_FIRST) && day_supported(DAY_LAST));
	CHECK(!day_supported(DAY_FIRST - 1) && !day_supported(DAY_LAST + 1));
	CHECK(format_date(buf, DAY_LAST) == 0 && !strcmp(buf, "9999-12-31"));
	CHECK(format_date(buf, DAY_FIRST) == 0 && !strcmp(buf, "0001-01-01"));
	/* Beyond the ends: a marker, never a year that wrapped to 0000. */
	CHECK(format_date(buf, DAY_LAST + 1) < 0 && !strcmp(buf, "\?\?\?\?-\?\?-\?\?"));
	CHECK(format_date(buf, DAY_FIRST - 1) < 0 && strncmp(buf, "0000", 4));
	/* 9999-12-31T20:00Z is already 10000-01-01 at +08:00. */
	CHECK(value_datetime("9999-12-31T20:00Z", 17, 0, &t) == 0);
	CHECK(time_supported(t, 0) && !time_supported(t, 8 * 3600));
	CHECK(value_datetime("9999-12-31T15:59:59Z", 20, 0, &t) == 0 &&
	      time_supported(t, 8 * 3600));
	CHECK(value_datetime("0001-01-01T07:59+08:00", 22, 0, &t) == 0);
	CHECK(time_supported(t, 8 * 3600) && !time_supported(t, 0));
	CHECK(!time_supported(INT64_MAX, 0) && !time_supported(INT64_MIN, 0));
	CHECK(!time_supported(INT64_MAX, -50400) && !time_supported(INT64_MIN, 50400));
	CHECK(!time_supported(99999999999999, 8 * 3600));
	CHECK(value_period("0000-01", 7) < 0 && value_period("0001-01", 7) == 0);
	CHECK(stats_period("0000", &t, &t) < 0 && stats_period("0000-W01", &t, &t) < 0);
	/* Commit times, at their own offset (minutes). */
	CHECK(format_time(0, 480, when) == 0 && !strcmp(when, "1970-01-01 08:00 +0800"));
	CHECK(format_time(-1, -90, when) == 0 && !strcmp(when, "1969-12-31 22:29 -0130"));
	CHECK(format_time(99999999999999, 0, when) < 0 && !strcmp(when, "invalid time"));
	CHECK(format_time(253402300799, 0, when) == 0 && !strcmp(when, "9999-12-31 23:59 +0000"));
	CHECK(format_time(253402300799, 1, when) < 0 && !strcmp(when, "invalid time"));
	CHECK(format_time(-62135596800, 0, when) == 0 && !strcmp(when, "0001-01-01 00:00 +0000"));
	CHECK(format_time(-62135596800, -1, when) < 0);
}

/* Dates and times as the site shows them (docs/site.md, "Dates and times"). */
static void
test_shown_time(void)
{
	struct shown_time t;
	char zone[10];

#define SHOWN(s, tz, text_, attr_)                                                                 \
	(show_time(s, strlen(s), tz, &t) == 0 && !strcmp(t.text, text_) && !strcmp(t.attr, attr_))
	/* A date as it is; a datetime with its offset converted, its text kept in the attribute. */
	CHECK(SHOWN("2026-01-15", 8 * 3600, "2026-01-15", "2026-01-15"));
	CHECK(SHOWN("2026-01-15T14:20+08:00", 8 * 3600, "2026-01-15 14:20",
	            "2026-01-15T14:20+08:00"));
	/* Seconds dropped from the text, kept in the attribute. */
	CHECK(SHOWN("2026-01-15T17:15:59+08:00", 8 * 3600, "2026-01-15 17:15",
	            "2026-01-15T17:15:59+08:00"));
	/* Without an offset it is in the configured zone already: the attribute says which. */
	CHECK(SHOWN("2026-01-17T14:35", 8 * 3600, "2026-01-17 14:35", "2026-01-17T14:35+08:00"));
	CHECK(SHOWN("2026-01-17T14:35:07", -(3 * 3600 + 1800), "2026-01-17 14:35",
	            "2026-01-17T14:35:07-03:30"));
	CHECK(SHOWN("2026-01-17T14:35", 0, "2026-01-17 14:35", "2026-01-17T14:35+00:00"));
	/* Across midnight, forwards and backwards. */
	CHECK(SHOWN("2026-01-15T20:30Z", 8 * 3600, "2026-01-16 04:30", "2026-01-15T20:30Z"));
	CHECK(SHOWN("2026-01-16T02:00+08:00", 0, "2026-01-15 18:00", "2026-01-16T02:00+08:00"));
	/* Across the date line: from -10:00 to +14:00 is a day later. */
	CHECK(SHOWN("2026-12-31T23:00-10:00", 14 * 3600, "2027-01-01 23:00",
	            "2026-12-31T23:00-10:00"));
	CHECK(SHOWN("2026-03-01T00:30+14:00", -10 * 3600, "2026-02-28 00:30",
	            "2026-03-01T00:30+14:00"));
	/* HTML writes no -00:00. */
	CHECK(SHOWN("2026-01-15T14:20-00:00", 0, "2026-01-15 14:20", "2026-01-15T14:20+00:00"));
	/* Invalid values are left to the caller, to show as written. */
	CHECK(show_time("2026-02-30", 10, 0, &t) < 0);
	CHECK(show_time("2026-01-15 14:20", 16, 0, &t) < 0);
	CHECK(show_time("2026-01-15T25:00", 16, 0, &t) < 0);
	CHECK(show_time("soon", 4, 0, &t) < 0);
	CHECK(show_time("", 0, 0, &t) < 0);
	/* A datetime whose date in the zone is past the calendar. */
	CHECK(show_time("9999-12-31T23:00-05:00", 22, 8 * 3600, &t) < 0);
	CHECK(SHOWN("9999-12-31T23:00-05:00", -5 * 3600, "9999-12-31 23:00",
	            "9999-12-31T23:00-05:00"));
#undef SHOWN
	/* Commit times: shown in the zone, the attribute at their own offset (minutes). */
	CHECK(show_commit_time(1795773600, 480, 8 * 3600, &t) == 0 &&
	      !strcmp(t.text, "2026-11-27 18:00") && !strcmp(t.attr, "2026-11-27T18:00:00+08:00"));
	CHECK(show_commit_time(1795773605, -300, 8 * 3600, &t) == 0 &&
	      !strcmp(t.text, "2026-11-27 18:00") && !strcmp(t.attr, "2026-11-27T05:00:05-05:00"));
	CHECK(show_commit_time(1795773600, 0, 0, &t) == 0 && !strcmp(t.text, "2026-11-27 10:00") &&
	      !strcmp(t.attr, "2026-11-27T10:00:00Z"));
	/* An offset HTML cannot write (git allows ±99:59): the attribute in UTC. */
	CHECK(show_commit_time(1795773600, 99 * 60, 8 * 3600, &t) == 0 &&
	      !strcmp(t.attr, "2026-11-27T10:00:00Z"));
	CHECK(show_commit_time(99999999999999, 0, 0, &t) < 0);
	format_zone(8 * 3600, zone);
	CHECK(!strcmp(zone, "UTC+08:00"));
	format_zone(-(9 * 3600 + 1800), zone);
	CHECK(!strcmp(zone, "UTC-09:30"));
	format_zone(0, zone);
	CHECK(!strcmp(zone, "UTC+00:00"));
}

static void
test_scalars(void)
{
	int64_t i;
	double dd;

	CHECK(value_money("12.5", 4, &i) == 0 && i == 1250);
	CHECK(value_money("12.05", 5, &i) == 0 && i == 1205);
	CHECK(value_money("12.005", 6, &i) < 0);
	CHECK(value_money("-1", 2, &i) < 0);
	CHECK(value_money("1.", 2, &i) < 0);
	/* At most 999,999,999,999.99 (docs/records.md); above it -2, not "not money". */
	CHECK(value_money("999999999999.99", 15, &i) == 0 && i == MONEY_MAX_CENTS);
	CHECK(value_money("1000000000000", 13, &i) == -2);
	CHECK(value_money("999999999999999.99", 18, &i) == -2);
	CHECK(value_money("99999999999999999999999999", 26, &i) == -2);
	CHECK(value_money("99999999999999999999999999x", 27, &i) == -1);
	CHECK(value_money("1000000000000.005", 17, &i) == -1);
	CHECK(value_money("0000000000000000001.50", 22, &i) == 0 && i == 150);
	CHECK(value_int("0755", 4, &i) == 0 && i == 755);
	CHECK(value_int("1:20", 4, &i) < 0);
	CHECK(value_int("", 0, &i) < 0);
	CHECK(value_number("2.5", 3, &dd) == 0 && dd == 2.5);
	CHECK(value_number("1e9", 3, &dd) < 0);
	CHECK(value_number(".5", 2, &dd) < 0);
	CHECK(value_bool("true", 4, &i) == 0 && i == 1);
	CHECK(value_bool("yes", 3, &i) < 0);
	CHECK(value_bool("True", 4, &i) < 0);
	CHECK(value_phone("013812345678", 12) == 0);
	CHECK(value_phone("+86 (21) 1234-5678", 18) == 0);
	CHECK(value_phone("1234", 4) < 0);
	CHECK(value_phone("138x1234567", 11) < 0);
	CHECK(value_email("a@b.cn", 6) == 0);
	CHECK(value_email("a@b", 3) < 0);
	CHECK(value_email("a b@c.cn", 8) < 0);
	CHECK(value_email("a@@b.cn", 7) < 0);
	CHECK(value_period("2026-11", 7) == 0);
	CHECK(value_period("2026-13", 7) < 0);
}

static void
test_ids(void)
{
	CHECK(record_id_valid("SR-2026-0001", 12));
	CHECK(record_id_valid("a.b_c-d", 7));
	CHECK(!record_id_valid("../../x", 7));
	CHECK(!record_id_valid("a/b", 3));
	CHECK(!record_id_valid("a\\b", 3));
	CHECK(!record_id_valid("..", 2));
	CHECK(!record_id_valid(".git", 4));
	CHECK(!record_id_valid("", 0));
	CHECK(!record_id_valid("CON", 3));
	CHECK(!record_id_valid("nul", 3));
	CHECK(!record_id_valid("com1.txt", 8));
	CHECK(record_id_valid("CONSOLE", 7));
	CHECK(!record_id_valid("a\xe2\x80\x8b", 4)); /* zero-width space */
	CHECK(!record_id_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	                       65));
}

/* The backtracking matcher glob_match replaced: the model it must agree with. */
static int
S_glob_model(const char *pat, const char *path)
{
	for (; *pat; pat++, path++) {
		if (pat[0] == '*' && pat[1] == '*') {
			pat += 2;
			if (*pat == '/')
				pat++;
			if (!*pat)
				return 1;
			for (;;) {
				if (S_glob_model(pat, path))
					return 1;
				path = strchr(path, '/');
				if (!path)
					return 0;
				path++;
			}
		}
		if (*pat == '*') {
			for (;; path++) {
				if (S_glob_model(pat + 1, path))
					return 1;
				if (!*path || *path == '/')
					return 0;
			}
		}
		if (!*path)
			return 0;
		if (*pat == '?') {
			if (*path == '/')
				return 0;
		} else if (*pat != *path) {
			return 0;
		}
	}
	return !*path;
}

/* Every string of up to max letters from alpha, in order; returns 0 past the last. */
static int
S_next_word(char *w, const char *alpha, size_t max)
{
	size_t i, n = strlen(w), k = strlen(alpha);

	for (i = n; i-- > 0;) {
		const char *at = strchr(alpha, w[i]);

		if ((size_t)(at - alpha) + 1 < k) {
			w[i] = at[1];
			return 1;
		}
		w[i] = alpha[0];
	}
	if (n == max)
		return 0;
	memset(w, alpha[0], n + 1);
	w[n + 1] = '\0';
	return 1;
}

static void
test_glob(void)
{
	char pat[8] = "", path[8], big[256];
	size_t disagree = 0;

	/* Every pattern of up to 5 of a b / * ? against every path of up to 5 of a b /. */
	do {
		path[0] = '\0';
		do
			disagree += glob_match(pat, path) != S_glob_model(pat, path);
		while (S_next_word(path, "ab/", 5));
	} while (S_next_word(pat, "ab/*?", 5));
	CHECK(disagree == 0);
	CHECK(glob_match("drafts/**", "drafts/a/b.md"));
	CHECK(!glob_match("drafts/**", "service/drafts"));
	CHECK(glob_match("*/tmp", "service/tmp"));
	CHECK(!glob_match("*/tmp", "a/service/tmp"));
	CHECK(glob_match("**/tmp", "a/service/tmp"));
	CHECK(glob_match("service/*.yml", "service/x.yml"));
	/* Many stars against a long name that fails at its end: exponential for backtracking. */
	memset(big, 'a', 200);
	strcpy(big + 200, ".yaml");
	CHECK(!glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", big));
	CHECK(glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*.yaml", big));
	CHECK(!glob_match("**/**/**/**/**/**/**/**/**/**/**/**/x",
	                  "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/y"));
}

static void
test_text(void)
{
	CHECK(edit_distance("vists", "visits", 1) == 1);
	CHECK(edit_distance("Visits", "visits", 1) == 0);
	CHECK(edit_distance("Visits", "visits", 0) == 1);
	CHECK(utf8_count("华东x", 7) == 3);
}

/*
 * Average probes of a successful lookup in a linear-probing table of n ids laid
 * out as repo_find's index is (cap >= 2n + 2, first come first placed); fmt is
 * a printf format of one int; ci: hashed as repo_find_ci hashes.
 */
static double
S_probes(const char *fmt, size_t n, int ci)
{
	size_t cap = 16, i, j, total = 0;
	uint32_t *slot;
	char id[32];

	while (cap < n * 2 + 2)
		cap *= 2;
	slot = xcalloc(cap, sizeof(*slot));
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), fmt, (int)i);
		j = hash_slot(ci ? hash_str_ci(id) : hash_bytes(id, strlen(id)), cap);
		for (total++; slot[j]; j = (j + 1) & (cap - 1))
			total++;
		slot[j] = (uint32_t)i + 1;
	}
	free(slot);
	return (double)total / (double)n;
}

/* Ids that differ in a few digits spread over the id index (docs/architecture.md, Scale). */
static void
test_hash_slot(void)
{
	CHECK(hash_slot(0, 1) == 0 && hash_slot(~(uint64_t)0, 1) == 0);
	CHECK(hash_slot(hash_bytes("SR-2026-000123", 14), 1024) < 1024);
	CHECK(S_probes("SR-2026-%06d", 200000, 0) < 3);
	CHECK(S_probes("V-2026-%06d", 200000, 0) < 3);
	CHECK(S_probes("E%08d", 200000, 0) < 3);
	CHECK(S_probes("sr-2026-%06d", 200000, 1) < 3);
	CHECK(S_probes("CU-%05d", 75000, 1) < 3);
}

static void
test_front_matter(void)
{
	size_t off, len, body;
	uint32_t line;
	int unclosed;
	const char *a = "\xEF\xBB\xBF---  \r\nid: x\r\n...\r\nbody\n";

	CHECK(load_front_matter(a, strlen(a), &off, &len, &body, &line, &unclosed) == 0);
	CHECK(line == 4);
	CHECK(!strncmp(a + off, "id: x\r\n", len));
	CHECK(!strcmp(a + body, "body\n"));
	CHECK(load_front_matter("id: x\n", 6, &off, &len, &body, &line, &unclosed) < 0 &&
	      !unclosed);
	CHECK(load_front_matter("---\nid: x\n", 10, &off, &len, &body, &line, &unclosed) < 0 &&
	      unclosed);
	CHECK(load_front_matter("---\nid: x\n----\n", 16, &off, &len, &body, &line, &unclosed) < 0);
}

static void
test_nodes(void)
{
	struct arena a;
	struct diags d;
	struct node_limits lim = {32, NULL};
	const struct node *root, *v;
	int empty;
	const char *y = "id: C-1\nname: \"华东\"\nphone: 013812345678\nregion: NO\nx: ~\n";

	arena_init(&a);
	diags_init(&d);
	root = node_parse(&a, y, strlen(y), 1, "t", &lim, &d, &empty);
	CHECK(root && root->type == NODE_MAP && root->n == 5);
	v = node_get(root, "phone");
	CHECK(v && v->type == NODE_SCALAR && !strcmp(v->u.str, "013812345678") && v->line == 4);
	v = node_get(root, "region");
	CHECK(v && v->plain && !strcmp(v->u.str, "NO") && v->col == 9);
	v = node_get(root, "x");
	CHECK(v && v->type == NODE_NULL);
	CHECK(d.n == 0);
	root = node_parse(&a, "[[[[", 4, 0, "t", &lim, &d, &empty);
	CHECK(!root && d.n == 1 && d.v[0].rule == RULE_YAML_SYNTAX);
	lim.depth = 3;
	root = node_parse(&a, "a: {b: {c: {d: 1}}}", 19, 0, "t", &lim, &d, &empty);
	CHECK(!root && d.n == 2 && d.v[1].rule == RULE_TOO_DEEP && d.v[1].col == 12);
	CHECK(node_parse(&a, "", 0, 0, "t", &lim, &d, &empty) == NULL && empty);
	/* A byte order mark is accepted and takes no column. */
	root = node_parse(&a, "\xEF\xBB\xBFid: x", 8, 0, "t", &lim, &d, &empty);
	CHECK(root && (v = node_get(root, "id")) && v->line == 1 && v->col == 5);
	diags_free(&d);
	arena_free(&a);
}

static void
test_encoding(void)
{
	struct diags d;

	diags_init(&d);
	CHECK(text_check_encoding("a: 华\xff", 7, 0, "t", &d) < 0);
	CHECK(d.n == 1 && d.v[0].line == 1 && d.v[0].col == 5);
	CHECK(text_check_encoding("\xff\xfe"
	                          "a\0",
	                          4, 0, "t", &d) < 0);
	CHECK(text_check_encoding("a: \xed\xa0\x80", 6, 0, "t", &d) < 0); /* a surrogate */
	CHECK(text_check_encoding("a: \xc0\xaf", 5, 0, "t", &d) < 0);     /* overlong */
	CHECK(text_check_encoding("a: 华东\n", 10, 0, "t", &d) == 0);
	diags_free(&d);
}

static void
test_pii(void)
{
	struct diags d;
	const char *body = "电话 13812345678，身份证 11010519491231002X，座机 021-12345678\n"
	                   "订单 123456789012345678901 不算\n";

	diags_init(&d);
	load_scan_pii(body, strlen(body), 10, "t", &d);
	CHECK(d.n == 3);
	CHECK(d.n > 0 && d.v[0].line == 10 && d.v[0].col == 4 &&
	      strstr(d.v[0].message, "138****5678"));
	CHECK(d.n > 1 && strstr(d.v[1].message, "ID-card"));
	CHECK(d.n > 2 && strstr(d.v[2].message, "phone"));
	diags_free(&d);
}

/* Phone masking (docs/site.md, "Personal data"): short numbers hide enough too. */
static void
test_phone_mask(void)
{
	struct buf b = BUF_INIT;
	size_t n, head, tail;

#define MASK(in, want)                                                                             \
	do {                                                                                       \
		buf_reset(&b);                                                                     \
		pii_mask(&b, T_PHONE, in, strlen(in));                                             \
		CHECK(!strcmp(buf_str(&b), want));                                                 \
	} while (0)
	MASK("12345", "1****");
	MASK("12345678", "12****78");
	MASK("13812345678", "138****5678");
	MASK("12345678901234567890", "123*************7890");
	MASK("1234-5678", "12**-**78");
	MASK("+86 138-1234-5678", "+86 1**-****-5678"); /* 13 digits, the country code first */
	MASK("(021) 1234 5678", "(021) **** 5678");
	MASK("+1 2-3 4-5", "+1 *-* *-*");
	MASK("010-1234567", "010-*****67");
#undef MASK
	/* Every length a phone field takes: at least 4 digits hidden, half below 11. */
	for (n = 5; n <= 20; n++) {
		pii_phone_keep(n, &head, &tail);
		CHECK(n - head - tail >= 4);
		CHECK(n >= 11 || 2 * (n - head - tail) >= n);
		CHECK(head <= 3 && tail <= 4);
	}
	buf_free(&b);
}

/* CSV text cells (docs/site.md, "Exports"): RFC 4180, and no cell a spreadsheet runs. */
static void
test_csv_field(void)
{
	struct buf b = BUF_INIT;

#define CSV(in, want)                                                                              \
	do {                                                                                       \
		buf_reset(&b);                                                                     \
		stats_csv_field(&b, in);                                                           \
		CHECK(!strcmp(buf_str(&b), want));                                                 \
	} while (0)
	CSV("华东", "华东");
	CSV("", "");
	CSV("a=b", "a=b");
	CSV("a,b", "\"a,b\"");
	CSV("say \"hi\"", "\"say \"\"hi\"\"\"");
	CSV("=1+1", "\"'=1+1\"");
	CSV("+1", "\"'+1\"");
	CSV("-1", "\"'-1\""); /* a text, not a figure: figures never come here */
	CSV("@SUM(A1)", "\"'@SUM(A1)\"");
	CSV("\tx", "\"'\tx\"");
	CSV("\rx", "\"'\rx\"");
	CSV("=HYPERLINK(\"http://e/\",\"x\")", "\"'=HYPERLINK(\"\"http://e/\"\",\"\"x\"\")\"");
	CSV(" =1", " =1");
#undef CSV
	buf_free(&b);
}

/* The exact rounding, periods and ISO weeks of the statistics (docs/metrics.md). */
static void
test_stats_numbers(void)
{
	struct buf b = BUF_INIT;
	int64_t from, to;

#define RATIO(p, q, dec, want)                                                                     \
	do {                                                                                       \
		buf_reset(&b);                                                                     \
		stats_format_ratio(&b, p, q, dec);                                                 \
		CHECK(!strcmp(buf_str(&b), want));                                                 \
	} while (0)
	RATIO(100, 64, 3, "1.563"); /* 1.5625: half away from zero, not to even */
	RATIO(100, 64, 1, "1.6");
	RATIO(200, 3, 3, "66.667");
	RATIO(2, 3, 0, "1");
	RATIO(-100, 64, 3, "-1.563");
	RATIO(-1, 4000, 3, "0.000"); /* -0.00025 rounds to zero: no "-0.000" */
	RATIO(100, 1, 1, "100.0");
	RATIO(0, 5, 3, "0.000");
	RATIO(INT64_MAX, 1, 3, "9223372036854775807.000"); /* 2 p 10^3 needs more than 64 bits */
	RATIO(INT64_MAX, 2, 0, "4611686018427387904");
	RATIO(INT64_MIN + 1, 1000, 3, "-9223372036854775.807");
#undef RATIO
	/* Sums of money beyond 64 bits, exact; averages rounded as ratios are. */
#define MONEY(cents, per, dec, want)                                                               \
	do {                                                                                       \
		buf_reset(&b);                                                                     \
		if (dec < 0)                                                                       \
			stats_format_json_money(&b, cents, per);                                   \
		else                                                                               \
			stats_format_money(&b, cents, per, dec);                                   \
		CHECK(!strcmp(buf_str(&b), want));                                                 \
	} while (0)
	MONEY((stats_cents)MONEY_MAX_CENTS * 3 * 4294967295u, 1, 2,
	      "12884901884999871150981.15"); /* three maximums on each of 2^32 - 1 records */
	MONEY((stats_cents)MONEY_MAX_CENTS * 200, 1, -1, "199999999999998");
	MONEY((stats_cents)MONEY_MAX_CENTS * 199 + 9, 200, -1, "994999999999.991"); /* .9905 */
	MONEY((stats_cents)MONEY_MAX_CENTS * 199 + 9, 200, 2, "994999999999.99");
	MONEY(387, 8, -1, "0.484"); /* 0.48375 */
	MONEY(2, 8, -1, "0.003");   /* 0.0025: half away from zero */
	MONEY(1250, 1, -1, "12.5");
	MONEY(0, 3, 2, "0.00");
#undef MONEY
	CHECK(stats_period("all", &from, &to) == 0 && from < to);
	CHECK(stats_period("2026", &from, &to) == 0 && from == days_from_civil(2026, 1, 1) &&
	      to == days_from_civil(2026, 12, 31));
	CHECK(stats_period("2026-02", &from, &to) == 0 && to == days_from_civil(2026, 2, 28));
	CHECK(stats_period("2024-02", &from, &to) == 0 && to == days_from_civil(2024, 2, 29));
	/* ISO weeks: 2026-W01 starts on Monday 2025-12-29; 2026 has 53 weeks. */
	CHECK(stats_period("2026-W01", &from, &to) == 0 && from == days_from_civil(2025, 12, 29) &&
	      to == days_from_civil(2026, 1, 4));
	CHECK(stats_period("2026-W53", &from, &to) == 0 && from == days_from_civil(2026, 12, 28) &&
	      to == days_from_civil(2027, 1, 3));
	CHECK(stats_period("2025-W53", &from, &to) < 0);
	CHECK(stats_period("2026-W00", &from, &to) < 0);
	CHECK(stats_period("2026-13", &from, &to) < 0);
	CHECK(stats_period("26-01", &from, &to) < 0);
	CHECK(stats_period("2026-3", &from, &to) < 0);
	buf_free(&b);
}

/*
 * html_escape against a byte-at-a-time model, each special (an entity, a
 * control that becomes U+FFFD, a character that stays) at each place of
 * strings of 1..48 bytes, so that every one crosses the vector loop's
 * 16-byte steps and its end.
 */
static void
test_escape(void)
{
	static const char *const specials[] = {"&",
	                                       "<",
	                                       ">",
	                                       "\"",
	                                       "'",
	                                       "\x1b",
	                                       "\x07",
	                                       "\x08",
	                                       "\x7f",
	                                       "\x0c",
	                                       "\x1f",
	                                       "\t",
	                                       "\n",
	                                       "\r",
	                                       "\xc2\x85",
	                                       "\xc2\x80",
	                                       "\xc2\x9f",
	                                       "\xc2\xa0",
	                                       "\xc2",
	                                       "\xef\xbf\xbe",
	                                       "\xef\xbf\xbf",
	                                       "\xef\xbf\xbd",
	                                       "\xef\xbc\x8c",
	                                       "\xef\xbf",
	                                       "\xe5\x8d\x8e",
	                                       " "};
	const size_t nspecials = ARRAY_LEN(specials);
	char in[52];
	struct buf got = BUF_INIT, want = BUF_INIT;
	size_t n, at, k, i, len, bad = 0;

	for (n = 1; n <= 48; n++)
		for (at = 0; at < n; at++)
			for (k = 0; k < nspecials; k++) {
				for (i = 0; i < n; i++)
					in[i] = (char)(i % 7 == 3 ? '\xe5' : 'a' + (int)(i % 26));
				len = strlen(specials[k]);
				memcpy(in + at, specials[k], len);
				len = at + len > n ? at + len : n;
				in[n - 1] = n % 2 && at + 1 < n ? '>' : in[n - 1];
				buf_reset(&got);
				buf_reset(&want);
				html_escape(&got, in, len);
				for (i = 0; i < len; i++) {
					unsigned char c = (unsigned char)in[i];

					if (c == '&')
						buf_adds(&want, "&amp;");
					else if (c == '<')
						buf_adds(&want, "&lt;");
					else if (c == '>')
						buf_adds(&want, "&gt;");
					else if (c == '"')
						buf_adds(&want, "&quot;");
					else if (c == '\'')
						buf_adds(&want, "&#39;");
					else if ((c < 0x20 && c != '\t' && c != '\n' &&
					          c != '\r') ||
					         c == 0x7f)
						buf_adds(&want, "\xef\xbf\xbd");
					else if (c == 0xc2 && i + 1 < len &&
					         (unsigned char)in[i + 1] >= 0x80 &&
					         (unsigned char)in[i + 1] <= 0x9f) {
						buf_adds(&want, "\xef\xbf\xbd");
						i++;
					} else if (c == 0xef && i + 2 < len &&
					           (unsigned char)in[i + 1] == 0xbf &&
					           ((unsigned char)in[i + 2] == 0xbe ||
					            (unsigned char)in[i + 2] == 0xbf)) {
						buf_adds(&want, "\xef\xbf\xbd");
						i += 2;
					} else
						buf_addc(&want, (char)c);
				}
				if (got.len != want.len || memcmp(got.buf, want.buf, got.len))
					bad++;
			}
	CHECK(bad == 0);
	buf_reset(&got);
	html_escape(&got, "no entity at all, seventeen+ bytes", 34);
	CHECK(got.len == 34 && !memcmp(got.buf, "no entity at all, seventeen+ bytes", 34));
	buf_reset(&got);
	html_escape(&got, "a\x1b[31mb\x07\x08 \xc2\x85\xef\xbf\xbe\t\n\r", 18);
	CHECK(!strcmp(got.buf, "a\xef\xbf\xbd[31mb\xef\xbf\xbd\xef\xbf\xbd "
	                       "\xef\xbf\xbd\xef\xbf\xbd\t\n\r"));
	buf_free(&got);
	buf_free(&want);
}

/* term_escape: one escape per character a terminal would act on. */
static void
test_term_escape(void)
{
	struct buf b = BUF_INIT;

#define TERM(in, want)                                                                             \
	do {                                                                                       \
		buf_reset(&b);                                                                     \
		term_escape(&b, in, sizeof(in) - 1);                                               \
		CHECK(b.len == strlen(want) && !strcmp(b.buf, want));                              \
	} while (0)
	TERM("plain 华东 text", "plain 华东 text");
	TERM("a\x1b[2Jb", "a\\x1b[2Jb");
	TERM("\x1b]0;title\x07", "\\x1b]0;title\\x07");
	TERM("l1\nl2\tx\rz", "l1\\nl2\\tx\\rz");
	TERM("bs\x08\x7f", "bs\\x08\\x7f");
	TERM("nul\0end", "nul\\x00end");
	TERM("c1 \xc2\x9b"
	     "31m \xc2\x85",
	     "c1 \\u009b31m \\u0085");
	TERM("nbsp\xc2\xa0", "nbsp\xc2\xa0");
	TERM("bidi \xe2\x80\xae"
	     "cba\xe2\x80\xac \xe2\x81\xa6x\xe2\x81\xa9",
	     "bidi \\u202ecba\\u202c \\u2066x\\u2069");
	TERM("not bidi \xe2\x80\xa9\xe2\x81\xa5", "not bidi \xe2\x80\xa9\xe2\x81\xa5");
	TERM("bad \xff\xc3 utf8 \xe5\x8d", "bad \\xff\\xc3 utf8 \\xe5\\x8d");
	TERM("back\\slash", "back\\slash");
#undef TERM
	buf_reset(&b);
	json_escape(&b, "\x1b\x7f\xc2\x85\xe2\x80\xae\xc2\xa0", 9);
	CHECK(!strcmp(b.buf, "\"\\u001b\\u007f\\u0085\\u202e\xc2\xa0\""));
	buf_reset(&b);
	json_escape(&b,
	            "a\xe2\x80\xa8"
	            "b\xe2\x80\xa9"
	            "c\xe2\x80\xa7",
	            12);
	CHECK(!strcmp(b.buf, "\"a\\u2028b\\u2029c\xe2\x80\xa7\""));
	buf_free(&b);
}

/* Characters no string field may hold (docs/rules/type.md). */
static void
test_bad_char(void)
{
	uint32_t cp = 0;
	size_t at = 0;

	CHECK(value_bad_char("华东 region", 13, 0, &at, &cp) == 0);
	CHECK(value_bad_char("ab\x1b[31m", 7, 0, &at, &cp) < 0 && at == 3 && cp == 0x1b);
	CHECK(value_bad_char("华\tx", 5, 0, &at, &cp) < 0 && at == 2 && cp == '\t');
	CHECK(value_bad_char("华\tx\ny", 7, 1, &at, &cp) == 0);
	CHECK(value_bad_char("a\rb", 3, 1, &at, &cp) < 0 && cp == '\r');
	CHECK(value_bad_char("x\x7f", 2, 1, &at, &cp) < 0 && at == 2 && cp == 0x7f);
	CHECK(value_bad_char("x\xc2\x85", 3, 0, &at, &cp) < 0 && at == 2 && cp == 0x85);
	CHECK(value_bad_char("\xc2\xa0", 2, 0, &at, &cp) == 0);
	CHECK(value_bad_char("xy\xef\xbf\xbe", 5, 1, &at, &cp) < 0 && at == 3 && cp == 0xfffe);
	CHECK(value_bad_char("\xef\xbf\xbd", 3, 0, &at, &cp) == 0);
	CHECK(value_bad_char("a\0b", 3, 1, &at, &cp) < 0 && at == 2 && cp == 0);
}

/* Writes text into the file path. */
static void
S_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
}

/* Does source_openat(root, path, flags) fail with errno want? */
static int
S_refused(int root, const char *path, int flags, int want)
{
	int fd = source_openat(root, path, flags);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return errno == want;
}

/*
 * A records folder whose attachments/d is a link to a folder outside it,
 * holding a file of the same name: nothing may be read, listed or looked
 * at through it, with openat2 and with the walk it falls back on.
 */
static void
test_source_beneath(void)
{
	char top[] = "/tmp/svcgen-unit-XXXXXX";
	struct buf p = BUF_INIT, text = BUF_INIT;
	struct source_entry *v = NULL;
	struct source *src;
	enum entry_type t;
	uint64_t size;
	size_t n;
	int root, fd, mode, too_large;

	if (!mkdtemp(top))
		die("mkdtemp: %s", strerror(errno));
	buf_addf(&p,
	         "mkdir -p %s/outside %s/rec/attachments/real && "
	         "ln -s ../../outside %s/rec/attachments/d && "
	         "ln -s real/f.txt %s/rec/attachments/flink && "
	         "ln -s ../outside %s/rec/customers",
	         top, top, top, top, top);
	CHECK(system(p.buf) == 0);
	buf_reset(&p);
	buf_addf(&p, "%s/outside/f.txt", top);
	S_write(p.buf, "OUTSIDE\n");
	buf_reset(&p);
	buf_addf(&p, "%s/outside/C-0001.yaml", top);
	S_write(p.buf, "id: C-0001\n");
	buf_reset(&p);
	buf_addf(&p, "%s/rec/attachments/real/f.txt", top);
	S_write(p.buf, "inside\n");
	buf_reset(&p);
	buf_addf(&p, "%s/rec", top);
	root = open(p.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	src = source_open_dir(p.buf);
	CHECK(root >= 0 && src);
	for (mode = 0; mode < 2 && root >= 0 && src; mode++) {
		/* mode 1: the component walk, as on a kernel without openat2. */
		source_no_openat2 = mode;
		fd = source_openat(root, "attachments/real/f.txt", O_RDONLY);
		CHECK(fd >= 0);
		if (fd >= 0)
			close(fd);
		fd = source_openat(root, "", O_RDONLY | O_DIRECTORY);
		CHECK(fd >= 0);
		if (fd >= 0)
			close(fd);
		CHECK(S_refused(root, "attachments/d/f.txt", O_RDONLY, ELOOP));
		CHECK(S_refused(root, "attachments/d/f.txt", O_PATH, ELOOP));
		/* O_DIRECTORY | O_NOFOLLOW: the kernel says a link at the end is no folder. */
		CHECK(S_refused(root, "attachments/d", O_RDONLY | O_DIRECTORY, ENOTDIR));
		CHECK(S_refused(root, "attachments/flink", O_RDONLY, ELOOP));
		CHECK(S_refused(root, "attachments/flink", O_PATH, ELOOP));
		CHECK(S_refused(root, "customers/C-0001.yaml", O_RDONLY, ELOOP));
		CHECK(S_refused(root, "../outside/f.txt", O_RDONLY, EXDEV));
		CHECK(S_refused(root, "attachments/real/../../../outside/f.txt", O_RDONLY, EXDEV));
		CHECK(S_refused(root, "/etc/hostname", O_RDONLY, EXDEV));
		CHECK(S_refused(root, "attachments/real/f.txt/x", O_RDONLY, ENOTDIR));
		CHECK(S_refused(root, "attachments/none/f.txt", O_RDONLY, ENOENT));
		/* The source's operations go the same way. */
		CHECK(src->ops->read(src, "attachments/real/f.txt", 100, &text, &too_large) == 0 &&
		      !strcmp(text.buf, "inside\n"));
		buf_reset(&text);
		CHECK(src->ops->read(src, "attachments/d/f.txt", 100, &text, &too_large) < 0 &&
		      !strstr(buf_str(&text), "OUTSIDE"));
		CHECK(src->ops->read(src, "customers/C-0001.yaml", 100, &text, &too_large) < 0);
		CHECK(src->ops->list(src, "attachments/d", &v, &n) < 0);
		CHECK(src->ops->list(src, "customers", &v, &n) < 0);
		CHECK(src->ops->stat(src, "attachments/d/f.txt", &t) < 0);
		CHECK(src->ops->stat(src, "attachments/d", &t) == 0 && t == ENTRY_LINK);
		CHECK(src->ops->stat(src, "attachments/real/f.txt", &t) == 0 && t == ENTRY_FILE);
		CHECK(src->ops->stat(src, "", &t) == 0 && t == ENTRY_DIR);
		CHECK(src->ops->open_file(src, "attachments/real/f.txt", &fd, &size) == 0 &&
		      fd >= 0 && size == 7);
		if (fd >= 0)
			close(fd);
		CHECK(src->ops->open_file(src, "attachments/d/f.txt", &fd, &size) < 0 &&
		      errno == ELOOP);
		CHECK(src->ops->open_file(src, "attachments/real", &fd, &size) < 0 &&
		      errno == EISDIR);
	}
	source_no_openat2 = 0;
	source_close(src);
	if (root >= 0)
		close(root);
	buf_reset(&p);
	buf_addf(&p, "rm -rf %s", top);
	CHECK(system(p.buf) == 0);
	buf_free(&p);
	buf_free(&text);
}

/* Cleans in (a C string): 0 or -1 as attach_svg_clean, the output in *out (a static buffer). */
static int
S_svg(const char *in, const char **out, struct attach_note *note)
{
	static struct buf b = BUF_INIT;
	int rc;

	buf_reset(&b);
	rc = attach_svg_clean(&b, in, strlen(in), note);
	*out = buf_str(&b);
	return rc;
}

#define SVG_OPEN "<svg xmlns=\"http://www.w3.org/2000/svg\">"

static void
test_svg_clean(void)
{
	static const char *const sample[] = {
	    "records/attachments/service/SR-2026-0022-frame-crack.svg",
	    "records/attachments/service/SR-2026-0025-shock-leak.svg",
	    "records/attachments/service/SR-2026-0080-controller.svg",
	    "records/attachments/service/SR-2026-0088-controller.svg"};
	struct attach_note note;
	struct buf in = BUF_INIT, out = BUF_INIT;
	const char *o;
	size_t i, same = 0;
	char deep[256 * 3 + 300 * 4 + 64];

	/* The sample's diagrams come out byte for byte: they still display as they did. */
	for (i = 0; i < ARRAY_LEN(sample); i++) {
		FILE *f = fopen(sample[i], "rb");
		char chunk[4096];
		size_t r;

		buf_reset(&in);
		buf_reset(&out);
		while (f && (r = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&in, chunk, r);
		if (f)
			fclose(f);
		if (in.len > 100 && attach_svg_clean(&out, in.buf, in.len, &note) == 0 &&
		    !note.what[0] && out.len == in.len && !memcmp(out.buf, in.buf, in.len))
			same++;
	}
	CHECK(same == ARRAY_LEN(sample));

	/* Script, in every spelling, with what is around it kept. */
	CHECK(S_svg(SVG_OPEN "\n<script>alert(1)</script><rect width=\"2\"/></svg>", &o, &note) ==
	      0);
	CHECK(!strcmp(o, SVG_OPEN "\n<rect width=\"2\"/></svg>"));
	CHECK(!strcmp(note.what, "<script>") && note.line == 2 && note.more == 0);
	CHECK(S_svg(SVG_OPEN "<script><![CDATA[alert(1)]]></script></svg>", &o, &note) == 0 &&
	      !strcmp(o, SVG_OPEN "</svg>"));
	CHECK(S_svg(SVG_OPEN
	            "<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">alert(1)"
	            "</h:script><s:script xmlns:s=\"http://www.w3.org/2000/svg\">x</s:script>"
	            "</svg>",
	            &o, &note) == 0 &&
	      !strcmp(o, SVG_OPEN "</svg>") && !strcmp(note.what, "<h:script>") && note.more == 1);
	CHECK(S_svg(SVG_OPEN "<SCRIPT>x</SCRIPT></svg>", &o, &note) == 0 && !strstr(o, "SCRIPT"));
	/* Event attributes, whatever their case or prefix. */
	CHECK(S_svg("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\" width=\"3\">"
	            "<g ONCLICK='x' x:onfocus=\"y\" fill=\"red\"/></svg>",
	            &o, &note) == 0);
	CHECK(!strcmp(
	    o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"3\"><g fill=\"red\"/></svg>"));
	CHECK(!strcmp(note.what, "the attribute onload") && note.line == 1 && note.more == 2);
	/* Links: javascript: in <a>, href only to '#', set and animate gone. */
	CHECK(S_svg(SVG_OPEN "<a href=\"javascript:alert(1)\"><text>t</text></a>"
	                     "<a xlink:href=\"&#106;avascript:x\">u</a></svg>",
	            &o, &note) == 0 &&
	      !strcmp(o, SVG_OPEN "</svg>") && !strcmp(note.what, "<a>"));
	CHECK(S_svg("<svg xmlns=\"http://www.w3.org/2000/svg\" "
	            "xmlns:xlink=\"http://www.w3.org/1999/xlink\"><use href=\"#a\"/>"
	            "<use xlink:href=\"#b\"/><use href=\"http://e.example/x.svg#a\"/>"
	            "<use xlink:href=\" #c\"/><use href=\"data:image/svg+xml,x\"/></svg>",
	            &o, &note) == 0);
	CHECK(!strcmp(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	                 "xmlns:xlink=\"http://www.w3.org/1999/xlink\"><use href=\"#a\"/>"
	                 "<use xlink:href=\"#b\"/><use/><use/><use/></svg>"));
	CHECK(!strcmp(note.what, "a link elsewhere (href)") && note.more == 2);
	CHECK(S_svg(SVG_OPEN
	            "<rect><animate attributeName=\"x\" to=\"9\"/><set attributeName=\"href\" "
	            "to=\"javascript:alert(1)\"/><animateTransform/><animateMotion/></rect>"
	            "<set/><discard/></svg>",
	            &o, &note) == 0 &&
	      !strcmp(o, SVG_OPEN "<rect></rect></svg>") && !strcmp(note.what, "<animate>") &&
	      note.more == 5);
	/* foreignObject, image, iframe: gone with all they hold. */
	CHECK(S_svg(SVG_OPEN "<foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\"><img "
	                     "src=\"x\" onerror=\"alert(1)\"/></body></foreignObject><image "
	                     "href=\"x.png\"/><iframe src=\"x\"/></svg>",
	            &o, &note) == 0 &&
	      !strcmp(o, SVG_OPEN "</svg>") && !strcmp(note.what, "<foreignObject>") &&
	      note.more == 2);
	/* An editor's own elements and attributes go without a note. */
	CHECK(S_svg("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"i\" "
	            "inkscape:version=\"1\"><metadata><rdf:RDF/></metadata><sodipodi:namedview/>"
	            "<g inkscape:label=\"L\" data-x=\"1\"/></svg>",
	            &o, &note) == 0 &&
	      !strcmp(o, SVG_OPEN "<g/></svg>") && !note.what[0]);
	/* Style: what loads from elsewhere goes, in any spelling; '#' references stay. */
	CHECK(S_svg(SVG_OPEN "<rect fill=\"url(#g)\" style=\"fill: url( '#g' ); stroke: red\"/>"
	                     "</svg>",
	            &o, &note) == 0 &&
	      strstr(o, "fill=\"url(#g)\"") && strstr(o, "style=") && !note.what[0]);
	CHECK(S_svg(SVG_OPEN
	            "<rect style=\"fill: url(http://e.example/p.svg#p)\" "
	            "filter=\"URL(x.svg#f)\" mask=\"\\75 rl(m.svg)\" stroke=\"red\"/></svg>",
	            &o, &note) == 0 &&
	      !strcmp(o, SVG_OPEN "<rect stroke=\"red\"/></svg>") &&
	      !strcmp(note.what, "the attribute style with url() to elsewhere") && note.more == 2);
	CHECK(S_svg(SVG_OPEN
	            "<style>@import url(x.css); rect { fill: red }</style><style>g "
	            "{ background: ur\\l(javascript:x) }</style><style><![CDATA[g > rect { "
	            "fill: blue }]]></style></svg>",
	            &o, &note) == 0 &&
	      !strcmp(o, SVG_OPEN "<style>g &gt; rect { fill: blue }</style></svg>") &&
	      !strcmp(note.what, "<style> with @import") && note.more == 1);
	CHECK(S_svg(SVG_OPEN "<style>rect { fill: red }<rect/></style></svg>", &o, &note) == 0 &&
	      !strcmp(o, SVG_OPEN "<style>rect { fill: red }</style></svg>"));
	/* References: the five and character references, written anew; text stays text. */
	CHECK(S_svg(SVG_OPEN
	            "<text x='&quot;1&apos;' y=\"a&#10;b\">&lt;script&gt;&#x8BF4;&#26126; &amp; "
	            "<![CDATA[<b>&amp;</b>]]></text></svg>",
	            &o, &note) == 0);
	CHECK(!strcmp(o, SVG_OPEN "<text x=\"&quot;1'\" y=\"a&#10;b\">&lt;script&gt;说明 &amp; "
	                          "&lt;b&gt;&amp;amp;&lt;/b&gt;</text></svg>"));
	/* XML declaration written anew; a DOCTYPE without internal subset dropped; comments
	 * dropped. */
	CHECK(
	    S_svg(
	        "\xEF\xBB\xBF<?xml version='1.0' encoding='utf-8' standalone='no'?>\n<!DOCTYPE svg "
	        "PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/"
	        "svg11.dtd\">\n<!-- a [comment] -->" SVG_OPEN "<!-- x --></svg>\n",
	        &o, &note) == 0 &&
	    !strcmp(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n" SVG_OPEN "</svg>\n"));
	/* What cannot be checked: out is left as it was, note says why and where. */
	CHECK(
	    S_svg(
	        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY x \"<script>\">\n]>\n" SVG_OPEN
	        "&x;</svg>",
	        &o, &note) < 0 &&
	    !*o && !strcmp(note.what, "a DOCTYPE with an internal subset") && note.line == 2);
	CHECK(S_svg(SVG_OPEN "&nbsp;</svg>", &o, &note) < 0 &&
	      !strcmp(note.what, "the entity &nbsp;"));
	CHECK(S_svg(SVG_OPEN "&#0;</svg>", &o, &note) < 0);
	CHECK(S_svg(SVG_OPEN "& </svg>", &o, &note) < 0);
	CHECK(S_svg("<?xml-stylesheet href=\"x.xsl\" type=\"text/xsl\"?>" SVG_OPEN "</svg>", &o,
	            &note) < 0 &&
	      !strcmp(note.what, "a processing instruction"));
	CHECK(S_svg(SVG_OPEN "<?php x ?></svg>", &o, &note) < 0);
	CHECK(S_svg("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" SVG_OPEN "</svg>", &o, &note) <
	      0);
	CHECK(S_svg("<html xmlns=\"http://www.w3.org/1999/xhtml\"><script>x</script></html>", &o,
	            &note) < 0 &&
	      !strcmp(note.what, "the root element <html>, not <svg>"));
	CHECK(S_svg("<svg xmlns=\"http://www.w3.org/1999/xhtml\"/>", &o, &note) < 0);
	CHECK(S_svg(SVG_OPEN "<g xmlns=\"http://www.w3.org/1999/xhtml\"/></svg>", &o, &note) < 0);
	CHECK(S_svg(SVG_OPEN "<use xlink:href=\"#a\"/></svg>", &o, &note) < 0);
	CHECK(S_svg(SVG_OPEN "<g>", &o, &note) < 0 && note.line == 1);
	CHECK(S_svg(SVG_OPEN "<g></h></svg>", &o, &note) < 0);
	CHECK(S_svg(SVG_OPEN "<g x=1/></svg>", &o, &note) < 0);
	CHECK(S_svg(SVG_OPEN "<g x=\"1\"y=\"2\"/></svg>", &o, &note) < 0);
	CHECK(S_svg(SVG_OPEN "<g x=\"1\" x='2'/></svg>", &o, &note) < 0 &&
	      !strcmp(note.what, "an attribute given twice"));
	CHECK(S_svg(SVG_OPEN "<g x=\"<\"/></svg>", &o, &note) < 0);
	CHECK(S_svg(SVG_OPEN "</svg><svg/>", &o, &note) < 0);
	CHECK(S_svg("x" SVG_OPEN "</svg>", &o, &note) < 0);
	CHECK(S_svg("&#13;" SVG_OPEN "</svg>", &o, &note) < 0 &&
	      S_svg(SVG_OPEN "</svg>&#32;", &o, &note) < 0);
	CHECK(S_svg("\r\n" SVG_OPEN "</svg>\r", &o, &note) == 0 &&
	      !strcmp(o, "\n" SVG_OPEN "</svg>\n"));
	CHECK(S_svg(SVG_OPEN "]]></svg>", &o, &note) < 0);
	CHECK(S_svg(SVG_OPEN "<!-- a -- b --></svg>", &o, &note) < 0);
	CHECK(S_svg(SVG_OPEN "\x01</svg>", &o, &note) < 0);
	CHECK(S_svg(SVG_OPEN "\xC3(</svg>", &o, &note) < 0 &&
	      !strcmp(note.what, "bytes that are not UTF-8"));
	CHECK(S_svg("", &o, &note) < 0 && S_svg("   ", &o, &note) < 0);
	/* Empty values and sections (found by fuzzing: an empty xmlns was read through NULL). */
	CHECK(S_svg("<svg xmlns=\"\"/>", &o, &note) < 0);
	CHECK(S_svg(SVG_OPEN "<use href=\"\" fill=\"\"/><text><![CDATA[]]></text></svg>", &o,
	            &note) == 0 &&
	      !strcmp(o, SVG_OPEN "<use fill=\"\"/><text></text></svg>") &&
	      !strcmp(note.what, "a link elsewhere (href)"));
	CHECK(attach_svg_clean(&out, NULL, 0, &note) < 0 && note.line == 1);
	buf_reset(&out);
	buf_adds(&out, "kept");
	CHECK(attach_svg_clean(&out, "<svg><g>", 8, &note) < 0 && !strcmp(buf_str(&out), "kept"));
	/* Nesting: 256 elements deep at most (no recursion, no stack growth beyond that). */
	strcpy(deep, SVG_OPEN);
	for (i = 1; i < 256; i++)
		strcat(deep, "<g>");
	for (i = 1; i < 256; i++)
		strcat(deep, "</g>");
	strcat(deep, "</svg>");
	CHECK(S_svg(deep, &o, &note) == 0 && !strcmp(o, deep));
	strcpy(deep, SVG_OPEN);
	for (i = 0; i < 300; i++)
		strcat(deep, "<g>");
	CHECK(S_svg(deep, &o, &note) < 0 && !strcmp(note.what, "elements nested deeper than 256"));

	/* Types by name. */
	CHECK(attach_how_by_name("a/b.PNG") == ATTACH_AS_IS &&
	      attach_how_by_name("x.pdf") == ATTACH_AS_IS);
	CHECK(attach_how_by_name("a.svg") == ATTACH_CLEANED &&
	      attach_how_by_name("a.SvG") == ATTACH_CLEANED);
	CHECK(attach_how_by_name("r.html") == ATTACH_AS_TEXT &&
	      attach_how_by_name("r.XHTML") == ATTACH_AS_TEXT);
	CHECK(attach_how_by_name("r.svgz") == ATTACH_AS_TEXT &&
	      attach_how_by_name("r.js") == ATTACH_AS_TEXT);
	CHECK(attach_how_by_name("README") == ATTACH_AS_TEXT &&
	      attach_how_by_name(".htaccess") == ATTACH_AS_TEXT);
	CHECK(attach_how_by_name("d.png/r.html") == ATTACH_AS_TEXT &&
	      attach_how_by_name("x.png.") == ATTACH_AS_TEXT);
	CHECK(attach_how_by_name("x.html.txt") == ATTACH_AS_IS);
	buf_free(&in);
	buf_free(&out);
}

int
main(void)
{
	test_dates();
	test_date_range();
	test_shown_time();
	test_scalars();
	test_ids();
	test_text();
	test_hash_slot();
	test_glob();
	test_escape();
	test_term_escape();
	test_bad_char();
	test_front_matter();
	test_nodes();
	test_encoding();
	test_pii();
	test_phone_mask();
	test_csv_field();
	test_stats_numbers();
	test_source_beneath();
	test_svg_clean();
	return S_failed;
}
