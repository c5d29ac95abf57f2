/* help.h - what each command takes, for --help, `svcgen help` and usage errors. */
#ifndef SVCGEN_HELP_H
#define SVCGEN_HELP_H

#include <stdio.h>

/* Every command's synopsis, as `svcgen --help` and a usage error show them. */
void help_usage(FILE *out);
/*
 * A usage error: fmt (a text of the catalogue, in the language chosen)
 * with arg on stderr, then every synopsis. Returns EXIT_USAGE.
 */
int help_usage_error(const char *fmt, const char *arg);
/* The command's synopsis, what it does and its options: 0, or -1 for no such command. */
int help_command(FILE *out, const char *cmd);
/*
 * Whether argv (a command's arguments) asks for its help: -h or --help.
 * When it does, a --lang zh-CN|en among them chooses the help's language.
 */
int help_asked(int argc, char **argv);
/* The version line, and the libraries' versions svcgen runs with. */
void help_version(FILE *out);

#endif
