/*
 * labels.h - the label catalogues of the site (templates/labels/<lang>.yaml):
 * every visible word comes from them. A catalogue is a YAML mapping of
 * mappings (`field: {status: 状态}`, and `field_visits: {date: 回访时间}` for
 * what one kind says differently); templates see {{l.field.status}},
 * the renderer asks labels_get(l, "field", "status").
 */
#ifndef SVCGEN_LABELS_H
#define SVCGEN_LABELS_H

#include <pthread.h>

#include "load/source.h"
#include "model/node.h"
#include "render/template.h"
#include "base/util.h"

struct labels {
	struct arena arena;
	struct node *root;    /* the catalogue as parsed */
	const struct tv *tv;  /* the same, as template data */
	struct buf missing;   /* keys asked for and not found, one per line */
	pthread_mutex_t lock; /* for missing: pages render on several threads */
};

/* Reads labels/<lang>.yaml of the templates tpl (source_open_templates). -1 after error_set. */
int labels_load(struct labels *l, struct source *tpl, const char *lang);
void labels_free(struct labels *l);
/*
 * The label of group.key (e.g. "field", "status"); with a third part,
 * group_key.sub first, then group.sub (e.g. enum_topic.training, then
 * enum.training). A missing label is the key itself, and is remembered in
 * l->missing. Borrowed: lives as long as l. Thread-safe.
 */
const char *labels_get(struct labels *l, const char *group, const char *key);
const char *labels_get3(struct labels *l, const char *group, const char *key, const char *sub);

#endif
