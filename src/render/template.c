/*
 * template.c - Mustache: the partials of an environment, and the renderer
 * of the instruction lists compile.c makes. See template.h; the values
 * rendered are values.c's.
 *
 * Indentation. A standalone partial is indented by the whitespace before
 * its tag, on every line of its own text (not inside values). Blocks of
 * template inheritance are re-indented: a block whose opening tag stands
 * on a line of its own has an indentation, the common leading whitespace of
 * the lines of its body (or, when they are all blank, the whitespace before
 * its tag); an override loses its own and takes that of the block it
 * replaces. The renderer keeps, per inclusion (a frame), the prefix to
 * strip from and the one to add to each line of template text.
 */
#include "render/template.h"
#include "render/tpl_int.h"

#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "render/values_int.h"

/* ---- Environments: partials by name ------------------------------------ */

struct slot {
	char *name;
	size_t n;
	uint32_t hash;
	struct tpl *t; /* NULL: the loader has no such template */
};

struct tpl_env {
	tpl_load_fn load;
	void *arg;
	struct slot *slots; /* open addressing; cap a power of two */
	size_t n, cap;
	pthread_mutex_t lock;
};

struct tpl_env *
tpl_env_new(tpl_load_fn load, void *arg)
{
	struct tpl_env *env = xcalloc(1, sizeof(*env));

	env->load = load;
	env->arg = arg;
	env->cap = 16;
	env->slots = xcalloc(env->cap, sizeof(*env->slots));
	if (pthread_mutex_init(&env->lock, NULL) != 0)
		die("cannot create a mutex");
	return env;
}

void
tpl_env_free(struct tpl_env *env)
{
	size_t i;

	if (!env)
		return;
	for (i = 0; i < env->cap; i++) {
		free(env->slots[i].name);
		tpl_free(env->slots[i].t);
	}
	free(env->slots);
	pthread_mutex_destroy(&env->lock);
	free(env);
}

static struct slot *
S_env_slot(struct tpl_env *env, const char *name, size_t n, uint32_t h)
{
	size_t i, mask = env->cap - 1;
	struct slot *s;

	for (i = hash_slot(h, env->cap);; i = (i + 1) & mask) {
		s = &env->slots[i];
		if (!s->name || (s->hash == h && s->n == n && !memcmp(s->name, name, n)))
			return s;
	}
}

static void
S_env_grow(struct tpl_env *env)
{
	struct slot *old = env->slots;
	size_t i, oldcap = env->cap;

	env->cap *= 2;
	env->slots = xcalloc(env->cap, sizeof(*env->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i].name)
			*S_env_slot(env, old[i].name, old[i].n, old[i].hash) = old[i];
	free(old);
}

/* tpl_env_get with a name that need not end in NUL. */
static int
S_env_get(struct tpl_env *env, const char *name, size_t n, const struct tpl **out,
          struct tpl_error *err)
{
	uint32_t h = tv_hash(name, n);
	struct buf text = BUF_INIT;
	struct tpl *t = NULL;
	struct slot *s;
	char *key;
	int rc = 0;

	*out = NULL;
	if (!env)
		return 1;
	pthread_mutex_lock(&env->lock);
	s = S_env_slot(env, name, n, h);
	if (s->name) {
		*out = s->t;
		pthread_mutex_unlock(&env->lock);
		return s->t ? 0 : 1;
	}
	key = xstrndup(name, n);
	rc = env->load ? env->load(env->arg, key, &text) : -1;
	if (rc == TPL_LOAD_ERROR) {
		tpl_set_error(err, key, 0, 0, "%s", buf_str(&text));
		rc = -1;
	} else if (rc == 0) {
		t = tpl_compile(key, buf_str(&text), text.len, err);
		rc = t ? 0 : -1;
	} else {
		rc = 0;
	}
	buf_free(&text);
	if (rc < 0) {
		free(key);
		pthread_mutex_unlock(&env->lock);
		return -1;
	}
	if ((env->n + 1) * 2 > env->cap) {
		S_env_grow(env);
		s = S_env_slot(env, name, n, h);
	}
	s->name = key;
	s->n = n;
	s->hash = h;
	s->t = t;
	env->n++;
	*out = t;
	pthread_mutex_unlock(&env->lock);
	return t ? 0 : 1;
}

int
tpl_env_get(struct tpl_env *env, const char *name, const struct tpl **out, struct tpl_error *err)
{
	return S_env_get(env, name, strlen(name), out, err);
}

/* ---- The renderer ------------------------------------------------------ */

struct render {
	struct buf *out;
	struct tpl_refs *refs; /* large unescaped strings left out of out, or NULL */
	struct tpl_env *env;
	struct tpl_error *err;
	const struct tv **stack; /* the context stack; its top is stack[sn - 1] */
	size_t sn, scap;
	struct buf ind; /* the frames' indentations; they refer to it by offset */
	unsigned include, depth;
};

/* A parent tag being rendered: its blocks override those of the templates below. */
struct scope {
	const struct tpl *t;
	size_t parent; /* the OP_PARENT instruction */
	const struct scope *outer;
};

/* How the lines of template text of one inclusion are indented. */
struct frame {
	const char *strip; /* a prefix to take off the start of each line, when there */
	size_t strip_n;
	size_t add_off, add_n; /* in render.ind: what to put at the start of each line */
	int fresh;             /* began in the middle of a line and printed no line end yet */
	const struct scope *scope;
};

static int S_render(struct render *r, const struct tpl *t, size_t from, size_t to, struct frame *f);

static int S_render_error(struct render *r, const struct tpl *t, const struct ins *in,
                          const char *fmt, ...) ATTR_PRINTF(4, 5);

static int
S_render_error(struct render *r, const struct tpl *t, const struct ins *in, const char *fmt, ...)
{
	va_list ap;
	char msg[200];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tpl_set_error(r->err, t->name, in ? in->line : 0, in ? in->col : 0, "%s", msg);
	return -1;
}

static void
S_push(struct render *r, const struct tv *v)
{
	r->stack = xgrow(r->stack, sizeof(*r->stack), r->sn + 1, &r->scap);
	r->stack[r->sn++] = v;
}

static const struct tv *
S_lookup(const struct tv *v, const struct part *p)
{
	const struct tv_entry *e;

	if (v->type != TV_MAP)
		return NULL;
	e = tv_map_find(v, p->s, p->n, p->hash);
	return e ? e->val : NULL;
}

/* The first part through the context stack, the others each in the one before. */
static const struct tv *
S_resolve(const struct render *r, const struct tpl *t, const struct ins *in)
{
	const struct part *p = t->parts + in->part0;
	const struct tv *v = NULL;
	size_t k;

	if (in->nparts == 0)
		return r->stack[r->sn - 1];
	for (k = r->sn; k-- > 0;)
		if ((v = S_lookup(r->stack[k], p)) != NULL)
			break;
	for (k = 1; v && k < in->nparts; k++)
		v = S_lookup(v, p + k);
	return v;
}

static void
S_indent(struct render *r, const struct frame *f)
{
	if (f->add_n && !f->fresh)
		buf_add(r->out, r->ind.buf + f->add_off, f->add_n);
}

/* Template text: each line loses the frame's strip prefix and gains its add prefix. */
static void
S_line_start(struct render *r, const struct frame *f, const char **p, const char *end)
{
	size_t k;

	for (k = 0; k < f->strip_n && *p < end && **p == f->strip[k]; k++)
		(*p)++;
	S_indent(r, f);
}

static void
S_text(struct render *r, struct frame *f, const struct ins *in)
{
	const char *p = in->s, *end = p + in->n, *nl;

	if (!f->strip_n && !f->add_n) {
		buf_add(r->out, p, in->n);
		if (f->fresh && memchr(p, '\n', in->n))
			f->fresh = 0; /* frames included from here take it over */
		return;
	}
	if (in->bol)
		S_line_start(r, f, &p, end);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl) {
			buf_add(r->out, p, (size_t)(end - p));
			break;
		}
		f->fresh = 0;
		buf_add(r->out, p, (size_t)(nl + 1 - p));
		p = nl + 1;
		if (p < end)
			S_line_start(r, f, &p, end);
	}
}

static void
S_interpolate(struct render *r, const struct tv *v, int escape)
{
	/* A large string is noted, not copied (tpl_render_refs). */
	if (v->type == TV_STR && !escape && r->refs && v->u.str.n >= TPL_REF_MIN) {
		struct tpl_ref *ref;

		r->refs->v = xgrow(r->refs->v, sizeof(*r->refs->v), r->refs->n + 1, &r->refs->cap);
		ref = &r->refs->v[r->refs->n++];
		ref->at = r->out->len;
		ref->s = v->u.str.s;
		ref->n = v->u.str.n;
	} else if (v->type == TV_STR && escape)
		html_escape(r->out, v->u.str.s, v->u.str.n);
	else
		tv_format(r->out, v); /* numbers and booleans need no escaping */
}

/*
 * A new frame's line prefix: the current one followed by `extra` less what
 * the current frame strips. Returns the old length of render.ind, to restore.
 */
static size_t
S_frame_add(struct render *r, const struct frame *f, struct frame *nf, const char *extra,
            size_t extra_n)
{
	size_t mark = r->ind.len, k;

	for (k = 0; k < f->strip_n && k < extra_n && extra[k] == f->strip[k]; k++)
		;
	buf_grow(&r->ind, f->add_n + extra_n - k);
	buf_add(&r->ind, r->ind.buf + f->add_off, f->add_n);
	buf_add(&r->ind, extra + k, extra_n - k);
	nf->add_off = mark;
	nf->add_n = r->ind.len - mark;
	return mark;
}

static int
S_include(struct render *r, const struct tpl *t, const struct ins *in, struct frame *f,
          const struct scope *scope)
{
	const struct tpl *p;
	struct frame nf;
	size_t mark;
	int rc;

	rc = S_env_get(r->env, in->s, in->n, &p, r->err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (r->include >= TPL_MAX_INCLUDE)
		return S_render_error(r, t, in,
		                      "\"%.*s\" included more than %d deep "
		                      "(does it include itself?)",
		                      (int)in->n, in->s, TPL_MAX_INCLUDE);
	memset(&nf, 0, sizeof(nf));
	nf.scope = scope;
	nf.strip = "";
	if (in->standalone) {
		mark = S_frame_add(r, f, &nf, in->ind, in->ind_n);
		nf.fresh = f->fresh;
	} else {
		mark = r->ind.len;
		nf.add_off = f->add_off;
		nf.add_n = f->add_n;
		nf.fresh = 1;
	}
	r->include++;
	rc = S_render(r, p, 0, p->n, &nf);
	r->include--;
	r->ind.len = mark;
	return rc;
}

/* The block argument named like `in` from the outermost parent tag that has one. */
static const struct tpl *
S_override(const struct frame *f, const struct ins *in, size_t *at)
{
	const struct tpl *found = NULL;
	const struct scope *sc;
	size_t j;

	for (sc = f->scope; sc; sc = sc->outer) {
		const struct ins *v = sc->t->ins;

		for (j = sc->parent + 1; j < v[sc->parent].end; j = v[j].end) {
			if (v[j].op != OP_BLOCK || v[j].n != in->n || memcmp(v[j].s, in->s, in->n))
				continue;
			found = sc->t;
			*at = j;
			break;
		}
	}
	return found;
}

static int
S_block(struct render *r, const struct tpl *t, size_t i, struct frame *f)
{
	const struct ins *in = &t->ins[i], *ov;
	const struct tpl *ot;
	struct frame nf;
	size_t at = 0, mark;
	int rc;

	ot = S_override(f, in, &at);
	if (!ot)
		return S_render(r, t, i + 1, in->end, f);
	ov = &ot->ins[at];
	/* The override's own indentation goes; the site's comes instead. */
	memset(&nf, 0, sizeof(nf));
	nf.scope = f->scope;
	nf.strip = ov->standalone ? ov->ind : "";
	nf.strip_n = ov->standalone ? ov->ind_n : 0;
	if (in->standalone) {
		mark = S_frame_add(r, f, &nf, in->ind, in->ind_n);
		nf.fresh = f->fresh;
		if (!ov->standalone)
			S_indent(r, &nf);
	} else {
		mark = r->ind.len;
		nf.add_off = f->add_off;
		nf.add_n = f->add_n;
		nf.fresh = 1;
	}
	rc = S_render(r, ot, at + 1, ov->end, &nf);
	r->ind.len = mark;
	return rc;
}

static int
S_section(struct render *r, const struct tpl *t, size_t i, struct frame *f)
{
	const struct ins *in = &t->ins[i];
	const struct tv *v = S_resolve(r, t, in);
	size_t k;
	int rc = 0;

	if (in->op == OP_INVERTED)
		return v && tv_truthy(v) ? 0 : S_render(r, t, i + 1, in->end, f);
	if (!v || !tv_truthy(v))
		return 0;
	if (v->type != TV_LIST) {
		S_push(r, v);
		rc = S_render(r, t, i + 1, in->end, f);
		r->sn--;
		return rc;
	}
	for (k = 0; k < v->n && rc == 0; k++) {
		S_push(r, v->u.items[k]);
		rc = S_render(r, t, i + 1, in->end, f);
		r->sn--;
	}
	return rc;
}

static int
S_render(struct render *r, const struct tpl *t, size_t from, size_t to, struct frame *f)
{
	const struct ins *in;
	const struct tv *v;
	struct scope sc;
	size_t i;
	int rc = 0;

	if (++r->depth > TPL_MAX_DEPTH) {
		r->depth--;
		return S_render_error(r, t, from < t->n ? &t->ins[from] : NULL,
		                      "templates nested more than %d deep", TPL_MAX_DEPTH);
	}
	for (i = from; i < to && rc == 0; i = in->end) {
		in = &t->ins[i];
		if (in->bol && in->op != OP_TEXT)
			S_indent(r, f);
		switch ((enum op)in->op) {
		case OP_TEXT:
			S_text(r, f, in);
			break;
		case OP_VAR:
			v = S_resolve(r, t, in);
			if (v)
				S_interpolate(r, v, in->escape);
			break;
		case OP_SECTION:
		case OP_INVERTED:
			rc = S_section(r, t, i, f);
			break;
		case OP_PARTIAL:
			rc = S_include(r, t, in, f, f->scope);
			break;
		case OP_PARENT:
			sc.t = t;
			sc.parent = i;
			sc.outer = f->scope;
			rc = S_include(r, t, in, f, &sc);
			break;
		case OP_BLOCK:
			rc = S_block(r, t, i, f);
			break;
		}
	}
	r->depth--;
	return rc;
}

int
tpl_render(struct buf *out, const struct tpl *t, const struct tv *data, struct tpl_env *env,
           struct tpl_error *err)
{
	return tpl_render_refs(out, NULL, t, data, env, err);
}

int
tpl_render_refs(struct buf *out, struct tpl_refs *refs, const struct tpl *t, const struct tv *data,
                struct tpl_env *env, struct tpl_error *err)
{
	struct render r;
	struct frame f;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&f, 0, sizeof(f));
	if (refs)
		refs->n = 0;
	r.refs = refs;
	r.out = out;
	r.env = env;
	r.err = err;
	f.strip = "";
	S_push(&r, data ? data : tv_null());
	/* Room for about the template's size; buf_grow() alone leaves no NUL. */
	buf_grow(out, t->src_n);
	out->buf[out->len] = '\0';
	rc = S_render(&r, t, 0, t->n, &f);
	free(r.stack);
	buf_free(&r.ind);
	return rc;
}
