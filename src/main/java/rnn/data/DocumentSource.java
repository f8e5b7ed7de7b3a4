package rnn.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A CSV column of documents as one stream of symbols ({@code --text COL}, issue #11): one document per row (a
 * quoted field may span lines), each cut into tokens as a text file is ({@link TokenKind}), followed by the
 * reserved symbol {@value #EOD}; the stream is the documents in file order. The CSV is read by Commons CSV as every
 * table is ({@link CsvReader}); the column may hold anything (numbers are read as their text). An empty document
 * (nothing, or only white space for words) is skipped with one warning giving the count; a column with no document
 * at all is an error.
 */
final class DocumentSource {

    private static final Logger LOG = LogManager.getLogger(DocumentSource.class);
    /**
     * The end of a document: id 1 of a documents model's vocabulary, right after {@code <unk>} (no text cuts
     * into it: a character is one code point, and a word never holds {@code <} or {@code >}).
     */
    static final String EOD = "<eod>";

    private DocumentSource() {
    }

    /** The documents of a column: their symbols, and the column's name in the header. */
    record Documents(TextSource.Symbols symbols, String column) {
    }

    /**
     * Reads column {@code column} of {@code input} for training (a name or 0-based index; an unknown one is a
     * usage error).
     */
    static Documents read(DataInput input, char delimiter, String column, TokenKind kind) {
        try (CsvReader csv = CsvReader.open(input, delimiter)) {
            String[] header = csv.header();
            int c = ColumnPlan.find("text", column, ColumnPlan.byName(header), header, csv.name());
            return new Documents(read(csv, c, kind), header[c]);
        }
    }

    /** Reads the column a documents model was trained on: a file without it is a data error. */
    static TextSource.Symbols readForModel(DataInput input, char delimiter, String column, TokenKind kind) {
        try (CsvReader csv = CsvReader.open(input, delimiter)) {
            String[] header = csv.header();
            Integer c = ColumnPlan.byName(header).get(column);
            if (c == null) {
                throw DataException.file(csv.name(), "the column " + DataException.quote(column) + " of documents "
                        + "the model was trained on", "a header without it (" + ColumnPlan.listed(header) + ")",
                        "give a CSV file with that column");
            }
            return read(csv, c, kind);
        }
    }

    private static TextSource.Symbols read(CsvReader csv, int column, TokenKind kind) {
        List<String> symbols = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        symbols.add(EOD);
        index.put(EOD, 0);
        int[] tokens = new int[1024];
        int n = 0;
        long empty = 0;
        long documents = 0;
        for (CsvReader.Value v = csv.nextValue(column); v != null; v = csv.nextValue(column)) {
            if (v.text().indexOf('\0') >= 0) {
                throw DataException.cell(v.file(), v.line(), column, csv.header()[column], "text",
                        "a NUL byte (is it a binary file?)", "give a CSV text file");
            }
            List<String> doc = TextSource.symbols(v.text(), kind);
            if (doc.isEmpty()) {
                empty++;
                continue;
            }
            documents++;
            if (tokens.length - n < doc.size() + 1L) {
                long want = Math.max((long) tokens.length * 2, (long) n + doc.size() + 1);
                if (want > Integer.MAX_VALUE - 8) {
                    throw DataException.file(csv.name(), "at most " + (Integer.MAX_VALUE - 8) + " tokens",
                            "more", "split the file");
                }
                tokens = java.util.Arrays.copyOf(tokens, (int) want);
            }
            for (String s : doc) {
                Integer id = index.get(s);
                if (id == null) {
                    id = symbols.size();
                    index.put(s, id);
                    symbols.add(s);
                }
                tokens[n++] = id;
            }
            tokens[n++] = 0;
        }
        String name = csv.name();
        if (documents == 0) {
            throw DataException.file(name, "documents in column " + DataException.quote(csv.header()[column]),
                    empty == 0 ? "none" : "only empty ones (" + empty + ")", "give rows with text in that column");
        }
        if (empty > 0) {
            LOG.warn("{}: {} empty document{} in column \"{}\" skipped", name, empty, empty == 1 ? "" : "s",
                    csv.header()[column]);
        }
        return new TextSource.Symbols(name, symbols, java.util.Arrays.copyOf(tokens, n));
    }
}
