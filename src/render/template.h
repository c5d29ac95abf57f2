/*
 * template.h - Mustache templates for the site (docs/site.md, "Templates"):
 * variables (HTML escaped through escape.c), {{{raw}}} and {{&raw}},
 * sections, inverted sections, comments, partials, set delimiters and
 * template inheritance ({{<parent}} with {{$block}}s), as in the Mustache
 * spec (v1.4, with ~inheritance; no lambdas, no dynamic names).
 *
 * A template is compiled once into an instruction list and rendered many
 * times, from a tree of values (values.h: what is falsy and how values
 * print). A missing partial or parent renders as nothing (as the spec says).
 */
#ifndef SVCGEN_TEMPLATE_H
#define SVCGEN_TEMPLATE_H

#include <stddef.h>

#include "base/util.h"
#include "render/values.h"

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
