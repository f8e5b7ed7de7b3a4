package rnn.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * A plain-text table on stdout (eval's metrics and confusion matrix, inspect's tensors): columns two spaces apart,
 * each as wide as its widest cell, no trailing spaces. Every row has the first row's number of cells.
 */
final class TextTable {

    /** How the cells of the columns after the first are aligned (the first is always left-aligned). */
    enum Align {
        /** Numbers: right-aligned, so that digits line up. */
        RIGHT,
        /** Text: left-aligned. */
        LEFT
    }

    private TextTable() {
    }

    static void print(PrintWriter out, List<List<String>> rows, Align others) {
        int cols = rows.get(0).size();
        int[] width = new int[cols];
        for (List<String> row : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String v = row.get(c);
                String pad = " ".repeat(width[c] - v.length());
                b.append(c == 0 ? "" : "  ");
                if (c == 0 || others == Align.LEFT) {
                    b.append(v).append(pad);
                } else {
                    b.append(pad).append(v);
                }
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
