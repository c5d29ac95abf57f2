/*
 * yaml_block.c - the fast reader of plain block YAML (see yaml_block.h).
 *
 * It accepts only what it can read exactly as libyaml does, and declines
 * the rest before giving a single event:
 * - every character one libyaml's reader accepts, except tabs, carriage
 *   returns, U+FEFF and the characters libyaml counts as line breaks;
 * - block mappings whose keys are plain words ([A-Za-z0-9_][A-Za-z0-9_-]*)
 *   followed by ": " or ":" at the end of the line, and block sequences
 *   ("- "), the entry on the dash's line (a scalar, a [list] or a compact
 *   mapping "- key: value");
 * - a value on the key's line: a plain scalar in block context (it ends at
 *   " #" or the end of the line, and holds no ": " nor a final ':'), a
 *   quoted scalar without escapes, or a [flow, list] of such scalars;
 *   or, below the key, a more indented block, or a sequence at the key's
 *   indentation;
 * - comments, and lines holding only spaces.
 * A value that could continue on the next line (a more indented line
 * after it), an empty value, a document marker, an anchor, a tag, a flow
 * mapping, a block scalar (| >) all decline.
 */
#include "load/yaml_block.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct scan {
	const char *text, *end;
	const char *ls, *le; /* the current content line, without its '\n' */
	uint32_t no;         /* its number, 0-based */
	uint32_t indent;     /* its leading spaces */
	const char *cp;      /* a place on the line, and its column: columns count on from it */
	uint32_t cc;
	int eof;
	unsigned depth, max_depth;
	struct yb_events *ev;
};

/* Whether every character is one libyaml reads as this reader assumes. */
static int
S_chars_ok(const unsigned char *s, size_t len)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < len) {
		if (s[i] < 0x80) {
			if ((s[i] < 0x20 && s[i] != '\n') || s[i] == 0x7f)
				return 0;
			i++;
			continue;
		}
		k = utf8_seq(s + i, len - i);
		if (!k)
			return 0;
		/* C1 controls (U+0085 a line break), U+2028/9 (breaks), U+FEFF, U+FFFE/F. */
		if (k < 4) {
			cp = k == 2 ? (uint32_t)(s[i] & 0x1F) << 6 | (s[i + 1] & 0x3F)
			            : (uint32_t)(s[i] & 0x0F) << 12 |
			                  (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
			if (cp < 0xA0 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
			    cp >= 0xFFFE)
				return 0;
		}
		i += k;
	}
	return 1;
}

/*
 * Code points from the line's start to p. Events come in order along a
 * line, so counting goes on from the last place asked: a long line costs
 * one pass, not one per item on it.
 */
static uint32_t
S_col(struct scan *sc, const char *p)
{
	if (!sc->cp || p < sc->cp) {
		sc->cp = sc->ls;
		sc->cc = 0;
	}
	for (; sc->cp < p; sc->cp++)
		sc->cc += ((unsigned char)*sc->cp & 0xC0) != 0x80;
	return sc->cc;
}

/*
 * Moves to the next line holding more than spaces and a comment. Returns
 * -1 at a line this reader does not take (a document marker).
 */
static int
S_advance(struct scan *sc)
{
	const char *s = sc->ls ? sc->le + (sc->le < sc->end) : sc->text, *nl, *p;

	if (sc->ls)
		sc->no++;
	while (s < sc->end) {
		nl = memchr(s, '\n', (size_t)(sc->end - s));
		if (!nl)
			nl = sc->end;
		for (p = s; p < nl && *p == ' '; p++)
			;
		if (p < nl && *p != '#') {
			if (p == s && nl - s >= 3 && (!memcmp(s, "---", 3) || !memcmp(s, "...", 3)))
				return -1;
			sc->ls = s;
			sc->le = nl;
			sc->indent = (uint32_t)(p - s);
			sc->cp = NULL;
			return 0;
		}
		if (nl == sc->end)
			break;
		s = nl + 1;
		sc->no++;
	}
	sc->ls = sc->le = sc->end;
	sc->eof = 1;
	return 0;
}

static void
S_emit(struct scan *sc, int type, const char *at, const char *s, size_t n, int plain)
{
	struct yb_events *ev = sc->ev;
	struct yb_event *e;

	ev->v = xgrow(ev->v, sizeof(*ev->v), ev->n + 1, &ev->cap);
	e = &ev->v[ev->n++];
	e->type = (uint8_t)type;
	e->plain = (uint8_t)plain;
	e->line = sc->no;
	e->col = at ? S_col(sc, at) : 0;
	e->s = s;
	e->n = (uint32_t)n;
}

static int
S_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* The length of the key at p ("word:" then a space or the end of the line), or 0. */
static size_t
S_key_len(const char *p, const char *le)
{
	const char *q = p;

	if (q >= le || !S_word((unsigned char)*q))
		return 0;
	while (q < le && (S_word((unsigned char)*q) || *q == '-'))
		q++;
	if (q >= le || *q != ':' || (q + 1 < le && q[1] != ' ') || q - p > 256)
		return 0;
	return (size_t)(q - p);
}

/* Whether a plain scalar may start at p, in both contexts. */
static int
S_plain_start(const char *p, const char *le)
{
	unsigned char c = (unsigned char)*p;

	if (S_word(c) || c >= 0x80 || c == '.' || c == '/' || c == '+' || c == '(' || c == '$' ||
	    c == '=' || c == '~')
		return 1;
	return c == '-' && p + 1 < le && ((p[1] >= '0' && p[1] <= '9') || p[1] == '.');
}

/* The line's current entry starts "- " at the indentation. */
static int
S_is_dash(const struct scan *sc)
{
	const char *p = sc->ls + sc->indent;

	return *p == '-' && (p + 1 == sc->le || p[1] == ' ');
}

/* A quoted scalar without escapes at p; its end past the closing quote, or NULL. */
static const char *
S_quoted(struct scan *sc, const char *p)
{
	char q = *p;
	const char *r;

	for (r = p + 1; r < sc->le && *r != q; r++)
		if (q == '"' && *r == '\\')
			return NULL;
	if (r >= sc->le || (q == '\'' && r + 1 < sc->le && r[1] == '\''))
		return NULL;
	S_emit(sc, YB_SCALAR, p, p + 1, (size_t)(r - p - 1), 0);
	return r + 1;
}

/* A [flow, list] at p; its end past the ']', or NULL. */
static const char *
S_flow_list(struct scan *sc, const char *p)
{
	const char *r = p + 1, *s, *t;
	int after_comma = 0;

	if (++sc->depth > sc->max_depth)
		return NULL;
	S_emit(sc, YB_SEQ, p, NULL, 0, 0);
	for (;;) {
		while (r < sc->le && *r == ' ')
			r++;
		if (r >= sc->le)
			return NULL;
		if (*r == ']') {
			if (after_comma)
				return NULL;
			r++;
			break;
		}
		if (*r == '"' || *r == '\'') {
			if (!(r = S_quoted(sc, r)))
				return NULL;
		} else if (S_plain_start(r, sc->le)) {
			for (s = r; r < sc->le && !strchr(",[]{}#:?\"'", *r); r++)
				;
			if (r >= sc->le || (*r != ',' && *r != ']'))
				return NULL;
			for (t = r; t > s && t[-1] == ' '; t--)
				;
			S_emit(sc, YB_SCALAR, s, s, (size_t)(t - s), 1);
		} else {
			return NULL;
		}
		while (r < sc->le && *r == ' ')
			r++;
		if (r < sc->le && *r == ',') {
			r++;
			after_comma = 1;
			continue;
		}
		if (r < sc->le && *r == ']') {
			r++;
			break;
		}
		return NULL;
	}
	S_emit(sc, YB_END, NULL, NULL, 0, 0);
	sc->depth--;
	return r;
}

/* A value on its key's or dash's line, at p: all the rest of the line. */
static int
S_value(struct scan *sc, const char *p)
{
	const char *r, *t;

	if (*p == '"' || *p == '\'') {
		r = S_quoted(sc, p);
	} else if (*p == '[') {
		r = S_flow_list(sc, p);
	} else if (S_plain_start(p, sc->le)) {
		for (r = p; r < sc->le; r++) {
			if (*r == ' ' && r + 1 < sc->le && r[1] == '#')
				break;
			if (*r == ':' && (r + 1 == sc->le || r[1] == ' '))
				return -1;
		}
		for (t = r; t > p && t[-1] == ' '; t--)
			;
		S_emit(sc, YB_SCALAR, p, p, (size_t)(t - p), 1);
	} else {
		return -1;
	}
	if (!r)
		return -1;
	/* Then nothing but spaces and a comment after one. */
	for (t = r; r < sc->le && *r == ' '; r++)
		;
	return r == sc->le || (*r == '#' && r > t) ? 0 : -1;
}

/*
 * A value on the line at q, and the move to the next line, which must not
 * be more indented than indent: there the value could go on.
 */
static int
S_line_value(struct scan *sc, const char *q, uint32_t indent)
{
	if (S_value(sc, q) < 0 || S_advance(sc) < 0 || (!sc->eof && sc->indent > indent))
		return -1;
	return 0;
}

/*
 * After an entry of a block at indent: 1 when the block ends (the text
 * ends or goes back left), 0 when it goes on, -1 at a line more indented.
 */
static int
S_block_next(const struct scan *sc, uint32_t indent)
{
	if (sc->eof || sc->indent < indent)
		return 1;
	return sc->indent > indent ? -1 : 0;
}

static int S_seq(struct scan *sc, uint32_t indent, int indentless);

/* A block mapping whose first key is at p, at column indent. */
static int
S_map(struct scan *sc, uint32_t indent, const char *p)
{
	const char *q;
	size_t klen;
	int rc;

	if (++sc->depth > sc->max_depth)
		return -1;
	S_emit(sc, YB_MAP, p, NULL, 0, 0);
	for (;;) {
		if (!(klen = S_key_len(p, sc->le)))
			return -1;
		S_emit(sc, YB_SCALAR, p, p, klen, 1);
		for (q = p + klen + 1; q < sc->le && *q == ' '; q++)
			;
		if (q == sc->le || *q == '#') {
			/* The value is the block below. */
			if (S_advance(sc) < 0 || sc->eof)
				return -1;
			if (sc->indent > indent)
				rc = S_is_dash(sc) ? S_seq(sc, sc->indent, 0)
				                   : S_map(sc, sc->indent, sc->ls + sc->indent);
			else if (sc->indent == indent && S_is_dash(sc))
				rc = S_seq(sc, indent, 1);
			else
				rc = -1;
			if (rc < 0)
				return -1;
		} else if (S_line_value(sc, q, indent) < 0) {
			return -1;
		}
		if ((rc = S_block_next(sc, indent)) != 0) {
			if (rc < 0)
				return -1;
			break;
		}
		p = sc->ls + indent;
	}
	S_emit(sc, YB_END, NULL, NULL, 0, 0);
	sc->depth--;
	return 0;
}

/*
 * A block sequence of dashes at column indent; indentless: a mapping's value
 * at its keys' column.
 */
static int
S_seq(struct scan *sc, uint32_t indent, int indentless)
{
	const char *p, *q;
	int rc;

	if (++sc->depth > sc->max_depth)
		return -1;
	S_emit(sc, YB_SEQ, sc->ls + indent, NULL, 0, 0);
	for (;;) {
		p = sc->ls + indent;
		if (p + 1 >= sc->le || p[1] != ' ')
			return -1;
		for (q = p + 1; q < sc->le && *q == ' '; q++)
			;
		if (q == sc->le || *q == '#' || (*q == '-' && (q + 1 == sc->le || q[1] == ' ')))
			return -1;
		rc =
		    S_key_len(q, sc->le) ? S_map(sc, S_col(sc, q), q) : S_line_value(sc, q, indent);
		if (rc < 0)
			return -1;
		if ((rc = S_block_next(sc, indent)) != 0) {
			if (rc < 0)
				return -1;
			break;
		}
		if (!S_is_dash(sc)) {
			if (indentless)
				break;
			return -1;
		}
	}
	S_emit(sc, YB_END, NULL, NULL, 0, 0);
	sc->depth--;
	return 0;
}

int
yaml_block_scan(const char *text, size_t len, unsigned max_depth, struct yb_events *ev)
{
	struct scan sc;

	ev->n = 0;
	if (!S_chars_ok((const unsigned char *)text, len))
		return -1;
	memset(&sc, 0, sizeof(sc));
	sc.text = text;
	sc.end = text + len;
	sc.max_depth = max_depth;
	sc.ev = ev;
	/* The root: a mapping, all of the text. */
	if (S_advance(&sc) < 0 || sc.eof || !S_key_len(sc.ls + sc.indent, sc.le) ||
	    S_map(&sc, sc.indent, sc.ls + sc.indent) < 0 || !sc.eof) {
		ev->n = 0;
		return -1;
	}
	return 0;
}

void
yaml_block_free(struct yb_events *ev)
{
	free(ev->v);
	memset(ev, 0, sizeof(*ev));
}
