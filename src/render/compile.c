/*
 * compile.c - Mustache text to an instruction list (tpl_int.h), which
 * template.c renders.
 *
 * Compiling goes in passes over the source: lex into text and tag tokens
 * (following set-delimiter tags), match sections, find standalone lines,
 * then emit instructions. A section's instructions are followed by its
 * body; every instruction knows where its body ends, so the renderer walks
 * ranges and recursion follows the template's nesting only.
 */
#include "render/tpl_int.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/util.h"
#include "render/template.h"
#include "render/values_int.h"

/* ---- Compiled templates ------------------------------------------------ */

const char *
tpl_name(const struct tpl *t)
{
	return t->name;
}

void
tpl_free(struct tpl *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->src);
	free(t->ins);
	free(t->parts);
	free(t);
}

void
tpl_set_error(struct tpl_error *err, const char *name, unsigned line, unsigned col, const char *fmt,
              ...)
{
	va_list ap;

	if (!err)
		return;
	snprintf(err->name, sizeof(err->name), "%s", name);
	err->line = line;
	err->col = col;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

void
tpl_error_format(struct buf *out, const struct tpl_error *e)
{
	if (e->line)
		buf_addf(out, "%s:%u:%u: %s", e->name, e->line, e->col, e->message);
	else
		buf_addf(out, "%s: %s", e->name, e->message);
}

/* ---- The compiler ------------------------------------------------------ */

#define TK_TEXT 0
#define TK_VAR 'v'

struct tok {
	char kind;           /* TK_TEXT, TK_VAR or the tag's sigil: # ^ / ! > < $ = & { */
	uint8_t standalone;  /* 1: alone on its line; 2: one of an allowed pair */
	uint8_t keep_nl;     /* standalone, but its line end stays (an empty {{$b}}{{/b}}) */
	size_t start, end;   /* the whole tag with its delimiters; text: its bytes once trimmed */
	size_t name, name_n; /* the tag's content, trimmed */
	size_t ls, le;       /* standalone: its line's start, and just past its end */
	size_t mate;         /* open and end tags of a section: each other */
	uint32_t line, col;
};

struct compiler {
	const char *name;
	const char *src;
	size_t len;
	struct tpl_error *err;
	struct tok *toks;
	size_t ntok, tok_cap;
	/* line:col of increasing offsets */
	size_t at, at_ls;
	uint32_t at_line;
};

static int
S_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void
S_where(struct compiler *c, size_t off, uint32_t *line, uint32_t *col)
{
	assert(off >= c->at);
	for (; c->at < off; c->at++) {
		if (c->src[c->at] == '\n') {
			c->at_line++;
			c->at_ls = c->at + 1;
		}
	}
	*line = c->at_line;
	*col = (uint32_t)utf8_count(c->src + c->at_ls, off - c->at_ls) + 1;
}

/* Position of needle in hay[from..len), or len when absent. */
static size_t
S_find(const char *hay, size_t len, size_t from, const char *needle, size_t n)
{
	const char *p;

	while (from + n <= len) {
		p = memchr(hay + from, needle[0], len - from - n + 1);
		if (!p)
			break;
		from = (size_t)(p - hay);
		if (!memcmp(p, needle, n))
			return from;
		from++;
	}
	return len;
}

static struct tok *
S_tok_add(struct compiler *c, char kind, size_t start, size_t end)
{
	struct tok *t;

	c->toks = xgrow(c->toks, sizeof(*c->toks), c->ntok + 1, &c->tok_cap);
	t = &c->toks[c->ntok++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->start = start;
	t->end = end;
	t->mate = SIZE_MAX;
	S_where(c, start, &t->line, &t->col);
	return t;
}

static int S_error_at(struct compiler *c, const struct tok *t, const char *fmt, ...)
    ATTR_PRINTF(3, 4);

static int
S_error_at(struct compiler *c, const struct tok *t, const char *fmt, ...)
{
	va_list ap;
	char msg[200];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tpl_set_error(c->err, c->name, t->line, t->col, "%s", msg);
	return -1;
}

/* Names: "." or dot-separated non-empty parts, no spaces. */
static int
S_check_name(struct compiler *c, const struct tok *t, int dotted)
{
	const char *s = c->src + t->name;
	size_t i, n = t->name_n;

	if (n == 0)
		return S_error_at(c, t, "empty tag: a name is missing");
	for (i = 0; i < n; i++)
		if (S_is_space(s[i]))
			return S_error_at(c, t, "bad name \"%.*s\": names have no spaces", (int)n,
			                  s);
	if ((t->kind == '>' || t->kind == '<') && s[0] == '*')
		return S_error_at(c, t, "dynamic names (\"%.*s\") are not supported", (int)n, s);
	if (!dotted || (n == 1 && s[0] == '.'))
		return 0;
	if (s[0] == '.' || s[n - 1] == '.' || S_find(s, n, 0, "..", 2) < n)
		return S_error_at(c, t, "bad name \"%.*s\": an empty part between dots", (int)n, s);
	return 0;
}

/* The kind of a tag, from the byte after its opening delimiter: a sigil, or a variable. */
static char
S_tag_kind(char c)
{
	switch (c) {
	case '#':
	case '^':
	case '/':
	case '!':
	case '>':
	case '<':
	case '$':
	case '&':
	case '{':
	case '=':
		return c;
	default:
		return TK_VAR;
	}
}

/* The delimiters of tags: "{{" and "}}" until a set-delimiter tag changes them. */
struct delims {
	char open[64], close[64];
	size_t open_n, close_n;
};

/* Takes the delimiters that the set-delimiter tag t sets. Returns 0 or -1. */
static int
S_set_delims(struct compiler *c, const struct tok *t, struct delims *d)
{
	const char *src = c->src;
	size_t q = t->name, e = t->name + t->name_n, a = q, b, k;

	while (a < e && !S_is_space(src[a]))
		a++;
	b = a;
	while (b < e && S_is_space(src[b]))
		b++;
	for (k = b; k < e && !S_is_space(src[k]); k++)
		;
	if (a == q || b == e || b == a || k < e || a - q > sizeof(d->open) ||
	    e - b > sizeof(d->close))
		return S_error_at(c, t,
		                  "bad set-delimiter tag: two delimiters "
		                  "of at most %zu bytes each, like {{=<%% %%>=}}",
		                  sizeof(d->open));
	d->open_n = a - q;
	memcpy(d->open, src + q, d->open_n);
	d->close_n = e - b;
	memcpy(d->close, src + b, d->close_n);
	return 0;
}

static int
S_lex(struct compiler *c)
{
	const char *src = c->src;
	size_t len = c->len, pos = 0, p, q, e, cn;
	struct delims d;
	char close[sizeof(d.close) + 1];
	struct tok *t;
	char kind;

	memcpy(d.open, "{{", 2);
	memcpy(d.close, "}}", 2);
	d.open_n = d.close_n = 2;
	while (pos < len) {
		p = S_find(src, len, pos, d.open, d.open_n);
		if (p > pos)
			S_tok_add(c, TK_TEXT, pos, p);
		if (p == len)
			break;
		q = p + d.open_n;
		kind = S_tag_kind(q < len ? src[q] : '\0');
		if (kind != TK_VAR)
			q++;
		/* A triple mustache ends in "}" and a set-delimiter tag in "=", before d.close. */
		cn = 0;
		if (kind == '{' || kind == '=')
			close[cn++] = kind == '{' ? '}' : '=';
		memcpy(close + cn, d.close, d.close_n);
		cn += d.close_n;
		e = S_find(src, len, q, close, cn);
		t = S_tok_add(c, kind, p, e == len ? len : e + cn);
		if (e == len)
			return S_error_at(c, t, "unclosed tag: no \"%.*s\" after \"%.*s\"", (int)cn,
			                  close, (int)d.open_n, d.open);
		while (q < e && S_is_space(src[q]))
			q++;
		while (e > q && S_is_space(src[e - 1]))
			e--;
		t->name = q;
		t->name_n = e - q;
		pos = t->end;
		if (kind == '=') {
			if (S_set_delims(c, t, &d) < 0)
				return -1;
		} else if (kind != '!') {
			if (S_check_name(c, t, kind != '>' && kind != '<' && kind != '$') < 0)
				return -1;
		}
	}
	return 0;
}

static int
S_opens(char kind)
{
	return kind == '#' || kind == '^' || kind == '<' || kind == '$';
}

static int
S_match(struct compiler *c)
{
	size_t *stack = NULL, n = 0, cap = 0, i;
	struct tok *t, *o;
	int rc = 0;

	for (i = 0; i < c->ntok && rc == 0; i++) {
		t = &c->toks[i];
		if (S_opens(t->kind)) {
			if (n >= TPL_MAX_NESTING) {
				rc = S_error_at(c, t, "sections nested more than %d deep",
				                TPL_MAX_NESTING);
				break;
			}
			stack = xgrow(stack, sizeof(*stack), n + 1, &cap);
			stack[n++] = i;
		} else if (t->kind == '/') {
			if (n == 0) {
				rc = S_error_at(c, t, "\"%.*s\" closes nothing: no section is open",
				                (int)(t->end - t->start), c->src + t->start);
				break;
			}
			o = &c->toks[stack[--n]];
			if (o->name_n != t->name_n ||
			    memcmp(c->src + o->name, c->src + t->name, t->name_n)) {
				rc = S_error_at(
				    c, t, "\"%.*s\" does not close \"%.*s\" opened at %u:%u",
				    (int)(t->end - t->start), c->src + t->start,
				    (int)(o->end - o->start), c->src + o->start, o->line, o->col);
				break;
			}
			o->mate = i;
			t->mate = stack[n];
		}
	}
	if (rc == 0 && n > 0) {
		o = &c->toks[stack[n - 1]];
		rc = S_error_at(c, o, "\"%.*s\" is never closed", (int)(o->end - o->start),
		                c->src + o->start);
	}
	free(stack);
	return rc;
}

/* Only spaces and tabs from the start of the line to off? Sets *ls. */
static int
S_blank_before(const char *src, size_t off, size_t *ls)
{
	size_t i = off;

	while (i > 0 && (src[i - 1] == ' ' || src[i - 1] == '\t'))
		i--;
	*ls = i;
	return i == 0 || src[i - 1] == '\n';
}

/* Only spaces and tabs from off to the end of the line? Sets *le past it. */
static int
S_blank_after(const char *src, size_t len, size_t off, size_t *le)
{
	size_t i = off;

	while (i < len && (src[i] == ' ' || src[i] == '\t'))
		i++;
	if (i + 1 < len && src[i] == '\r' && src[i + 1] == '\n')
		i++;
	if (i < len && src[i] != '\n')
		return 0;
	*le = i < len ? i + 1 : len;
	return 1;
}

/* Tags that print nothing themselves, and so may stand alone on a line. */
static int
S_standalone_kind(char kind)
{
	return kind != TK_TEXT && kind != TK_VAR && kind != '&' && kind != '{';
}

/*
 * The pairs that template inheritance lets share a standalone line: an empty
 * parent {{<p}}{{/p}}, a parent and its first block {{<p}}{{$b}}, a last
 * block and its parent's end {{/b}}{{/p}}, an empty block {{$b}}{{/b}}.
 */
static int
S_pair(const struct compiler *c, size_t i)
{
	const struct tok *a = &c->toks[i], *b = &c->toks[i + 1];

	if (a->end != b->start)
		return 0;
	if (a->kind == '<')
		return (b->kind == '/' && a->mate == i + 1) || b->kind == '$';
	if (a->kind == '/' && b->kind == '/')
		return c->toks[a->mate].kind == '$' && c->toks[b->mate].kind == '<';
	return a->kind == '$' && b->kind == '/' && a->mate == i + 1;
}

static void
S_trim_around(struct compiler *c, size_t first, size_t last, int keep_nl)
{
	struct tok *prev = first > 0 ? &c->toks[first - 1] : NULL;
	struct tok *next = last + 1 < c->ntok ? &c->toks[last + 1] : NULL;

	if (prev && prev->kind == TK_TEXT && prev->end > c->toks[first].ls)
		prev->end = c->toks[first].ls > prev->start ? c->toks[first].ls : prev->start;
	if (!keep_nl && next && next->kind == TK_TEXT && next->start < c->toks[last].le)
		next->start = c->toks[last].le < next->end ? c->toks[last].le : next->end;
}

static void
S_standalone(struct compiler *c)
{
	size_t i, ls, le;
	struct tok *t;

	for (i = 0; i < c->ntok; i++) {
		t = &c->toks[i];
		if (!S_standalone_kind(t->kind) || !S_blank_before(c->src, t->start, &ls) ||
		    !S_blank_after(c->src, c->len, t->end, &le))
			continue;
		t->standalone = 1;
		t->ls = ls;
		t->le = le;
	}
	for (i = 0; i + 1 < c->ntok; i++) {
		struct tok *a = &c->toks[i], *b = &c->toks[i + 1];

		if (a->standalone || b->standalone || a->kind == TK_TEXT || b->kind == TK_TEXT ||
		    !S_pair(c, i) || !S_blank_before(c->src, a->start, &ls) ||
		    !S_blank_after(c->src, c->len, b->end, &le))
			continue;
		a->standalone = b->standalone = 2;
		a->ls = b->ls = ls;
		a->le = b->le = le;
		/* An empty block keeps its line end: the block's text rarely ends in one. */
		a->keep_nl = b->keep_nl = a->kind == '$';
	}
	for (i = 0; i < c->ntok; i++) {
		t = &c->toks[i];
		if (t->standalone == 1) {
			S_trim_around(c, i, i, 0);
		} else if (t->standalone == 2) {
			/* The first of a pair; the second follows it. */
			S_trim_around(c, i, i + 1, t->keep_nl);
			i++;
		}
	}
}

/* The length of the run of spaces and tabs at src[from..to). */
static size_t
S_lead_ws(const char *src, size_t from, size_t to)
{
	size_t i = from;

	while (i < to && (src[i] == ' ' || src[i] == '\t'))
		i++;
	return i - from;
}

/*
 * The indentation of a standalone block: the leading whitespace that all
 * non-blank lines of its body share, else the whitespace before its tag.
 */
static void
S_block_indent(const struct compiler *c, size_t i, const char **ind, size_t *ind_n)
{
	const struct tok *t = &c->toks[i], *close = &c->toks[t->mate];
	const char *src = c->src, *best = NULL;
	size_t p, bs, be, ws, k, best_n = 0;

	bs = t->le;
	be = close->standalone ? close->ls : close->start;
	if (t->keep_nl)
		be = bs = t->end;
	for (p = bs; p < be;) {
		ws = p;
		while (ws < be && (src[ws] == ' ' || src[ws] == '\t'))
			ws++;
		if (ws < be && src[ws] != '\n' && src[ws] != '\r') {
			if (!best) {
				best = src + p;
				best_n = ws - p;
			} else {
				for (k = 0; k < best_n && k < ws - p && best[k] == src[p + k]; k++)
					;
				best_n = k;
			}
		}
		while (ws < be && src[ws] != '\n')
			ws++;
		p = ws + 1;
	}
	if (!best) {
		/* The whitespace before the line's first tag (of a pair, the parent). */
		best = src + t->ls;
		best_n = S_lead_ws(src, t->ls, t->start);
	}
	*ind = best;
	*ind_n = best_n;
}

static int
S_at_bol(const char *src, size_t off)
{
	return off == 0 || src[off - 1] == '\n';
}

static enum op
S_op_of(char kind)
{
	switch (kind) {
	case '#':
		return OP_SECTION;
	case '^':
		return OP_INVERTED;
	case '>':
		return OP_PARTIAL;
	case '<':
		return OP_PARENT;
	case '$':
		return OP_BLOCK;
	default:
		return OP_VAR;
	}
}

static struct ins *
S_emit(struct tpl *tp, enum op op, const struct tok *t)
{
	struct ins *in;

	if (tp->n >= UINT32_MAX - 1)
		die("template too large");
	tp->ins = xgrow(tp->ins, sizeof(*tp->ins), tp->n + 1, &tp->cap);
	in = &tp->ins[tp->n++];
	memset(in, 0, sizeof(*in));
	in->op = (uint8_t)op;
	in->end = (uint32_t)tp->n;
	in->line = t->line;
	in->col = t->col;
	return in;
}

static void
S_emit_name(struct tpl *tp, struct ins *in, const char *s, size_t n)
{
	size_t i = 0, j;

	in->part0 = (uint32_t)tp->nparts;
	if (n == 1 && s[0] == '.')
		return;
	while (i <= n) {
		for (j = i; j < n && s[j] != '.'; j++)
			;
		tp->parts = xgrow(tp->parts, sizeof(*tp->parts), tp->nparts + 1, &tp->parts_cap);
		tp->parts[tp->nparts].s = s + i;
		tp->parts[tp->nparts].n = (uint32_t)(j - i);
		tp->parts[tp->nparts].hash = tv_hash(s + i, j - i);
		tp->nparts++;
		in->nparts++;
		i = j + 1;
	}
}

/*
 * A tag that prints nothing, starting a line it does not stand alone on:
 * an empty text keeps the line's place for its indentation.
 */
static void
S_mark_bol(struct compiler *c, struct tpl *tp, const struct tok *t)
{
	struct ins *in;

	if (t->standalone || !S_at_bol(c->src, t->start))
		return;
	in = S_emit(tp, OP_TEXT, t);
	in->s = c->src + t->start;
	in->n = 0;
	in->bol = 1;
}

static void
S_emit_all(struct compiler *c, struct tpl *tp)
{
	size_t *stack = xmalloc((TPL_MAX_NESTING + 1) * sizeof(*stack)), n = 0, i;
	const char *src = tp->src;
	struct ins *in;
	struct tok *t;

	for (i = 0; i < c->ntok; i++) {
		t = &c->toks[i];
		switch (t->kind) {
		case TK_TEXT:
			/* Text directly inside a parent tag is ignored. */
			if (t->start >= t->end || (n && tp->ins[stack[n - 1]].op == OP_PARENT))
				break;
			in = S_emit(tp, OP_TEXT, t);
			S_where(c, t->start, &in->line, &in->col);
			in->s = src + t->start;
			in->n = t->end - t->start;
			in->bol = (uint8_t)S_at_bol(src, t->start);
			break;
		case TK_VAR:
		case '&':
		case '{':
		case '#':
		case '^':
			in = S_emit(tp, S_op_of(t->kind), t);
			in->escape = t->kind == TK_VAR;
			in->bol = !t->standalone && S_at_bol(src, t->start);
			S_emit_name(tp, in, src + t->name, t->name_n);
			if (in->op != OP_VAR)
				stack[n++] = tp->n - 1;
			break;
		case '>':
		case '<':
		case '$':
			in = S_emit(tp, S_op_of(t->kind), t);
			in->s = src + t->name;
			in->n = t->name_n;
			in->standalone = t->standalone != 0;
			in->bol = !t->standalone && S_at_bol(src, t->start);
			if (t->standalone && t->kind == '$') {
				S_block_indent(c, i, &in->ind, &in->ind_n);
			} else if (t->standalone) {
				in->ind = src + t->ls;
				in->ind_n = S_lead_ws(src, t->ls, t->start);
			}
			if (in->op != OP_PARTIAL)
				stack[n++] = tp->n - 1;
			break;
		case '/':
			S_mark_bol(c, tp, t);
			assert(n > 0);
			n--;
			tp->ins[stack[n]].end = (uint32_t)tp->n;
			break;
		default: /* comments, set delimiters */
			S_mark_bol(c, tp, t);
			break;
		}
	}
	free(stack);
}

struct tpl *
tpl_compile(const char *name, const char *text, size_t len, struct tpl_error *err)
{
	struct compiler c;
	struct tpl *tp;
	int rc;

	memset(&c, 0, sizeof(c));
	tp = xcalloc(1, sizeof(*tp));
	tp->name = xstrdup(name);
	tp->src = xstrndup(text, len);
	tp->src_n = len;
	c.name = tp->name;
	c.src = tp->src;
	c.len = len;
	c.err = err;
	c.at_line = 1;
	rc = S_lex(&c);
	if (rc == 0)
		rc = S_match(&c);
	if (rc == 0) {
		S_standalone(&c);
		c.at = c.at_ls = 0;
		c.at_line = 1;
		S_emit_all(&c, tp);
	}
	free(c.toks);
	if (rc < 0) {
		tpl_free(tp);
		return NULL;
	}
	return tp;
}
