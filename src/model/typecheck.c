/* typecheck.c - records and config against the schema, value by value. */
#include "model/typecheck.h"

#include <stdio.h>
#include <string.h>

#include "base/msg.h"

#include "model/metric.h"
#include "model/record.h"
#include "model/schema.h"
#include "model/value.h"

static const char *
S_found(const struct node *n)
{
	switch (n->type) {
	case NODE_MAP:
		return tr("a mapping");
	case NODE_SEQ:
		return tr("a list");
	case NODE_NULL:
		return tr("nothing");
	default:
		return tr("a value");
	}
}

const char *
typecheck_closest(const char *s, const char *const *names, int ci)
{
	size_t best = (size_t)-1, d, len = strlen(s);
	const char *pick = NULL;

	for (; *names; names++) {
		d = edit_distance(s, *names, ci);
		if (d < best) {
			best = d;
			pick = *names;
		}
	}
	/* Close means a couple of typos, fewer for short words. */
	if (pick && best <= (len <= 3 ? 1u : len <= 6 ? 2u : 3u) && best < strlen(pick))
		return pick;
	return NULL;
}

/* Prints a scalar for a message: at most 40 code points, or nothing for PII. */
static void
S_quote(struct buf *b, const struct node *n, const struct field *f)
{
	size_t i = 0, cps = 0, len;

	if (n->type != NODE_SCALAR) {
		buf_adds(b, S_found(n));
		return;
	}
	if (f && (f->flags & PII)) {
		buf_adds(b, tr("a value that is not valid"));
		return;
	}
	buf_addc(b, '\'');
	len = node_len(n);
	while (i < len && cps < 40) {
		size_t k = utf8_seq((const unsigned char *)n->u.str + i, len - i);

		if (!k || n->u.str[i] == '\n' || n->u.str[i] == '\0')
			break;
		buf_add(b, n->u.str + i, k);
		i += k;
		cps++;
	}
	if (i < len)
		buf_adds(b, "…");
	buf_addc(b, '\'');
}

static const char *
S_expected(const struct field *f)
{
	switch (f->type) {
	case T_ID:
	case T_STRING:
	case T_TOPIC:
		return tr("a single-line string");
	case T_TEXT:
		return tr("a string");
	case T_INT:
		return tr("a whole number >= 0");
	case T_POSINT:
		return tr("an integer greater than 0");
	case T_NUMBER:
		return tr("a number");
	case T_MONEY:
		return tr("an amount of money (a decimal >= 0 with at most 2 decimals)");
	case T_BOOL:
		return tr("true or false");
	case T_DATE:
		return tr("a date (YYYY-MM-DD)");
	case T_DATETIME:
		return tr("a date and time (YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])");
	case T_DAY:
		return tr("a date (YYYY-MM-DD) or a date and time");
	case T_RATING:
		return tr("a rating from 1 to 5");
	case T_ENUM:
	case T_CFGENUM:
		return tr("one of the allowed values");
	case T_REF:
		return tr("a record id");
	case T_OBJECT:
	case T_MAP:
		return tr("a mapping");
	case T_PHONE:
		return tr(
		    "a phone number (digits, spaces, '-', '(', ')', optional leading '+'; 5-20 "
		    "digits)");
	case T_EMAIL:
		return tr("an e-mail address");
	case T_PERIOD:
		return tr("a month (YYYY-MM)");
	case T_TIMEZONE:
		return tr("a UTC offset (+HH:MM, -HH:MM, Z or UTC)");
	}
	return tr("a value");
}

static void
S_type_error(const struct typecheck *tc, struct node *n, const struct field *f, const char *name)
{
	struct buf b = BUF_INIT;

	S_quote(&b, n, f);
	diag_add(tc->d, RULE_TYPE, tc->path, n->line, n->col, "%s: expected %s, found %s", name,
	         S_expected(f), buf_str(&b));
	buf_free(&b);
	n->type = NODE_BAD;
}

/*
 * A string holding a character that no string may hold (value_bad_char);
 * reported at the value, with the character's place in it (escapes in a
 * quoted scalar make source columns differ from it).
 */
static int
S_bad_char(const struct typecheck *tc, struct node *n, const struct field *f, const char *name)
{
	uint32_t cp;
	size_t at;

	if (!value_bad_char(n->u.str, node_len(n), f->type == T_TEXT, &at, &cp))
		return 0;
	diag_add(tc->d, RULE_TYPE, tc->path, n->line, n->col,
	         "%s: expected %s without %s, found U+%04X at character %zu of the value", name,
	         S_expected(f), cp >= 0xFFFE ? tr("noncharacters") : tr("control characters"),
	         (unsigned)cp, at);
	n->type = NODE_BAD;
	return 1;
}

/*
 * A date and time of the right form whose local date is outside the
 * supported years (docs/records.md, "Dates and times").
 */
static void
S_range_error(const struct typecheck *tc, struct node *n, const struct field *f, const char *name)
{
	struct buf b = BUF_INIT;
	int off = tc->cfg->tzoff < 0 ? -tc->cfg->tzoff : tc->cfg->tzoff;

	S_quote(&b, n, f);
	diag_add(tc->d, RULE_TYPE, tc->path, n->line, n->col,
	         "%s: expected a date and time from 0001-01-01 to 9999-12-31 in the configured "
	         "time zone (%c%02d:%02d), found %s",
	         name, tc->cfg->tzoff < 0 ? '-' : '+', off / 3600, off / 60 % 60, buf_str(&b));
	buf_free(&b);
	n->value = VAL_NONE;
	n->type = NODE_BAD;
}

/* An amount of money above the most a field takes (docs/records.md). */
static void
S_money_max_error(const struct typecheck *tc, struct node *n, const struct field *f,
                  const char *name)
{
	struct buf b = BUF_INIT;

	S_quote(&b, n, f);
	diag_add(tc->d, RULE_TYPE, tc->path, n->line, n->col,
	         "%s: expected an amount of money of at most 999999999999.99, found %s", name,
	         buf_str(&b));
	buf_free(&b);
	n->value = VAL_NONE;
	n->type = NODE_BAD;
}

static void
S_enum_error(const struct typecheck *tc, struct node *n, const char *name,
             const char *const *values, size_t count)
{
	struct buf b = BUF_INIT, list = BUF_INIT;
	const char *near;
	size_t i;

	S_quote(&b, n, NULL);
	for (i = 0; i < count && i < 20; i++)
		buf_addf(&list, "%s%s", i ? ", " : "", values[i]);
	if (count > 20)
		buf_adds(&list, ", …");
	near = typecheck_closest(n->u.str, values, 1);
	if (near)
		diag_add(tc->d, RULE_ENUM, tc->path, n->line, n->col,
		         "%s: %s is not allowed; did you mean '%s'? (allowed: %s)", name,
		         buf_str(&b), near, buf_str(&list));
	else
		diag_add(tc->d, RULE_ENUM, tc->path, n->line, n->col,
		         "%s: %s is not allowed (allowed: %s)", name, buf_str(&b),
		         count ? buf_str(&list) : tr("none are configured"));
	buf_free(&b);
	buf_free(&list);
	n->type = NODE_BAD;
}

static const struct strlist *
S_cfg_list(const struct config *cfg, int which)
{
	switch (which) {
	case CFG_regions:
		return &cfg->regions;
	case CFG_models:
		return &cfg->models;
	default:
		return &cfg->platforms;
	}
}

static int
S_stringish(const struct field *f)
{
	return f->type == T_ID || f->type == T_STRING || f->type == T_TEXT || f->type == T_TOPIC;
}

static void S_check_value(const struct typecheck *tc, struct node *n, const struct field *f,
                          const char *name);

static void
S_check_map(const struct typecheck *tc, struct node *n, const struct field *f, const char *name)
{
	static const char *const levels[] = {"error", "warning", "off", NULL};
	const char *rule_ids[RULE__COUNT + 1];
	const char *const *keys;
	struct field num = {0};
	size_t i, j;

	if (n->type != NODE_MAP) {
		S_type_error(tc, n, f, name);
		return;
	}
	for (i = 0; i < RULE__COUNT; i++)
		rule_ids[i] = rule_table[i].id;
	rule_ids[RULE__COUNT] = NULL;
	keys = f->mapk == MAPK_rules ? rule_ids : metric_names;
	num.type = T_NUMBER;
	for (i = 0; i < n->n; i++) {
		struct node *k = &n->u.kids[2 * i], *v = &n->u.kids[2 * i + 1];
		const char *near, *what;
		int known = 0;

		if (k->type != NODE_SCALAR)
			continue;
		if (k->n >= 2 && !memcmp(k->u.str, "x-", 2))
			continue;
		for (j = 0; keys[j]; j++)
			known |= strlen(keys[j]) == k->n && !memcmp(keys[j], k->u.str, k->n);
		if (!known) {
			near = typecheck_closest(k->u.str, keys, 1);
			what = f->mapk == MAPK_rules ? tr("rule") : tr("metric");
			if (near)
				diag_add(tc->d, RULE_UNKNOWN_FIELD, tc->path, k->line, k->col,
				         "unknown %s '%.60s' in %s; did you mean '%s'?", what,
				         k->u.str, name, near);
			else
				diag_add(tc->d, RULE_UNKNOWN_FIELD, tc->path, k->line, k->col,
				         "unknown %s '%.60s' in %s", what, k->u.str, name);
			k->type = NODE_BAD;
			continue;
		}
		if (v->type == NODE_NULL)
			continue;
		if (f->mapk == MAPK_rules) {
			if (v->type != NODE_SCALAR)
				S_type_error(tc, v, f, k->u.str);
			else {
				for (j = 0; levels[j] && !node_is_str(v, levels[j]); j++)
					;
				if (!levels[j])
					S_enum_error(tc, v, k->u.str, levels, 3);
			}
		} else {
			S_check_value(tc, v, &num, k->u.str);
		}
	}
}

/*
 * A scalar of a type whose text is its value (ids, strings, references,
 * enumerations, phones, e-mails, periods): 1 when valid, 0 for a type
 * error, -1 when a problem was reported already.
 */
static int
S_read_text(const struct typecheck *tc, struct node *n, const struct field *f, const char *name)
{
	const char *s = n->u.str;
	size_t len = node_len(n), i;

	switch (f->type) {
	case T_ID:
		if (!record_id_valid(s, len)) {
			struct buf b = BUF_INIT;

			S_quote(&b, n, NULL);
			diag_add(tc->d, RULE_ID_FORMAT, tc->path, n->line, n->col,
			         "id %s is not valid: use letters, digits, '.', '_' and '-', "
			         "starting with a letter or digit, at most 64 bytes, no "
			         "device name such as CON or NUL, and not 'index', 'tree', nor "
			         "'page-' or 'tree-' and a number (the names of index pages)",
			         buf_str(&b));
			buf_free(&b);
			n->type = NODE_BAD;
			return -1;
		}
		return 1;
	case T_STRING:
	case T_TOPIC:
		if (memchr(s, '\n', len))
			return 0;
		return S_bad_char(tc, n, f, name) ? -1 : 1;
	case T_TEXT:
		return S_bad_char(tc, n, f, name) ? -1 : 1;
	case T_REF:
		return len > 0 && !memchr(s, '\n', len);
	case T_ENUM:
		for (i = 0; f->values[i] && !node_is_str(n, f->values[i]); i++)
			;
		if (!f->values[i])
			S_enum_error(tc, n, name, f->values, i);
		return -1;
	case T_CFGENUM: {
		const struct strlist *l = S_cfg_list(tc->cfg, f->cfg);

		if (config_list_find(l, s, len) < 0)
			S_enum_error(tc, n, name, l->v, l->n);
		return -1;
	}
	case T_PHONE:
		return !value_phone(s, len);
	case T_EMAIL:
		if (S_bad_char(tc, n, f, name))
			return -1;
		return !value_email(s, len);
	case T_PERIOD:
		return !value_period(s, len);
	default:
		return 1;
	}
}

/* A date or datetime of field f into *iv and *val: as S_read_text. */
/*
 * `2026-12-07 09:30`: a date and time with a space where ISO 8601 has a
 * `T`, which YAML 1.1 took and people write; told with the exact fix
 * (docs/records.md, "Dates and times"). -1 when so (reported), else 0.
 */
static int
S_space_for_t(const struct typecheck *tc, struct node *n, const struct field *f, const char *name)
{
	char fixed[40];
	size_t len = node_len(n);
	int64_t t;

	if (len < 16 || len >= sizeof(fixed) || n->u.str[10] != ' ')
		return 0;
	memcpy(fixed, n->u.str, len);
	fixed[10] = 'T';
	fixed[len] = '\0';
	if (value_datetime(fixed, len, tc->cfg->tzoff, &t))
		return 0;
	diag_add(tc->d, RULE_TYPE, tc->path, n->line, n->col,
	         "%s: expected %s, found '%s' with a space between the date and the time: "
	         "write %s",
	         name, S_expected(f), n->u.str, fixed);
	n->value = VAL_NONE;
	n->type = NODE_BAD;
	return -1;
}

static int
S_read_time(const struct typecheck *tc, struct node *n, const struct field *f, const char *name,
            int64_t *iv, int *val)
{
	const char *s = n->u.str;
	size_t len = node_len(n);

	if (f->type == T_DATE || (f->type == T_DAY && !value_date(s, len, iv))) {
		*val = VAL_DATE;
		return f->type == T_DAY || !value_date(s, len, iv);
	}
	*val = VAL_DATETIME;
	if (value_datetime(s, len, tc->cfg->tzoff, iv))
		return S_space_for_t(tc, n, f, name);
	if (!time_supported(*iv, tc->cfg->tzoff)) {
		S_range_error(tc, n, f, name);
		return -1;
	}
	return 1;
}

/*
 * A scalar of a type read into a value (numbers, money, booleans, dates
 * and times, time zones): *val says which, *iv or *dv holds it; as
 * S_read_text.
 */
static int
S_read_value(const struct typecheck *tc, struct node *n, const struct field *f, const char *name,
             int *val, int64_t *iv, double *dv)
{
	const char *s = n->u.str;
	size_t len = node_len(n);
	int64_t i;
	int rc, tz;

	switch (f->type) {
	case T_INT:
	case T_POSINT:
	case T_RATING:
		*val = VAL_INT;
		if (value_int(s, len, &i))
			return 0;
		*iv = i;
		return (f->type != T_POSINT || i > 0) &&
		       (f->type != T_RATING || (i >= 1 && i <= 5)) && (f->type != T_INT || i >= 0);
	case T_NUMBER:
		*val = VAL_NUMBER;
		return !value_number(s, len, dv);
	case T_MONEY:
		*val = VAL_MONEY;
		if ((rc = value_money(s, len, iv)) == -2) {
			S_money_max_error(tc, n, f, name);
			return -1;
		}
		return rc == 0;
	case T_BOOL:
		*val = VAL_BOOL;
		return !value_bool(s, len, iv);
	case T_DATE:
	case T_DATETIME:
	case T_DAY:
		return S_read_time(tc, n, f, name, iv, val);
	case T_TIMEZONE:
		*val = VAL_INT;
		if (value_timezone(s, len, &tz))
			return 0;
		*iv = tz;
		return 1;
	default:
		return S_read_text(tc, n, f, name);
	}
}

/* One scalar (not a list) of the field's type. */
static void
S_check_scalar(const struct typecheck *tc, struct node *n, const struct field *f, const char *name)
{
	const char *s = n->u.str;
	size_t len = node_len(n);
	int ok, val = VAL_NONE;
	int64_t iv = 0;
	double dv = 0;

	if (f->type == T_OBJECT) {
		if (n->type != NODE_MAP)
			S_type_error(tc, n, f, name);
		else
			typecheck_object(tc, n, f->sub);
		return;
	}
	if (f->type == T_MAP) {
		S_check_map(tc, n, f, name);
		return;
	}
	/*
	 * "" is a value only where a string is; an id with a NUL in it is a bad
	 * id (record_id_valid refuses it) rather than a type error.
	 */
	if (n->type != NODE_SCALAR || (!S_stringish(f) && memchr(s, '\0', len)) ||
	    (len == 0 && !S_stringish(f))) {
		S_type_error(tc, n, f, name);
		return;
	}
	ok = S_read_value(tc, n, f, name, &val, &iv, &dv);
	if (ok < 0)
		return;
	if (!ok) {
		S_type_error(tc, n, f, name);
		return;
	}
	/* The value takes the length's place (node.h): only once nothing reads that. */
	if (val == VAL_NUMBER)
		n->v.d = dv;
	else if (val != VAL_NONE)
		n->v.i = iv;
	n->value = (uint8_t)val;
}

static void
S_check_value(const struct typecheck *tc, struct node *n, const struct field *f, const char *name)
{
	S_check_scalar(tc, n, f, name);
}

/* A field's value: a list of the type, or one value. */
static void
S_check_field(const struct typecheck *tc, struct node *n, const struct field *f)
{
	size_t i;

	if (n->type == NODE_NULL || n->type == NODE_BAD)
		return;
	/* In any type but a string, "" is a type error. */
	if (!(f->flags & LIST) && n->type == NODE_SCALAR && node_len(n) == 0 && S_stringish(f))
		return;
	if (!(f->flags & LIST)) {
		S_check_scalar(tc, n, f, f->name);
		return;
	}
	/*
	 * `technicians: 周秀英`: one bare reference where a list of them goes is
	 * reported between records (validate.c), where the record it names, by
	 * id or by name, is known.
	 */
	if (n->type == NODE_SCALAR && f->type == T_REF)
		return;
	if (n->type != NODE_SEQ) {
		struct buf b = BUF_INIT;

		S_quote(&b, n, f);
		diag_add(tc->d, RULE_TYPE, tc->path, n->line, n->col,
		         "%s: expected a list of %s, found %s", f->name, schema_type_name(f->type),
		         buf_str(&b));
		buf_free(&b);
		n->type = NODE_BAD;
		return;
	}
	for (i = 0; i < n->n; i++) {
		struct node *item = &n->u.kids[i];

		if (item->type == NODE_NULL) {
			diag_add(tc->d, RULE_TYPE, tc->path, item->line, item->col,
			         "%s: expected %s, found an empty list item", f->name,
			         S_expected(f));
			item->type = NODE_BAD;
		} else if (item->type != NODE_BAD) {
			S_check_scalar(tc, item, f, f->name);
		}
	}
}

static int
S_absent(const struct node *v, const struct field *f)
{
	return !v || v->type == NODE_NULL ||
	       (v->type == NODE_SCALAR && node_len(v) == 0 && S_stringish(f));
}

void
typecheck_object(const struct typecheck *tc, struct node *map, int obj)
{
	const struct object *o = schema_object(obj);
	const struct node *first;
	const struct node *seen[64] = {0}; /* the value of each field, first key wins */
	const char *names[64];
	size_t i;
	unsigned j;
	int fi;

	if (map->type != NODE_MAP)
		return;
	for (j = 0; j < o->count && j < 63; j++)
		names[j] = schema_fields[o->first + j].name;
	names[j] = NULL;
	for (i = 0; i < map->n; i++) {
		struct node *k = &map->u.kids[2 * i], *v = &map->u.kids[2 * i + 1];

		if (k->type != NODE_SCALAR) {
			if (k->type != NODE_BAD)
				diag_add(tc->d, RULE_TYPE, tc->path, k->line, k->col,
				         "a key must be a plain string, found %s", S_found(k));
			continue;
		}
		if (k->n >= 2 && !memcmp(k->u.str, "x-", 2))
			continue;
		fi = schema_field_lookup(obj, k->u.str, k->n);
		if (fi < 0) {
			const char *near = typecheck_closest(k->u.str, names, 1);

			if (k->n > 3 && !memcmp(k->u.str, "\xE3\x80\x80", 3))
				/* `　name: x`: an ideographic space read as part of the key. */
				diag_add(
				    tc->d, RULE_YAML_SYNTAX, tc->path, k->line, k->col,
				    "a full-width space (U+3000) in the indentation: YAML indents "
				    "with half-width spaces");
			else if (near)
				diag_add(tc->d, RULE_UNKNOWN_FIELD, tc->path, k->line, k->col,
				         "unknown field '%.60s' in %s; did you mean '%s'?",
				         k->u.str, o->name, near);
			else
				diag_add(tc->d, RULE_UNKNOWN_FIELD, tc->path, k->line, k->col,
				         "unknown field '%.60s' in %s (keys starting with 'x-' "
				         "are free extensions)",
				         k->u.str, o->name);
			continue;
		}
		/* A repeated key was reported as dup-key; the first one counts. */
		if (seen[fi - (int)o->first])
			continue;
		seen[fi - (int)o->first] = v;
		S_check_field(tc, v, &schema_fields[fi]);
	}
	first = map->n ? &map->u.kids[0] : map;
	for (j = 0; j < o->count; j++) {
		const struct field *f = &schema_fields[o->first + j];

		if ((f->flags & REQ) && S_absent(seen[j], f))
			diag_add(tc->d, RULE_MISSING_FIELD, tc->path, first->line, first->col,
			         "missing required field '%s' in %s", f->name, o->name);
	}
}
