/*
 * values.h - the data templates render from: a tree of values (struct tv)
 * built in an arena, which template.h's renderer reads. Values are only
 * ever printed: text coming from records is never read as a template.
 *
 * Data model choices Mustache leaves open:
 *   - falsy: missing names, null, false, 0, NaN, "" and the empty list; a map
 *     (even an empty one) is truthy.
 *   - {{name}} of a list or a map prints nothing; of a boolean "true"/"false";
 *     of a number its shortest round-trip form, integers without ".0".
 */
#ifndef SVCGEN_VALUES_H
#define SVCGEN_VALUES_H

#include <stddef.h>

#include "base/util.h"

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

#endif
