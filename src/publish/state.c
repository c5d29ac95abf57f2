/*
 * state.c - a build's state (struct publish): the handle made and freed,
 * its one failure, the table of paths (what OUT held and what the new site
 * holds at each), the old files by input digest, and the calling thread's
 * scope (publish_scope).
 */
#include "publish/publish.h"
#include "base/error.h"
#include "publish/publish_int.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/msg.h"

/*
 * The input digest that files published by this thread get (publish_scope):
 * a thread renders one page or group at a time, and every file it publishes
 * meanwhile, whatever calls publish_file, belongs to it.
 */
static _Thread_local struct {
	const struct publish *p;
	uint64_t input[2];
} S_scope;

struct publish *
pub_new(void)
{
	struct publish *p = xcalloc(1, sizeof(*p));

	p->parent_fd = p->out_fd = p->tmp_fd = p->prev_fd = -1;
	pthread_mutex_init(&p->lock, NULL);
	arena_init(&p->arena);
	return p;
}

void
pub_free(struct publish *p)
{
	publish_scope_end(p);
	if (p->out_fd >= 0)
		close(p->out_fd);
	if (p->tmp_fd >= 0)
		close(p->tmp_fd);
	if (p->prev_fd >= 0)
		close(p->prev_fd);
	if (p->parent_fd >= 0)
		close(p->parent_fd);
	pthread_mutex_destroy(&p->lock);
	arena_free(&p->arena);
	free(p->slots);
	free(p->islots);
	free(p->out);
	free(p->parent);
	free(p->name);
	free(p->path);
	free(p->tmp_name);
	free(p->prev_name);
	free(p->mount_inside);
	free(p);
}

/* The first failure of a build is recorded (base/error.h); later ones are its consequences. */
void
pub_fail(struct publish *p, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	atomic_store(&p->failed, 1);
	if (atomic_exchange(&p->reported, 1))
		return;
	va_start(ap, fmt);
	buf_vaddf(&msg, tr_term(fmt), ap);
	va_end(ap);
	error_set("%s; the previous site is left as it was", buf_str(&msg));
	buf_free(&msg);
}

/* Whether the build can go on; an interruption is noticed (and told) here. */
int
pub_stopped(struct publish *p)
{
	int sig = publish_interrupted();

	if (sig && !atomic_load(&p->failed))
		pub_fail(p, "%s: interrupted by signal %d", p->out, sig);
	return atomic_load(&p->failed);
}

/* ---- Paths ------------------------------------------------------------ */

/* Why relpath cannot be published, or NULL. */
const char *
pub_bad_path(const char *rel)
{
	const char *s = rel, *c;
	size_t n;

	if (!*rel)
		return N_("empty");
	if (*rel == '/')
		return N_("absolute");
	if (strlen(rel) > MAX_PATH)
		return N_("too long");
	if (!strcmp(rel, PUBLISH_MANIFEST))
		return N_("the manifest's name");
	for (;;) {
		c = strchr(s, '/');
		n = c ? (size_t)(c - s) : strlen(s);
		if (n == 0)
			return N_("an empty component");
		if (n > NAME_MAX)
			return N_("a component too long");
		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return N_("a '.' or '..' component");
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '\\')
				return N_("a control character or backslash");
		if (!c)
			return NULL;
		s = c + 1;
	}
}

/* ---- The table of paths ---------------------------------------------- */

struct entry *
pub_find(struct publish *p, const char *path, size_t len, int create)
{
	uint64_t key = hash_bytes(path, len);
	size_t i, mask;
	struct entry *e;

	if (p->cap) {
		mask = p->cap - 1;
		for (i = hash_slot(key, p->cap); (e = p->slots[i]); i = (i + 1) & mask)
			if (e->key == key && e->len == len && !memcmp(e->path, path, len))
				return e;
	}
	if (!create)
		return NULL;
	if ((p->count + 1) * 2 > p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 1024, j;
		struct entry **ns = xcalloc(ncap, sizeof(*ns));

		for (j = 0; j < p->cap; j++) {
			if (!(e = p->slots[j]))
				continue;
			for (i = hash_slot(e->key, ncap); ns[i]; i = (i + 1) & (ncap - 1))
				;
			ns[i] = e;
		}
		free(p->slots);
		p->slots = ns;
		p->cap = ncap;
	}
	mask = p->cap - 1;
	for (i = hash_slot(key, p->cap); p->slots[i]; i = (i + 1) & mask)
		;
	e = arena_alloc(&p->arena, sizeof(*e));
	memset(e, 0, sizeof(*e));
	e->path = arena_strndup(&p->arena, path, len);
	e->len = len;
	e->key = key;
	p->slots[i] = e;
	p->count++;
	return e;
}

/* The first old entry of input digest in (the others follow by same_input), or NULL. */
struct entry *
pub_find_input(const struct publish *p, const uint64_t in[2])
{
	struct entry *e;
	size_t i;

	if (!p->icap)
		return NULL;
	for (i = hash_slot(in[0], p->icap); (e = p->islots[i]); i = (i + 1) & (p->icap - 1))
		if (e->input[0] == in[0] && e->input[1] == in[1])
			return e;
	return NULL;
}

/* Indexes the old entry e by its input digest. */
void
pub_add_input(struct publish *p, struct entry *e)
{
	struct entry *head = pub_find_input(p, e->input);
	size_t i, j;

	if (head) {
		e->same_input = head->same_input;
		head->same_input = e;
		return;
	}
	if ((p->icount + 1) * 2 > p->icap) {
		size_t ncap = p->icap ? p->icap * 2 : 1024;
		struct entry **ns = xcalloc(ncap, sizeof(*ns));

		for (j = 0; j < p->icap; j++) {
			if (!p->islots[j])
				continue;
			for (i = hash_slot(p->islots[j]->input[0], ncap); ns[i];
			     i = (i + 1) & (ncap - 1))
				;
			ns[i] = p->islots[j];
		}
		free(p->islots);
		p->islots = ns;
		p->icap = ncap;
	}
	for (i = hash_slot(e->input[0], p->icap); p->islots[i]; i = (i + 1) & (p->icap - 1))
		;
	p->islots[i] = e;
	p->icount++;
}

/* Forgets every entry: what a manifest that failed to parse had put in the table. */
void
pub_table_clear(struct publish *p)
{
	arena_free(&p->arena);
	arena_init(&p->arena);
	free(p->slots);
	free(p->islots);
	p->slots = p->islots = NULL;
	p->cap = p->count = p->icap = p->icount = 0;
	p->n_listed = 0;
	p->old_input[0] = '\0';
}

/* ---- Scope: the input digest of what a thread publishes --------------- */

void
publish_scope(struct publish *p, const uint64_t input[2])
{
	S_scope.p = p;
	S_scope.input[0] = input[0];
	S_scope.input[1] = input[1];
}

void
publish_scope_end(struct publish *p)
{
	if (S_scope.p == p)
		S_scope.p = NULL;
}

int
pub_scope_input(const struct publish *p, uint64_t in[2])
{
	int scoped = S_scope.p == p;

	in[0] = scoped ? S_scope.input[0] : 0;
	in[1] = scoped ? S_scope.input[1] : 0;
	return scoped;
}
