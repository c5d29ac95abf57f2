/* msg.c - the message catalogue and the language chosen for it. */
#include "base/msg.h"

#include <stdlib.h>
#include <string.h>

const struct msg_pair msg_catalogue[] = {
#define MSG(en, zh) {en, zh},
#include "base/messages.def"
#undef MSG
};

#define S_LEN (sizeof(msg_catalogue) / sizeof(msg_catalogue[0]))
const size_t msg_catalogue_len = S_LEN;

/* The catalogue by English text, for bsearch; made by the first msg_set_lang. */
static const struct msg_pair *S_sorted[S_LEN];
static int S_zh;      /* the records' messages in Chinese */
static int S_term_zh; /* the terminal's */

static int
S_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct msg_pair *const *)a)->en,
	              (*(const struct msg_pair *const *)b)->en);
}

void
msg_set_lang(const char *lang)
{
	size_t i;

	/*
	 * The index is made on the first call, which main makes before any
	 * thread starts: a build's language changes to its site's while a
	 * thread may be translating a failure, which then finds it whole.
	 */
	if (!S_sorted[0]) {
		for (i = 0; i < S_LEN; i++)
			S_sorted[i] = &msg_catalogue[i];
		qsort(S_sorted, S_LEN, sizeof(*S_sorted), S_cmp);
	}
	S_zh = S_term_zh = lang && !strncmp(lang, "zh", 2);
}

void
msg_set_records_lang(const char *lang)
{
	S_zh = lang && !strncmp(lang, "zh", 2);
}

const char *
msg_lang(void)
{
	return S_zh ? "zh-CN" : "en";
}

const char *
msg_env_lang(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if ((v = getenv(vars[i])) && *v)
			return strncmp(v, "zh", 2) ? NULL : "zh-CN";
	return NULL;
}

/* en in Chinese when zh is set and the catalogue has it, else en. */
static const char *
S_lookup(const char *en, int zh)
{
	struct msg_pair key = {en, NULL};
	const struct msg_pair *k = &key, **hit;

	if (!zh || !en)
		return en;
	hit = bsearch(&k, S_sorted, S_LEN, sizeof(*S_sorted), S_cmp);
	return hit ? (*hit)->zh : en;
}

const char *
tr(const char *en)
{
	return S_lookup(en, S_zh);
}

const char *
tr_term(const char *en)
{
	return S_lookup(en, S_term_zh);
}
