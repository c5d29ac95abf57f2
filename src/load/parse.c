/*
 * parse.c - YAML text to a node tree with positions, from yaml_block's
 * events or else libyaml's.
 */
#include "load/parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/escape.h"
#include "base/msg.h"
#include "load/yaml_block.h"

int node_libyaml_only;

/* One open collection while the events stream in. */
struct frame {
	struct node node;  /* the collection itself, kids not yet placed */
	struct node *kids; /* children so far (reused across frames) */
	size_t n, cap;
};

struct parse {
	const struct node_limits *lim;
	struct arena *a;
	struct node_dedup *dedup;
	const char *text;
	size_t len;
	uint32_t line0;
	const char *path;
	struct diags *d;
	struct frame *stack;
	size_t depth, stack_cap;
	/*
	 * libyaml counts U+0085, U+2028 and U+2029 as line breaks (YAML 1.1);
	 * editors do not. In a text holding one, positions are recounted from
	 * libyaml's code-point index, by '\n' only, with a cursor that moves on.
	 */
	int remap;
	size_t cur_index, cur_off;
	uint32_t cur_line, cur_col;
};

static void
S_pos(struct parse *p, yaml_mark_t m, uint32_t *line, uint32_t *col)
{
	size_t k;

	if (!p->remap) {
		*line = (uint32_t)m.line + 1 + p->line0;
		*col = (uint32_t)m.column + 1;
		return;
	}
	if (m.index < p->cur_index) {
		p->cur_index = p->cur_off = 0;
		p->cur_line = p->cur_col = 0;
	}
	while (p->cur_index < m.index && p->cur_off < p->len) {
		k = utf8_seq((const unsigned char *)p->text + p->cur_off, p->len - p->cur_off);
		if (p->text[p->cur_off] == '\n') {
			p->cur_line++;
			p->cur_col = 0;
		} else {
			p->cur_col++;
		}
		p->cur_off += k ? k : 1;
		p->cur_index++;
	}
	*line = p->cur_line + 1 + p->line0;
	*col = p->cur_col + 1;
}

static int
S_has_unicode_breaks(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if ((text[i] == '\xC2' && text[i + 1] == '\x85') ||
		    (i + 2 < len && text[i] == '\xE2' && text[i + 1] == '\x80' &&
		     (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')))
			return 1;
	return 0;
}

/* Byte offset of a 0-based line:column (in code points) of the text. */
static size_t
S_offset(const char *text, size_t len, size_t line, size_t col)
{
	size_t i = 0, k;

	while (line > 0 && i < len) {
		if (text[i++] == '\n')
			line--;
	}
	while (col > 0 && i < len && text[i] != '\n') {
		k = utf8_seq((const unsigned char *)text + i, len - i);
		i += k ? k : 1;
		col--;
	}
	return i;
}

#define S_FW_SPACE "\xE3\x80\x80" /* U+3000, the ideographic space */
#define S_FW_COLON "\xEF\xBC\x9A" /* U+FF1A, '：' */

int
yaml_fullwidth(const char *text, size_t len, uint32_t line0, uint32_t upto, const char *path,
               struct diags *d)
{
	uint32_t line = line0 + 1, col;
	size_t i = 0, k, key;
	int found = 0;

	for (; i < len && line <= upto; line++, i += i < len) {
		col = 1;
		while (i < len && text[i] == ' ')
			i++, col++;
		if (len - i >= 3 && !memcmp(text + i, S_FW_SPACE, 3)) {
			diag_add(
			    d, RULE_YAML_SYNTAX, path, line, col,
			    "a full-width space (U+3000) in the indentation: YAML indents with "
			    "half-width spaces");
			found++;
		} else {
			if (len - i >= 2 && text[i] == '-' && text[i + 1] == ' ')
				i += 2, col += 2;
			for (key = i; i < len && (isalnum((unsigned char)text[i]) ||
			                          text[i] == '_' || text[i] == '-');
			     i++)
				;
			k = i - key;
			while (i < len && text[i] == ' ')
				i++;
			if (k && len - i >= 3 && !memcmp(text + i, S_FW_COLON, 3)) {
				diag_add(
				    d, RULE_YAML_SYNTAX, path, line, col + (uint32_t)(i - key),
				    "a full-width colon '：' after the key '%.*s': YAML needs a "
				    "half-width ':' and a space",
				    (int)(k > 60 ? 60 : k), text + key);
				found++;
			}
		}
		while (i < len && text[i] != '\n')
			i++;
	}
	return found;
}

/*
 * The mark of a reader error, which reports a byte offset, not a mark:
 * counted by '\n' here. Returns the plain words for a control character.
 */
static const char *
S_reader_mark(struct parse *p, const yaml_parser_t *y, const char *problem, yaml_mark_t *m)
{
	size_t off, i;

	p->remap = 0;
	off = y->problem_offset < p->len ? y->problem_offset : p->len;
	m->line = 0;
	m->column = 0;
	for (i = 0; i < off; i++) {
		if (p->text[i] == '\n') {
			m->line++;
			m->column = 0;
		} else if (((unsigned char)p->text[i] & 0xC0) != 0x80) {
			m->column++;
		}
	}
	if (strstr(problem, "control characters"))
		return N_("a control character (such as NUL) is not allowed in YAML");
	return NULL;
}

/* Is there a tab at offset off, or in the indentation of its line before it? */
static int
S_tab_at(const struct parse *p, size_t off)
{
	size_t i;
	int tab = 0;

	if (off < p->len && p->text[off] == '\t')
		tab = 1;
	for (i = off; !tab && i > 0 && p->text[i - 1] != '\n'; i--)
		;
	for (; !tab && i < off && (p->text[i] == ' ' || p->text[i] == '\t'); i++)
		if (p->text[i] == '\t')
			tab = 1;
	return tab;
}

/* The plain words for libyaml's problem, or NULL where there are none. */
static const char *
S_plain_words(const yaml_parser_t *y, const char *problem, const char *context, int tab)
{
	if (tab && y->error == YAML_SCANNER_ERROR)
		return N_("a tab is used for indentation; YAML indents with spaces only");
	else if (strstr(context, "quoted scalar") && strstr(problem, "end of stream"))
		return N_("a quoted string is never closed");
	else if (strstr(problem, "expected ',' or ']'"))
		return N_("a [ list is not closed with ] (or an item lacks a comma)");
	else if (strstr(problem, "expected ',' or '}'"))
		return N_("a { mapping is not closed with } (or an entry lacks a comma)");
	else if (strstr(problem, "mapping values are not allowed"))
		return N_("a ':' where no key can start: check the indentation, or quote a "
		          "value that contains ': '");
	else if (strstr(problem, "did not find expected key"))
		return N_("bad indentation: this line does not line up with the keys above it");
	else if (strstr(problem, "could not find expected ':'"))
		return N_("a key is missing its ':'");
	else if (strstr(problem, "did not find expected '-' indicator"))
		return N_("bad indentation: this line does not line up with the list above it");
	else if (strstr(problem, "cannot start any token"))
		return N_("a character that cannot start a YAML value here (quote the value)");
	else if (strstr(problem, "expected <document start>"))
		return N_("text after the end of the mapping: check the indentation of this line");
	else if (strstr(problem, "did not find expected node content"))
		return N_("a value is missing here");
	return NULL;
}

/* Says in plain words what libyaml found wrong. */
static void
S_syntax_error(struct parse *p, yaml_parser_t *y)
{
	const char *problem = y->problem ? y->problem : "unknown error";
	const char *context = y->context ? y->context : "";
	yaml_mark_t m = y->problem_mark;
	const char *plain = NULL, *words;
	uint32_t line, col;
	int tab;

	/* Full-width punctuation typed as YAML's, up to where libyaml stopped: the cause. */
	if (y->error != YAML_READER_ERROR) {
		S_pos(p, m, &line, &col);
		if (yaml_fullwidth(p->text, p->len, p->line0, line, p->path, p->d))
			return;
	}
	if (y->error == YAML_READER_ERROR)
		plain = S_reader_mark(p, y, problem, &m);
	/* A tab at the error, or in the indentation before it. */
	tab = S_tab_at(p, S_offset(p->text, p->len, m.line, m.column));
	if ((words = S_plain_words(y, problem, context, tab)))
		plain = words;
	if (y->error == YAML_READER_ERROR && !plain)
		plain = N_("the text cannot be read as YAML");
	/* Where the unclosed string or bracket opened helps more than where it ended. */
	if (plain && y->context &&
	    (strstr(plain, "never closed") || strstr(plain, "is not closed"))) {
		uint32_t oline, ocol;

		S_pos(p, y->context_mark, &oline, &ocol);
		S_pos(p, m, &line, &col);
		diag_add(p->d, RULE_YAML_SYNTAX, p->path, line, col,
		         "%s; it opens at line %u, column %u (libyaml: %s: %s)", tr(plain), oline,
		         ocol, context, problem);
		return;
	}
	S_pos(p, m, &line, &col);
	if (plain)
		diag_add(p->d, RULE_YAML_SYNTAX, p->path, line, col, "%s (libyaml: %s%s%s)",
		         tr(plain), context, *context ? ": " : "", problem);
	else
		diag_add(p->d, RULE_YAML_SYNTAX, p->path, line, col, "YAML syntax error: %s%s%s",
		         context, *context ? ": " : "", problem);
}

static void
S_refuse(struct parse *p, uint32_t line, uint32_t col, const char *what, const char *name)
{
	static const char core[] = "tag:yaml.org,2002:";
	char shorthand[80];

	/* libyaml resolves `!!str` to the full tag; show it as it was written. */
	if (!strncmp(name, core, sizeof(core) - 1)) {
		snprintf(shorthand, sizeof(shorthand), "!!%.60s", name + sizeof(core) - 1);
		name = shorthand;
	}
	diag_add(p->d, RULE_YAML_ALIAS, p->path, line, col,
	         "%s '%.60s' is not allowed in records; write the value out in full", what, name);
}

/* A node's anchor and tag, refused. */
static void
S_refuse_props(struct parse *p, uint32_t line, uint32_t col, const yaml_char_t *anchor,
               const yaml_char_t *tag)
{
	if (anchor)
		S_refuse(p, line, col, tr("anchor"), (const char *)anchor);
	if (tag)
		S_refuse(p, line, col, tr("tag"), (const char *)tag);
}

static int
S_key_cmp(const void *pa, const void *pb)
{
	const struct node *a = *(const struct node *const *)pa;
	const struct node *b = *(const struct node *const *)pb;
	int c;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	if ((c = memcmp(a->u.str, b->u.str, a->n)) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : (a->col > b->col);
}

static int
S_same_key(const struct node *a, const struct node *b)
{
	return a->n == b->n && memcmp(a->u.str, b->u.str, a->n) == 0;
}

/* Reports each key that repeats an earlier one in the same mapping. */
static void
S_check_dup_keys(struct parse *p, const struct node *kids, size_t pairs)
{
	const struct node **keys;
	size_t i, j, n = 0;

	if (pairs < 2)
		return;
	keys = xmalloc(pairs * sizeof(*keys));
	for (i = 0; i < pairs; i++)
		if (kids[2 * i].type == NODE_SCALAR || kids[2 * i].type == NODE_NULL)
			keys[n++] = &kids[2 * i];
	if (n <= 16) {
		for (i = 1; i < n; i++)
			for (j = 0; j < i; j++)
				if (S_same_key(keys[i], keys[j])) {
					diag_add(p->d, RULE_DUP_KEY, p->path, keys[i]->line,
					         keys[i]->col,
					         "duplicate key '%.*s' (first defined at line %u)",
					         (int)(keys[i]->n > 80 ? 80 : keys[i]->n),
					         keys[i]->u.str, keys[j]->line);
					break;
				}
	} else {
		/* Sorted by key then position: each run's head is the first one. */
		qsort(keys, n, sizeof(*keys), S_key_cmp);
		for (i = 1, j = 0; i < n; i++) {
			if (!S_same_key(keys[i], keys[j])) {
				j = i;
				continue;
			}
			diag_add(p->d, RULE_DUP_KEY, p->path, keys[i]->line, keys[i]->col,
			         "duplicate key '%.*s' (first defined at line %u)",
			         (int)(keys[i]->n > 80 ? 80 : keys[i]->n), keys[i]->u.str,
			         keys[j]->line);
		}
	}
	free(keys);
}

static struct frame *
S_top(struct parse *p)
{
	return p->depth ? &p->stack[p->depth - 1] : NULL;
}

static void
S_push_child(struct parse *p, const struct node *n, struct node **root)
{
	struct frame *f = S_top(p);

	if (!f) {
		*root = arena_alloc_align(p->a, sizeof(**root), 8);
		**root = *n;
		return;
	}
	f->kids = xgrow(f->kids, sizeof(*f->kids), f->n + 1, &f->cap);
	f->kids[f->n++] = *n;
}

static uint32_t
S_col(uint32_t col)
{
	return col > NODE_COL_MAX ? NODE_COL_MAX : col;
}

static int
S_is_null(const char *v, size_t n, int plain)
{
	return plain && (n == 0 || (n == 1 && *v == '~') ||
	                 (n == 4 && (!memcmp(v, "null", 4) || !memcmp(v, "Null", 4) ||
	                             !memcmp(v, "NULL", 4))));
}

void
node_dedup_init(struct node_dedup *c)
{
	c->v = xcalloc(NODE_DEDUP_SLOTS, sizeof(*c->v));
}

void
node_dedup_free(struct node_dedup *c)
{
	free(c->v);
	c->v = NULL;
}

/* The arena's copy of v[0..len): the one made before when a value was the same. */
static const char *
S_dedup(struct parse *p, const char *v, size_t len)
{
	uint64_t h = hash_bytes(v, len);
	struct node_dedup_slot *e = &p->dedup->v[hash_slot(h, NODE_DEDUP_SLOTS)];
	size_t head = len < sizeof(e->head) ? len : sizeof(e->head);

	if (e->s && e->tag == (uint32_t)(h >> 32) && e->len == len && !memcmp(e->head, v, head) &&
	    (len == head || !memcmp(e->s + head, v + head, len - head)))
		return e->s;
	e->s = arena_strndup(p->a, v, len);
	e->len = (uint32_t)len;
	e->tag = (uint32_t)(h >> 32);
	memcpy(e->head, v, head);
	return e->s;
}

/* ---- The tree, built from events (libyaml's, or yaml_block's) ---------- */

static void
S_on_scalar(struct parse *p, uint32_t line, uint32_t col, const char *v, size_t len, int plain,
            struct node **root)
{
	struct frame *f = S_top(p);
	struct node n;

	memset(&n, 0, sizeof(n));
	n.line = line;
	n.col = S_col(col);
	if (S_is_null(v, len, plain)) {
		n.type = NODE_NULL;
		n.plain = 1;
		n.u.str = "";
	} else {
		n.type = NODE_SCALAR;
		n.plain = (uint8_t)plain;
		n.n = (uint32_t)len;
		n.u.str = NULL;
		if (f && f->node.type == NODE_MAP && f->n % 2 == 0) {
			if (p->lim->intern)
				n.u.str = p->lim->intern(v, len);
		} else if (p->dedup && len <= NODE_DEDUP_MAX) {
			n.u.str = S_dedup(p, v, len);
		}
		if (!n.u.str)
			n.u.str = arena_strndup(p->a, v, len);
	}
	/* A key position in a mapping: merge keys are refused. */
	if (f && f->node.type == NODE_MAP && f->n % 2 == 0 && n.plain && n.type == NODE_SCALAR &&
	    !strcmp(n.u.str, "<<")) {
		S_refuse(p, line, col, tr("merge key"), "<<");
		n.type = NODE_BAD; /* reported: not also an unknown field */
	}
	S_push_child(p, &n, root);
}

/* A mapping or sequence opens. Returns -1 (reported) past the depth limit. */
static int
S_on_start(struct parse *p, enum node_type type, uint32_t line, uint32_t col)
{
	struct frame *f;

	if (p->depth + 1 > p->lim->depth) {
		diag_add(p->d, RULE_TOO_DEEP, p->path, line, col, "nesting deeper than %u levels",
		         p->lim->depth);
		return -1;
	}
	if (p->depth == p->stack_cap) {
		size_t old = p->stack_cap;

		p->stack = xgrow(p->stack, sizeof(*p->stack), p->depth + 1, &p->stack_cap);
		memset(p->stack + old, 0, (p->stack_cap - old) * sizeof(*p->stack));
	}
	f = &p->stack[p->depth];
	memset(&f->node, 0, sizeof(f->node));
	f->node.line = line;
	f->node.col = S_col(col);
	f->node.type = (uint8_t)type;
	f->n = 0;
	p->depth++;
	return 0;
}

static void
S_on_end(struct parse *p, struct node **root)
{
	struct frame *f = S_top(p);
	struct node n = f->node;

	n.n = (uint32_t)(n.type == NODE_MAP ? f->n / 2 : f->n);
	n.u.kids = f->n ? arena_alloc_align(p->a, f->n * sizeof(struct node), 8) : NULL;
	if (f->n)
		memcpy(n.u.kids, f->kids, f->n * sizeof(struct node));
	if (n.type == NODE_MAP)
		S_check_dup_keys(p, n.u.kids, n.n);
	p->depth--;
	S_push_child(p, &n, root);
}

/* The events of yaml_block, which read the whole text. */
static struct node *
S_from_block(struct parse *p, const struct yb_events *ev)
{
	struct node *root = NULL;
	size_t i;

	for (i = 0; i < ev->n; i++) {
		const struct yb_event *e = &ev->v[i];
		uint32_t line = e->line + 1 + p->line0, col = e->col + 1;

		switch (e->type) {
		case YB_SCALAR:
			S_on_scalar(p, line, col, e->s, e->n, e->plain, &root);
			break;
		case YB_MAP:
		case YB_SEQ:
			if (S_on_start(p, e->type == YB_MAP ? NODE_MAP : NODE_SEQ, line, col) < 0)
				return NULL; /* not reached: yaml_block declines past the limit */
			break;
		default:
			S_on_end(p, &root);
		}
	}
	return root;
}

/* The libyaml way, for any text. Returns -1 when the text was refused (reported). */
static int
S_from_libyaml(struct parse *p, struct node **root)
{
	yaml_parser_t y;
	yaml_event_t e;
	struct node n;
	int done = 0, failed = 0, docs = 0;
	uint32_t line, col;

	p->remap = S_has_unicode_breaks(p->text, p->len);
	if (!yaml_parser_initialize(&y))
		die("cannot initialise libyaml");
	yaml_parser_set_input_string(&y, (const unsigned char *)p->text, p->len);
	yaml_parser_set_encoding(&y, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&y, &e)) {
			S_syntax_error(p, &y);
			failed = 1;
			break;
		}
		S_pos(p, e.start_mark, &line, &col);
		switch (e.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag_add(p->d, RULE_YAML_SYNTAX, p->path, line, col,
				         "a second YAML document; a record file holds exactly one");
				failed = 1;
				done = 1;
			}
			break;
		case YAML_ALIAS_EVENT:
			S_refuse(p, line, col, tr("alias"), (const char *)e.data.alias.anchor);
			memset(&n, 0, sizeof(n));
			n.line = line;
			n.col = S_col(col);
			n.type = NODE_BAD;
			S_push_child(p, &n, root);
			break;
		case YAML_SCALAR_EVENT:
			S_refuse_props(p, line, col, e.data.scalar.anchor, e.data.scalar.tag);
			S_on_scalar(p, line, col, (const char *)e.data.scalar.value,
			            e.data.scalar.length,
			            e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE, root);
			break;
		case YAML_SEQUENCE_START_EVENT:
			S_refuse_props(p, line, col, e.data.sequence_start.anchor,
			               e.data.sequence_start.tag);
			if (S_on_start(p, NODE_SEQ, line, col) < 0)
				failed = done = 1;
			break;
		case YAML_MAPPING_START_EVENT:
			S_refuse_props(p, line, col, e.data.mapping_start.anchor,
			               e.data.mapping_start.tag);
			if (S_on_start(p, NODE_MAP, line, col) < 0)
				failed = done = 1;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			S_on_end(p, root);
			break;
		default:
			break;
		}
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&y);
	return failed ? -1 : 0;
}

struct node *
node_parse(struct arena *a, const char *text, size_t len, uint32_t line0, const char *path,
           const struct node_limits *lim, struct diags *d, int *empty)
{
	return node_parse_dedup(a, NULL, text, len, line0, path, lim, d, empty);
}

struct node *
node_parse_dedup(struct arena *a, struct node_dedup *dedup, const char *text, size_t len,
                 uint32_t line0, const char *path, const struct node_limits *lim, struct diags *d,
                 int *empty)
{
	struct parse p = {lim, a, dedup, text, len, line0, path, d, NULL, 0, 0, 0, 0, 0, 0, 0};
	struct node *root = NULL;
	struct yb_events ev = {NULL, 0, 0};
	int failed = 0;
	size_t i;

	*empty = 0;
	/* A UTF-8 byte order mark is accepted, and is no column. */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
		p.text = text;
		p.len = len;
	}
	/* Most records are plain block YAML, read without libyaml's cost. */
	ev.v = xgrow(NULL, sizeof(*ev.v), len / 16 + 16, &ev.cap);
	if (!node_libyaml_only && yaml_block_scan(text, len, lim->depth, &ev) == 0)
		root = S_from_block(&p, &ev);
	else
		failed = S_from_libyaml(&p, &root) < 0;
	yaml_block_free(&ev);
	/* The kids buffers are kept per depth and freed once here. */
	for (i = 0; i < p.stack_cap; i++)
		free(p.stack[i].kids);
	free(p.stack);
	if (failed)
		return NULL;
	if (!root)
		*empty = 1;
	return root;
}

int
text_check_encoding(const char *text, size_t len, uint32_t line0, const char *path, struct diags *d)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, k, line_start = 0;
	uint32_t line = 1 + line0;
	uint64_t word;

	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF) ||
	                 s[0] == 0 || s[1] == 0)) {
		diag_add(d, RULE_ENCODING, path, 1, 1,
		         "the file is UTF-16 or UTF-32; save it as UTF-8");
		return -1;
	}
	while (i < len) {
		/* Eight ASCII bytes at a time: the common case of keys and numbers. */
		if (i + 8 <= len) {
			memcpy(&word, s + i, 8);
			if (!(word & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		/* Chinese text is three-byte sequences, E1-EC or EE-EF lead bytes. */
		if (i + 3 <= len && s[i] >= 0xE1 && s[i] <= 0xEF && s[i] != 0xED &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		k = utf8_seq(s + i, len - i);
		if (!k) {
			/* Only now count lines: errors are rare, files are many. */
			for (k = 0; k < i; k++)
				if (s[k] == '\n') {
					line++;
					line_start = k + 1;
				}
			diag_add(d, RULE_ENCODING, path, line,
			         (uint32_t)utf8_count(text + line_start, i - line_start) + 1,
			         "invalid UTF-8 byte 0x%02X; save the file as UTF-8", s[i]);
			return -1;
		}
		i += k;
	}
	return 0;
}
