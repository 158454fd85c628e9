package io.midreg.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns, for human output; a header of empty names is not printed (key/value lists). */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    Table row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) r[i] = i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "-";
        rows.add(r);
        return this;
    }

    int size() {
        return rows.size() - 1;
    }

    void print(PrintWriter out) {
        int[] width = new int[columns];
        for (String[] r : rows) for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r[i].length());
        boolean headed = false;
        for (String h : rows.get(0)) headed |= !h.isEmpty();
        for (String[] r : headed ? rows : rows.subList(1, rows.size())) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                b.append(r[i]);
                if (i < columns - 1) b.append(" ".repeat(width[i] - r[i].length() + 2));
            }
            out.println(b.toString().stripTrailing());
        }
        out.flush();
    }
}
