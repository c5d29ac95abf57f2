/*
 * markdown.c - record bodies to HTML with cmark-gfm (see markdown.h).
 *
 * A render is: a linear scan that estimates the work of cmark-gfm's known
 * quadratic paths and picks the extensions; a parse whose every allocation
 * goes through a counting pool (S_pool), so that one over budget can be
 * abandoned with longjmp and freed whole; a pass over the tree that shifts
 * headings and checks every link and image URL; cmark's HTML renderer
 * without CMARK_OPT_UNSAFE; a last pass that replaces characters HTML does
 * not allow.
 */
#include "render/markdown.h"

#include <assert.h>
#include <pthread.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>

#include "base/escape.h"

/*
 * cmark options: UTF-8 checked (invalid bytes become U+FFFD), no smart
 * punctuation, table alignment as style="text-align: ..." (the align
 * attribute is obsolete in HTML5). Never CMARK_OPT_UNSAFE.
 */
#define S_OPTIONS (CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES)

/*
 * Budget of each estimate below, in steps of cmark-gfm's quadratic loops
 * (a step takes 0.5 to 2.5 ns here): past 5e7, some 50 to 120 ms, the
 * feature is left out. An ordinary record body stays far below: a 50-column,
 * 5,000-row table (500 kB) is 1.6e7, the usual one 1e4.
 */
#define S_WORK_BUDGET 50000000u

/*
 * Memory one render may use: 32 MiB + 256 bytes per input byte, 1 GiB at
 * most (a dense 1 MiB table takes some 200 MiB of nodes, ordinary text a
 * tenth of that). The HTML may be 1 MiB + 32 bytes per input byte long
 * (nested block quotes write 14 per byte). Longer bodies are not parsed.
 */
#define S_MEM_BASE ((size_t)32 << 20)
#define S_MEM_PER_BYTE 256
#define S_MEM_MAX ((size_t)1 << 30)
#define S_OUT_BASE ((size_t)1 << 20)
#define S_OUT_PER_BYTE 32
#define S_MAX_INPUT ((size_t)16 << 20)

/*
 * A body whose elements would nest deeper than this is shown as plain text:
 * browsers flatten a tree more than 513 deep and HTML checkers reject it,
 * and the page has its own levels.
 */
#define S_MAX_DEPTH 100

/* The extensions, in the order they are attached. */
enum { S_TABLE, S_STRIKETHROUGH, S_AUTOLINK, S_TASKLIST, S_TAGFILTER, S_NEXT };
static const char *const S_ext_name[S_NEXT] = {"table", "strikethrough", "autolink", "tasklist",
                                               "tagfilter"};
static cmark_syntax_extension *S_ext[S_NEXT];
static pthread_once_t S_once = PTHREAD_ONCE_INIT;

/*
 * cmark_parser_finish runs the inline parser, which adds the extensions'
 * characters to a global table on entry and removes them on exit; two
 * parses at once would see each other's removals (cmark-gfm PR #176).
 */
static pthread_mutex_t S_inline_lock = PTHREAD_MUTEX_INITIALIZER;

static void
S_init_once(void)
{
	size_t i;

	cmark_gfm_core_extensions_ensure_registered();
	for (i = 0; i < S_NEXT; i++) {
		S_ext[i] = cmark_find_syntax_extension(S_ext_name[i]);
		if (!S_ext[i])
			die("cmark-gfm has no '%s' extension", S_ext_name[i]);
	}
}

void
markdown_init(void)
{
	if (pthread_once(&S_once, S_init_once) != 0)
		die("pthread_once failed");
}

/* ---- Estimates -------------------------------------------------------- */

static uint64_t
S_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t
S_mul(uint64_t a, uint64_t b)
{
	return a && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

static int
S_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * The autolink extension looks around every ':' (scheme), "www." and '@'
 * (e-mail, also from an entity, hence '&'), scanning forward and back but
 * never past white space; trimming a trailing ')' recounts the whole link.
 * So a word costs at most triggers * length * (1 + closing parentheses).
 */
static uint64_t
S_autolink_cost(const char *s, size_t n)
{
	uint64_t cost = 0, triggers, parens;
	size_t i = 0, start;

	while (i < n) {
		while (i < n && S_is_space((unsigned char)s[i]))
			i++;
		start = i;
		triggers = parens = 0;
		for (; i < n && !S_is_space((unsigned char)s[i]); i++) {
			if (s[i] == ':' || s[i] == '@' || s[i] == '&')
				triggers++;
			else if (s[i] == ')')
				parens++;
			else if (s[i] == 'w' && n - i >= 4 && !memcmp(s + i, "www.", 4))
				triggers++;
		}
		if (triggers)
			cost = S_add(cost, S_mul(S_mul(triggers, i - start), parens + 1));
	}
	return cost;
}

/* A line that may be a table's delimiter row ("|:--|--:|"), inside block quotes too. */
static int
S_is_delimiter_row(const char *s, size_t n)
{
	size_t i = 0;
	int dash = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '>'))
		i++;
	for (; i < n; i++) {
		switch (s[i]) {
		case '-':
			dash = 1;
			break;
		case '|':
		case ':':
		case ' ':
		case '\t':
		case '\v':
		case '\f':
			break;
		default:
			return 0;
		}
	}
	return dash;
}

/*
 * The table extension splits a row into cells with a list append each
 * (pipes squared), re-reads the whole paragraph above each line that may be
 * a delimiter row (some 64 steps a line and a cell, plus its bytes), and
 * completes and renders every row to the table's width (width squared
 * steps, a quarter as costly). Everything since the last blank line stands
 * for the paragraph: an upper bound.
 */
static uint64_t
S_table_cost(const char *s, size_t n)
{
	uint64_t cost = 0, para = 0, width = 0, pipes, sq, w;
	size_t i = 0, j;
	int blank;

	while (i < n) {
		pipes = 0;
		blank = 1;
		for (j = i; j < n && s[j] != '\n' && s[j] != '\r'; j++) {
			if (s[j] == '|')
				pipes++;
			if (s[j] != ' ' && s[j] != '\t')
				blank = 0;
		}
		if (blank) {
			para = width = 0;
		} else {
			sq = S_mul(pipes, pipes);
			w = S_add(S_add(j - i, sq), S_mul(64, pipes + 1));
			if (S_is_delimiter_row(s + i, j - i)) {
				cost = S_add(cost, S_add(para, w));
				if (pipes + 1 > width)
					width = pipes + 1;
			}
			cost = S_add(cost, S_add(sq, S_mul(width, width) / 4));
			para = S_add(para, w);
		}
		if (j < n && s[j] == '\r' && j + 1 < n && s[j + 1] == '\n')
			j++;
		i = j + 1;
	}
	return cost;
}

/*
 * Each link closes by walking back over every image opener ("![") still
 * open before it; ']' counts the links.
 */
static uint64_t
S_image_cost(const char *s, size_t n)
{
	uint64_t open = 0, close = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == ']')
			close++;
		else if (s[i] == '!' && i + 1 < n && s[i + 1] == '[')
			open++;
	}
	return S_mul(open, close);
}

static int
S_estimate(const char *s, size_t n)
{
	int flags = 0;

	if (n > S_MAX_INPUT || S_image_cost(s, n) > S_WORK_BUDGET)
		return MARKDOWN_PLAIN;
	if (S_autolink_cost(s, n) > S_WORK_BUDGET)
		flags |= MARKDOWN_NO_AUTOLINKS;
	if (S_table_cost(s, n) > S_WORK_BUDGET)
		flags |= MARKDOWN_NO_TABLES;
	return flags;
}

/* ---- The counting pool ------------------------------------------------ */

union S_block {
	struct {
		union S_block *prev, *next;
		size_t size;
	} h;
	max_align_t align;
};

struct S_pool {
	union S_block head; /* a ring of the live blocks */
	size_t live, budget;
	volatile int locked; /* holds S_inline_lock */
	cmark_parser *parser;
	jmp_buf over;
	/* Scratch space of the tree pass (plain malloc, freed with the pool). */
	cmark_node **nodes;
	size_t n_nodes, cap_nodes;
	struct buf url, alt;
};

/* The pool of the render running on this thread: cmark_mem has no context. */
static _Thread_local struct S_pool *S_pool;

static void
S_link_block(struct S_pool *p, union S_block *b, size_t size)
{
	b->h.size = size;
	b->h.prev = &p->head;
	b->h.next = p->head.h.next;
	b->h.next->h.prev = b;
	p->head.h.next = b;
	p->live += size;
}

static void
S_unlink_block(struct S_pool *p, union S_block *b)
{
	b->h.prev->h.next = b->h.next;
	b->h.next->h.prev = b->h.prev;
	p->live -= b->h.size;
}

static void *
S_calloc(size_t n, size_t size)
{
	struct S_pool *p = S_pool;
	union S_block *b;

	assert(p);
	if (size && n > SIZE_MAX / size)
		longjmp(p->over, 1);
	size *= n;
	if (size > p->budget - p->live)
		longjmp(p->over, 1);
	b = calloc(1, sizeof(*b) + size);
	if (!b)
		die("out of memory (%zu bytes)", size);
	S_link_block(p, b, size);
	return b + 1;
}

static void *
S_realloc(void *ptr, size_t size)
{
	struct S_pool *p = S_pool;
	union S_block *b, *nb;

	assert(p);
	if (!ptr)
		return S_calloc(1, size);
	b = (union S_block *)ptr - 1;
	if (size > b->h.size && size - b->h.size > p->budget - p->live)
		longjmp(p->over, 1);
	S_unlink_block(p, b);
	nb = realloc(b, sizeof(*nb) + size);
	if (!nb)
		die("out of memory (%zu bytes)", size);
	S_link_block(p, nb, size);
	return nb + 1;
}

static void
S_free(void *ptr)
{
	union S_block *b;

	if (!ptr)
		return;
	b = (union S_block *)ptr - 1;
	S_unlink_block(S_pool, b);
	free(b);
}

static cmark_mem S_mem = {S_calloc, S_realloc, S_free};

static void
S_pool_begin(struct S_pool *p, size_t len)
{
	memset(p, 0, sizeof(*p));
	p->head.h.prev = p->head.h.next = &p->head;
	p->budget = S_MEM_MAX;
	if (len < (S_MEM_MAX - S_MEM_BASE) / S_MEM_PER_BYTE)
		p->budget = S_MEM_BASE + len * S_MEM_PER_BYTE;
	assert(!S_pool);
	S_pool = p;
}

/* Frees whatever cmark left (everything, after a longjmp). */
static void
S_pool_end(struct S_pool *p)
{
	union S_block *b, *next;

	if (p->locked) {
		/* Abandoned inside cmark_parser_finish: take back the special characters. */
		cmark_manage_extensions_special_characters(p->parser, 0);
		p->locked = 0;
		pthread_mutex_unlock(&S_inline_lock);
	}
	for (b = p->head.h.next; b != &p->head; b = next) {
		next = b->h.next;
		free(b);
	}
	p->head.h.prev = p->head.h.next = &p->head;
	p->live = 0;
	free(p->nodes);
	p->nodes = NULL;
	buf_free(&p->url);
	buf_free(&p->alt);
	S_pool = NULL;
}

/* ---- The tree pass ---------------------------------------------------- */

static int
S_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
S_is_alnum(unsigned char c)
{
	return S_is_alpha(c) || (c >= '0' && c <= '9');
}

static int
S_is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

enum { S_URL_BAD, S_URL_RELATIVE, S_URL_ABSOLUTE };

/* A part of a dotted IPv4 address: 0 to 255, no leading zero. */
static int
S_ipv4_part(const unsigned char *s, size_t n)
{
	size_t i, v = 0;

	if (n == 0 || n > 3 || (n > 1 && s[0] == '0'))
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (size_t)(s[i] - '0');
	}
	return v <= 255;
}

/*
 * After "//": host[:port], up to '/', '?', '#' or the end, as HTML checkers
 * take it without the IDNA tables: labels of ASCII letters, digits, '-'
 * and '_', 1 to 63 long, 253 in all; a dotted IPv4 address when the last
 * label is a number (or 0x...); a port of at most 65535. No user name or
 * password ('@'): checkers reject URLs with credentials.
 */
static int
S_host_ok(const unsigned char *u)
{
	size_t i, start = 0, labels = 0, ipv4 = 0, port = 0;
	int number = 1;

	for (i = 0;; i++) {
		if (S_is_alnum(u[i]) || u[i] == '-' || u[i] == '_') {
			number &= u[i] >= '0' && u[i] <= '9';
			continue;
		}
		if (i == start || i - start > 63)
			return 0;
		labels++;
		ipv4 += (size_t)S_ipv4_part(u + start, i - start);
		if (u[i] != '.')
			break;
		start = i + 1;
		number = 1;
	}
	if (i > 253)
		return 0;
	if ((number || (u[start] == '0' && (u[start + 1] | 0x20) == 'x')) &&
	    (labels != 4 || ipv4 != 4))
		return 0;
	if (u[i] == ':')
		for (i++; u[i] >= '0' && u[i] <= '9' && port <= 65535; i++)
			port = port * 10 + (size_t)(u[i] - '0');
	return port <= 65535 && (!u[i] || u[i] == '/' || u[i] == '?' || u[i] == '#');
}

/*
 * Relative URLs pass, and absolute ones with an allowed scheme. A ':'
 * before any '/', '?' or '#' makes what comes before it a scheme, valid or
 * not (a browser may read "java%09script:" as relative, a checker does
 * not), and a URL that starts with a space or a control is bad: browsers
 * would skip those, cmark's escaping would not.
 */
static int
S_url_kind(const char *url)
{
	static const char *const ok[] = {"http", "https", "ftp", "mailto", "tel"};
	const unsigned char *u = (const unsigned char *)url;
	char scheme[8];
	size_t i, k;

	if (u[0] && u[0] <= ' ')
		return S_URL_BAD;
	if (u[0] == '/' && u[1] == '/')
		return S_host_ok(u + 2) ? S_URL_ABSOLUTE : S_URL_BAD;
	for (i = 0; u[i] && u[i] != ':' && u[i] != '/' && u[i] != '?' && u[i] != '#'; i++)
		;
	if (u[i] != ':')
		return S_URL_RELATIVE;
	if (i == 0 || i >= sizeof(scheme))
		return S_URL_BAD;
	for (k = 0; k < i; k++) {
		if (!S_is_alnum(u[k]) && u[k] != '+' && u[k] != '-' && u[k] != '.')
			return S_URL_BAD;
		scheme[k] = (char)(u[k] | 0x20);
	}
	scheme[i] = '\0';
	for (k = 0; k < ARRAY_LEN(ok); k++) {
		if (strcmp(scheme, ok[k]) != 0)
			continue;
		if (k >= 3) /* mailto:, tel: */
			return S_URL_ABSOLUTE;
		if (u[i + 1] == '/' && u[i + 2] == '/' && S_host_ok(u + i + 3))
			return S_URL_ABSOLUTE;
		return S_URL_BAD;
	}
	return S_URL_BAD;
}

/*
 * Appends url to b, "attachments/" or "./attachments/" replaced by
 * o->attachments_prefix when o is given (and the path then followed by
 * what o->attachment_suffix says), a '%' not followed by two hex digits
 * written "%25" and a '#' after the first "%23" (cmark escapes the rest of
 * the URL itself).
 */
static void
S_url_fix(struct buf *b, const char *url, const struct markdown_opts *o)
{
	const char *prefix = o ? o->attachments_prefix : NULL, *suffix = NULL;
	size_t i, end = 0;
	int fragment = 0;

	if (prefix && !strncmp(url, "./", 2) && !strncmp(url + 2, "attachments/", 12))
		url += 2;
	if (prefix && !strncmp(url, "attachments/", 12)) {
		buf_adds(b, prefix);
		url += 12;
		end = strcspn(url, "?#");
		if (o->attachment_suffix)
			suffix = o->attachment_suffix(o->attachment_arg, url, end);
	}
	for (i = 0;; i++) {
		if (i == end && suffix)
			buf_adds(b, suffix);
		if (!url[i])
			break;
		if (url[i] == '#' && fragment++)
			buf_adds(b, "%23");
		else if (url[i] != '%')
			buf_addc(b, url[i]);
		else if (S_is_hex((unsigned char)url[i + 1]) && S_is_hex((unsigned char)url[i + 2]))
			buf_addc(b, '%');
		else
			buf_adds(b, "%25");
	}
}

/* The text of an image's description, as cmark writes its alt attribute. */
static void
S_alt_text(struct buf *b, cmark_node *image)
{
	cmark_iter *it = cmark_iter_new(image);
	cmark_event_type ev;
	cmark_node *n;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_adds(b, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_addc(b, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static cmark_node *
S_text_node(const char *s)
{
	cmark_node *t = cmark_node_new_with_mem(CMARK_NODE_TEXT, &S_mem);

	cmark_node_set_literal(t, s);
	return t;
}

static int
S_in_link(cmark_node *n)
{
	while ((n = cmark_node_parent(n)) != NULL)
		if (cmark_node_get_type(n) == CMARK_NODE_LINK)
			return 1;
	return 0;
}

/* Replaces node by its children (an inert link keeps its text). */
static void
S_unwrap(cmark_node *node)
{
	cmark_node *c;

	while ((c = cmark_node_first_child(node)) != NULL)
		cmark_node_insert_before(node, c);
	cmark_node_free(node);
}

static void
S_check_url(struct S_pool *p, cmark_node *node, const struct markdown_opts *o)
{
	int image = cmark_node_get_type(node) == CMARK_NODE_IMAGE;
	const char *url = cmark_node_get_url(node);
	cmark_node *link;
	int kind;

	if (!url)
		url = "";
	kind = S_url_kind(url);
	buf_reset(&p->url);
	S_url_fix(&p->url, url, kind == S_URL_RELATIVE ? o : NULL);
	if (!image) {
		if (kind == S_URL_BAD)
			S_unwrap(node);
		else if (strcmp(buf_str(&p->url), url) != 0)
			cmark_node_set_url(node, buf_str(&p->url));
		return;
	}
	buf_reset(&p->alt);
	S_alt_text(&p->alt, node);
	if (kind == S_URL_RELATIVE && p->url.len) {
		if (strcmp(buf_str(&p->url), url) != 0)
			cmark_node_set_url(node, buf_str(&p->url));
		return;
	}
	if (kind == S_URL_ABSOLUTE && !S_in_link(node)) {
		/* Nothing is loaded from elsewhere: a link to the picture instead. */
		link = cmark_node_new_with_mem(CMARK_NODE_LINK, &S_mem);
		cmark_node_set_url(link, buf_str(&p->url));
		cmark_node_set_title(link, cmark_node_get_title(node));
		if (!p->alt.len)
			buf_adds(&p->alt, buf_str(&p->url));
		cmark_node_append_child(link, S_text_node(buf_str(&p->alt)));
	} else {
		link = S_text_node(buf_str(&p->alt));
	}
	cmark_node_insert_before(node, link);
	cmark_node_free(node);
}

static void
S_rewrite(struct S_pool *p, cmark_node *doc, const struct markdown_opts *o)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node *n;
	cmark_node_type t;
	/* The level of the heading before: the page's own, at first. */
	int level, prev = o->heading_shift < 0 ? 0 : o->heading_shift > 5 ? 5 : o->heading_shift;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		t = cmark_node_get_type(n);
		if (t == CMARK_NODE_HEADING) {
			level = cmark_node_get_heading_level(n) + o->heading_shift;
			level = level < 1 ? 1 : level > prev + 1 ? prev + 1 : level;
			cmark_node_set_heading_level(n, level);
			prev = level;
		} else if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			p->nodes =
			    xgrow(p->nodes, sizeof(*p->nodes), p->n_nodes + 1, &p->cap_nodes);
			p->nodes[p->n_nodes++] = n;
		}
	}
	cmark_iter_free(it);
	/* Last first: a node's descendants are dealt with before it is replaced. */
	while (p->n_nodes)
		S_check_url(p, p->nodes[--p->n_nodes], o);
}

/* ---- Output ----------------------------------------------------------- */

/*
 * Appends s[0..n) with what HTML forbids in text and attributes replaced by
 * U+FFFD: invalid UTF-8, controls other than tab, newline, form feed and
 * CR, and the non-characters.
 */
static void
S_add_clean(struct buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, j, k;
	uint32_t cp;

	buf_grow(out, n);
	while (i < n) {
		if ((u[i] >= 0x20 && u[i] < 0x7F) || u[i] == '\t' || u[i] == '\n' || u[i] == '\f' ||
		    u[i] == '\r') {
			i++;
			continue;
		}
		k = u[i] >= 0x80 ? utf8_seq(u + i, n - i) : 0;
		if (k) {
			cp = k == 2 ? u[i] & 0x1Fu : k == 3 ? u[i] & 0x0Fu : u[i] & 0x07u;
			for (j = 1; j < k; j++)
				cp = (cp << 6) | (u[i + j] & 0x3Fu);
			/* not a C1 control, not a non-character */
			if (cp > 0x9F && (cp < 0xFDD0 || cp > 0xFDEF) && (cp & 0xFFFE) != 0xFFFE) {
				i += k;
				continue;
			}
		} else {
			k = 1;
		}
		buf_add(out, s + run, i - run);
		buf_add(out, "\xEF\xBF\xBD", 3);
		i += k;
		run = i;
	}
	buf_add(out, s + run, n - run);
}

/*
 * How deep the elements of cmark's HTML nest. There a '<' always starts a
 * tag or a comment (text and attributes have &lt; or %3C), and the void
 * elements are the ones cmark writes with " />".
 */
static size_t
S_html_depth(const char *html)
{
	size_t depth = 0, max = 0;
	const char *p = html, *end;

	while ((p = strchr(p, '<')) != NULL) {
		if (!strncmp(p, "<!--", 4)) {
			end = strstr(p + 4, "-->");
			p = end ? end + 3 : p + 4;
			continue;
		}
		end = strchr(p, '>');
		if (!end)
			break;
		if (p[1] == '/') {
			if (depth)
				depth--;
		} else if (end[-1] != '/' && ++depth > max) {
			max = depth;
		}
		p = end + 1;
	}
	return max;
}

static void
S_plain(struct buf *out, const char *text, size_t len)
{
	struct buf esc = BUF_INIT;

	html_escape(&esc, text, len);
	/* The newline keeps a first empty line: HTML drops one after <pre>. */
	buf_adds(out, "<pre class=\"markdown-plain\">\n");
	S_add_clean(out, buf_str(&esc), esc.len);
	buf_adds(out, "</pre>\n");
	buf_free(&esc);
}

/*
 * Appends html as S_add_clean does, the checkboxes of task lists named by
 * o's labels: cmark-gfm writes them as <input type="checkbox" disabled="" />,
 * with checked="" first when the task is done.
 */
static void
S_add_tasks(struct buf *out, const char *html, const struct markdown_opts *o)
{
	static const char done[] = "<input type=\"checkbox\" checked=\"\" disabled=\"\" />";
	static const char open[] = "<input type=\"checkbox\" disabled=\"\" />";
	const char *p = html, *q;

	if (!o->task_done_label || !o->task_open_label) {
		S_add_clean(out, html, strlen(html));
		return;
	}
	while ((q = strstr(p, "<input type=\"checkbox\"")) != NULL) {
		int is_done = !strncmp(q, done, sizeof(done) - 1);
		int is_open = !is_done && !strncmp(q, open, sizeof(open) - 1);
		const char *label = is_done ? o->task_done_label : o->task_open_label;

		S_add_clean(out, p, (size_t)(q - p));
		if (!is_done && !is_open) {
			S_add_clean(out, q, 1);
			p = q + 1;
			continue;
		}
		buf_adds(out, is_done ? "<input type=\"checkbox\" checked disabled aria-label=\""
		                      : "<input type=\"checkbox\" disabled aria-label=\"");
		html_escape(out, label, strlen(label));
		buf_adds(out, "\">");
		p = q + (is_done ? sizeof(done) : sizeof(open)) - 1;
	}
	S_add_clean(out, p, strlen(p));
}

/* ---- Rendering -------------------------------------------------------- */

static void
S_render(struct S_pool *p, struct buf *out, const char *text, size_t len,
         const struct markdown_opts *o, int flags)
{
	cmark_parser *parser = cmark_parser_new_with_mem(S_OPTIONS, &S_mem);
	cmark_node *doc;
	char *html;
	size_t i;

	p->parser = parser;
	for (i = 0; i < S_NEXT; i++) {
		if ((i == S_TABLE && (flags & MARKDOWN_NO_TABLES)) ||
		    (i == S_AUTOLINK && (flags & MARKDOWN_NO_AUTOLINKS)))
			continue;
		cmark_parser_attach_syntax_extension(parser, S_ext[i]);
	}
	if (len)
		cmark_parser_feed(parser, text, len);
	pthread_mutex_lock(&S_inline_lock);
	p->locked = 1;
	doc = cmark_parser_finish(parser);
	p->locked = 0;
	pthread_mutex_unlock(&S_inline_lock);

	S_rewrite(p, doc, o);
	html = cmark_render_html_with_mem(doc, S_OPTIONS,
	                                  cmark_parser_get_syntax_extensions(parser), &S_mem);
	/* Link reference definitions are copied at every use, without limit. */
	if (strlen(html) > S_OUT_BASE + S_OUT_PER_BYTE * len || S_html_depth(html) > S_MAX_DEPTH)
		longjmp(p->over, 1);
	S_add_tasks(out, html, o);
	S_mem.free(html);
	cmark_node_free(doc);
	cmark_parser_free(parser);
}

/* Returns -1 when the render went over its memory budget (nothing was written). */
static int
S_render_guarded(struct S_pool *p, struct buf *out, const char *text, size_t len,
                 const struct markdown_opts *o, int flags)
{
	/* Only p, unchanged since, is used after a longjmp back here. */
	if (setjmp(p->over)) {
		S_pool_end(p);
		return -1;
	}
	S_render(p, out, text, len, o, flags);
	S_pool_end(p);
	return 0;
}

int
markdown_render(struct buf *out, const char *text, size_t len, const struct markdown_opts *o)
{
	static const struct markdown_opts defaults = MARKDOWN_OPTS_INIT;
	struct S_pool pool;
	size_t before = out->len;
	int flags;

	markdown_init();
	if (!o)
		o = &defaults;
	flags = S_estimate(text, len);
	if (!(flags & MARKDOWN_PLAIN)) {
		S_pool_begin(&pool, len);
		if (S_render_guarded(&pool, out, text, len, o, flags) < 0)
			flags = MARKDOWN_PLAIN;
	}
	if (flags & MARKDOWN_PLAIN) {
		assert(out->len == before);
		(void)before;
		S_plain(out, text, len);
	}
	return flags;
}
