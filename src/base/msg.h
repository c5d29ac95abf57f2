/*
 * msg.h - the messages svcgen writes to people (diagnostics, summaries),
 * in English and Chinese.
 *
 * The English text is the key, as with gettext: code writes
 * diag_add(..., "english %s", ...) or tr("english"), and messages.def
 * holds each English text with its Chinese one. docs/architecture.md,
 * "Messages".
 */
#ifndef SVCGEN_MSG_H
#define SVCGEN_MSG_H

#include <stddef.h>

#if defined(__GNUC__)
#define ATTR_FORMAT_ARG(a) __attribute__((format_arg(a)))
#else
#define ATTR_FORMAT_ARG(a)
#endif

struct msg_pair {
	const char *en, *zh;
};

/* The catalogue, in the order of messages.def. */
extern const struct msg_pair msg_catalogue[];
extern const size_t msg_catalogue_len;

/*
 * Chooses the language of every message from now on, the records' and the
 * terminal's: "zh-CN" (or any "zh" tag) for Chinese, anything else for
 * English. Call it before threads start: the choice is read without a lock.
 */
void msg_set_lang(const char *lang);
/*
 * Chooses the language of the records' messages only (a build's
 * diagnostics, in its site's language), not the terminal's, which stays
 * as msg_set_lang chose it.
 */
void msg_set_records_lang(const char *lang);
/* "zh-CN" or "en": the language chosen for the records' messages. */
const char *msg_lang(void);
/*
 * The language the environment asks for: "zh-CN" when the first of
 * LC_ALL, LC_MESSAGES and LANG that is set begins with "zh", else NULL.
 */
const char *msg_env_lang(void);
/* Marks a text kept for tr() later, so that the catalogue's test finds it. */
#define N_(en) en
/* en in the language chosen: its Chinese text when there is one, else en. */
const char *tr(const char *en) ATTR_FORMAT_ARG(1);
/*
 * en in the terminal's language: for what is said to whoever runs the
 * command whatever the records' language (a failure, base/error.h).
 */
const char *tr_term(const char *en) ATTR_FORMAT_ARG(1);

#endif
