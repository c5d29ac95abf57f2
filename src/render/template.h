/*
 * template.h - Mustache templates for the site (docs/site.md): variables (HTML
 * escaped through escape.c), {{{raw}}} and {{&raw}}, sections, inverted
 * sections, comments, partials, set delimiters and template inheritance
 * ({{<parent}} with {{$block}}s), as in the Mustache spec (v1.4, with
 * ~inheritance; no lambdas, no dynamic names).
 *
 * A template is compiled once into an instruction list and rendered many
 * times. Data is a tree of values (struct tv) built in an arena. Values are
 * only ever printed: text coming from records is never read as a template.
 *
 * Data model choices the spec leaves open:
 *   - falsy: missing names, null, false, 0, NaN, "" and the empty list; a map
 *     (even an empty one) is truthy.
 *   - {{name}} of a list or a map prints nothing; of a boolean "true"/"false";
 *     of a number its shortest round-trip form, integers without ".0".
 *   - a missing partial or parent renders as nothing (as the spec says).
 */
#ifndef SVCGEN_TEMPLATE_H
#define SVCGEN_TEMPLATE_H

#include <stddef.h>

#include "base/util.h"

/* ---- Values ------------------------------------------------------------ */

enum tv_type { TV_NULL, TV_BOOL, TV_NUM, TV_STR, TV_LIST, TV_MAP };

/* A value. Lists and maps are filled by the functions below; the arena a
 * value was made in owns it, and arena_free() frees a whole tree at once.
 * A value may sit in several containers. */
struct tv;

/* Shared constants: nothing is allocated. */
const struct tv *tv_null(void);
const struct tv *tv_bool(int b);

const struct tv *tv_num(struct arena *a, double d);
/* Copies the string (a NUL-terminated one, or n bytes) into the arena. */
const struct tv *tv_str(struct arena *a, const char *s);
const struct tv *tv_strn(struct arena *a, const char *s, size_t n);
/* Borrows s[0..n): it must live as long as the value (e.g. in the same arena). */
const struct tv *tv_str_ref(struct arena *a, const char *s, size_t n);

/* An empty list / map, allocated (and later grown) in `a`. */
struct tv *tv_list(struct arena *a);
struct tv *tv_map(struct arena *a);
void tv_list_push(struct tv *list, const struct tv *item);
/*
 * Sets key to v. Keys keep their insertion order; setting a key again
 * replaces its value in place. Lookups hash once a map has more than a few
 * keys. tv_map_set and its shorthands below borrow the key, which must
 * outlive the map (a string literal: keys are the templates' names);
 * tv_map_setn copies it.
 */
void tv_map_set(struct tv *map, const char *key, const struct tv *v);
void tv_map_setn(struct tv *map, const char *key, size_t keylen, const struct tv *v);
/*
 * Keys known in advance (string literals, in order): a map made from them
 * holds them all, valued null, and tv_map_set_at fills the value of key i
 * with no hashing. For maps built on every row of a page. tv_keys lives in
 * arena a.
 */
struct tv_keys;
const struct tv_keys *tv_keys(struct arena *a, const char *const *names, size_t n);
struct tv *tv_map_keyed(struct arena *a, const struct tv_keys *keys);
void tv_map_set_at(struct tv *map, size_t i, const struct tv *v);
/* Shorthands: the value made in the map's arena. */
void tv_map_set_str(struct tv *map, const char *key, const char *s);
void tv_map_set_num(struct tv *map, const char *key, double d);
void tv_map_set_bool(struct tv *map, const char *key, int b);

enum tv_type tv_type(const struct tv *v);
/* Items of a list, keys of a map, bytes of a string; 0 for the others. */
size_t tv_len(const struct tv *v);
/* Borrowed pointers; NULL when out of range, absent or not of that type. */
const struct tv *tv_list_at(const struct tv *list, size_t i);
const struct tv *tv_map_get(const struct tv *map, const char *key, size_t keylen);
const char *tv_map_key_at(const struct tv *map, size_t i);
const struct tv *tv_map_value_at(const struct tv *map, size_t i);
int tv_truthy(const struct tv *v);
/* Appends the value as {{{name}}} prints it (not escaped). */
void tv_format(struct buf *out, const struct tv *v);

/* ---- Templates --------------------------------------------------------- */

/* Where and why compiling or rendering failed. */
struct tpl_error {
	char name[160];     /* the template or partial it is about */
	unsigned line, col; /* 1-based (col in code points); 0 when not about a place */
	char message[256];
};

/* Appends "name:line:col: message" (GNU style) to out. */
void tpl_error_format(struct buf *out, const struct tpl_error *e);

/* A compiled template; immutable, so it can be rendered from many threads. */
struct tpl;

/*
 * Compiles text[0..len) (copied). `name` is used in messages. Returns the
 * template, which the caller frees with tpl_free(), or NULL with *err
 * filled on a syntax error (unclosed tag or section, mismatched end tag,
 * bad name or delimiters, nesting deeper than TPL_MAX_NESTING).
 */
struct tpl *tpl_compile(const char *name, const char *text, size_t len, struct tpl_error *err);
void tpl_free(struct tpl *t);
const char *tpl_name(const struct tpl *t);

#define TPL_MAX_NESTING 100 /* sections, parents and blocks inside one another */
#define TPL_MAX_INCLUDE 64  /* partials and parents inside one another while rendering */
#define TPL_MAX_DEPTH 512   /* all of those together, while rendering */

/*
 * Finds the text of template `name` for {{>name}} and {{<name}}: appends it
 * to `text` and returns 0, or returns -1 when there is no such template
 * (which then renders as nothing), or TPL_LOAD_ERROR with `text` replaced
 * by a one-line reason when the template is there but cannot be used (too
 * large, unreadable): that fails the render instead of passing for absent.
 * `name` is the tag's content as written in a (trusted) template: the
 * loader decides what it may refer to.
 */
#define TPL_LOAD_ERROR (-2)
typedef int (*tpl_load_fn)(void *arg, const char *name, struct buf *text);

/* The templates of a site: loaded through the loader once, compiled once and
 * kept. Safe to use from several threads at once. */
struct tpl_env;

struct tpl_env *tpl_env_new(tpl_load_fn load, void *arg);
/* Frees the env and every template it compiled. */
void tpl_env_free(struct tpl_env *env);
/*
 * The compiled template `name`, loaded on first use: returns 0 and sets
 * *out (borrowed: it lives as long as env), 1 when the loader has no such
 * template (*out = NULL), or -1 with *err filled on a syntax error.
 */
int tpl_env_get(struct tpl_env *env, const char *name, const struct tpl **out,
                struct tpl_error *err);

/*
 * Renders t against data (NULL is taken as null), appending to out.
 * Partials and parents come from env (NULL: none exist). Returns 0, or -1
 * with *err filled when a partial does not compile or inclusion goes
 * deeper than TPL_MAX_INCLUDE (a partial that includes itself for ever) or
 * TPL_MAX_DEPTH; out then holds a partial result, to be thrown away.
 */
int tpl_render(struct buf *out, const struct tpl *t, const struct tv *data, struct tpl_env *env,
               struct tpl_error *err);

/*
 * Strings of at least TPL_REF_MIN bytes interpolated unescaped ({{{x}}})
 * can be left out of the output and noted instead: the page is then out
 * with each ref's n bytes of s put in at offset at, in order. A page made
 * of a large list rendered apart is not copied a second time.
 */
#define TPL_REF_MIN 65536
struct tpl_ref {
	size_t at;
	const char *s;
	size_t n;
};
struct tpl_refs {
	struct tpl_ref *v;
	size_t n, cap;
};
/* tpl_render, noting large unescaped strings in refs (emptied first). */
int tpl_render_refs(struct buf *out, struct tpl_refs *refs, const struct tpl *t,
                    const struct tv *data, struct tpl_env *env, struct tpl_error *err);

#endif
