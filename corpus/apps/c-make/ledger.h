#ifndef LEDGER_H
#define LEDGER_H

#include <stdio.h>
#include <sqlite3.h>

/* Opens an in-memory ledger database with its schema; NULL on error. */
sqlite3 *ledger_open(void);
/* Loads "date,category,amount_cents" lines from f; returns rows loaded or -1. */
int ledger_load(sqlite3 *db, FILE *f);
/* Prints the total and count per category, largest total first. */
int ledger_report(sqlite3 *db, FILE *out);

#endif
