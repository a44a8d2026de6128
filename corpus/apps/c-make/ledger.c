#include <stdlib.h>
#include <string.h>
#include "ledger.h"

sqlite3 *ledger_open(void)
{
    sqlite3 *db = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return NULL;
    if (sqlite3_exec(db, "CREATE TABLE entry(day TEXT, category TEXT, cents INTEGER)",
                     NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

int ledger_load(sqlite3 *db, FILE *f)
{
    sqlite3_stmt *st;
    char line[512];
    int rows = 0;

    if (sqlite3_prepare_v2(db, "INSERT INTO entry VALUES(?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
        return -1;
    while (fgets(line, sizeof line, f)) {
        char *day = strtok(line, ",\n");
        char *cat = strtok(NULL, ",\n");
        char *amount = strtok(NULL, ",\n");
        if (!day || !cat || !amount || day[0] == '#')
            continue;
        sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, cat, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, strtoll(amount, NULL, 10));
        if (sqlite3_step(st) != SQLITE_DONE) {
            sqlite3_finalize(st);
            return -1;
        }
        sqlite3_reset(st);
        rows++;
    }
    sqlite3_finalize(st);
    return rows;
}

int ledger_report(sqlite3 *db, FILE *out)
{
    sqlite3_stmt *st;
    const char *sql =
        "SELECT category, COUNT(*), SUM(cents) FROM entry "
        "GROUP BY category ORDER BY SUM(cents) DESC, category";
    long long total = 0;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long cents = sqlite3_column_int64(st, 2);
        fprintf(out, "%-12s %3d %8lld.%02lld\n", (const char *)sqlite3_column_text(st, 0),
                sqlite3_column_int(st, 1), cents / 100, cents % 100);
        total += cents;
    }
    sqlite3_finalize(st);
    fprintf(out, "%-12s %3s %8lld.%02lld\n", "total", "", total / 100, total % 100);
    return 0;
}
