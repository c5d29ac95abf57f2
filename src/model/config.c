/* config.c - svcgen.yaml over the defaults of docs/config.md. */
#include "model/config.h"

#include <stdlib.h>
#include <string.h>

#include "base/glob.h"
#include "model/schema.h"

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
	for (i = 0; i < METRIC__COUNT; i++)
		if ((cfg->has_target[i] = metric_default_targets[i] >= 0))
			cfg->targets[i] = metric_default_targets[i];
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
config_list_find(const struct strlist *l, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == n && !memcmp(l->v[i], s, n))
			return (int)i;
	return -1;
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
