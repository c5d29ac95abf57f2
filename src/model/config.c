/* config.c - svcgen.yaml over the defaults of docs/config.md. */
#include "model/config.h"

#include <stdlib.h>
#include <string.h>

#include "model/node.h"
#include "model/schema.h"
#include "check/typecheck.h"

static void
S_list(struct config *cfg, struct strlist *l, const char *const *v)
{
	size_t n = 0;

	while (v[n])
		n++;
	l->v = arena_alloc(&cfg->arena, (n + 1) * sizeof(*l->v));
	memcpy(l->v, v, (n + 1) * sizeof(*l->v));
	l->n = n;
}

void
config_defaults(struct config *cfg)
{
	static const char *const regions[] = {"华东", "华南", "华北", "华中",
	                                      "西南", "西北", "东北", NULL};
	static const char *const models[] = {"EV-100", "EV-200", "EV-300", NULL};
	static const char *const platforms[] = {"车载", "舰载", "机载", "地面", NULL};
	static const char *const none[] = {NULL};
	size_t i;

	memset(cfg, 0, sizeof(*cfg));
	arena_init(&cfg->arena);
	cfg->title = "售后服务";
	cfg->lang = "zh-CN";
	cfg->tzoff = 8 * 3600;
	S_list(cfg, &cfg->regions, regions);
	S_list(cfg, &cfg->models, models);
	S_list(cfg, &cfg->platforms, platforms);
	S_list(cfg, &cfg->ignore, none);
	cfg->follow_up_window_days = 7;
	cfg->satisfied_at = 4;
	cfg->targets[METRIC_FOLLOW_UP_RATE] = 100;
	cfg->targets[METRIC_SATISFACTION_RATE] = 98;
	cfg->targets[METRIC_PARTS_ACCURACY] = 98;
	cfg->targets[METRIC_ARRIVAL_HOURS] = 24;
	cfg->targets[METRIC_COMPLAINT_CLOSE_DAYS] = 7;
	cfg->has_target[METRIC_FOLLOW_UP_RATE] = 1;
	cfg->has_target[METRIC_SATISFACTION_RATE] = 1;
	cfg->has_target[METRIC_PARTS_ACCURACY] = 1;
	cfg->has_target[METRIC_ARRIVAL_HOURS] = 1;
	cfg->has_target[METRIC_COMPLAINT_CLOSE_DAYS] = 1;
	cfg->default_alert_threshold = 5;
	for (i = 0; i < RULE__COUNT; i++)
		cfg->severity[i] = rule_table[i].severity;
	cfg->file_bytes = 1048576;
	cfg->depth = 32;
	cfg->attachment_bytes = 104857600;
}

void
config_free(struct config *cfg)
{
	arena_free(&cfg->arena);
}

int
strlist_find(const struct strlist *l, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == n && !memcmp(l->v[i], s, n))
			return (int)i;
	return -1;
}

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

	for (i = 0; schema_metric_names[i]; i++)
		if (!strcmp(schema_metric_names[i], name))
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
	if ((v = node_get(root, "title")) && v->type == NODE_SCALAR)
		cfg->title = v->u.str;
	if ((v = node_get(root, "lang")) && v->type == NODE_SCALAR)
		cfg->lang = v->u.str;
	if ((v = node_get(root, "timezone")) && v->type == NODE_SCALAR)
		cfg->tzoff = (int)v->v.i;
	S_take_list(cfg, &cfg->regions, node_get(root, "regions"));
	S_take_list(cfg, &cfg->models, node_get(root, "models"));
	S_take_list(cfg, &cfg->platforms, node_get(root, "platforms"));
	S_take_list(cfg, &cfg->ignore, node_get(root, "ignore"));
	if ((v = node_get(root, "follow_up_window_days")) && v->type == NODE_SCALAR)
		cfg->follow_up_window_days = (int)v->v.i;
	if ((v = node_get(root, "satisfied_at")) && v->type == NODE_SCALAR)
		cfg->satisfied_at = (int)v->v.i;
	if ((v = node_get(root, "default_alert_threshold")) && v->type == NODE_SCALAR)
		cfg->default_alert_threshold = (int)v->v.i;
	if ((v = node_get(root, "pii")) && v->type == NODE_SCALAR)
		cfg->pii_show = node_is_str(v, "show");
	if ((v = node_get(root, "targets")) && v->type == NODE_MAP)
		for (i = 0; i < v->n; i++) {
			const struct node *k = &v->u.kids[2 * i], *t = &v->u.kids[2 * i + 1];

			if (k->type != NODE_SCALAR || (m = S_metric(k->u.str)) < 0)
				continue;
			/* An explicit null removes a default target. */
			cfg->has_target[m] = t->type == NODE_SCALAR;
			if (t->type == NODE_SCALAR)
				cfg->targets[m] = t->v.d;
		}
	if ((v = node_get(root, "rules")) && v->type == NODE_MAP)
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
	if ((v = node_get(root, "limits")) && v->type == NODE_MAP) {
		const struct node *fb = node_get(v, "file_bytes"), *dp = node_get(v, "depth"),
		                  *ab = node_get(v, "attachment_bytes");

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

/* Is pat[i] the start of `**`? Returns where the pattern goes on after it (and a '/'). */
static size_t
S_globstar_end(const char *pat, size_t i)
{
	if (pat[i] != '*' || pat[i + 1] != '*')
		return 0;
	return i + 2 + (pat[i + 2] == '/');
}

/*
 * The pattern as a set of states, one per byte offset, stepped over the
 * path one byte at a time: O(pattern x path) whatever the pattern, where
 * backtracking over several stars is exponential (docs/config.md). A `**`
 * at offset i has two states: on[i], where the rest of the pattern may
 * begin, and skip[i], inside a component that `**` swallows; a '/' takes
 * skip back to on.
 */
int
glob_match(const char *pat, const char *path)
{
	size_t n = strlen(pat), i, end;
	unsigned char small[4 * 64], *mem, *on, *skip, *on2, *skip2, *t;
	int matched = 0;

	/*
	 * Up to its first '*' or '?' the pattern matches those bytes alone: a
	 * path that does not begin with them is out at once (most paths, for
	 * an ignore pattern such as drafts/(two stars), which every record's
	 * path meets).
	 */
	if (strncmp(pat, path, strcspn(pat, "*?")))
		return 0;
	mem = n < 64 ? small : xmalloc(4 * (n + 1));
	on = mem, skip = mem + (n + 1), on2 = skip + (n + 1), skip2 = on2 + (n + 1);
	memset(mem, 0, 4 * (n + 1));
	on[0] = 1;
	for (;; path++) {
		/* Empty moves go forward only, so one pass in order closes the set. */
		for (i = 0; i < n; i++) {
			if (!on[i] || pat[i] != '*')
				continue;
			if ((end = S_globstar_end(pat, i)) != 0) {
				if (end == n) {
					matched = 1; /* a trailing `**` takes whatever is left */
					goto done;
				}
				on[end] = 1;
			} else {
				on[i + 1] = 1;
			}
		}
		if (!*path) {
			matched = on[n];
			break;
		}
		memset(on2, 0, 2 * (n + 1));
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)*path;

			if (!on[i] && !skip[i])
				continue;
			if (S_globstar_end(pat, i)) {
				if (c == '/')
					on2[i] = 1;
				else
					skip2[i] = 1;
			} else if (!on[i]) {
				continue;
			} else if (pat[i] == '*') {
				if (c != '/')
					on2[i] = 1;
			} else if (pat[i] == '?' ? c != '/' : (unsigned char)pat[i] == c) {
				on2[i + 1] = 1;
			}
		}
		t = on, on = on2, on2 = t;
		t = skip, skip = skip2, skip2 = t;
	}
done:
	if (mem != small)
		free(mem);
	return matched;
}

int
config_ignored(const struct config *cfg, const char *path)
{
	size_t i, n;

	for (i = 0; i < cfg->ignore.n; i++) {
		const char *pat = cfg->ignore.v[i];

		if (glob_match(pat, path))
			return 1;
		/* A pattern such as drafts/(two stars) also names the folder itself. */
		n = strlen(pat);
		if (n > 3 && !strcmp(pat + n - 3, "/**") && strlen(path) == n - 3 &&
		    !strncmp(pat, path, n - 3))
			return 1;
	}
	return 0;
}
