package com.example.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** csvstats: prints summary statistics for each numeric column of CSV files with a header. */
public final class Main {
    private Main() {
    }

    static List<ColumnStats> analyse(List<String> lines) {
        String[] header = lines.get(0).split(",");
        List<ColumnStats> columns = new ArrayList<>();
        for (String h : header) {
            columns.add(new ColumnStats(h.trim()));
        }
        boolean[] numeric = new boolean[header.length];
        java.util.Arrays.fill(numeric, true);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            for (int i = 0; i < header.length && i < cells.length; i++) {
                try {
                    columns.get(i).add(Double.parseDouble(cells[i].trim()));
                } catch (NumberFormatException e) {
                    numeric[i] = false;
                }
            }
        }
        List<ColumnStats> result = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            if (numeric[i]) {
                result.add(columns.get(i));
            }
        }
        return result;
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java -jar csvstats.jar FILE.csv...");
            System.exit(2);
        }
        for (String arg : args) {
            List<String> lines = Files.readAllLines(Path.of(arg), StandardCharsets.UTF_8);
            System.out.println(Path.of(arg).getFileName() + ": " + (lines.size() - 1) + " rows");
            for (ColumnStats column : analyse(lines)) {
                System.out.println("  " + column);
            }
        }
    }
}
