/*
 * values.h - a record's values as the site shows them: fields under their
 * labels in the schema's order, enumerations by their labels, personal
 * data masked, references linked to the records they name (or said to be
 * missing), nested objects and lists of them as tables. Record pages,
 * deleted records' pages and index pages show values through it.
 */
#ifndef SVCGEN_SITE_VALUES_H
#define SVCGEN_SITE_VALUES_H

#include "model/node.h"
#include "model/schema.h"
#include "site/page.h"

/*
 * The values of an object's fields, by index in the object (first key
 * wins), found in one pass over the mapping.
 */
void site_field_values(int obj, const struct node *map, const struct node **vals);
/*
 * The record a reference names: as resolved for the record whose page
 * renders (s->cur, set by site_set_cur), else looked up; NULL when none.
 */
const struct record *site_ref_target(struct site *s, const struct node *ref);
/* Sets the record whose references site_ref_target finds first (NULL: none). */
void site_set_cur(struct site *s, const struct record *rec);
/* The label of a checked enum value of field fi (the value itself when it is not one). */
const char *site_enum_label(const struct site *s, int fi, const struct node *n);
/* A field's label. */
const char *site_field_label(struct site *s, const struct field *f);
/*
 * One shown value of field f (NULL: a free extension or a metric) on a
 * page `depth` folders down: {text, href, masked, missing, invalid,
 * datetime}.
 */
struct tv *site_value(struct site *s, const struct field *f, const struct node *n, int depth);
/*
 * A date or datetime as every page shows it (docs/site.md, "Dates and
 * times"): <time datetime="...">YYYY-MM-DD[ HH:MM]</time> in the
 * configured time zone, the attribute holding the exact value; text that
 * is neither (an invalid value) as written, escaped.
 */
void site_time(const struct site *s, struct buf *b, const char *str, size_t n);
/* The same in the page's arena, for a template's {{{...}}}. */
const char *site_time_html(struct site *s, const char *str, size_t n);
/*
 * A commit's time (tz: its offset in minutes) the same way, shown in the
 * configured zone; "invalid time" when the calendar cannot hold it.
 */
void site_commit_time(const struct site *s, struct buf *b, int64_t t, int tz);
const char *site_commit_time_html(struct site *s, int64_t t, int tz);
/* The rows of a record's (or nested object's) fields, in schema order, then x- keys. */
struct tv *site_field_rows(struct site *s, int obj, const struct node *map, int depth);

#endif
