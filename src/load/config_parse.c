/* config_parse.c - svcgen.yaml read and checked over the defaults of docs/config.md. */
#include "load/config_parse.h"

#include <stdlib.h>
#include <string.h>

#include "load/parse.h"
#include "model/metric.h"
#include "model/schema.h"
#include "model/typecheck.h"

/* A list of strings from a checked node; bad items are left out. */
static void
S_take_list(struct config *cfg, struct strlist *l, const struct node *n)
{
	size_t i;

	if (!n || n->type != NODE_SEQ)
		return;
	l->v = arena_alloc(&cfg->arena, (n->n + 1) * sizeof(*l->v));
	l->n = 0;
	for (i = 0; i < n->n; i++)
		if (n->u.kids[i].type == NODE_SCALAR)
			l->v[l->n++] = n->u.kids[i].u.str;
	l->v[l->n] = NULL;
}

static int
S_metric(const char *name)
{
	int i;

	for (i = 0; metric_names[i]; i++)
		if (!strcmp(metric_names[i], name))
			return i;
	return -1;
}

int
config_parse(struct config *cfg, const char *text, size_t len, const char *path, struct diags *d)
{
	struct node_limits lim = {64, NULL};
	struct typecheck tc = {d, path, cfg};
	size_t before = diags_count(d, SEV_ERROR), i;
	struct node *root;
	const struct node *v;
	int empty, m;

	if (text_check_encoding(text, len, 0, path, d) < 0)
		return -1;
	root = node_parse(&cfg->arena, text, len, 0, path, &lim, d, &empty);
	if (!root)
		return empty ? 0 : -1;
	if (root->type == NODE_NULL)
		return 0;
	if (root->type != NODE_MAP) {
		diag_add(d, RULE_TYPE, path, root->line, root->col,
		         "svcgen.yaml: expected a mapping of settings");
		return -1;
	}
	typecheck_object(&tc, root, OBJ_config);
	if ((v = node_field(root, KEY_title)) && v->type == NODE_SCALAR)
		cfg->title = v->u.str;
	if ((v = node_field(root, KEY_lang)) && v->type == NODE_SCALAR)
		cfg->lang = v->u.str;
	if ((v = node_field(root, KEY_timezone)) && v->type == NODE_SCALAR)
		cfg->tzoff = (int)v->v.i;
	S_take_list(cfg, &cfg->regions, node_field(root, KEY_regions));
	S_take_list(cfg, &cfg->models, node_field(root, KEY_models));
	S_take_list(cfg, &cfg->platforms, node_field(root, KEY_platforms));
	S_take_list(cfg, &cfg->ignore, node_field(root, KEY_ignore));
	if ((v = node_field(root, KEY_follow_up_window_days)) && v->type == NODE_SCALAR)
		cfg->follow_up_window_days = (int)v->v.i;
	if ((v = node_field(root, KEY_satisfied_at)) && v->type == NODE_SCALAR)
		cfg->satisfied_at = (int)v->v.i;
	if ((v = node_field(root, KEY_default_alert_threshold)) && v->type == NODE_SCALAR)
		cfg->default_alert_threshold = (int)v->v.i;
	if ((v = node_field(root, KEY_pii)) && v->type == NODE_SCALAR)
		cfg->pii_show = node_is_str(v, "show");
	if ((v = node_field(root, KEY_targets)) && v->type == NODE_MAP)
		for (i = 0; i < v->n; i++) {
			const struct node *k = &v->u.kids[2 * i], *t = &v->u.kids[2 * i + 1];

			if (k->type != NODE_SCALAR || (m = S_metric(k->u.str)) < 0)
				continue;
			/* An explicit null removes a default target. */
			cfg->has_target[m] = t->type == NODE_SCALAR;
			if (t->type == NODE_SCALAR)
				cfg->targets[m] = t->v.d;
		}
	if ((v = node_field(root, KEY_rules)) && v->type == NODE_MAP)
		for (i = 0; i < v->n; i++) {
			const struct node *k = &v->u.kids[2 * i], *s = &v->u.kids[2 * i + 1];
			int r;

			if (k->type != NODE_SCALAR || s->type != NODE_SCALAR ||
			    (r = rule_lookup(k->u.str)) < 0)
				continue;
			cfg->severity[r] = node_is_str(s, "error")     ? SEV_ERROR
			                   : node_is_str(s, "warning") ? SEV_WARNING
			                                               : SEV_OFF;
		}
	if ((v = node_field(root, KEY_limits)) && v->type == NODE_MAP) {
		const struct node *fb = node_field(v, KEY_file_bytes),
		                  *dp = node_field(v, KEY_depth),
		                  *ab = node_field(v, KEY_attachment_bytes);

		if (fb && fb->type == NODE_SCALAR)
			cfg->file_bytes = (size_t)fb->v.i;
		if (dp && dp->type == NODE_SCALAR)
			/* libyaml slows down past a few thousand flow levels. */
			cfg->depth = dp->v.i > 1000 ? 1000 : (unsigned)dp->v.i;
		if (ab && ab->type == NODE_SCALAR)
			cfg->attachment_bytes = (uint64_t)ab->v.i;
	}
	return diags_count(d, SEV_ERROR) > before ? -1 : 0;
}
