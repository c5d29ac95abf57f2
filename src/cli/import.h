/*
 * import.h - `svcgen import`: rows of a CSV file made record files, each
 * checked as `svcgen check` checks records, the problems shown at the
 * file's row and column (docs/import-export.md).
 */
#ifndef SVCGEN_IMPORT_H
#define SVCGEN_IMPORT_H

/* svcgen import's arguments (after the command's name); the exit status. */
int import_main(int argc, char **argv);

#endif
