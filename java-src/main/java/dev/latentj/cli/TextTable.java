package dev.latentj.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for the terminal: a header row, a rule, and columns padded to their widest cell.
 * Numbers read best right-aligned, text left-aligned: each column says which.
 */
final class TextTable {
    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param rightAligned one flag per header */
    TextTable(List<String> headers, boolean... rightAligned) {
        if (rightAligned.length != headers.size()) throw new IllegalArgumentException("one alignment per column");
        this.headers = List.copyOf(headers);
        this.rightAligned = rightAligned.clone();
    }

    TextTable row(List<String> cells) {
        if (cells.size() != headers.size()) throw new IllegalArgumentException(cells.size() + " cells for " + headers.size() + " columns");
        rows.add(List.copyOf(cells));
        return this;
    }

    @Override
    public String toString() {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).codePointCount(0, headers.get(c).length());
            for (List<String> r : rows) width[c] = Math.max(width[c], r.get(c).codePointCount(0, r.get(c).length()));
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        List<String> rule = new ArrayList<>();
        for (int w : width) rule.add("-".repeat(w));
        line(sb, rule, width);
        for (List<String> r : rows) line(sb, r, width);
        return sb.toString();
    }

    private void line(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String s = cells.get(c);
            String pad = " ".repeat(width[c] - s.codePointCount(0, s.length()));
            if (c > 0) line.append("  ");
            line.append(rightAligned[c] ? pad + s : s + pad);
        }
        sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
}
