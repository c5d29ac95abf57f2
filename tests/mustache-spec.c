/*
 * mustache-spec.c - the template engine against the official Mustache spec
 * suite, plus tests of our own (escaping, values that look like tags,
 * error positions, recursion caps).
 *
 *   mustache-spec [SPEC-DIR]
 *
 * Prints a TAP line per test ("ok - file: name" / "not ok - file: name"
 * with the expected and actual text) and "# file: N passed, M failed" per
 * spec file. Our own tests always run; the spec files only with SPEC-DIR.
 * Exits 1 when anything failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "base/escape.h"
#include "render/template.h"
#include "base/util.h"

static const char *const S_files[] = {
    "comments.yml", "delimiters.yml", "interpolation.yml", "inverted.yml",
    "partials.yml", "sections.yml",   "~inheritance.yml",
};

static int S_failed;

/* Prints s as a C string literal, cut after `max` bytes. */
static void
S_print_quoted(const char *label, const char *s, size_t n)
{
	size_t i, max = 400;

	printf("#   %s\"", label);
	for (i = 0; i < n && i < max; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	printf("\"%s\n", n > max ? "..." : "");
}

/* One TAP line; on a mismatch, both texts and where they part. */
static int
S_report(const char *group, const char *name, const char *expected, size_t en, const char *actual,
         size_t an)
{
	size_t i;

	if (en == an && !memcmp(expected, actual, en)) {
		printf("ok - %s: %s\n", group, name);
		return 1;
	}
	printf("not ok - %s: %s\n", group, name);
	for (i = 0; i < en && i < an && expected[i] == actual[i]; i++)
		;
	printf("#   first difference at byte %zu\n", i);
	S_print_quoted("expected: ", expected, en);
	S_print_quoted("actual:   ", actual, an);
	S_failed = 1;
	return 0;
}

static int
S_check(const char *name, int cond, const char *detail)
{
	if (cond) {
		printf("ok - engine: %s\n", name);
		return 1;
	}
	printf("not ok - engine: %s\n", name);
	if (detail)
		printf("#   %s\n", detail);
	S_failed = 1;
	return 0;
}

/* ---- The spec files ---------------------------------------------------- */

static yaml_node_t *
S_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;
	yaml_node_t *k;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(doc, p->key);
		if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == strlen(key) &&
		    !memcmp(k->data.scalar.value, key, k->data.scalar.length))
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

static int
S_is(const char *s, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == n && !memcmp(s, *words, n))
			return 1;
	return 0;
}

/* YAML 1.2 core schema: [-+]?[0-9]+ or a decimal with optional exponent. */
static int
S_is_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (!digits)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		if (i >= n || s[i] < '0' || s[i] > '9')
			return 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return i == n;
}

/* The spec's data: plain scalars are typed by YAML's rules, quoted ones are strings. */
static const struct tv *
S_value(struct arena *a, yaml_document_t *doc, yaml_node_t *node, int depth)
{
	static const char *const nulls[] = {"~", "null", "Null", "NULL", NULL};
	static const char *const trues[] = {"true", "True", "TRUE", NULL};
	static const char *const falses[] = {"false", "False", "FALSE", NULL};
	yaml_node_item_t *it;
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;
	struct tv *c;
	const char *s;
	size_t n;

	if (!node || depth > 100)
		return tv_null();
	switch (node->type) {
	case YAML_SCALAR_NODE:
		s = (const char *)node->data.scalar.value;
		n = node->data.scalar.length;
		if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			return tv_strn(a, s, n);
		if (n == 0 || S_is(s, n, nulls))
			return tv_null();
		if (S_is(s, n, trues))
			return tv_bool(1);
		if (S_is(s, n, falses))
			return tv_bool(0);
		if (S_is_number(s, n))
			return tv_num(a, strtod(s, NULL));
		return tv_strn(a, s, n);
	case YAML_SEQUENCE_NODE:
		c = tv_list(a);
		it = node->data.sequence.items.start;
		for (; it < node->data.sequence.items.top; it++) {
			v = yaml_document_get_node(doc, *it);
			tv_list_push(c, S_value(a, doc, v, depth + 1));
		}
		return c;
	case YAML_MAPPING_NODE:
		c = tv_map(a);
		for (p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
			k = yaml_document_get_node(doc, p->key);
			if (!k || k->type != YAML_SCALAR_NODE)
				continue;
			v = yaml_document_get_node(doc, p->value);
			tv_map_setn(c, (const char *)k->data.scalar.value, k->data.scalar.length,
			            S_value(a, doc, v, depth + 1));
		}
		return c;
	default:
		return tv_null();
	}
}

struct spec_partials {
	yaml_document_t *doc;
	yaml_node_t *map;
};

static int
S_spec_load(void *arg, const char *name, struct buf *text)
{
	struct spec_partials *sp = arg;
	yaml_node_t *n = S_get(sp->doc, sp->map, name);

	if (!n || n->type != YAML_SCALAR_NODE)
		return -1;
	buf_add(text, n->data.scalar.value, n->data.scalar.length);
	return 0;
}

static const char *
S_scalar(yaml_node_t *n, size_t *len)
{
	if (!n || n->type != YAML_SCALAR_NODE) {
		*len = 0;
		return NULL;
	}
	*len = n->data.scalar.length;
	return (const char *)n->data.scalar.value;
}

static int
S_spec_test(const char *file, yaml_document_t *doc, yaml_node_t *test)
{
	const char *name, *tmpl, *expected;
	size_t name_n, tmpl_n, expected_n;
	struct spec_partials sp;
	struct buf out = BUF_INIT, label = BUF_INIT, msg = BUF_INIT;
	struct tpl_error err;
	const struct tv *data;
	struct tpl_env *env;
	struct arena a;
	struct tpl *t;
	int ok;

	name = S_scalar(S_get(doc, test, "name"), &name_n);
	tmpl = S_scalar(S_get(doc, test, "template"), &tmpl_n);
	expected = S_scalar(S_get(doc, test, "expected"), &expected_n);
	buf_addf(&label, "%.*s", (int)name_n, name ? name : "(unnamed)");
	if (!tmpl || !expected) {
		printf("not ok - %s: %s\n#   no template or expected text\n", file,
		       buf_str(&label));
		buf_free(&label);
		S_failed = 1;
		return 0;
	}
	arena_init(&a);
	sp.doc = doc;
	sp.map = S_get(doc, test, "partials");
	env = tpl_env_new(S_spec_load, &sp);
	data = S_value(&a, doc, S_get(doc, test, "data"), 0);
	t = tpl_compile(buf_str(&label), tmpl, tmpl_n, &err);
	if (!t || tpl_render(&out, t, data, env, &err) < 0) {
		tpl_error_format(&msg, &err);
		printf("not ok - %s: %s\n#   %s\n", file, buf_str(&label), buf_str(&msg));
		S_failed = 1;
		ok = 0;
	} else {
		ok = S_report(file, buf_str(&label), expected, expected_n, buf_str(&out), out.len);
	}
	tpl_free(t);
	tpl_env_free(env);
	arena_free(&a);
	buf_free(&out);
	buf_free(&label);
	buf_free(&msg);
	return ok;
}

static void
S_spec_file(const char *dir, const char *file)
{
	struct buf path = BUF_INIT;
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root, *tests;
	yaml_node_item_t *it;
	unsigned passed = 0, failed = 0;
	FILE *f;

	buf_addf(&path, "%s/%s", dir, file);
	f = fopen(buf_str(&path), "rb");
	if (!f) {
		printf("not ok - %s: cannot open %s\n", file, buf_str(&path));
		S_failed = 1;
		buf_free(&path);
		return;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		printf("not ok - %s: YAML error at %zu:%zu: %s\n", file,
		       parser.problem_mark.line + 1, parser.problem_mark.column + 1,
		       parser.problem ? parser.problem : "?");
		S_failed = 1;
		yaml_parser_delete(&parser);
		fclose(f);
		buf_free(&path);
		return;
	}
	root = yaml_document_get_root_node(&doc);
	tests = S_get(&doc, root, "tests");
	if (!tests || tests->type != YAML_SEQUENCE_NODE) {
		printf("not ok - %s: no tests\n", file);
		S_failed = 1;
	} else {
		for (it = tests->data.sequence.items.start; it < tests->data.sequence.items.top;
		     it++) {
			if (S_spec_test(file, &doc, yaml_document_get_node(&doc, *it)))
				passed++;
			else
				failed++;
		}
	}
	printf("# %s: %u passed, %u failed\n", file, passed, failed);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
	buf_free(&path);
}

/* ---- Our own tests ----------------------------------------------------- */

struct mem_partial {
	const char *name, *text;
	unsigned loads;
};

/* A loader over a NULL-terminated table; counts how often each is loaded. */
static int
S_mem_load(void *arg, const char *name, struct buf *text)
{
	struct mem_partial *p;

	for (p = arg; p->name; p++) {
		if (!strcmp(p->name, name)) {
			p->loads++;
			if (!p->text)
				return -1;
			buf_adds(text, p->text);
			return 0;
		}
	}
	return -1;
}

/* Renders tmpl against data with the given partials; returns the output or "ERROR: ...". */
static char *
S_run(const char *tmpl, const struct tv *data, struct mem_partial *partials)
{
	struct tpl_env *env = partials ? tpl_env_new(S_mem_load, partials) : NULL;
	struct buf out = BUF_INIT;
	struct tpl_error err;
	struct tpl *t;

	t = tpl_compile("t.mustache", tmpl, strlen(tmpl), &err);
	if (!t || tpl_render(&out, t, data, env, &err) < 0) {
		buf_reset(&out);
		buf_adds(&out, "ERROR: ");
		tpl_error_format(&out, &err);
	}
	tpl_free(t);
	tpl_env_free(env);
	return buf_detach(&out);
}

static void
S_expect(const char *name, const char *tmpl, const struct tv *data, struct mem_partial *partials,
         const char *expected)
{
	char *got = S_run(tmpl, data, partials);

	S_report("engine", name, expected, strlen(expected), got, strlen(got));
	free(got);
}

/* The error of compiling tmpl, formatted. */
static char *
S_compile_error(const char *tmpl)
{
	struct buf out = BUF_INIT;
	struct tpl_error err;
	struct tpl *t = tpl_compile("t.mustache", tmpl, strlen(tmpl), &err);

	if (t)
		buf_adds(&out, "(compiled)");
	else
		tpl_error_format(&out, &err);
	tpl_free(t);
	return buf_detach(&out);
}

static int
S_starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static void
S_expect_error(const char *name, const char *tmpl, const char *prefix)
{
	char *got = S_compile_error(tmpl);
	int ok = S_starts(got, prefix);

	S_check(name, ok, got);
	free(got);
}

static void
S_engine_tests(void)
{
	struct arena a;
	struct tv *m, *big, *list;
	struct buf b = BUF_INIT, deep = BUF_INIT;
	char key[16], *got;
	int i, ok;

	arena_init(&a);
	m = tv_map(&a);
	tv_map_set_str(m, "script", "<script>alert('x')</script>");
	tv_map_set_str(m, "attr", "\" onmouseover=\"alert(1)");
	tv_map_set_str(m, "tag", "{{script}}");
	tv_map_set_str(m, "partial", "{{>evil}}");
	tv_map_set_str(m, "empty", "");
	tv_map_set_num(m, "zero", 0);
	tv_map_set_num(m, "third", 0.1 + 0.2);
	tv_map_set_num(m, "big", 1e21);
	tv_map_set_num(m, "negzero", -0.0);
	tv_map_set_num(m, "three", 3.0);
	tv_map_set_num(m, "neg", -42);
	tv_map_set_bool(m, "yes", 1);

	/* Escaping. */
	S_expect("HTML escaping of <script>", "{{script}}", m, NULL,
	         "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	S_expect("attribute break-out is escaped", "<a title=\"{{attr}}\">", m, NULL,
	         "<a title=\"&quot; onmouseover=&quot;alert(1)\">");
	S_expect("triple mustache does not escape", "{{{script}}}", m, NULL,
	         "<script>alert('x')</script>");
	S_expect("a value holding {{x}} prints literally", "{{tag}}|{{{tag}}}", m, NULL,
	         "{{script}}|{{script}}");
	{
		struct mem_partial p[] = {{"evil", "EVIL", 0}, {NULL, NULL, 0}};

		S_expect("a value holding {{>p}} is not a partial", "{{{partial}}}", m, p,
		         "{{>evil}}");
		S_check("and the partial was never loaded", p[0].loads == 0, NULL);
	}
	buf_reset(&b);
	html_escape(&b, "a&b<c>d\"e'f", 11);
	S_check("html_escape", !strcmp(buf_str(&b), "a&amp;b&lt;c&gt;d&quot;e&#39;f"), buf_str(&b));
	buf_reset(&b);
	url_path_escape(&b, "r/a b/\xc3\xbc?x#y%.~_-", 17);
	S_check("url_path_escape", !strcmp(buf_str(&b), "r/a%20b/%C3%BC%3Fx%23y%25.~_-"),
	        buf_str(&b));

	/* Numbers and truthiness. */
	S_expect("numbers", "{{zero}} {{third}} {{big}} {{negzero}} {{three}} {{neg}}", m, NULL,
	         "0 0.30000000000000004 1e+21 0 3 -42");
	S_expect("0, \"\" and missing names are falsy",
	         "{{^zero}}a{{/zero}}{{^empty}}b{{/empty}}{{^nope}}c{{/nope}}{{#yes}}d{{/yes}}", m,
	         NULL, "abcd");

	/* Maps: insertion order, replacement, hashed lookup past a few keys. */
	big = tv_map(&a);
	for (i = 0; i < 60; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		tv_map_setn(big, key, strlen(key), tv_num(&a, i));
	}
	tv_map_set_str(big, "k7", "seven");
	ok = tv_len(big) == 60 && !strcmp(tv_map_key_at(big, 7), "k7") &&
	     tv_type(tv_map_value_at(big, 7)) == TV_STR && !strcmp(tv_map_key_at(big, 59), "k59");
	for (i = 0; i < 60 && ok; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		ok = tv_map_get(big, key, strlen(key)) != NULL;
	}
	S_check("a map of 60 keys keeps order, replaces in place, finds every key",
	        ok && !tv_map_get(big, "k60", 3), NULL);
	/* Maps made from keys known in advance: all keys there, valued null until set. */
	{
		static const char *const few[] = {"a", "b", "c"};
		static const char *const many[] = {"k0", "k1", "k2", "k3", "k4", "k5",
		                                   "k6", "k7", "k8", "k9", "k10"};
		const struct tv_keys *fk = tv_keys(&a, few, 3), *mk = tv_keys(&a, many, 11);
		struct tv *f1 = tv_map_keyed(&a, fk), *f2 = tv_map_keyed(&a, fk);
		struct tv *g = tv_map_keyed(&a, mk), *outer = tv_map(&a);

		tv_map_set_at(f1, 1, tv_str(&a, "B"));
		tv_map_set(f1, "d", tv_str(&a, "D"));
		tv_map_set(f1, "a", tv_str(&a, "A"));
		tv_map_set_str(outer, "c", "outer c");
		tv_map_set(outer, "f", f1);
		ok = tv_len(f1) == 4 && !strcmp(tv_map_key_at(f1, 3), "d") && tv_len(f2) == 3 &&
		     tv_type(tv_map_get(f2, "b", 1)) == TV_NULL;
		S_check("keyed maps: set by place and by name, one map's values not another's", ok,
		        NULL);
		S_expect("keyed map: a null key does not reach the outer map",
		         "{{#f}}{{a}}{{b}}[{{c}}]{{d}}{{/f}}", outer, NULL, "AB[]D");
		for (i = 0; i < 11; i++)
			tv_map_set_at(g, (size_t)i, tv_num(&a, i * 10));
		for (i = 0; i < 30; i++) {
			snprintf(key, sizeof(key), "x%d", i);
			tv_map_setn(g, key, strlen(key), tv_num(&a, i));
		}
		ok = tv_len(g) == 41;
		for (i = 0; i < 11 && ok; i++) {
			const struct tv *v;

			snprintf(key, sizeof(key), "k%d", i);
			v = tv_map_get(g, key, strlen(key));
			ok = v && tv_type(v) == TV_NUM && !strcmp(tv_map_key_at(g, (size_t)i), key);
		}
		S_check("a keyed map of 11 keys, grown by 30, finds every key in its place",
		        ok && tv_map_get(g, "x29", 3) && !tv_map_get(g, "x30", 3), NULL);
	}
	/* Large unescaped strings noted, not copied; put back in, the same page. */
	{
		static const char tmpl[] =
		    "a{{{big}}}b{{big}}c{{{small}}}{{#two}}{{{big}}}{{/two}}d";
		struct buf bigs = BUF_INIT, whole = BUF_INIT, out = BUF_INIT, joined = BUF_INIT;
		struct tpl_refs refs = {NULL, 0, 0};
		struct tpl_error err;
		struct tpl *t = tpl_compile("t.mustache", tmpl, strlen(tmpl), &err);
		struct tv *d = tv_map(&a), *two = tv_list(&a);
		size_t k, from = 0;

		for (k = 0; k < TPL_REF_MIN + 5; k++)
			buf_addc(&bigs, k % 1000 ? 'x' : '<');
		tv_map_set(d, "big", tv_str_ref(&a, bigs.buf, bigs.len));
		tv_map_set_str(d, "small", "<small>");
		tv_list_push(two, tv_num(&a, 1));
		tv_list_push(two, tv_num(&a, 2));
		tv_map_set(d, "two", two);
		ok = t && tpl_render(&whole, t, d, NULL, &err) == 0 &&
		     tpl_render_refs(&out, &refs, t, d, NULL, &err) == 0 && refs.n == 3 &&
		     refs.v[0].at == 1 && refs.v[0].s == bigs.buf && refs.v[0].n == bigs.len;
		for (k = 0; ok && k < refs.n; k++) {
			buf_add(&joined, out.buf + from, refs.v[k].at - from);
			buf_add(&joined, refs.v[k].s, refs.v[k].n);
			from = refs.v[k].at;
		}
		buf_add(&joined, out.buf + from, out.len - from);
		S_check("large unescaped strings noted in refs; put back, the page of tpl_render",
		        ok && joined.len == whole.len &&
		            !memcmp(joined.buf, whole.buf, whole.len) &&
		            out.len < whole.len - 3 * bigs.len + 1,
		        NULL);
		free(refs.v);
		tpl_free(t);
		buf_free(&bigs);
		buf_free(&whole);
		buf_free(&out);
		buf_free(&joined);
	}
	list = tv_list(&a);
	for (i = 0; i < 20; i++)
		tv_list_push(list, tv_num(&a, i));
	tv_map_set(m, "list", list);
	got = S_run("{{#list}}{{.}},{{/list}}", m, NULL);
	S_check("a list of 20", !strncmp(got, "0,1,2,", 6) && strstr(got, ",19,") != NULL, got);
	free(got);

	/* Parse errors: name:line:col, columns in code points. */
	S_expect_error("unclosed section, at its tag", "line one\n  \xc3\xa9 {{#sec}}\n",
	               "t.mustache:2:5: \"{{#sec}}\" is never closed");
	S_expect_error("end tag closing nothing", "ab\n{{/x}}",
	               "t.mustache:2:1: \"{{/x}}\" closes nothing");
	S_expect_error("mismatched end tag", "{{#a}}\n {{/b}}",
	               "t.mustache:2:2: \"{{/b}}\" does not close \"{{#a}}\" opened at 1:1");
	S_expect_error("unclosed tag", "x {{name", "t.mustache:1:3: unclosed tag");
	S_expect_error("unclosed triple mustache", "{{{name}}", "t.mustache:1:1: unclosed tag");
	S_expect_error("empty tag", "a{{ }}", "t.mustache:1:2: empty tag");
	S_expect_error("name with a space", "{{a b}}", "t.mustache:1:1: bad name");
	S_expect_error("name with an empty part", "{{a..b}}", "t.mustache:1:1: bad name");
	S_expect_error("bad set-delimiter tag", "{{=<%=}}", "t.mustache:1:1: bad set-delimiter");
	S_expect_error("dynamic names are refused", "{{>*x}}", "t.mustache:1:1: dynamic names");
	S_expect_error("delimiters change where errors are found", "{{=<% %>=}}\n<%#a%>",
	               "t.mustache:2:1: \"<%#a%>\" is never closed");
	for (i = 0; i <= TPL_MAX_NESTING; i++)
		buf_adds(&deep, "{{#a}}");
	S_expect_error("sections nested too deep", buf_str(&deep),
	               "t.mustache:1:601: sections nested");

	/* Recursion caps. */
	{
		struct mem_partial p[] = {{"loop", "x{{>loop}}", 0}, {NULL, NULL, 0}};

		got = S_run("{{>loop}}", m, p);
		S_check("a partial including itself stops at the cap",
		        S_starts(got, "ERROR: loop:1:2: \"loop\" included more than 64 deep"), got);
		S_check("and was compiled once", p[0].loads == 1, NULL);
		free(got);
	}
	{
		struct mem_partial p[] = {{"p", "{{<p}}{{$b}}x{{/b}}{{/p}}", 0}, {NULL, NULL, 0}};

		got = S_run("{{<p}}{{/p}}", m, p);
		S_check("a parent inheriting itself stops at the cap",
		        S_starts(got, "ERROR: p:1:1: \"p\" included more than 64 deep"), got);
		free(got);
	}
	{
		struct mem_partial p[] = {{"bad", "ok\n{{#x}}", 0}, {NULL, NULL, 0}};

		got = S_run("{{>bad}}", m, p);
		S_check("a partial's syntax error is reported against the partial",
		        !strcmp(got, "ERROR: bad:2:1: \"{{#x}}\" is never closed"), got);
		free(got);
	}
	{
		struct mem_partial p[] = {
		    {"gone", NULL, 0}, {"p", "[{{>gone}}]", 0}, {NULL, NULL, 0}};

		S_expect("a missing partial renders as nothing, looked up once",
		         "{{>p}}{{>gone}}{{>p}}", m, p, "[][]");
		S_check("and was looked up once", p[0].loads == 1 && p[1].loads == 1, NULL);
	}

	/* Indentation of standalone partials inside a partial included inline. */
	{
		struct mem_partial p[] = {
		    {"inline", "a\n  {{>row}}\n", 0}, {"row", "x\ny\n", 0}, {NULL, NULL, 0}};

		S_expect("a standalone partial inside an inline one is indented", "> {{>inline}}.",
		         m, p, "> a\n  x\n  y\n.");
	}

	/* Inheritance: a layout with re-indented blocks. */
	{
		struct mem_partial p[] = {{"layout",
		                           "<body>\n"
		                           "  {{$content}}\n"
		                           "    <p>default</p>\n"
		                           "  {{/content}}\n"
		                           "  <title>{{$title}}Untitled{{/title}}</title>\n"
		                           "</body>\n",
		                           0},
		                          {NULL, NULL, 0}};

		S_expect("a layout's blocks take overrides at their indentation",
		         "{{<layout}}\n"
		         "{{$title}}A {{yes}} page{{/title}}\n"
		         "{{$content}}\n"
		         "        <ul>\n"
		         "        {{#list}}\n"
		         "          <li>{{.}}</li>\n"
		         "        {{/list}}\n"
		         "        </ul>\n"
		         "{{/content}}\n"
		         "{{/layout}}\n",
		         m, p,
		         "<body>\n"
		         "    <ul>\n"
		         "      <li>0</li>\n"
		         "      <li>1</li>\n"
		         "      <li>2</li>\n"
		         "      <li>3</li>\n"
		         "      <li>4</li>\n"
		         "      <li>5</li>\n"
		         "      <li>6</li>\n"
		         "      <li>7</li>\n"
		         "      <li>8</li>\n"
		         "      <li>9</li>\n"
		         "      <li>10</li>\n"
		         "      <li>11</li>\n"
		         "      <li>12</li>\n"
		         "      <li>13</li>\n"
		         "      <li>14</li>\n"
		         "      <li>15</li>\n"
		         "      <li>16</li>\n"
		         "      <li>17</li>\n"
		         "      <li>18</li>\n"
		         "      <li>19</li>\n"
		         "    </ul>\n"
		         "  <title>A true page</title>\n"
		         "</body>\n");
	}

	buf_free(&b);
	buf_free(&deep);
	arena_free(&a);
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: mustache-spec [SPEC-DIR]\n");
		return 2;
	}
	S_engine_tests();
	if (argc == 2)
		for (i = 0; i < ARRAY_LEN(S_files); i++)
			S_spec_file(argv[1], S_files[i]);
	return S_failed;
}
