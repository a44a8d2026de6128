package com.example.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Summary statistics of one numeric column. */
public final class ColumnStats {
    private final String name;
    private final List<Double> values = new ArrayList<>();

    public ColumnStats(String name) {
        this.name = name;
    }

    public void add(double value) {
        values.add(value);
    }

    public int count() {
        return values.size();
    }

    public double mean() {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.isEmpty() ? Double.NaN : sum / values.size();
    }

    public double median() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double min() {
        return values.isEmpty() ? Double.NaN : Collections.min(values);
    }

    public double max() {
        return values.isEmpty() ? Double.NaN : Collections.max(values);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-10s n=%d min=%.2f max=%.2f mean=%.2f median=%.2f",
                name, count(), min(), max(), mean(), median());
    }
}
