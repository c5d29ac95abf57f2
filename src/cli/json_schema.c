/*
 * json_schema.c - the schema table as a JSON Schema (draft 2020-12) for
 * editors: what it says and what it leaves to `svcgen check` is in
 * docs/editors.md.
 */
#include "cli/json_schema.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/escape.h"
#include "check/validate.h"
#include "load/config_parse.h"
#include "load/source.h"
#include "model/diag.h"
#include "model/metric.h"
#include "model/schema.h"

/*
 * The patterns of the value types, as model/value.c and record_id_valid
 * read a scalar's text. A date is checked against the calendar (leap
 * years included), year 0000 excluded.
 */
#define DATE_RE                                                                                    \
	"(?!0000)(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-"      \
	"(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|"    \
	"[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)"
#define OFFSET_RE "[+-](?:0[0-9]|1[0-4]):[0-5][0-9]"
#define TIME_RE "T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?:Z|" OFFSET_RE ")?"
/* Device names, index pages' names, in any case (docs/rules/id-format.md). */
#define ID_RE                                                                                      \
	"^(?!(?:[Cc][Oo][Nn]|[Pp][Rr][Nn]|[Aa][Uu][Xx]|[Nn][Uu][Ll]|(?:[Cc][Oo][Mm]|[Ll][Pp][Tt])" \
	"[1-9])(?:\\.|$))(?!(?:[Ii][Nn][Dd][Ee][Xx]|[Tt][Rr][Ee][Ee])$)(?!(?:[Pp][Aa][Gg][Ee]|"    \
	"[Tt][Rr][Ee][Ee])-[0-9]+$)[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
/* The characters no string holds (value_bad_char); a text keeps tab and newline. */
#define BAD_ONE "\\u0000-\\u001F\\u007F-\\u009F\\uFFFE\\uFFFF"
#define BAD_TEXT "\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\uFFFE\\uFFFF"
#define EMAIL_CH "[^@ " BAD_ONE "]"

/* A writer of indented JSON: each member and item on a line of its own. */
struct jw {
	struct buf *b;
	int depth;
	int after_key;
	unsigned char first[64];
};

static void
S_newline(struct jw *w)
{
	int i;

	buf_addc(w->b, '\n');
	for (i = 0; i < w->depth; i++)
		buf_adds(w->b, "  ");
}

/* Before a value: the comma and line of an item, unless a key came just before. */
static void
S_value(struct jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0) {
		if (!w->first[w->depth])
			buf_addc(w->b, ',');
		w->first[w->depth] = 0;
		S_newline(w);
	}
}

static void
S_open(struct jw *w, char c)
{
	S_value(w);
	buf_addc(w->b, c);
	w->depth++;
	w->first[w->depth] = 1;
}

static void
S_close(struct jw *w, char c)
{
	int empty = w->first[w->depth];

	w->depth--;
	if (!empty)
		S_newline(w);
	buf_addc(w->b, c);
}

static void
S_key(struct jw *w, const char *k)
{
	S_value(w);
	json_escape(w->b, k, strlen(k));
	buf_adds(w->b, ": ");
	w->after_key = 1;
}

static void
S_str(struct jw *w, const char *s)
{
	S_value(w);
	json_escape(w->b, s, strlen(s));
}

/* A number, true, false, null or {}: written as it is. */
static void
S_raw(struct jw *w, const char *s)
{
	S_value(w);
	buf_adds(w->b, s);
}

static void
S_kv(struct jw *w, const char *k, const char *v)
{
	S_key(w, k);
	S_str(w, v);
}

static void
S_kraw(struct jw *w, const char *k, const char *v)
{
	S_key(w, k);
	S_raw(w, v);
}

static void
S_ref(struct jw *w, const char *prefix, const char *name)
{
	struct buf r = BUF_INIT;

	buf_addf(&r, "#/$defs/%s%s", prefix, name);
	S_open(w, '{');
	S_kv(w, "$ref", buf_str(&r));
	S_close(w, '}');
	buf_free(&r);
}

/* {"type": t} with pattern p when p is not NULL. */
static void
S_typed(struct jw *w, const char *t, const char *p)
{
	S_open(w, '{');
	S_kv(w, "type", t);
	if (p)
		S_kv(w, "pattern", p);
	S_close(w, '}');
}

static void
S_enum(struct jw *w, const char *const *v, size_t n)
{
	size_t i;

	S_key(w, "enum");
	S_open(w, '[');
	for (i = 0; i < n; i++)
		S_str(w, v[i]);
	S_close(w, ']');
}

/*
 * A value the YAML reader of an editor (YAML 1.2's core schema) may give
 * as a string, number or boolean where svcgen reads the scalar's text:
 * `name: 1234` is a string to svcgen. Only the string's text can be checked.
 */
static void
S_text_def(struct jw *w, const char *name, const char *pattern)
{
	S_key(w, name);
	S_open(w, '{');
	S_key(w, "anyOf");
	S_open(w, '[');
	S_typed(w, "string", pattern);
	S_typed(w, "number", NULL);
	S_typed(w, "boolean", NULL);
	S_close(w, ']');
	S_close(w, '}');
}

/*
 * A number as the reader gives it, with its bounds (extra: more keywords
 * as "key": value text), or a quoted string of the form svcgen reads.
 */
static void
S_number_def(struct jw *w, const char *name, const char *type, const char *const *extra,
             const char *pattern)
{
	S_key(w, name);
	S_open(w, '{');
	S_key(w, "anyOf");
	S_open(w, '[');
	S_open(w, '{');
	S_kv(w, "type", type);
	for (; *extra; extra += 2)
		S_kraw(w, extra[0], extra[1]);
	S_close(w, '}');
	S_typed(w, "string", pattern);
	S_close(w, ']');
	S_close(w, '}');
}

static void
S_string_def(struct jw *w, const char *name, const char *pattern)
{
	S_key(w, name);
	S_typed(w, "string", pattern);
}

static void
S_type_defs(struct jw *w)
{
	static const char *const int_b[] = {"minimum", "0", "maximum", "999999999999999999", NULL};
	static const char *const posint_b[] = {"minimum", "1", "maximum", "999999999999999999",
	                                       NULL};
	static const char *const rating_b[] = {"minimum", "1", "maximum", "5", NULL};
	static const char *const money_b[] = {"minimum",    "0",    "maximum", "999999999999.99",
	                                      "multipleOf", "0.01", NULL};
	static const char *const none[] = {NULL};
	static const char *const phone_b[] = {"minimum", "10000", "maximum", "99999999999999999999",
	                                      NULL};
	static const char *const bools[] = {"true", "false"};

	S_text_def(w, "type-id", ID_RE);
	S_text_def(w, "type-string", "^[^" BAD_ONE "]*$");
	S_text_def(w, "type-text", "^[^" BAD_TEXT "]*$");
	S_text_def(w, "type-ref", "^[^\\n]+$");
	S_number_def(w, "type-int", "integer", int_b, "^(?:\\+?[0-9]{1,18}|-0{1,18})$");
	S_number_def(w, "type-posint", "integer", posint_b, "^\\+?(?=[0-9]{1,18}$)0*[1-9][0-9]*$");
	S_number_def(w, "type-rating", "integer", rating_b, "^\\+?(?=[0-9]{1,18}$)0*[1-5]$");
	S_number_def(w, "type-number", "number", none, "^[+-]?[0-9]+(?:\\.[0-9]+)?$");
	S_number_def(w, "type-money", "number", money_b, "^\\+?0*[0-9]{1,12}(?:\\.[0-9]{1,2})?$");
	S_number_def(w, "type-phone", "integer", phone_b, "^\\+?[ ()-]*(?:[0-9][ ()-]*){5,20}$");
	S_key(w, "type-bool");
	S_open(w, '{');
	S_key(w, "anyOf");
	S_open(w, '[');
	S_typed(w, "boolean", NULL);
	S_open(w, '{');
	S_kv(w, "type", "string");
	S_enum(w, bools, 2);
	S_close(w, '}');
	S_close(w, ']');
	S_close(w, '}');
	S_string_def(w, "type-date", "^" DATE_RE "$");
	S_string_def(w, "type-datetime", "^" DATE_RE TIME_RE "$");
	S_string_def(w, "type-day", "^" DATE_RE "(?:" TIME_RE ")?$");
	S_string_def(w, "type-email", "^" EMAIL_CH "+@" EMAIL_CH "+\\." EMAIL_CH "+$");
	S_string_def(w, "type-period", "^(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])$");
	S_string_def(w, "type-timezone", "^(?:Z|UTC|" OFFSET_RE ")$");
}

static const char *
S_type_def(enum field_type t)
{
	switch (t) {
	case T_ID:
		return "id";
	case T_STRING:
	case T_TOPIC:
		return "string";
	case T_TEXT:
		return "text";
	case T_INT:
		return "int";
	case T_POSINT:
		return "posint";
	case T_NUMBER:
		return "number";
	case T_MONEY:
		return "money";
	case T_BOOL:
		return "bool";
	case T_DATE:
		return "date";
	case T_DATETIME:
		return "datetime";
	case T_DAY:
		return "day";
	case T_RATING:
		return "rating";
	case T_REF:
		return "ref";
	case T_PHONE:
		return "phone";
	case T_EMAIL:
		return "email";
	case T_PERIOD:
		return "period";
	case T_TIMEZONE:
		return "timezone";
	default:
		return NULL;
	}
}

static const char *
S_cfg_name(int cfg)
{
	return cfg == CFG_regions ? "regions" : cfg == CFG_models ? "models" : "platforms";
}

/* One value of the field (a list's item): never null. */
static void
S_base(struct jw *w, const struct field *f)
{
	size_t n;

	switch (f->type) {
	case T_ENUM:
		for (n = 0; f->values[n]; n++)
			;
		S_open(w, '{');
		S_enum(w, f->values, n);
		S_close(w, '}');
		break;
	case T_CFGENUM:
		S_ref(w, "config-", S_cfg_name(f->cfg));
		break;
	case T_OBJECT:
		S_ref(w, "", schema_object(f->sub)->name);
		break;
	case T_MAP:
		S_ref(w, "map-", f->mapk == MAPK_rules ? "rules" : "targets");
		break;
	default:
		S_ref(w, "type-", S_type_def(f->type));
		break;
	}
}

static int
S_stringish(const struct field *f)
{
	return f->type == T_ID || f->type == T_STRING || f->type == T_TEXT || f->type == T_TOPIC;
}

/*
 * A field's value: a list of the type, or one value. A field that may be
 * absent may be null; one always required may not, nor "" where a string
 * is (typecheck.c counts both as absent: missing-field).
 */
static void
S_field(struct jw *w, const struct field *f)
{
	int req = (f->flags & REQ) != 0;

	S_key(w, f->name);
	if (!req) {
		S_open(w, '{');
		S_key(w, "anyOf");
		S_open(w, '[');
	}
	if (f->flags & LIST) {
		S_open(w, '{');
		S_kv(w, "type", "array");
		S_key(w, "items");
		S_base(w, f);
		S_close(w, '}');
	} else if (req && S_stringish(f)) {
		/* allOf, not siblings of $ref, which draft-07 editors ignore. */
		S_open(w, '{');
		S_key(w, "allOf");
		S_open(w, '[');
		S_base(w, f);
		S_open(w, '{');
		S_key(w, "not");
		S_open(w, '{');
		S_kv(w, "const", "");
		S_close(w, '}');
		S_close(w, '}');
		S_close(w, ']');
		S_close(w, '}');
	} else {
		S_base(w, f);
	}
	/*
	 * null second: an editor shows the problem of the first branch that
	 * fails alike, and "expected null" would hide the value's own.
	 */
	if (!req) {
		S_typed(w, "null", NULL);
		S_close(w, ']');
		S_close(w, '}');
	}
}

/* "patternProperties": x- keys are free extensions; nothing else unknown. */
static void
S_closed(struct jw *w)
{
	S_key(w, "patternProperties");
	S_open(w, '{');
	S_kraw(w, "^x-", "true");
	S_close(w, '}');
	S_kraw(w, "additionalProperties", "false");
}

/* A standard's topic by its category (check/validate.c): an if/then a category. */
static void
S_topics(struct jw *w)
{
	static const char *const cats[] = {"management", "work"};
	const char *const *lists[] = {validate_topics_management, validate_topics_work};
	size_t i, n;

	S_key(w, "allOf");
	S_open(w, '[');
	for (i = 0; i < 2; i++) {
		for (n = 0; lists[i][n]; n++)
			;
		S_open(w, '{');
		S_key(w, "if");
		S_open(w, '{');
		S_key(w, "properties");
		S_open(w, '{');
		S_key(w, "category");
		S_open(w, '{');
		S_kv(w, "const", cats[i]);
		S_close(w, '}');
		S_close(w, '}');
		S_key(w, "required");
		S_open(w, '[');
		S_str(w, "category");
		S_close(w, ']');
		S_close(w, '}');
		S_key(w, "then");
		S_open(w, '{');
		S_key(w, "properties");
		S_open(w, '{');
		S_key(w, "topic");
		S_open(w, '{');
		S_enum(w, lists[i], n);
		S_close(w, '}');
		S_close(w, '}');
		S_close(w, '}');
		S_close(w, '}');
	}
	S_close(w, ']');
}

static void
S_object(struct jw *w, int obj)
{
	const struct object *o = schema_object(obj);
	unsigned j;

	S_key(w, o->name);
	S_open(w, '{');
	S_kv(w, "type", "object");
	S_key(w, "properties");
	S_open(w, '{');
	for (j = 0; j < o->count; j++)
		S_field(w, &schema_fields[o->first + j]);
	S_close(w, '}');
	S_key(w, "required");
	S_open(w, '[');
	for (j = 0; j < o->count; j++)
		if (schema_fields[o->first + j].flags & REQ)
			S_str(w, schema_fields[o->first + j].name);
	S_close(w, ']');
	S_closed(w);
	if (obj == OBJ_standards)
		S_topics(w);
	S_close(w, '}');
}

/* A map's keys (metrics, rule ids) and what each takes. */
static void
S_map(struct jw *w, const char *name, const char *const *keys, size_t n, int rules)
{
	static const char *const levels[] = {"error", "warning", "off"};
	size_t i;

	S_key(w, name);
	S_open(w, '{');
	S_kv(w, "type", "object");
	S_key(w, "properties");
	S_open(w, '{');
	for (i = 0; i < n; i++) {
		S_key(w, keys[i]);
		S_open(w, '{');
		S_key(w, "anyOf");
		S_open(w, '[');
		if (rules) {
			S_open(w, '{');
			S_enum(w, levels, 3);
			S_close(w, '}');
		} else {
			S_ref(w, "type-", "number");
		}
		S_typed(w, "null", NULL);
		S_close(w, ']');
		S_close(w, '}');
	}
	S_close(w, '}');
	S_closed(w);
	S_close(w, '}');
}

static void
S_cfg_def(struct jw *w, const char *name, const struct strlist *l)
{
	S_key(w, name);
	/* No value is allowed when none is configured (enum takes one at least). */
	if (!l->n) {
		S_raw(w, "false");
		return;
	}
	S_open(w, '{');
	S_kv(w, "type", "string");
	S_enum(w, l->v, l->n);
	S_close(w, '}');
}

void
json_schema_write(struct buf *out, const struct config *cfg, int obj)
{
	const char *rule_ids[RULE__COUNT];
	struct jw w = {0};
	struct buf t = BUF_INIT;
	int o;

	w.b = out;
	for (o = 0; o < RULE__COUNT; o++)
		rule_ids[o] = rule_table[o].id;
	S_open(&w, '{');
	S_kv(&w, "$schema", "https://json-schema.org/draft/2020-12/schema");
	if (obj >= 0) {
		buf_addf(&t, "svcgen %s", schema_object(obj)->name);
		S_kv(&w, "title", buf_str(&t));
		/*
		 * In an allOf: editors that read draft-07 drop the keywords
		 * beside a $ref, $defs too, and the $ref then leads nowhere.
		 */
		S_key(&w, "allOf");
		S_open(&w, '[');
		S_ref(&w, "", schema_object(obj)->name);
		S_close(&w, ']');
	} else {
		S_kv(&w, "title", "svcgen records");
	}
	S_key(&w, "$defs");
	S_open(&w, '{');
	for (o = 0; o < OBJ__COUNT; o++)
		S_object(&w, o);
	S_map(&w, "map-targets", metric_names, METRIC__COUNT, 0);
	S_map(&w, "map-rules", rule_ids, RULE__COUNT, 1);
	S_cfg_def(&w, "config-regions", &cfg->regions);
	S_cfg_def(&w, "config-models", &cfg->models);
	S_cfg_def(&w, "config-platforms", &cfg->platforms);
	S_type_defs(&w);
	S_close(&w, '}');
	S_close(&w, '}');
	buf_addc(out, '\n');
	buf_free(&t);
}

int
json_schema_config(struct config *cfg, const char *dir)
{
	struct source *src;
	struct diags d;
	struct buf text = BUF_INIT;
	enum entry_type type;
	char *disp;
	int too_large = 0, rc = 0;

	config_defaults(cfg);
	diags_init(&d);
	src = source_open_dir(dir);

	if (!src) {
		diags_free(&d);
		return error_set("%s: %s", dir, strerror(errno));
	}
	disp = source_display_path(src, "svcgen.yaml");
	if (src->ops->stat(src, "svcgen.yaml", &type) < 0) {
		/* No svcgen.yaml: the defaults. */
	} else if (type != ENTRY_FILE) {
		rc = error_set("%s: not a regular file", disp);
	} else if (src->ops->read(src, "svcgen.yaml", 1048576, &text, &too_large) < 0) {
		rc = error_set("%s: %s", disp,
		               too_large ? "larger than 1048576 bytes" : strerror(errno));
	} else if (config_parse(cfg, text.buf, text.len, disp, &d) < 0) {
		rc = error_set("%s: has problems; `svcgen check` shows them", disp);
	}
	diags_free(&d);
	buf_free(&text);
	free(disp);
	source_close(src);
	return rc;
}
