/* unit.c - unit tests of the modules, with a tiny harness (TAP-like output). */
#define _GNU_SOURCE /* O_PATH, for source_openat */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "escape.h"
#include "load.h"
#include "node.h"
#include "source.h"
#include "typecheck.h"
#include "util.h"
#include "stats.h"
#include "value.h"

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
	CHECK(id_valid("SR-2026-0001", 12));
	CHECK(id_valid("a.b_c-d", 7));
	CHECK(!id_valid("../../x", 7));
	CHECK(!id_valid("a/b", 3));
	CHECK(!id_valid("a\\b", 3));
	CHECK(!id_valid("..", 2));
	CHECK(!id_valid(".git", 4));
	CHECK(!id_valid("", 0));
	CHECK(!id_valid("CON", 3));
	CHECK(!id_valid("nul", 3));
	CHECK(!id_valid("com1.txt", 8));
	CHECK(id_valid("CONSOLE", 7));
	CHECK(!id_valid("a\xe2\x80\x8b", 4)); /* zero-width space */
	CHECK(!id_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 65));
}

static void
test_text(void)
{
	CHECK(edit_distance("vists", "visits", 1) == 1);
	CHECK(edit_distance("Visits", "visits", 1) == 0);
	CHECK(edit_distance("Visits", "visits", 0) == 1);
	CHECK(utf8_count("华东x", 7) == 3);
	CHECK(glob_match("drafts/**", "drafts/a/b.md"));
	CHECK(!glob_match("drafts/**", "service/drafts"));
	CHECK(glob_match("*/tmp", "service/tmp"));
	CHECK(!glob_match("*/tmp", "a/service/tmp"));
	CHECK(glob_match("**/tmp", "a/service/tmp"));
	CHECK(glob_match("service/*.yml", "service/x.yml"));
}

static void
test_front_matter(void)
{
	size_t off, len, body;
	uint32_t line;
	int unclosed;
	const char *a = "\xEF\xBB\xBF---  \r\nid: x\r\n...\r\nbody\n";

	CHECK(front_matter_split(a, strlen(a), &off, &len, &body, &line, &unclosed) == 0);
	CHECK(line == 4);
	CHECK(!strncmp(a + off, "id: x\r\n", len));
	CHECK(!strcmp(a + body, "body\n"));
	CHECK(front_matter_split("id: x\n", 6, &off, &len, &body, &line, &unclosed) < 0 &&
	      !unclosed);
	CHECK(front_matter_split("---\nid: x\n", 10, &off, &len, &body, &line, &unclosed) < 0 &&
	      unclosed);
	CHECK(front_matter_split("---\nid: x\n----\n", 16, &off, &len, &body, &line, &unclosed) <
	      0);
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
	body_scan_pii(body, strlen(body), 10, "t", &d);
	CHECK(d.n == 3);
	CHECK(d.n > 0 && d.v[0].line == 10 && d.v[0].col == 4 &&
	      strstr(d.v[0].message, "138****5678"));
	CHECK(d.n > 1 && strstr(d.v[1].message, "ID-card"));
	CHECK(d.n > 2 && strstr(d.v[2].message, "phone"));
	diags_free(&d);
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
#undef RATIO
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

/* html_escape against a byte-at-a-time model, each entity at each place of strings of 1..48 bytes.
 */
static void
test_escape(void)
{
	static const char specials[] = "&<>\"'";
	char in[49];
	struct buf got = BUF_INIT, want = BUF_INIT;
	size_t n, at, k, i, bad = 0;

	for (n = 1; n <= 48; n++)
		for (at = 0; at < n; at++)
			for (k = 0; k < 5; k++) {
				for (i = 0; i < n; i++)
					in[i] = (char)(i % 7 == 3 ? '\xe5' : 'a' + (int)(i % 26));
				in[at] = specials[k];
				in[n - 1] = n % 2 ? '>' : in[n - 1];
				buf_reset(&got);
				buf_reset(&want);
				html_escape(&got, in, n);
				for (i = 0; i < n; i++)
					switch (in[i]) {
					case '&':
						buf_adds(&want, "&amp;");
						break;
					case '<':
						buf_adds(&want, "&lt;");
						break;
					case '>':
						buf_adds(&want, "&gt;");
						break;
					case '"':
						buf_adds(&want, "&quot;");
						break;
					case '\'':
						buf_adds(&want, "&#39;");
						break;
					default:
						buf_addc(&want, in[i]);
					}
				if (got.len != want.len || memcmp(got.buf, want.buf, got.len))
					bad++;
			}
	CHECK(bad == 0);
	buf_reset(&got);
	html_escape(&got, "no entity at all, seventeen+ bytes", 34);
	CHECK(got.len == 34 && !memcmp(got.buf, "no entity at all, seventeen+ bytes", 34));
	buf_free(&got);
	buf_free(&want);
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

int
main(void)
{
	test_dates();
	test_scalars();
	test_ids();
	test_text();
	test_escape();
	test_front_matter();
	test_nodes();
	test_encoding();
	test_pii();
	test_stats_numbers();
	test_source_beneath();
	return S_failed;
}
