/* unit.c - unit tests of the modules, with a tiny harness (TAP-like output). */
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "config.h"
#include "diag.h"
#include "escape.h"
#include "load.h"
#include "node.h"
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
	test_scalars();
	test_ids();
	test_text();
	test_escape();
	test_front_matter();
	test_nodes();
	test_encoding();
	test_pii();
	test_stats_numbers();
	test_svg_clean();
	return S_failed;
}
