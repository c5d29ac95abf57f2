/*
 * new.h - svcgen new: a new record file with the next free id, where the
 * department keeps its kind, its required fields filled or marked
 * (docs/records.md, "New records").
 */
#ifndef SVCGEN_NEW_H
#define SVCGEN_NEW_H

/* svcgen new KIND [DIR] [FIELD=VALUE ...] [-e]: the exit status. */
int new_record(int argc, char **argv);

#endif
