package io.llmcost.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain aligned text table: the first column left-aligned, the others right-aligned. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;

    Table(String... header) {
        this.header = header;
    }

    Table row(String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("expected " + header.length + " cells, got " + cells.length);
        }
        rows.add(cells);
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[header.length];
        for (String[] r : withHeader()) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        boolean first = true;
        for (String[] r : withHeader()) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i > 0) line.append("  ");
                String pad = " ".repeat(width[i] - r[i].length());
                line.append(i == 0 ? r[i] + pad : pad + r[i]);
            }
            out.println(line.toString().stripTrailing());
            if (first) {
                int total = 0;
                for (int w : width) total += w;
                out.println("-".repeat(total + 2 * (width.length - 1)));
                first = false;
            }
        }
        out.flush();
    }

    /** One CSV record per cell: the table's title (first header), the row's label, the column's header, the cell. */
    void printCsv(org.apache.commons.csv.CSVPrinter out) throws java.io.IOException {
        for (String[] r : rows) {
            for (int i = 1; i < r.length; i++) {
                if (!r[i].isEmpty()) {
                    out.printRecord(header[0], r[0].strip(), header[i], r[i]);
                }
            }
        }
    }

    private List<String[]> withHeader() {
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
