/*
 * markdown-test.c - tests of the Markdown module (src/markdown.c), TAP-like
 * ("ok - ...", "not ok - ..."), run by tests/suites/markdown.sh. Every
 * output also goes through markdown_html_ok() (tests/fuzz/fuzz-markdown.c).
 *
 * The pathological inputs print their times; one fails only past 5 s (100 s
 * under valgrind), so that sanitizers and slow machines do not make it flaky.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/markdown.h"
#include "base/util.h"

int markdown_html_ok(const char *html, size_t n, const char **why);

static int S_failed;

static void
S_ok(int cond, const char *name)
{
	printf("%s - markdown: %s\n", cond ? "ok" : "not ok", name);
	if (!cond)
		S_failed = 1;
}

/* Renders s[0..n) into a fresh string (the caller frees it); checks the HTML. */
static char *
S_render_n(const char *s, size_t n, const struct markdown_opts *o, int *flags)
{
	struct buf b = BUF_INIT;
	const char *why = "";
	int f = markdown_render(&b, s, n, o);

	if (flags)
		*flags = f;
	if (!markdown_html_ok(buf_str(&b), b.len, &why)) {
		printf("not ok - markdown: well-formed output: %s, for input %.60s\n", why, s);
		S_failed = 1;
	}
	buf_addc(&b, '\0'); /* an empty result is a string too */
	return buf_detach(&b);
}

static char *
S_render(const char *s, const struct markdown_opts *o)
{
	return S_render_n(s, strlen(s), o, NULL);
}

/* Checks that the HTML of `in` contains `want` (want_not: does not contain it). */
static void
S_has(const char *name, const char *in, const struct markdown_opts *o, const char *want,
      const char *want_not)
{
	char *html = S_render(in, o);
	int ok = (!want || strstr(html, want)) && (!want_not || !strstr(html, want_not));

	S_ok(ok, name);
	if (!ok)
		printf("# input:\n%s\n# output:\n%s", in, html);
	free(html);
}

static size_t
S_count(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void
test_gfm(void)
{
	S_has("GFM table", "| a | b |\n|---|--:|\n| 1 | 2 |\n", NULL, "<th>a</th>", NULL);
	S_has("table alignment as a style", "| a | b |\n|---|--:|\n| 1 | 2 |\n", NULL,
	      "<td style=\"text-align: right\">2</td>", "align=");
	S_has("table rows shorter than the header", "a|b|c\n-|-|-\nx\n", NULL,
	      "<td>x</td>\n<td></td>\n<td></td>", NULL);
	S_has("task list, open", "- [ ] call back\n- [x] done\n", NULL,
	      "<li><input type=\"checkbox\" disabled=\"\" /> call back</li>", NULL);
	S_has("task list, done", "- [ ] call back\n- [x] done\n", NULL,
	      "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> done", NULL);
	S_has("strikethrough", "~~old part~~ new part", NULL, "<del>old part</del> new part", NULL);
	S_has("autolink www", "see www.example.com/a for", NULL,
	      "<a href=\"http://www.example.com/a\">www.example.com/a</a>", NULL);
	S_has("autolink https", "at https://example.com/x?y=1.", NULL,
	      "<a href=\"https://example.com/x?y=1\">https://example.com/x?y=1</a>.", NULL);
	S_has("autolink e-mail", "mail service@example.com now", NULL,
	      "<a href=\"mailto:service@example.com\">service@example.com</a>", NULL);
	S_has("emphasis, code, lists", "*a* **b** `c<d>`\n\n1. x\n2. y\n", NULL,
	      "<em>a</em> <strong>b</strong> <code>c&lt;d&gt;</code>", NULL);
	S_has("fenced code keeps its language", "```c\nint a < b;\n```\n", NULL,
	      "<pre><code class=\"language-c\">int a &lt; b;\n</code></pre>", NULL);
	S_has("smart punctuation is off", "\"quoted\" -- text...", NULL,
	      "&quot;quoted&quot; -- text...", NULL);
	S_has("footnotes are off: [^1]: is a link reference", "a[^1]\n\n[^1]: b\n", NULL,
	      "<a href=\"b\">^1</a>", "<sup");
}

static void
test_headings(void)
{
	struct markdown_opts o = MARKDOWN_OPTS_INIT;

	S_has("headings kept without a shift", "# A\n## B\n", NULL, "<h1>A</h1>\n<h2>B</h2>", NULL);
	o.heading_shift = 1;
	S_has("heading shift: # becomes h2", "# A\n## B\n", &o, "<h2>A</h2>\n<h3>B</h3>", "<h1");
	S_has("heading shift: setext too", "A\n=\n\nB\n-\n", &o, "<h2>A</h2>\n<h3>B</h3>", NULL);
	S_has("heading shift: clamped at h6", "# 1\n## 2\n### 3\n#### 4\n##### 5\n###### 6\n", &o,
	      "<h5>4</h5>\n<h6>5</h6>\n<h6>6</h6>", "<h7");
	S_has("heading shift: no level skipped", "# A\n#### B\n## C\n", &o,
	      "<h2>A</h2>\n<h3>B</h3>\n<h3>C</h3>", NULL);
	S_has("heading shift: the first one below the page's", "### deep first\n", &o,
	      "<h2>deep first</h2>", NULL);
	o.heading_shift = -3;
	S_has("a negative shift stops at h1", "## A\n", &o, "<h1>A</h1>", NULL);
}

/* An attachment_suffix hook: ".txt" after a path ending in ".html", as the site's does. */
static const char *
S_txt_suffix(void *arg, const char *path, size_t len)
{
	(void)arg;
	return len >= 5 && !memcmp(path + len - 5, ".html", 5) ? ".txt" : "";
}

static void
test_hostile(void)
{
	struct markdown_opts o = {1, "../attachments/", NULL, NULL, NULL, NULL};
	char *html;

	S_has("<script> block suppressed", "<script>alert(1)</script>\n", NULL,
	      "<!-- raw HTML omitted -->", "<script");
	S_has("<img onerror> suppressed", "x <img src=x onerror=alert(1)> y\n", NULL,
	      "<p>x <!-- raw HTML omitted --> y</p>", "onerror");
	S_has("raw HTML in a table cell suppressed", "|a|\n|-|\n|<iframe src=x>|\n", NULL,
	      "<td><!-- raw HTML omitted --></td>", "<iframe");
	S_has("javascript: link inert", "[x](javascript:alert(1))", NULL, "<p>x</p>", "href");
	S_has("JAVASCRIPT: link inert", "[x](JaVaScRiPt:alert(1))", NULL, "<p>x</p>", "href");
	S_has("javascript: through an entity inert", "[x](&#106;avascript:alert(1))", NULL,
	      "<p>x</p>", "href");
	S_has("javascript: after a space inert", "[x](< javascript:alert(1)>)", NULL, "<p>x</p>",
	      "href");
	S_has("java<tab>script: inert", "[x](<java\tscript:alert(1)>)", NULL, "<p>x</p>", "href");
	S_has("vbscript: link inert", "[x](vbscript:msgbox(1))", NULL, "<p>x</p>", "href");
	S_has("data: link inert", "[x](data:text/html;base64,PHNjcmlwdD4=)", NULL, "<p>x</p>",
	      "href");
	S_has("file: link inert", "[x](file:///etc/passwd)", NULL, "<p>x</p>", "href");
	S_has("javascript: autolink inert", "<javascript:alert(1)>", NULL,
	      "<p>javascript:alert(1)</p>", "href");
	S_has("javascript: reference link inert", "[x]\n\n[x]: javascript:alert(1)\n", NULL,
	      "<p>x</p>", "href");
	S_has("javascript: link text kept, emphasis too", "[*a* b](javascript:x)", NULL,
	      "<p><em>a</em> b</p>", "href");
	S_has("link with credentials inert", "[x](http://user:pw@example.com/)", NULL, "<p>x</p>",
	      "href");
	S_has("link without a host inert", "[x](http:///path)", NULL, "<p>x</p>", "href");
	S_has("data:image dropped, alt text kept", "![photo](data:image/png;base64,AAAA)", NULL,
	      "<p>photo</p>", "<img");
	S_has("javascript: image dropped", "![p](javascript:alert(1))", NULL, "<p>p</p>", "<img");
	S_has("image without a URL dropped", "![p]()", NULL, "<p>p</p>", "<img");
	S_has("external image becomes a link", "![pump](https://example.com/p.png \"t\")", NULL,
	      "<a href=\"https://example.com/p.png\" title=\"t\">pump</a>", "<img");
	S_has("external image without alt: the URL is the text", "![](//example.com/p.png)", NULL,
	      "<a href=\"//example.com/p.png\">//example.com/p.png</a>", "<img");
	html = S_render("[![badge](https://example.com/b.svg)](https://example.com)", NULL);
	S_ok(S_count(html, "<a ") == 1 && strstr(html, ">badge</a>") && !strstr(html, "<img"),
	     "external image inside a link: its alt text, no nested link");
	free(html);
	S_has("relative image kept", "![p](pics/p.png)", NULL,
	      "<img src=\"pics/p.png\" alt=\"p\" />", NULL);
	S_has("attachments link rewritten", "[r](attachments/r%201.pdf)", &o,
	      "<a href=\"../attachments/r%201.pdf\">r</a>", NULL);
	S_has("./attachments image rewritten", "![p](./attachments/p.png)", &o,
	      "<img src=\"../attachments/p.png\" alt=\"p\" />", NULL);
	S_has("other folders not rewritten", "[r](docs/attachments/x.pdf)", &o,
	      "href=\"docs/attachments/x.pdf\"", NULL);
	S_has("attachments not rewritten without a prefix", "[r](attachments/x.pdf)", NULL,
	      "href=\"attachments/x.pdf\"", NULL);
	o.attachment_suffix = S_txt_suffix;
	S_has("an attachment published as text linked with its suffix",
	      "[r](attachments/a/r%20x.html?v=1#top)", &o,
	      "<a href=\"../attachments/a/r%20x.html.txt?v=1#top\">r</a>", NULL);
	S_has("the suffix after the path only", "![p](./attachments/p.svg#x)", &o,
	      "<img src=\"../attachments/p.svg#x\" alt=\"p\" />", NULL);
	S_has("no suffix outside attachments/", "[r](docs/r.html)", &o, "href=\"docs/r.html\"",
	      NULL);
	o.attachment_suffix = NULL;
	S_has("a stray % escaped", "[p](100%.html)", NULL, "href=\"100%25.html\"", NULL);
	S_has("a second # escaped", "[p](page.html#a#b)", NULL, "href=\"page.html#a%23b\"", NULL);
	S_has("host with a port kept", "[p](http://example.com:8080/x)", NULL,
	      "href=\"http://example.com:8080/x\"", NULL);
	S_has("IPv4 host kept", "[p](http://192.168.1.10/x)", NULL,
	      "href=\"http://192.168.1.10/x\"", NULL);
	S_has("bad port inert", "[p](http://example.com:80a/)", NULL, "<p>p</p>", "href");
	S_has("bad IPv4 address inert", "[p](http://999.1.1.1/)", NULL, "<p>p</p>", "href");
	S_has("non-ASCII host inert (no IDNA here)", "[p](http://例子.测试/)", NULL, "<p>p</p>",
	      "href");
	S_has("mailto: and tel: kept", "[m](mailto:a@example.com) [t](tel:+86-10-1234)", NULL,
	      "<a href=\"tel:+86-10-1234\">t</a>", NULL);
	S_has("{{x}} and %s%n literal", "{{x}} {{{y}}} %s%n %x `{{z}}`", NULL,
	      "<p>{{x}} {{{y}}} %s%n %x <code>{{z}}</code></p>", NULL);
	S_has("invalid UTF-8 replaced", "a\xff\xfe b \xe4\xb8 c", NULL,
	      "<p>a\xef\xbf\xbd\xef\xbf\xbd b \xef\xbf\xbd c</p>", "\xff");
	html = S_render_n("a\0b", 3, NULL, NULL);
	S_ok(!strcmp(html, "<p>a\xef\xbf\xbd"
	                   "b</p>\n"),
	     "NUL replaced");
	free(html);
	S_has("controls replaced", "a\x01 b\x7f c&#1; d&#x85; e&#xFFFE; f&#xFDD0;", NULL,
	      "<p>a\xef\xbf\xbd b\xef\xbf\xbd c\xef\xbf\xbd d\xef\xbf\xbd e\xef\xbf\xbd "
	      "f\xef\xbf\xbd</p>",
	      NULL);
	S_has("CJK text kept", "# 更换轴承\n\n客户反馈设备噪音。", &o, "<h2>更换轴承</h2>", NULL);
}

static void
test_api(void)
{
	struct buf b = BUF_INIT;
	int f;

	buf_adds(&b, "<div>");
	f = markdown_render(&b, "*x*", 3, NULL);
	S_ok(f == 0 && !strcmp(buf_str(&b), "<div><p><em>x</em></p>\n"), "appends to the buffer");
	buf_reset(&b);
	f = markdown_render(&b, "", 0, NULL);
	S_ok(f == 0 && b.len == 0, "empty input, empty output");
	buf_free(&b);
}

/* ---- Pathological inputs ------------------------------------------------ */

static void
S_rep(struct buf *b, const char *s, size_t times)
{
	size_t n = strlen(s);

	buf_grow(b, n * times);
	while (times--)
		buf_add(b, s, n);
}

static double
S_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double S_limit = 5.0;

/* Renders b, prints the time; fails past S_limit or when want_flags (>= 0) differs. */
static void
S_timed(const char *name, struct buf *b, int want_flags)
{
	char line[200];
	double t0 = S_now(), dt;
	int flags;
	char *html = S_render_n(buf_str(b), b->len, NULL, &flags);

	dt = S_now() - t0;
	snprintf(line, sizeof(line), "%s, %zu bytes: %.3f s, flags %d%s", name, b->len, dt, flags,
	         dt > 1.0 ? " (over 1 s)" : "");
	S_ok(dt <= S_limit && (want_flags < 0 || flags == want_flags), line);
	free(html);
	buf_reset(b);
}

static void
test_pathological(void)
{
	struct buf b = BUF_INIT;
	size_t i;

	/* cmark's own list (test/pathological_tests.py) */
	S_rep(&b, "*a **a ", 65000);
	buf_adds(&b, "b");
	S_rep(&b, " a** a*", 65000);
	S_timed("pathological: nested strong emphasis", &b, -1);
	S_rep(&b, "a_ ", 65000);
	S_timed("pathological: emphasis closers without openers", &b, 0);
	S_rep(&b, "_a ", 65000);
	S_timed("pathological: emphasis openers without closers", &b, 0);
	S_rep(&b, "*a_ ", 50000);
	S_timed("pathological: mismatched openers and closers", &b, 0);
	buf_adds(&b, "a**b");
	S_rep(&b, "c* ", 50000);
	S_timed("pathological: openers and closers multiple of 3", &b, 0);
	S_rep(&b, "*", 50000);
	buf_adds(&b, "a");
	S_rep(&b, "*", 50000);
	S_timed("pathological: 50k-deep emphasis", &b, -1);
	S_rep(&b, "**_", 30000);
	S_timed("pathological: runs of * and _", &b, 0);
	S_rep(&b, "a]", 65000);
	S_timed("pathological: link closers without openers", &b, 0);
	S_rep(&b, "[a", 65000);
	S_timed("pathological: link openers without closers", &b, 0);
	S_rep(&b, "[ a_", 50000);
	S_timed("pathological: link openers and emphasis closers", &b, 0);
	S_rep(&b, "[ (](", 80000);
	S_timed("pathological: pattern [ (]( repeated", &b, 0);
	S_rep(&b, "[", 50000);
	buf_adds(&b, "a");
	S_rep(&b, "]", 50000);
	S_timed("pathological: nested brackets", &b, 0);
	S_rep(&b, "![[]()", 160000);
	S_timed("pathological: pattern ![[]() repeated (CVE-2023-22486)", &b, MARKDOWN_PLAIN);
	S_rep(&b, "> ", 50000);
	buf_adds(&b, "a");
	S_timed("pathological: 50k nested block quotes", &b, MARKDOWN_PLAIN);
	for (i = 0; i < 1000; i++) {
		S_rep(&b, "  ", i);
		buf_adds(&b, "* a\n");
	}
	S_timed("pathological: 1000 nested lists", &b, MARKDOWN_PLAIN);
	S_rep(&b, "- ", 50000);
	buf_adds(&b, "a");
	S_timed("pathological: 50k list markers on one line", &b, -1);
	S_rep(&b, "> - ", 25000);
	buf_adds(&b, "a");
	S_timed("pathological: block quotes in lists (CVE-2023-24824)", &b, -1);
	S_rep(&b, "`", 100000);
	S_timed("pathological: 100k backticks", &b, 0);
	for (i = 1; i < 1000; i++) {
		buf_addc(&b, 'e');
		S_rep(&b, "`", i);
	}
	S_timed("pathological: backtick runs 1..1000", &b, 0);
	S_rep(&b, "[a](<b", 30000);
	S_timed("pathological: unclosed links A", &b, 0);
	S_rep(&b, "[a](b", 30000);
	S_timed("pathological: unclosed links B", &b, 0);
	buf_adds(&b, "</");
	S_rep(&b, "<!--", 250000);
	S_timed("pathological: unclosed <!-- (CVE-2023-22484)", &b, 0);
	/* Link references: many, chained, and one copied at every use. */
	for (i = 0; i < 50000; i++)
		buf_addf(&b, "[r%zu]: /u%zu\n", i, i);
	for (i = 0; i < 50000; i++)
		buf_addf(&b, "[r%zu] ", 49999 - i);
	S_timed("pathological: 50k link reference definitions, each used", &b, 0);
	for (i = 0; i < 30000; i++)
		buf_addf(&b, "[%zu][%zu]\n\n[%zu]: /%zu \"t\"\n", i, i + 1, i + 1, i);
	S_timed("pathological: link reference chain", &b, 0);
	buf_adds(&b, "[a]: /");
	S_rep(&b, "x", 50000);
	buf_adds(&b, "\n\n");
	S_rep(&b, "[a]", 50000);
	S_timed("pathological: a 50 kB reference used 50k times", &b, MARKDOWN_PLAIN);
	/* cmark-gfm's extensions */
	S_rep(&b, "aaa\rbbb\n-\v\n", 30000);
	S_timed("pathological: tables", &b, -1);
	buf_addc(&b, '|');
	S_rep(&b, "a|", 5000);
	buf_adds(&b, "\n|");
	S_rep(&b, "-|", 5000);
	buf_addc(&b, '\n');
	S_rep(&b, "x\n", 20000);
	S_timed("pathological: 5000 columns by 20k short rows (CVE-2023-37463)", &b,
	        MARKDOWN_NO_TABLES);
	buf_addc(&b, '|');
	S_rep(&b, "a|", 70000);
	buf_adds(&b, "\n|");
	S_rep(&b, "-|", 70000);
	S_timed("pathological: 70k columns", &b, MARKDOWN_NO_TABLES);
	buf_adds(&b, "a|b\n-|-\n");
	S_rep(&b, "|", 200000);
	S_timed("pathological: a row of 200k pipes", &b, MARKDOWN_NO_TABLES);
	buf_adds(&b, "a|b|c\n");
	S_rep(&b, "x\n-|-\n", 50000);
	S_timed("pathological: 50k delimiter rows under one paragraph", &b, MARKDOWN_NO_TABLES);
	S_rep(&b, "www.a_", 20000);
	S_timed("pathological: www.a_ repeated (CVE-2023-22483)", &b, MARKDOWN_NO_AUTOLINKS);
	buf_adds(&b, "http://a.b/");
	S_rep(&b, ")", 100000);
	S_timed("pathological: an autolink closed by 100k parentheses", &b, MARKDOWN_NO_AUTOLINKS);
	S_rep(&b, "a@", 500000);
	S_timed("pathological: a@ repeated", &b, MARKDOWN_NO_AUTOLINKS);
	S_rep(&b, "x@y.co ", 50000);
	S_timed("pathological: 50k e-mail addresses in a paragraph", &b, -1);
	S_rep(&b, "~", 100000);
	S_timed("pathological: 100k tildes", &b, 0);
	S_rep(&b, "~~a", 50000);
	S_timed("pathological: ~~a repeated", &b, 0);
	S_rep(&b, "- [ ] ", 20000);
	S_timed("pathological: 20k nested task items", &b, -1);
	S_rep(&b, "<", 100000);
	S_timed("pathological: 100k <", &b, 0);
	S_rep(&b, "&#", 50000);
	S_timed("pathological: &# repeated", &b, -1);
	buf_free(&b);
}

/* A long ordinary body: every feature, about 1 MiB, rendered in full. */
static void
S_ordinary(struct buf *b, size_t size)
{
	static const char *const parts[] = {
	    "## Visit %zu\n\nThe pump was **replaced** after the customer reported *noise*; see "
	    "[the report](attachments/report-%zu.pdf) and https://example.com/t/%zu.\n\n",
	    "- [x] check the seal %zu\n- [ ] order bearing `B-%zu`\n  - call back %zu\n\n",
	    "| part | qty | price |\n|:--|--:|--:|\n| seal | %zu | 12.50 |\n| bearing | %zu | 80 "
	    "|\n| ~~valve~~ | %zu | 0 |\n\n",
	    "> 客户反馈设备噪音 %zu，已更换轴承 %zu。联系 service%zu@example.com\n\n",
	    "```\nlog line %zu\nlog line %zu\nlog line %zu\n```\n\n",
	};
	size_t i = 0;

	while (b->len < size) {
		buf_addf(b, parts[i % ARRAY_LEN(parts)], i, i, i);
		i++;
	}
}

static void
test_ordinary(void)
{
	struct buf b = BUF_INIT;

	S_ordinary(&b, 1 << 20);
	S_timed("an ordinary body of 1 MiB, rendered in full", &b, 0);
	buf_free(&b);
}

/* ---- Threads ------------------------------------------------------------ */

#define S_THREADS 4
#define S_ROUNDS 40

struct S_job {
	const char *in;
	size_t len;
	const char *want; /* NULL: only the flags are checked */
	int want_flags;
	int bad;
};

static void *
S_worker(void *arg)
{
	struct S_job *job = arg;
	struct markdown_opts o = {1, "../attachments/", NULL, NULL, NULL, NULL};
	struct buf b = BUF_INIT;
	int i, f;

	for (i = 0; i < S_ROUNDS; i++) {
		buf_reset(&b);
		f = markdown_render(&b, job->in, job->len, &o);
		if (f != job->want_flags || (job->want && strcmp(buf_str(&b), job->want)))
			job->bad++;
	}
	buf_free(&b);
	return NULL;
}

static void
test_threads(void)
{
	struct markdown_opts o = {1, "../attachments/", NULL, NULL, NULL, NULL};
	struct buf doc = BUF_INIT, big = BUF_INIT, want = BUF_INIT;
	struct S_job jobs[S_THREADS + 1];
	pthread_t t[S_THREADS + 1];
	int i, bad = 0, started = 1;

	S_ordinary(&doc, 20000);
	buf_adds(&big, "[a]: /");
	S_rep(&big, "x", 50000);
	buf_adds(&big, "\n\n");
	S_rep(&big, "[a]", 5000);
	markdown_render(&want, doc.buf, doc.len, &o);
	for (i = 0; i < S_THREADS; i++)
		jobs[i] = (struct S_job){doc.buf, doc.len, want.buf, 0, 0};
	/* One more that keeps going over its memory budget, under the lock. */
	jobs[S_THREADS] = (struct S_job){big.buf, big.len, NULL, MARKDOWN_PLAIN, 0};
	for (i = 0; i <= S_THREADS; i++)
		if (pthread_create(&t[i], NULL, S_worker, &jobs[i]) != 0)
			started = 0;
	for (i = 0; i <= S_THREADS; i++) {
		pthread_join(t[i], NULL);
		bad += jobs[i].bad;
	}
	S_ok(started && !bad, "4 threads x 40 renders give the single-threaded HTML, beside one "
	                      "going over budget");
	buf_free(&doc);
	buf_free(&big);
	buf_free(&want);
}

int
main(void)
{
	const char *v = getenv("VALGRIND");

	if (v && !strcmp(v, "1"))
		S_limit = 100.0;
	markdown_init();
	test_gfm();
	test_headings();
	test_hostile();
	test_api();
	test_pathological();
	test_ordinary();
	test_threads();
	return S_failed;
}
