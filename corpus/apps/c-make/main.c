#include <stdio.h>
#include <string.h>
#include "ledger.h"

int main(int argc, char **argv)
{
    sqlite3 *db = ledger_open();
    int rows = 0;

    if (db == NULL) {
        fprintf(stderr, "ledger: cannot open database\n");
        return 1;
    }
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("ledger 1.0 (sqlite %s)\n", sqlite3_libversion());
        sqlite3_close(db);
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
        int n;
        if (f == NULL) {
            perror(argv[i]);
            sqlite3_close(db);
            return 1;
        }
        n = ledger_load(db, f);
        if (f != stdin)
            fclose(f);
        if (n < 0) {
            fprintf(stderr, "ledger: %s: %s\n", argv[i], sqlite3_errmsg(db));
            sqlite3_close(db);
            return 1;
        }
        rows += n;
    }
    printf("%d entries\n", rows);
    ledger_report(db, stdout);
    sqlite3_close(db);
    return 0;
}
