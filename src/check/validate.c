/* validate.c - schema checks per record, then the rules between records. */
#include "check/validate.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/msg.h"
#include "check/attach.h"
#include "check/suggest.h"
#include "model/schema.h"
#include "model/typecheck.h"
#include "model/value.h"

struct ctx {
	const struct records *r;
	struct record *marks; /* r->recs, to note facts for the stages after (validate_records) */
	struct diags *d;
	int64_t today;
	int tz;
	struct suggest *sg; /* what a missing reference may have meant; NULL: no suggestion */
	/* validate_missing's: the fields found lacking by S_require, at most max_missing */
	enum schema_key *missing;
	size_t nmissing, max_missing;
};

/* Is a field present at all: a value, a non-empty list or a mapping? */
static int
S_has(const struct record *rec, enum schema_key field)
{
	const struct node *n = record_field(rec, field);

	if (!n || n->type == NODE_NULL)
		return 0;
	if (n->type == NODE_SCALAR)
		return node_len(n) > 0;
	if (n->type == NODE_SEQ)
		return n->n > 0;
	return 1;
}

/* <0, 0, >0: instants when both are datetimes, else local dates. */
static int
S_cmp_time(const struct node *a, const struct node *b, int tz)
{
	int64_t x, y;

	if (a->value == VAL_DATETIME && b->value == VAL_DATETIME) {
		x = a->v.i;
		y = b->v.i;
	} else {
		x = node_day(a, tz);
		y = node_day(b, tz);
	}
	return x < y ? -1 : x > y;
}

static int
S_is_time(const struct node *n)
{
	return n && (n->value == VAL_DATE || n->value == VAL_DATETIME);
}

static void
S_order(struct ctx *c, const struct record *rec, enum schema_key early, enum schema_key late)
{
	const struct node *a = record_value(rec, early), *b = record_value(rec, late);

	if (S_is_time(a) && S_is_time(b) && S_cmp_time(a, b, c->tz) > 0)
		diag_add(c->d, RULE_DATE_ORDER, rec->display, b->line, b->col,
		         "%s (%s) is before %s (%s)", key_names[late], b->u.str, key_names[early],
		         a->u.str);
}

static int
S_enum_index(const struct node *n, const char *const *values)
{
	int i;

	if (!n)
		return -1;
	for (i = 0; values[i]; i++)
		if (node_is_str(n, values[i]))
			return i;
	return -1;
}

static const char *const S_service_status[] = {
    "open", "assigned", "in_progress", "awaiting_parts", "resolved", "closed", "cancelled", NULL};
enum { ST_OPEN, ST_ASSIGNED, ST_IN_PROGRESS, ST_AWAITING, ST_RESOLVED, ST_CLOSED, ST_CANCELLED };

static int
S_is_repair(const struct node *type)
{
	return node_is_str(type, "onsite_repair") || node_is_str(type, "return_repair") ||
	       node_is_str(type, "emergency");
}

static void
S_require(struct ctx *c, const struct record *rec, const struct node *at, enum schema_key why,
          enum schema_key field)
{
	if (S_has(rec, field))
		return;
	if (c->missing && c->nmissing < c->max_missing)
		c->missing[c->nmissing++] = field;
	diag_add(c->d, RULE_STATUS_FIELDS, rec->display, at->line, at->col, "%s '%s' requires '%s'",
	         key_names[why], at->u.str, key_names[field]);
}

static void
S_service_fields(struct ctx *c, const struct record *rec)
{
	const struct node *type = record_value(rec, KEY_type),
	                  *status = record_value(rec, KEY_status);
	int st = S_enum_index(status, S_service_status);

	S_order(c, rec, KEY_reported, KEY_arrived);
	S_order(c, rec, KEY_reported, KEY_resolved);
	S_order(c, rec, KEY_reported, KEY_closed);
	S_order(c, rec, KEY_arrived, KEY_resolved);
	S_order(c, rec, KEY_arrived, KEY_closed);
	S_order(c, rec, KEY_resolved, KEY_closed);
	if (!status || st < 0)
		return;
	if (type && S_is_repair(type) && st != ST_CANCELLED) {
		S_require(c, rec, type, KEY_type, KEY_equipment);
		S_require(c, rec, type, KEY_type, KEY_fault);
	}
	if (st == ST_CANCELLED)
		return;
	if (st >= ST_ASSIGNED)
		S_require(c, rec, status, KEY_status, KEY_technicians);
	if (st >= ST_IN_PROGRESS && type &&
	    (node_is_str(type, "onsite_repair") || node_is_str(type, "emergency")))
		S_require(c, rec, status, KEY_status, KEY_arrived);
	if (st >= ST_RESOLVED)
		S_require(c, rec, status, KEY_status, KEY_resolved);
	if (st == ST_CLOSED) {
		S_require(c, rec, status, KEY_status, KEY_closed);
		if (type && S_is_repair(type))
			S_require(c, rec, status, KEY_status, KEY_acceptance);
	}
}

static void
S_visit_fields(struct ctx *c, const struct record *rec)
{
	const struct node *kind = record_value(rec, KEY_kind),
	                  *reached = record_value(rec, KEY_reached);

	if (node_is_str(kind, "follow_up"))
		S_require(c, rec, kind, KEY_kind, KEY_service);
	if (node_is_str(kind, "complaint_confirmation"))
		S_require(c, rec, kind, KEY_kind, KEY_complaint);
	if (reached && reached->value == VAL_BOOL && !reached->v.i && S_has(rec, KEY_satisfaction))
		diag_add(c->d, RULE_STATUS_FIELDS, rec->display, reached->line, reached->col,
		         "an unreached call (reached: false) carries no satisfaction rating");
}

static void
S_complaint_fields(struct ctx *c, const struct record *rec)
{
	const struct node *status = record_value(rec, KEY_status);

	if (node_is_str(status, "resolved") || node_is_str(status, "closed")) {
		S_require(c, rec, status, KEY_status, KEY_resolution);
		S_require(c, rec, status, KEY_status, KEY_resolved);
	}
	if (node_is_str(status, "closed"))
		S_require(c, rec, status, KEY_status, KEY_confirmation);
	S_order(c, rec, KEY_received, KEY_resolved);
}

const char *const validate_topics_management[] = {
    "training",    "maintenance_support", "returned_products",
    "user_visits", "emergency_support",   "spare_parts",
    NULL};
const char *const validate_topics_work[] = {
    "information_processing", "team_building", "code_of_conduct", "follow_up", "assessment", NULL};

static void
S_standard_fields(struct ctx *c, const struct record *rec)
{
	const struct node *status = record_value(rec, KEY_status),
	                  *cat = record_value(rec, KEY_category);
	const struct node *topic = record_value(rec, KEY_topic);
	const char *const *allowed = node_is_str(cat, "management") ? validate_topics_management
	                             : node_is_str(cat, "work")     ? validate_topics_work
	                                                            : NULL;

	if (allowed && topic && S_enum_index(topic, allowed) < 0) {
		struct buf list = BUF_INIT;
		const char *near = typecheck_closest(topic->u.str, allowed, 1);
		size_t i;

		for (i = 0; allowed[i]; i++)
			buf_addf(&list, "%s%s", i ? ", " : "", allowed[i]);
		if (near)
			diag_add(
			    c->d, RULE_ENUM, rec->display, topic->line, topic->col,
			    "topic: '%.60s' is not a %s topic; did you mean '%s'? (allowed: %s)",
			    topic->u.str, cat->u.str, near, buf_str(&list));
		else
			diag_add(c->d, RULE_ENUM, rec->display, topic->line, topic->col,
			         "topic: '%.60s' is not a %s topic (allowed: %s)", topic->u.str,
			         cat->u.str, buf_str(&list));
		buf_free(&list);
	}
	if (status && !node_is_str(status, "draft"))
		S_require(c, rec, status, KEY_status, KEY_effective);
	if (node_is_str(status, "superseded") || node_is_str(status, "withdrawn"))
		S_require(c, rec, status, KEY_status, KEY_withdrawn);
	S_order(c, rec, KEY_effective, KEY_withdrawn);
}

static void
S_shipment_lines(struct ctx *c, const struct record *rec)
{
	const struct node *lines = record_list(rec, KEY_lines);
	size_t i;

	for (i = 0; lines && i < lines->n; i++) {
		const struct node *line = &lines->u.kids[i];
		const struct node *correct = node_field(line, KEY_correct),
		                  *issue = node_field(line, KEY_issue);
		int has_issue = issue && issue->type == NODE_SCALAR && !node_is_str(issue, "none");

		if (!correct || correct->type != NODE_SCALAR || correct->value != VAL_BOOL)
			continue;
		if (!correct->v.i && !has_issue && !(issue && issue->type == NODE_BAD))
			diag_add(c->d, RULE_SHIPMENT_ISSUE, rec->display, correct->line,
			         correct->col,
			         "correct: false needs an issue (wrong_part, wrong_qty, damaged or "
			         "late)");
		else if (correct->v.i && has_issue)
			diag_add(c->d, RULE_SHIPMENT_ISSUE, rec->display, issue->line, issue->col,
			         "issue '%s' on a line marked correct: true; use correct: false or "
			         "issue: none",
			         issue->u.str);
	}
}

/* Is p a relative path inside attachments/: no leading '/', no '\\', no '..' component? */
static int
S_attachment_path_ok(const char *p)
{
	const char *q;

	if (p[0] == '/' || strchr(p, '\\'))
		return 0;
	for (q = p; *q; q = strchr(q, '/') ? strchr(q, '/') + 1 : q + strlen(q))
		if (q[0] == '.' && q[1] == '.' && (q[2] == '/' || !q[2]))
			return 0;
	return 1;
}

/*
 * The attachment p opened through the source (no symbolic link on the way
 * nor at the end, nothing outside the records folder: docs/architecture.md)
 * and looked at on that one descriptor: -1 with errno when it is not a
 * regular file, else 0 with its size.
 */
static int
S_attachment_open(const struct records *r, const char *p, uint64_t *size)
{
	struct buf path = BUF_INIT;
	int fd, rc;

	buf_addf(&path, "attachments/%s", p);
	rc = r->src->ops->open_file(r->src, path.buf, &fd, size);
	if (rc == 0 && fd >= 0)
		close(fd);
	buf_free(&path);
	return rc;
}

/* What the site leaves out of an attachment, or publishes as text (attach.h). */
static void
S_attachment_active(struct ctx *c, const struct record *rec, const struct node *a)
{
	struct buf name = BUF_INIT, data = BUF_INIT, msg = BUF_INIT;
	struct attach_note note;
	enum attach_how how;

	if (c->d->severity[RULE_ATTACHMENT_ACTIVE] != SEV_OFF &&
	    attach_prepare(c->r->src, a->u.str, &how, &name, &data, &note) == 0 &&
	    attach_message(&msg, a->u.str, how, name.buf, &note))
		diag_add(c->d, RULE_ATTACHMENT_ACTIVE, rec->display, a->line, a->col, "%s",
		         msg.buf);
	buf_free(&name);
	buf_free(&data);
	buf_free(&msg);
}

/*
 * Each entry is checked here once, and what was found is kept on its node
 * (VAL_FILE, with the size) for the render: the site links and copies only
 * such entries and never looks at the file system again to decide.
 */
static void
S_attachments(struct ctx *c, const struct record *rec)
{
	const struct node *list = record_list(rec, KEY_attachments);
	uint64_t size, max = c->r->cfg.attachment_bytes;
	size_t i;

	for (i = 0; list && i < list->n; i++) {
		struct node *a = &list->u.kids[i];
		const char *why;

		if (a->type != NODE_SCALAR)
			continue;
		if (!S_attachment_path_ok(a->u.str)) {
			diag_add(c->d, RULE_ATTACHMENT_MISSING, rec->display, a->line, a->col,
			         "attachment '%.80s' must be a relative path inside attachments/ "
			         "(no leading '/', no '..', no '\\')",
			         a->u.str);
			continue;
		}
		if (S_attachment_open(c->r, a->u.str, &size) < 0) {
			why = errno == ENOENT || errno == ENOTDIR
			          ? N_("does not exist in attachments/")
			      : errno == ELOOP
			          ? N_("is reached through a symbolic link, which is not followed")
			      : errno == EISDIR ? N_("is a folder, not a file")
			      : errno == EINVAL ? N_("is not a regular file")
			                        : NULL;
			if (why)
				diag_add(c->d, RULE_ATTACHMENT_MISSING, rec->display, a->line,
				         a->col, "attachment '%.80s' %s", a->u.str, tr(why));
			else
				diag_add(c->d, RULE_ATTACHMENT_MISSING, rec->display, a->line,
				         a->col, "attachment '%.80s' cannot be read: %s", a->u.str,
				         strerror(errno));
			continue;
		}
		if (size > max) {
			diag_add(c->d, RULE_ATTACHMENT_MISSING, rec->display, a->line, a->col,
			         "attachment '%.80s' is larger than %llu bytes "
			         "(limits.attachment_bytes), so it is not published",
			         a->u.str, (unsigned long long)max);
			continue;
		}
		a->value = VAL_FILE;
		a->v.i = (int64_t)size;
		S_attachment_active(c, rec, a);
	}
}

size_t
validate_missing(const struct records *r, const struct record *rec, enum schema_key *out,
                 size_t max)
{
	struct diags d;
	struct ctx c = {r, NULL, &d, 0, r->cfg.tzoff, NULL, out, 0, max};

	diags_init(&d);
	if (rec->kind == OBJ_service)
		S_service_fields(&c, rec);
	else if (rec->kind == OBJ_visits)
		S_visit_fields(&c, rec);
	else if (rec->kind == OBJ_complaints)
		S_complaint_fields(&c, rec);
	else if (rec->kind == OBJ_standards)
		S_standard_fields(&c, rec);
	diags_free(&d);
	return c.nmissing;
}

void
validate_record(void *unused, const struct records *r, struct record *rec, struct diags *d)
{
	struct ctx cc = {r, NULL, d, 0, r->cfg.tzoff, NULL, NULL, 0, 0}, *c = &cc;
	struct typecheck tc = {d, rec->display, &r->cfg};
	size_t n;
	const char *stem = record_stem(rec, &n);

	(void)unused;
	typecheck_object(&tc, rec->root, rec->kind);
	if (rec->id && (strncmp(rec->id, stem, n) || rec->id[n]))
		diag_add(c->d, RULE_ID_FILENAME, rec->display, rec->id_node->line,
		         rec->id_node->col, "id '%s' differs from the file name '%.*s'", rec->id,
		         (int)n, stem);
	switch (rec->kind) {
	case OBJ_equipment:
		S_order(c, rec, KEY_delivered, KEY_warranty_until);
		break;
	case OBJ_service:
		S_service_fields(c, rec);
		S_attachments(c, rec);
		break;
	case OBJ_visits:
		S_visit_fields(c, rec);
		break;
	case OBJ_complaints:
		S_complaint_fields(c, rec);
		break;
	case OBJ_standards:
		S_standard_fields(c, rec);
		break;
	case OBJ_shipments:
		S_shipment_lines(c, rec);
		break;
	default:
		break;
	}
}

/* Is rec's id already used by an earlier record, ignoring case? */
static void
S_id_dup(struct ctx *c, const struct record *rec)
{
	const struct record *first;

	if (!rec->id || !rec->id_dup)
		return;
	first = records_find_ci(c->r, rec->id);
	if (first && first != rec)
		diag_add(c->d, RULE_ID_DUP, rec->display, rec->id_node->line, rec->id_node->col,
		         "id '%s' is already used by %s%s", rec->id, first->display,
		         strcmp(first->id, rec->id) ? tr(" (ids must differ in more than case)")
		                                    : "");
}

static const char *
S_kinds_text(unsigned kinds, struct buf *b)
{
	int k, first = 1;

	for (k = 0; k < KIND__COUNT; k++)
		if (kinds & (1u << k)) {
			buf_addf(b, "%s%s", first ? "" : tr(" or "), schema_object(k)->name);
			first = 0;
		}
	return buf_str(b);
}

/* The record a checked reference names, reporting ref-missing and ref-kind. */
static struct record *
S_resolve(struct ctx *c, const struct record *rec, const struct node *ref, unsigned kinds,
          const char *field)
{
	struct record *target;
	struct buf b = BUF_INIT;

	if (!ref || ref->type != NODE_SCALAR)
		return NULL;
	target = records_find(c->r, ref->u.str);
	if (!target) {
		const struct record *near = records_find_ci(c->r, ref->u.str);
		const char *comma = strstr(ref->u.str, "\xEF\xBC\x8C"); /* '，' */
		int by_name = 0;

		if (comma) {
			/* `[ST-001，ST-002]`: one item, written as two. */
			diag_add(
			    c->d, RULE_YAML_SYNTAX, rec->display, ref->line,
			    ref->col + !ref->plain +
			        (uint32_t)utf8_count(ref->u.str, (size_t)(comma - ref->u.str)),
			    "%s: a full-width comma '，' between ids: YAML separates the items of "
			    "a list with a half-width ','",
			    field);
			return NULL;
		}
		if (!near && c->sg)
			near = suggest_ref(c->sg, ref->u.str, kinds, rec, &by_name);
		if (near && by_name)
			diag_add(
			    c->d, RULE_REF_MISSING, rec->display, ref->line, ref->col,
			    "%s: no record has id '%.64s'; did you mean '%s', whose name it is?",
			    field, ref->u.str, near->id);
		else if (near)
			diag_add(c->d, RULE_REF_MISSING, rec->display, ref->line, ref->col,
			         "%s: no record has id '%.64s'; did you mean '%s'?", field,
			         ref->u.str, near->id);
		else
			diag_add(c->d, RULE_REF_MISSING, rec->display, ref->line, ref->col,
			         "%s: no record has id '%.64s'", field, ref->u.str);
		return NULL;
	}
	if (!(kinds & (1u << target->kind))) {
		diag_add(c->d, RULE_REF_KIND, rec->display, ref->line, ref->col,
		         "%s: '%s' is a record of %s, expected %s", field, target->id,
		         schema_object(target->kind)->name, S_kinds_text(kinds, &b));
		buf_free(&b);
		return NULL;
	}
	return target;
}

/* Every reference in an object, at any depth. */
/*
 * One reference where a list of them goes (`technicians: 周秀英`, left by
 * the type check): a type error that says how to write the list, with the
 * record the value names by its id or its name.
 */
static void
S_bare_ref(struct ctx *c, const struct record *rec, const struct node *v, const struct field *f)
{
	const struct record *t = records_find(c->r, v->u.str);
	int by_name = 0;

	if (!t || !(f->kinds & (1u << t->kind)))
		t = c->sg ? suggest_ref(c->sg, v->u.str, f->kinds, rec, &by_name) : NULL;
	if (t && !by_name && strcmp(t->id, v->u.str))
		t = NULL; /* a near id is a guess too far when the list is missing as well */
	if (t)
		diag_add(c->d, RULE_TYPE, rec->display, v->line, v->col,
		         "%s: expected a list of record ids, found '%.60s': write [%s]", f->name,
		         v->u.str, t->id);
	else
		diag_add(c->d, RULE_TYPE, rec->display, v->line, v->col,
		         "%s: expected a list of %s, found '%.60s'", f->name,
		         schema_type_name(f->type), v->u.str);
}

static void
S_check_refs(struct ctx *c, const struct record *rec, const struct node *map, int obj)
{
	const struct object *o = schema_object(obj);
	unsigned j;
	size_t i;

	for (j = 0; j < o->count; j++) {
		const struct field *f = &schema_fields[o->first + j];
		const struct node *v;

		if (f->type != T_REF && f->type != T_OBJECT)
			continue;
		v = node_field(map, f->key);
		if (!v)
			continue;
		if (!(f->flags & LIST)) {
			if (f->type == T_REF)
				S_resolve(c, rec, v, f->kinds, f->name);
			else if (v->type == NODE_MAP)
				S_check_refs(c, rec, v, f->sub);
			continue;
		}
		if (f->type == T_REF && v->type == NODE_SCALAR) {
			S_bare_ref(c, rec, v, f);
			continue;
		}
		for (i = 0; v->type == NODE_SEQ && i < v->n; i++) {
			if (f->type == T_REF)
				S_resolve(c, rec, &v->u.kids[i], f->kinds, f->name);
			else if (v->u.kids[i].type == NODE_MAP)
				S_check_refs(c, rec, &v->u.kids[i], f->sub);
		}
	}
}

/* The record a field names when it exists and is of kind k (no diagnostics). */
static struct record *
S_target(struct ctx *c, const struct node *ref, int k)
{
	struct record *t;

	if (!ref || ref->type != NODE_SCALAR)
		return NULL;
	t = records_find(c->r, ref->u.str);
	return t && t->kind == k ? t : NULL;
}

static void
S_same_customer(struct ctx *c, const struct record *rec, const struct node *ref,
                const struct record *target, const char *what)
{
	const struct node *mine = record_value(rec, KEY_customer), *theirs;

	/* Only between references that both resolve: anything else was reported. */
	if (!target || !mine || !S_target(c, mine, OBJ_customers))
		return;
	theirs = record_value(target, KEY_customer);
	if (theirs && strcmp(mine->u.str, theirs->u.str))
		diag_add(c->d, RULE_REF_CUSTOMER, rec->display, ref->line, ref->col,
		         "%s '%s' belongs to customer '%s', not to '%s'", what, target->id,
		         theirs->u.str, mine->u.str);
}

/* References to records that belong to a customer, which must be the referrer's. */
static const struct {
	int kind;
	enum schema_key field; /* a reference, or a list of them */
	int target;
	const char *what;
} S_owned_refs[] = {
    {OBJ_service, KEY_equipment, OBJ_equipment, N_("unit")},
    {OBJ_visits, KEY_service, OBJ_service, N_("ticket")},
    {OBJ_visits, KEY_complaint, OBJ_complaints, N_("complaint")},
    {OBJ_complaints, KEY_service, OBJ_service, N_("ticket")},
    {OBJ_complaints, KEY_equipment, OBJ_equipment, N_("unit")},
};

static void
S_check_customers(struct ctx *c, const struct record *rec)
{
	const struct node *v, *ref;
	struct record *t;
	size_t i, k;

	for (k = 0; k < ARRAY_LEN(S_owned_refs); k++) {
		if (S_owned_refs[k].kind != rec->kind || !rec->root ||
		    !(v = node_field(rec->root, S_owned_refs[k].field)))
			continue;
		for (i = 0; i < (v->type == NODE_SEQ ? v->n : 1); i++) {
			ref = v->type == NODE_SEQ ? &v->u.kids[i] : v;
			S_same_customer(c, rec, ref, S_target(c, ref, S_owned_refs[k].target),
			                tr(S_owned_refs[k].what));
		}
	}
	/* A shipment to a customer goes to its ticket's customer. */
	if (rec->kind == OBJ_shipments) {
		const struct node *to = record_value(rec, KEY_to), *owner;
		struct record *cust = S_target(c, to, OBJ_customers);

		t = S_target(c, record_value(rec, KEY_service), OBJ_service);
		if (cust && t && (owner = record_value(t, KEY_customer)) &&
		    strcmp(owner->u.str, cust->id))
			diag_add(c->d, RULE_REF_CUSTOMER, rec->display, to->line, to->col,
			         "shipment to customer '%s', but ticket '%s' is customer '%s''s",
			         cust->id, t->id, owner->u.str);
	}
}

/* The local day a ticket ended: resolved, else closed; -1 when neither. */
static int
S_ticket_end_day(struct ctx *c, const struct record *t, int64_t *day)
{
	const struct node *n = record_value(t, KEY_resolved);

	if (!S_is_time(n))
		n = record_value(t, KEY_closed);
	if (!S_is_time(n))
		return -1;
	*day = node_day(n, c->tz);
	return 0;
}

static void
S_visit_dates(struct ctx *c, const struct record *rec)
{
	const struct node *kind = record_value(rec, KEY_kind), *date = record_value(rec, KEY_date);
	struct record *t;
	int64_t vday, end;
	char buf[11];

	if (!S_is_time(date))
		return;
	vday = node_day(date, c->tz);
	if (node_is_str(kind, "follow_up") &&
	    (t = S_target(c, record_value(rec, KEY_service), OBJ_service)) != NULL) {
		if (S_ticket_end_day(c, t, &end) < 0)
			diag_add(c->d, RULE_DATE_ORDER, rec->display, date->line, date->col,
			         "follow-up of ticket '%s', which is neither resolved nor closed",
			         t->id);
		else if (vday < end) {
			format_date(buf, end);
			diag_add(c->d, RULE_DATE_ORDER, rec->display, date->line, date->col,
			         "follow-up dated before ticket '%s' was resolved (%s)", t->id,
			         buf);
		}
	}
	if (node_is_str(kind, "complaint_confirmation") &&
	    (t = S_target(c, record_value(rec, KEY_complaint), OBJ_complaints)) != NULL) {
		const struct node *rcv = record_value(t, KEY_received);

		if (S_is_time(rcv) && vday < node_day(rcv, c->tz)) {
			format_date(buf, node_day(rcv, c->tz));
			diag_add(c->d, RULE_DATE_ORDER, rec->display, date->line, date->col,
			         "confirmation dated before complaint '%s' was received (%s)",
			         t->id, buf);
		}
	}
}

static void
S_standards_cited(struct ctx *c, const struct record *rec)
{
	const struct node *list = record_list(rec, KEY_standards),
	                  *rep = record_value(rec, KEY_reported);
	int64_t day;
	size_t i;
	char buf[11];

	if (!list || !S_is_time(rep))
		return;
	day = node_day(rep, c->tz);
	format_date(buf, day);
	for (i = 0; i < list->n; i++) {
		const struct node *ref = &list->u.kids[i];
		struct record *std = S_target(c, ref, OBJ_standards);
		const struct node *status;

		const struct node *eff, *wd;
		char why[96];

		if (!std || record_standard_effective(std, day))
			continue;
		status = record_value(std, KEY_status);
		eff = record_value(std, KEY_effective);
		wd = record_value(std, KEY_withdrawn);
		if (!status || node_is_str(status, "draft"))
			snprintf(why, sizeof(why), "%s", tr("it is a draft"));
		else if (!eff || eff->value != VAL_DATE)
			snprintf(why, sizeof(why), "%s", tr("it has no effective date"));
		else if (eff->v.i > day)
			snprintf(why, sizeof(why), tr("it takes effect on %.10s"), eff->u.str);
		else
			snprintf(why, sizeof(why), tr("it was withdrawn on %.10s"),
			         wd ? wd->u.str : "?");
		diag_add(c->d, RULE_STANDARD_NOT_EFFECTIVE, rec->display, ref->line, ref->col,
		         "standard '%s' was not effective on %s, the reported date: %s", std->id,
		         buf, why);
	}
}

static void
S_supersede_cycles(struct ctx *c)
{
	const struct records *r = c->r;
	unsigned char *state = xcalloc(r->n ? r->n : 1, 1); /* 0 new, 1 on path, 2 done */
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct record *s = &r->recs[i], *t;
		size_t idx;

		if (s->kind != OBJ_standards || state[i])
			continue;
		/* Follow the chain; out-degree is one, so a cycle is met on the path. */
		for (idx = i; state[idx] == 0;) {
			state[idx] = 1;
			t = S_target(c, record_value(&r->recs[idx], KEY_supersedes), OBJ_standards);
			if (!t)
				break;
			idx = (size_t)(t - r->recs);
		}
		if (state[idx] == 1 &&
		    S_target(c, record_value(&r->recs[idx], KEY_supersedes), OBJ_standards)) {
			/* idx is on the path: the cycle is idx -> ... -> idx. */
			struct buf cycle = BUF_INIT;
			size_t j = idx;

			do {
				buf_addf(&cycle, "%s -> ", r->recs[j].id);
				j = (size_t)(S_target(c, record_value(&r->recs[j], KEY_supersedes),
				                      OBJ_standards) -
				             r->recs);
			} while (j != idx);
			buf_adds(&cycle, r->recs[idx].id);
			do {
				const struct node *ref = record_value(&r->recs[j], KEY_supersedes);

				diag_add(c->d, RULE_SUPERSEDE_CYCLE, r->recs[j].display, ref->line,
				         ref->col, "standard '%s' is in a supersedes cycle: %s",
				         r->recs[j].id, buf_str(&cycle));
				state[j] = 2;
				j = (size_t)(S_target(c, ref, OBJ_standards) - r->recs);
			} while (j != idx);
			buf_free(&cycle);
		}
		for (idx = i; state[idx] == 1;) {
			state[idx] = 2;
			t = S_target(c, record_value(&r->recs[idx], KEY_supersedes), OBJ_standards);
			if (!t)
				break;
			idx = (size_t)(t - r->recs);
		}
	}
	free(state);
}

static void
S_complaint_loop(struct ctx *c, const struct record *rec)
{
	const struct node *status = record_value(rec, KEY_status),
	                  *conf = record_value(rec, KEY_confirmation);
	const struct node *resolved = record_value(rec, KEY_resolved), *reached, *date;
	struct record *v;
	const char *why = NULL;
	char early[160];

	if (!node_is_str(status, "closed") || !conf || !(v = S_target(c, conf, OBJ_visits)))
		return;
	reached = record_value(v, KEY_reached);
	date = record_value(v, KEY_date);
	if (!node_is_str(record_value(v, KEY_kind), "complaint_confirmation"))
		why = tr("is not a complaint_confirmation visit");
	else if (!node_is_str(record_value(v, KEY_complaint), rec->id ? rec->id : ""))
		why = tr("confirms another complaint");
	else if (reached && reached->value == VAL_BOOL && !reached->v.i)
		why = tr("did not reach the customer (reached: false)");
	else if (S_is_time(resolved) && S_is_time(date) && S_cmp_time(date, resolved, c->tz) < 0) {
		/* Instants when both carry a time: 10:00 is before a 17:00 resolution that day. */
		snprintf(early, sizeof(early),
		         tr("(%.40s) is dated before the complaint was resolved (%.40s)"),
		         date->u.str, resolved->u.str);
		why = early;
	}
	if (why)
		diag_add(c->d, RULE_COMPLAINT_LOOP, rec->display, conf->line, conf->col,
		         "closed complaint: confirmation visit '%s' %s", v->id, why);
}

/* The ticket a reached-or-not follow-up visit follows (index + 1), else 0. */
static uint32_t
S_followed(struct ctx *c, const struct record *rec)
{
	const struct record *t;

	if (rec->kind != OBJ_visits || !node_is_str(record_value(rec, KEY_kind), "follow_up"))
		return 0;
	t = S_target(c, record_value(rec, KEY_service), OBJ_service);
	return t ? (uint32_t)(t - c->r->recs) + 1 : 0;
}

/*
 * A closed ticket under warranty past its window with no qualifying
 * follow-up: its follow-up visits are visits[count[i] .. count[i + 1]).
 */
static void
S_follow_up_overdue(struct ctx *c, size_t i, const uint32_t *count, const uint32_t *visits)
{
	const struct records *r = c->r;
	const struct record *t = &r->recs[i];
	const struct node *closed, *rep, *units;
	int window = r->cfg.follow_up_window_days;
	int64_t cday, rday;
	int warranty = 0, found = 0;
	size_t j;
	char buf[11];

	if (t->kind != OBJ_service)
		return;
	closed = record_value(t, KEY_closed);
	rep = record_value(t, KEY_reported);
	units = record_list(t, KEY_equipment);
	if (!node_is_str(record_value(t, KEY_status), "closed") || !S_is_time(closed) ||
	    !S_is_time(rep) || !units)
		return;
	rday = node_day(rep, c->tz);
	for (j = 0; j < units->n; j++) {
		struct record *u = S_target(c, &units->u.kids[j], OBJ_equipment);
		const struct node *w = u ? record_value(u, KEY_warranty_until) : NULL;

		if (S_is_time(w) && node_day(w, c->tz) >= rday)
			warranty = 1;
	}
	cday = node_day(closed, c->tz);
	if (!warranty || c->today <= cday + window)
		return;
	for (j = count[i]; j < count[i + 1] && !found; j++) {
		const struct record *v = &r->recs[visits[j]];
		const struct node *reached = record_value(v, KEY_reached),
		                  *d = record_value(v, KEY_date);
		int64_t vday;

		if (reached && (reached->value != VAL_BOOL || !reached->v.i))
			continue;
		if (!S_is_time(d))
			continue;
		vday = node_day(d, c->tz);
		found = vday >= cday && vday <= cday + window;
	}
	if (!found) {
		if (c->d->severity[RULE_FOLLOW_UP_OVERDUE] != SEV_OFF)
			c->marks[i].follow_up_overdue = 1;
		format_date(buf, cday + window);
		diag_add(c->d, RULE_FOLLOW_UP_OVERDUE, t->display, closed->line, closed->col,
		         "closed service under warranty has no reached follow-up visit "
		         "within %d days of closing (window ended %s)",
		         window, buf);
	}
}

/* An open complaint older than the target in force today (days). */
static void
S_complaint_stale(struct ctx *c, const struct record *rec, double days)
{
	const struct node *status, *rcv;

	if (rec->kind != OBJ_complaints)
		return;
	status = record_value(rec, KEY_status);
	rcv = record_value(rec, KEY_received);
	if (!S_is_time(rcv) || !record_is_open(rec))
		return;
	if ((double)node_day(rcv, c->tz) + days >= (double)c->today)
		return;
	if (c->d->severity[RULE_COMPLAINT_STALE] != SEV_OFF)
		c->marks[rec - c->r->recs].complaint_stale = 1;
	diag_add(c->d, RULE_COMPLAINT_STALE, rec->display, status->line, status->col,
	         "complaint still %s %lld days after it was received (target: "
	         "closed within %g days)",
	         status->u.str, (long long)(c->today - node_day(rcv, c->tz)), days);
}

/*
 * One thread of the rules between records: each reads the records and
 * adds to diagnostics of its own, sorted with the others afterwards, so
 * which thread checks which record does not show.
 */
struct vworker {
	struct ctx c;
	struct diags d;
	atomic_size_t *next;
	int pass;          /* 0: each record on its own; 1: follow-ups, once counted */
	int stale;         /* a complaint_close_days target is in force */
	double days;       /* ... of so many days */
	uint32_t *follows; /* pass 0 fills: per record, S_followed */
	const uint32_t *count, *visits;
};

static void *
S_vworker_run(void *arg)
{
	struct vworker *w = arg;
	const struct records *r = w->c.r;
	size_t i, end;

	for (;;) {
		i = atomic_fetch_add(w->next, 256);
		if (i >= r->n)
			break;
		end = i + 256 < r->n ? i + 256 : r->n;
		for (; i < end; i++) {
			const struct record *rec = &r->recs[i];

			if (w->pass) {
				S_follow_up_overdue(&w->c, i, w->count, w->visits);
				continue;
			}
			S_id_dup(&w->c, rec);
			w->follows[i] = S_followed(&w->c, rec);
			if (!rec->root)
				continue;
			S_check_refs(&w->c, rec, rec->root, rec->kind);
			S_check_customers(&w->c, rec);
			if (rec->kind == OBJ_visits)
				S_visit_dates(&w->c, rec);
			else if (rec->kind == OBJ_service)
				S_standards_cited(&w->c, rec);
			else if (rec->kind == OBJ_complaints)
				S_complaint_loop(&w->c, rec);
			if (w->stale)
				S_complaint_stale(&w->c, rec, w->days);
		}
	}
	return NULL;
}

/* Runs pass `pass` of the workers over every record. */
static void
S_vpass(struct vworker *w, unsigned jobs, int pass)
{
	atomic_size_t next;
	unsigned j;

	atomic_init(&next, 0);
	for (j = 0; j < jobs; j++) {
		w[j].next = &next;
		w[j].pass = pass;
	}
	threads_run(S_vworker_run, w, sizeof(*w), jobs);
}

void
validate_records(struct records *r, int64_t today, struct diags *d)
{
	struct ctx c = {r, r->recs, d, today, r->cfg.tzoff, suggest_new(r), NULL, 0, 0};
	unsigned jobs = jobs_for(r->n), j;
	struct vworker *w = xcalloc(jobs, sizeof(*w));
	uint32_t *follows = xcalloc(r->n + 1, sizeof(*follows));
	uint32_t *count = xcalloc(r->n + 1, sizeof(*count)), *visits;
	const struct record *by;
	double days = 0;
	int stale;
	size_t i;

	stale = records_target_in_force(r, NULL, 0, "complaint_close_days",
	                                METRIC_COMPLAINT_CLOSE_DAYS, today, &days, &by) == 0;
	for (j = 0; j < jobs; j++) {
		w[j].c = c;
		w[j].c.d = &w[j].d;
		diags_init(&w[j].d);
		memcpy(w[j].d.severity, d->severity, sizeof(d->severity));
		w[j].stale = stale;
		w[j].days = days;
		w[j].follows = follows;
	}
	S_vpass(w, jobs, 0);
	S_supersede_cycles(&c);
	/*
	 * Counting sort of the follow-up visits by the ticket they follow, in
	 * record order: ticket i's are visits[count[i] .. count[i + 1]).
	 */
	for (i = 0; i < r->n; i++)
		if (follows[i])
			count[follows[i] - 1]++;
	for (i = 1; i <= r->n; i++)
		count[i] += count[i - 1];
	visits = xmalloc((count[r->n] + 1) * sizeof(*visits));
	for (i = r->n; i-- > 0;)
		if (follows[i])
			visits[--count[follows[i] - 1]] = (uint32_t)i;
	for (j = 0; j < jobs; j++) {
		w[j].count = count;
		w[j].visits = visits;
	}
	S_vpass(w, jobs, 1);
	for (j = 0; j < jobs; j++) {
		diags_merge(d, &w[j].d);
		diags_free(&w[j].d);
	}
	free(w);
	free(follows);
	free(count);
	free(visits);
	suggest_free(c.sg);
}
