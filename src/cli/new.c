/*
 * new.c - svcgen new: the next free id in the department's own format, the
 * folder its records of the kind are kept in, the fields given, today's
 * date, the other required fields marked; checked before it is written,
 * and written below the records folder's descriptor (never over a file).
 */
#include "cli/new.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/error.h"
#include "base/escape.h"
#include "base/msg.h"
#include "check/suggest.h"
#include "check/validate.h"
#include "cli/input.h"
#include "load/load.h"
#include "load/parse.h"
#include "model/schema.h"
#include "model/typecheck.h"
#include "model/value.h"

/* One FIELD=VALUE of the command line. */
struct S_set {
	const char *name, *value;
	const struct field *f;
};

struct S_new {
	int kind;
	const char *dir;
	struct S_set *set;
	size_t nset;
	int edit;
	struct records r;
	int64_t now; /* seconds, UTC */
	char today[11], now_text[17];
};

/* The Markdown kinds, whose body is their text; the others are YAML files. */
static int
S_markdown(int kind)
{
	return kind == OBJ_service || kind == OBJ_complaints || kind == OBJ_standards;
}

static const struct S_set *
S_given(const struct S_new *n, const char *name)
{
	size_t i;

	for (i = 0; i < n->nset; i++)
		if (!strcmp(n->set[i].name, name))
			return &n->set[i];
	return NULL;
}

/* Splits id into its text before the last run of digits, the digits and the rest. */
static int
S_split(const char *id, size_t *head, size_t *digits)
{
	size_t i = strlen(id), end;

	while (i && (id[i - 1] < '0' || id[i - 1] > '9'))
		i--;
	if (!i)
		return -1;
	end = i;
	while (i && id[i - 1] >= '0' && id[i - 1] <= '9')
		i--;
	*head = i;
	*digits = end - i;
	return 0;
}

/*
 * The head of id with a year (a 4-digit run 1900-2099 ending a part of it)
 * as "{Y}", into out: "SR-2026-" is "SR-{Y}-", the same format a year on.
 */
static void
S_pattern(const char *id, size_t head, struct buf *out)
{
	size_t i = 0, k;

	buf_reset(out);
	while (i < head) {
		for (k = 0; i + k < head && id[i + k] >= '0' && id[i + k] <= '9'; k++)
			;
		if (k == 4 && (!strncmp(id + i, "19", 2) || !strncmp(id + i, "20", 2))) {
			buf_adds(out, "{Y}");
			i += 4;
		} else if (k) {
			buf_add(out, id + i, k);
			i += k;
		} else {
			buf_addc(out, id[i++]);
		}
	}
}

/* The first id of a kind no department has used yet: "{Y}" is the year. */
static const char *
S_first_id(int kind)
{
	static const char *const ids[KIND__COUNT] = {
	    [OBJ_customers] = "C-0001",      [OBJ_equipment] = "EQ-0001",
	    [OBJ_service] = "SR-{Y}-0001",   [OBJ_visits] = "V-{Y}-0001",
	    [OBJ_complaints] = "CP-{Y}-001", [OBJ_standards] = "STD-001",
	    [OBJ_staff] = "ST-001",          [OBJ_parts] = "P-0001",
	    [OBJ_shipments] = "SH-{Y}-0001", [OBJ_dealers] = "D-001",
	};
	return ids[kind];
}

static int
S_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The format of an id: its head with a year as "{Y}", "#", its number's width, "#", its tail. */
static char *
S_format(const char *id)
{
	struct buf b = BUF_INIT;
	size_t head, digits;

	if (S_split(id, &head, &digits) < 0)
		return NULL;
	S_pattern(id, head, &b);
	buf_addf(&b, "#%zu#%s", digits, id + head + digits);
	return buf_detach(&b);
}

/*
 * The next free id: the format most of the kind's ids have (a year in its
 * head taken as this year's), the number after the highest of this year's
 * ids in it; free ignoring case. A kind without ids starts at S_first_id.
 */
static void
S_next_id(struct S_new *n, struct buf *id)
{
	char **v = xmalloc((n->r.n + 1) * sizeof(*v)), *w, *best = NULL;
	size_t i, k, nv = 0, run, best_run = 0, head, digits, width;
	unsigned long long max = 0, x;

	for (i = 0; i < n->r.n; i++)
		if (n->r.recs[i].kind == n->kind && n->r.recs[i].id &&
		    (v[nv] = S_format(n->r.recs[i].id)))
			nv++;
	qsort(v, nv, sizeof(*v), S_strcmp);
	for (i = 0; i < nv; i = k) {
		for (k = i; k < nv && !strcmp(v[k], v[i]); k++)
			;
		if ((run = k - i) > best_run) {
			best_run = run;
			best = v[i];
		}
	}
	if (!best)
		best = v[nv++] = S_format(S_first_id(n->kind));
	w = strchr(best, '#');
	width = strtoul(w + 1, NULL, 10);
	/* This year's head: "{Y}" replaced. */
	buf_reset(id);
	for (i = 0; best + i < w; i++) {
		if (!strncmp(best + i, "{Y}", 3)) {
			buf_add(id, n->today, 4);
			i += 2;
		} else {
			buf_addc(id, best[i]);
		}
	}
	head = id->len;
	for (i = 0; i < n->r.n; i++) {
		const struct record *a = &n->r.recs[i];

		if (a->kind == n->kind && a->id && !strncmp(a->id, id->buf, head) &&
		    S_split(a->id, &k, &digits) == 0 && k == head &&
		    (x = strtoull(a->id + head, NULL, 10)) > max)
			max = x;
	}
	do {
		buf_setlen(id, head);
		buf_addf(id, "%0*llu%s", (int)width, ++max, strchr(w + 1, '#') + 1);
	} while (records_find_ci(&n->r, id->buf));
	for (i = 0; i < nv; i++)
		free(v[i]);
	free(v);
}

/* The folder of rec below its kind's ("" at the top). */
static void
S_folder(const struct record *rec, struct buf *dir)
{
	const char *p = strchr(rec->path, '/'), *end = strrchr(rec->path, '/');

	buf_reset(dir);
	if (p && end > p)
		buf_add(dir, p + 1, (size_t)(end - p - 1));
}

/* A record's value of a field and its folder, to see whether the one gives the other. */
struct S_pair {
	const char *value;
	char *dir;
};

static int
S_pair_cmp(const void *a, const void *b)
{
	const struct S_pair *x = a, *y = b;
	int c = strcmp(x->value, y->value);

	return c ? c : strcmp(x->dir, y->dir);
}

/*
 * The folder that the value want of field key stands for, when each value
 * of it stands for one folder across the kind and there are several:
 * customers/huadong for region 华东, parts/key for key: true. NULL: none.
 */
static char *
S_folder_of_value(struct S_new *n, enum schema_key key, const char *want)
{
	struct S_pair *v = xmalloc((n->r.n + 1) * sizeof(*v));
	struct buf dir = BUF_INIT;
	size_t i, nv = 0;
	char *found = NULL;
	int ok = 1, many = 0;

	for (i = 0; ok && i < n->r.n; i++) {
		const struct record *a = &n->r.recs[i];
		const struct node *x = record_value(a, key);

		if (a->kind != n->kind)
			continue;
		if (!x || x->type != NODE_SCALAR) {
			ok = 0; /* a record without it: its folder says something else */
			continue;
		}
		S_folder(a, &dir);
		v[nv].value = x->u.str;
		v[nv++].dir = buf_detach(&dir);
	}
	qsort(v, nv, sizeof(*v), S_pair_cmp);
	for (i = 1; ok && i < nv; i++) {
		if (!strcmp(v[i].value, v[i - 1].value) && strcmp(v[i].dir, v[i - 1].dir))
			ok = 0;
		many |= strcmp(v[i].dir, v[0].dir) != 0;
	}
	for (i = 0; ok && many && !found && i < nv; i++)
		if (!strcmp(v[i].value, want))
			found = xstrdup(v[i].dir);
	for (i = 0; i < nv; i++)
		free(v[i].dir);
	free(v);
	return found;
}

/*
 * Where the new record goes below its kind's folder, as the department
 * keeps the kind (docs/records.md, "New records"): in folders of its date
 * (YYYY/MM, or YYYY) when every record of the kind is; else in the folder
 * a given field's value stands for (S_folder_of_value); else at the top.
 */
static void
S_place(struct S_new *n, struct buf *out)
{
	const struct object *o = schema_object(n->kind);
	enum schema_key dk = record_date_key(n->kind);
	struct buf dir = BUF_INIT;
	size_t i, seen = 0, monthly = 0, yearly = 0;
	char want[16], *found;
	unsigned j, m, d;
	int y;

	buf_reset(out);
	for (i = 0; dk < KEY__COUNT && i < n->r.n; i++) {
		const struct record *rec = &n->r.recs[i];
		const struct node *v = record_value(rec, dk);

		if (rec->kind != n->kind)
			continue;
		seen++;
		if (!v || (v->value != VAL_DATE && v->value != VAL_DATETIME))
			continue;
		S_folder(rec, &dir);
		civil_from_days(node_day(v, n->r.cfg.tzoff), &y, &m, &d);
		snprintf(want, sizeof(want), "%04d/%02u", y, m);
		monthly += !strcmp(dir.buf, want);
		yearly += dir.len == 4 && !strncmp(dir.buf, want, 4);
	}
	buf_free(&dir);
	if (seen && monthly == seen) {
		buf_addf(out, "%.4s/%.2s", n->today, n->today + 5);
		return;
	}
	if (seen && yearly == seen) {
		buf_add(out, n->today, 4);
		return;
	}
	for (j = 0; j < o->count; j++) {
		const struct field *f = &schema_fields[o->first + j];
		const struct S_set *g = S_given(n, f->name);

		if (!g || (f->flags & LIST) || f->type == T_OBJECT || f->key == KEY_id)
			continue;
		if ((found = S_folder_of_value(n, f->key, g->value))) {
			buf_adds(out, found);
			free(found);
			return;
		}
	}
}

/* What a required field left empty takes, as its comment says (values, or the type). */
static void
S_hint(struct buf *b, const struct S_new *n, const struct field *f)
{
	const struct strlist *l = f->cfg == CFG_regions  ? &n->r.cfg.regions
	                          : f->cfg == CFG_models ? &n->r.cfg.models
	                                                 : &n->r.cfg.platforms;
	size_t i;

	buf_adds(b, tr("required"));
	buf_adds(b, ": ");
	if (f->type == T_ENUM)
		for (i = 0; f->values[i]; i++)
			buf_addf(b, "%s%s", i ? " | " : "", f->values[i]);
	else if (f->type == T_CFGENUM)
		for (i = 0; i < l->n; i++)
			buf_addf(b, "%s%s", i ? " | " : "", l->v[i]);
	else if (f->type == T_REF)
		for (i = 0; i < KIND__COUNT; i++)
			buf_addf(b, "%s", f->kinds & (1u << i) ? schema_object((int)i)->name : "");
	else if (f->type == T_OBJECT) /* its fields, to write below it */
		for (i = 0; i < schema_object(f->sub)->count; i++)
			buf_addf(b, "%s%s", i ? ", " : "",
			         schema_fields[schema_object(f->sub)->first + i].name);
	else
		buf_adds(b, schema_type_name(f->type));
}

/*
 * The record's text: its fields in schema order, those given and the
 * required ones (its date today, its status the first a new one has),
 * the required ones nobody gave left empty with what they take; a
 * Markdown kind's front matter between `---` lines and an empty body.
 */
static void
S_text(struct S_new *n, const char *id, struct buf *b, struct buf *todo)
{
	const struct object *o = schema_object(n->kind);
	unsigned j;

	if (S_markdown(n->kind))
		buf_adds(b, "---\n");
	for (j = 0; j < o->count; j++) {
		const struct field *f = &schema_fields[o->first + j];
		const struct S_set *g = S_given(n, f->name);

		if (f->key == KEY_id) {
			buf_addf(b, "id: %s\n", id);
		} else if (g && (f->flags & LIST)) {
			const char *p = g->value, *comma;

			buf_addf(b, "%s: [", f->name);
			for (; (comma = strchr(p, ',')); p = comma + 1) {
				char *item = xstrndup(p, (size_t)(comma - p));

				yaml_scalar(b, item, strlen(item), 1);
				buf_adds(b, ", ");
				free(item);
			}
			yaml_scalar(b, p, strlen(p), 1);
			buf_adds(b, "]\n");
		} else if (g) {
			buf_addf(b, "%s: ", f->name);
			yaml_scalar(b, g->value, strlen(g->value), 0);
			buf_addc(b, '\n');
		} else if (!(f->flags & REQ)) {
			continue;
		} else if (f->type == T_DATETIME || f->type == T_DAY) {
			buf_addf(b, "%s: %s\n", f->name, n->now_text);
		} else if (f->type == T_DATE && f->key != KEY_warranty_until) {
			buf_addf(b, "%s: %s\n", f->name, n->today);
		} else if (f->key == KEY_status && f->type == T_ENUM) {
			buf_addf(b, "%s: %s\n", f->name, f->values[0]);
		} else {
			buf_addf(b, "%s: # ", f->name);
			S_hint(b, n, f);
			buf_addc(b, '\n');
			buf_addf(todo, "%s%s", todo->len ? ", " : "", f->name);
		}
	}
	if (S_markdown(n->kind))
		buf_adds(b, "---\n\n");
}

/* The front matter of a Markdown kind's text, or the whole of a YAML one: at *off, *len bytes. */
static void
S_fields_of(const struct S_new *n, const char *text, size_t *off, size_t *len)
{
	size_t body;
	uint32_t line;
	int unclosed;

	*off = 0;
	*len = strlen(text);
	if (S_markdown(n->kind))
		load_front_matter(text, strlen(text), off, len, &body, &line, &unclosed);
}

/*
 * The fields the new record's type or status requires (status-fields) that
 * nobody gave: added empty with what they take, before the end of its
 * fields, and named in todo.
 */
static void
S_mark_required(struct S_new *n, const char *path, struct buf *text, struct buf *todo)
{
	struct record rec = {0};
	struct diags d;
	struct arena a;
	struct node_limits lim = {32, NULL};
	enum schema_key missing[16];
	struct buf add = BUF_INIT, out = BUF_INIT;
	size_t off, len, i, k;
	int empty, fi;

	diags_init(&d);
	arena_init(&a);
	S_fields_of(n, text->buf, &off, &len);
	rec.kind = (uint8_t)n->kind;
	rec.path = rec.display = path;
	rec.root = node_parse(&a, text->buf + off, len, off ? 1 : 0, path, &lim, &d, &empty);
	k = rec.root && rec.root->type == NODE_MAP ? validate_missing(&n->r, &rec, missing, 16) : 0;
	for (i = 0; i < k; i++) {
		if ((fi = schema_field_lookup(n->kind, key_names[missing[i]],
		                              strlen(key_names[missing[i]]))) < 0)
			continue;
		buf_addf(&add, "%s: # ", key_names[missing[i]]);
		S_hint(&add, n, &schema_fields[fi]);
		buf_addc(&add, '\n');
		buf_addf(todo, "%s%s", todo->len ? ", " : "", key_names[missing[i]]);
	}
	if (add.len) {
		buf_add(&out, text->buf, off + len);
		buf_add(&out, add.buf, add.len);
		buf_adds(&out, text->buf + off + len);
		buf_reset(text);
		buf_add(text, out.buf, out.len);
	}
	buf_free(&add);
	buf_free(&out);
	diags_free(&d);
	arena_free(&a);
}

/* The line of text that sets name at the top level ("name:" at its start), or NULL. */
static char *
S_line_of(char *text, const char *name)
{
	size_t k = strlen(name);
	char *p;

	for (p = text; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, name, k) && p[k] == ':')
			return p;
	return NULL;
}

/*
 * The department's own start of a record (docs/records.md, "New
 * records"): templates/new/KIND-TYPE.md or .yaml (TYPE the type given),
 * else templates/new/KIND.md or .yaml, with {{id}}, {{today}} and {{now}}
 * put in, and each field given set on its line, or added after the last
 * one. 1 when there is one (in b), 0 when not, -1 after a message.
 */
static int
S_from_template(struct S_new *n, const char *id, struct buf *b)
{
	struct source *tpl = source_open_templates(NULL, n->r.src);
	const struct S_set *type = S_given(n, "type");
	const char *kind = schema_object(n->kind)->name, *ext[2] = {"md", "yaml"};
	struct buf path = BUF_INIT, raw = BUF_INIT, line = BUF_INIT;
	size_t i, k;
	int rc = 0, too_large, round;
	char *p, *end;

	for (round = type ? 0 : 1; round < 2 && !rc; round++)
		for (k = 0; k < 2 && !rc; k++) {
			buf_reset(&path);
			buf_addf(&path, "new/%s%s%s.%s", kind, round ? "" : "-",
			         round ? "" : type->value, ext[k]);
			if (tpl->ops->read(tpl, path.buf, 1048576, &raw, &too_large) == 0)
				rc = 1;
			else if (errno != ENOENT || too_large)
				rc = -1;
		}
	if (rc < 0)
		error_set("templates/%s: %s", path.buf,
		          too_large ? tr("too large") : strerror(errno));
	for (p = raw.buf; rc > 0 && *p; p++) {
		if (!strncmp(p, "{{id}}", 6))
			buf_adds(b, id), p += 5;
		else if (!strncmp(p, "{{today}}", 9))
			buf_adds(b, n->today), p += 8;
		else if (!strncmp(p, "{{now}}", 7))
			buf_adds(b, n->now_text), p += 6;
		else
			buf_addc(b, *p);
	}
	for (i = 0; rc > 0 && i < n->nset; i++) {
		buf_reset(&line);
		buf_addf(&line, "%s: ", n->set[i].name);
		yaml_scalar(&line, n->set[i].value, strlen(n->set[i].value), 0);
		buf_addc(&line, '\n');
		if ((p = S_line_of(b->buf, n->set[i].name))) {
			end = strchr(p, '\n');
			k = (size_t)(p - b->buf);
			buf_reset(&raw);
			buf_add(&raw, b->buf, k);
			buf_add(&raw, line.buf, line.len);
			buf_adds(&raw, end ? end + 1 : "");
		} else {
			/* After the front matter's last line, or at the end of a YAML file. */
			p = S_markdown(n->kind) ? strstr(b->buf + 4, "\n---") : NULL;
			k = p ? (size_t)(p - b->buf) + 1 : b->len;
			buf_reset(&raw);
			buf_add(&raw, b->buf, k);
			if (k && b->buf[k - 1] != '\n')
				buf_addc(&raw, '\n');
			buf_add(&raw, line.buf, line.len);
			buf_adds(&raw, b->buf + k);
		}
		buf_reset(b);
		buf_add(b, raw.buf, raw.len);
	}
	source_close(tpl);
	buf_free(&path);
	buf_free(&raw);
	buf_free(&line);
	return rc;
}

/*
 * The values given, checked as `svcgen check` would: each against its
 * field's type (the new text parsed and type-checked, its empty required
 * fields aside), each reference against the records, with what it may
 * have meant. 0, or -1 after the problems on stderr.
 */
static int
S_check(struct S_new *n, const char *path, const char *text)
{
	struct diags d;
	struct arena a;
	struct node_limits lim = {32, NULL};
	struct typecheck tc;
	struct suggest *sg = suggest_new(&n->r);
	struct node *root;
	size_t i, k, bad = 0, off, len;
	int empty, by_name;

	diags_init(&d);
	arena_init(&a);
	tc.d = &d;
	tc.path = path;
	tc.cfg = &n->r.cfg;
	S_fields_of(n, text, &off, &len);
	root = node_parse(&a, text + off, len, off ? 1 : 0, path, &lim, &d, &empty);
	if (root && root->type == NODE_MAP)
		typecheck_object(&tc, root, n->kind);
	for (i = 0; root && i < n->nset; i++) {
		const struct field *f = n->set[i].f;
		const struct node *v = node_field(root, f->key);

		if (f->type != T_REF || !v)
			continue;
		for (k = 0; k < (v->type == NODE_SEQ ? v->n : 1); k++) {
			const struct node *ref = v->type == NODE_SEQ ? &v->u.kids[k] : v;
			const struct record *t, *near;

			if (ref->type != NODE_SCALAR ||
			    ((t = records_find(&n->r, ref->u.str)) && (f->kinds & (1u << t->kind))))
				continue;
			near = suggest_ref(sg, ref->u.str, f->kinds, NULL, &by_name);
			if (near && by_name)
				diag_add(&d, RULE_REF_MISSING, path, ref->line, ref->col,
				         "%s: no record has id '%.64s'; did you mean '%s', whose "
				         "name it is?",
				         f->name, ref->u.str, near->id);
			else if (near)
				diag_add(&d, RULE_REF_MISSING, path, ref->line, ref->col,
				         "%s: no record has id '%.64s'; did you mean '%s'?",
				         f->name, ref->u.str, near->id);
			else
				diag_add(&d, RULE_REF_MISSING, path, ref->line, ref->col,
				         "%s: no record has id '%.64s'", f->name, ref->u.str);
		}
	}
	diags_sort(&d);
	for (i = 0; i < d.n; i++) {
		if (d.v[i].rule == RULE_MISSING_FIELD || d.v[i].rule == RULE_STATUS_FIELDS)
			continue; /* the fields left for the editor */
		term_error(tr("%s: %s [%s]"), path, d.v[i].message, rule_table[d.v[i].rule].id);
		bad++;
	}
	suggest_free(sg);
	diags_free(&d);
	arena_free(&a);
	return bad ? -1 : 0;
}

/* $VISUAL, else $EDITOR, else vi, on path; its exit status is not svcgen's concern. */
static void
S_edit(const char *path)
{
	const char *ed = getenv("VISUAL");
	pid_t pid;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	fflush(NULL);
	if ((pid = fork()) == 0) {
		execl("/bin/sh", "sh", "-c", "$0 \"$1\"", ed, path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
}

/* Reads new's arguments into n: 0, or 2 (usage) after a message. */
static int
S_args(struct S_new *n, int argc, char **argv)
{
	const char *names[KIND__COUNT + 1], *near;
	const struct object *o;
	int i, k, fi, have_dir = 0;

	for (k = 0; k < KIND__COUNT; k++)
		names[k] = schema_object(k)->name;
	names[KIND__COUNT] = NULL;
	if (argc < 1) {
		term_error("%s", tr("new needs a kind: customers, equipment, service, visits, "
		                    "complaints, standards, staff, parts, shipments or dealers"));
		return EXIT_USAGE;
	}
	if ((n->kind = schema_kind_lookup(argv[0])) < 0) {
		near = typecheck_closest(argv[0], names, 1);
		if (near)
			term_error(tr("unknown kind '%s'; did you mean '%s'?"), argv[0], near);
		else
			term_error(tr("unknown kind '%s'"), argv[0]);
		return EXIT_USAGE;
	}
	o = schema_object(n->kind);
	n->dir = ".";
	n->set = xcalloc((size_t)argc, sizeof(*n->set));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '=');

		if (!strcmp(a, "-e") || !strcmp(a, "--edit")) {
			n->edit = 1;
		} else if (eq && eq > a) {
			struct S_set *s = &n->set[n->nset];

			fi = schema_field_lookup(n->kind, a, (size_t)(eq - a));
			if (fi < 0) {
				term_error(tr("%s has no field '%.*s'"), o->name, (int)(eq - a), a);
				return EXIT_USAGE;
			}
			if (schema_fields[fi].type == T_OBJECT || schema_fields[fi].type == T_MAP) {
				term_error(
				    tr("%.*s holds fields of its own: fill them in the file"),
				    (int)(eq - a), a);
				return EXIT_USAGE;
			}
			s->f = &schema_fields[fi];
			s->name = s->f->name;
			s->value = eq + 1;
			n->nset++;
		} else if (a[0] == '-' && a[1]) {
			term_error(tr("unknown option '%s'"), a);
			return EXIT_USAGE;
		} else if (have_dir++) {
			term_error(tr("extra argument '%s' (%s)"), a, tr("new takes one folder"));
			return EXIT_USAGE;
		} else {
			n->dir = a;
		}
	}
	return 0;
}

/* The day and the time now (n->today, n->now_text). */
static void
S_now(struct S_new *n)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int64_t t;

	/* Now, in the configured zone: SOURCE_DATE_EPOCH's, for builds that must repeat. */
	t = sde && *sde && value_int(sde, strlen(sde), &t) == 0 ? t : (int64_t)time(NULL);
	format_date(n->today, local_day(t, n->r.cfg.tzoff));
	t += n->r.cfg.tzoff;
	snprintf(n->now_text, sizeof(n->now_text), "%.10sT%02d:%02d", n->today,
	         (int)(((t % 86400) + 86400) % 86400 / 3600),
	         (int)(((t % 3600) + 3600) % 3600 / 60));
}

/*
 * Writes the record's text at rel below the folder, unless its id is
 * taken or the text does not check; then says what to fill in. Returns
 * the exit status.
 */
static int
S_save(struct S_new *n, const char *id, const char *shown, const char *rel, const char *text,
       const char *todo, size_t todo_len)
{
	int rc = 0, fd = -1;

	if (records_find_ci(&n->r, id)) {
		term_error(tr("id '%s' is already used by %s"), id,
		           records_find_ci(&n->r, id)->display);
		rc = EXIT_PROBLEMS;
	} else if (S_check(n, shown, text) < 0) {
		rc = EXIT_PROBLEMS;
	} else if ((fd = open(n->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		error_set("%s: %s", n->dir, strerror(errno));
		rc = EXIT_FAILURE_IO;
	} else if (source_create_below(fd, rel, text, strlen(text), NULL, NULL) < 0) {
		/* Below the records folder, never through a link, never over a file. */
		error_set("%s: %s", rel, strerror(errno));
		rc = EXIT_FAILURE_IO;
	} else {
		printf("%s\n", shown);
		if (todo_len)
			term_error(tr("fill in: %s"), todo);
		if (n->edit)
			S_edit(shown);
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

int
new_record(int argc, char **argv)
{
	struct S_new n;
	struct input in;
	struct diags d;
	struct buf id = BUF_INIT, place = BUF_INIT, rel = BUF_INIT, text = BUF_INIT,
	           todo = BUF_INIT;
	int64_t day = -1;
	char *shown = NULL;
	int rc;

	memset(&n, 0, sizeof(n));
	if ((rc = S_args(&n, argc, argv)) != 0) {
		free(n.set);
		return rc;
	}
	if (input_open(&in, n.dir, NULL) < 0) {
		free(n.set);
		return EXIT_FAILURE_IO;
	}
	rc = input_validate(&in, NULL, NULL, VALIDATE_NO_HISTORY | VALIDATE_RECORDS_ONLY, &n.r, &d,
	                    &day, NULL, NULL);
	if (rc)
		goto done;
	S_now(&n);
	if (S_given(&n, "id")) {
		buf_adds(&id, S_given(&n, "id")->value);
	} else if (n.kind == OBJ_equipment) {
		term_error("%s", tr("a unit's id is its serial number: give id=SERIAL"));
		rc = EXIT_USAGE;
		goto done;
	} else {
		S_next_id(&n, &id);
	}
	S_place(&n, &place);
	buf_addf(&rel, "%s/%s%s%s.%s", schema_object(n.kind)->name, place.buf, place.len ? "/" : "",
	         id.buf, S_markdown(n.kind) ? "md" : "yaml");
	shown = source_display_path(n.r.src, rel.buf);
	if ((rc = S_from_template(&n, id.buf, &text)) < 0) {
		rc = EXIT_FAILURE_IO;
		goto done;
	}
	if (rc == 0) {
		S_text(&n, id.buf, &text, &todo);
		S_mark_required(&n, shown, &text, &todo);
	}
	rc = S_save(&n, id.buf, shown, rel.buf, text.buf, todo.buf, todo.len);
done:
	error_print();
	free(shown);
	free(n.set);
	buf_free(&id);
	buf_free(&place);
	buf_free(&rel);
	buf_free(&text);
	buf_free(&todo);
	load_free(&n.r);
	diags_free(&d);
	input_close(&in);
	return rc;
}
