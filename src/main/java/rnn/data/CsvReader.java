package rnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The CSV {@link TableSource}: reads one CSV input (a file or standard input, see {@link DataInput}) with Apache
 * Commons CSV into a {@link CsvTable}: UTF-8 with or without a byte order mark,
 * LF or CRLF, RFC 4180 quoting, a header row, blank lines skipped. {@link #open} reads the header and the first
 * data row (which decide the columns' roles); {@link #read} then streams every record into typed columns.
 * Every failure, including the ones Commons CSV and the UTF-8 decoder raise, becomes a {@link DataException}
 * naming the file and line.
 */
final class CsvReader implements TableSource {

    private static final int BOM_BYTES = 3;
    private static final Pattern START_LINE = Pattern.compile("startline ([0-9][0-9,.'\\s\\u00a0\\u202f]*)");
    private static final Pattern AT_LINE = Pattern.compile("at line: ([0-9][0-9,.'\\s\\u00a0\\u202f]*)");
    private static final String FIX_MISSING = "fix the value or use {{missing}} drop|ffill";
    private static final String FIX_MISSING_DROP = "fix the value or use {{missing}} drop";
    private static final String FIX_MISSING_TARGET = "fix the value or use {{missing_target}} drop|interpolate";
    private static final String FIX_MISSING_LABEL = "fix the label or use {{missing_target}} drop";

    private final DataInput input;
    private final char delimiter;
    /** The input's name: the file, or the directory or glob of a data set of several files. */
    private final String name;
    /** The files of a data set of several ({@link DataInput#parts}); 0 for one file or standard input. */
    private final int partCount;
    /** The file being read (its name in messages), and its parser. */
    private String file;
    private int part;
    private InputStream stream;
    private CSVParser parser;
    private Iterator<CSVRecord> records;
    private long previousEnd;
    private long recordLine;

    private String[] header;
    /** The file whose header is the data set's (the first one that is not empty). */
    private String headerFile;
    private long headerLine;
    private String[] firstRow;
    private CSVRecord pending;
    private long pendingLine;
    private String pendingFile;
    /** The table being read, told where each file's rows start. */
    private CsvTable reading;

    private CsvReader(DataInput input, char delimiter) {
        this.input = input;
        this.delimiter = delimiter;
        this.name = input.name();
        this.partCount = input.parts().size();
    }

    /** Opens the first file and reads the header and the first data row. */
    private void start() {
        openPart(0);
        CSVRecord h = next();
        if (h == null) {
            throw DataException.file(name, "a header row", partCount == 0 ? "an empty file" : "empty files",
                    "add a header line with the column names");
        }
        headerLine = recordLine;
        headerFile = file;
        String[] names = new String[h.size()];
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < names.length; c++) {
            String n = h.get(c);
            if (n.indexOf('\0') >= 0) {
                throw DataException.line(file, headerLine, "text", "a NUL byte (is it a binary file?)",
                        "give a CSV text file");
            }
            names[c] = n.strip();
            if (names[c].isEmpty()) {
                continue;
            }
            Integer before = seen.putIfAbsent(names[c], c);
            if (before != null) {
                throw DataException.cell(file, headerLine, c, names[c], "unique column names in the header",
                        DataException.quote(names[c]) + " again (also column " + (before + 1) + ")",
                        "rename one of them");
            }
        }
        header = names;
        pending = nextData();
        if (pending == null) {
            throw DataException.file(name, "data rows after the header", "only the header", "add data rows");
        }
        pendingLine = recordLine;
        pendingFile = file;
        requireFieldCount(pending, pendingLine);
        firstRow = pending.values();
    }

    /**
     * Opens {@code input} and reads its header and first data row (of a data set of several files: the first
     * file's that is not empty; every later file must start with the same header).
     *
     * @throws DataException (data) for a missing, unreadable, empty or header-only file, a file that is not
     *                       UTF-8, duplicate header names, or a malformed first record
     */
    static CsvReader open(DataInput input, char delimiter) {
        if (input.path() != null && Files.isDirectory(input.path())) {
            throw DataException.file(input.name(), "a CSV file", "a directory", "name a file inside it");
        }
        CsvReader reader = new CsvReader(input, delimiter);
        try {
            reader.start();
            return reader;
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Opens file {@code i} of the input (0 of a single file) and its parser; line numbers restart. */
    private void openPart(int i) {
        part = i;
        file = partCount == 0 ? name : input.parts().get(i).name();
        previousEnd = 0;
        recordLine = 0;
        PushbackInputStream in;
        try {
            in = new PushbackInputStream(partCount == 0 ? input.open() : input.openPart(i), BOM_BYTES);
        } catch (NoSuchFileException e) {
            throw DataException.file(file, "a CSV file", "no such file", "check the path");
        } catch (AccessDeniedException e) {
            throw DataException.file(file, "a readable file", "permission denied", "check the file's permissions");
        } catch (IOException e) {
            throw DataException.file(file, "a readable file", "an I/O error (" + describe(e) + ")", "check the file");
        }
        stream = in;
        try {
            skipUtf8Bom(file, in);
            CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setQuote('"')
                    .setIgnoreEmptyLines(true).setTrim(false).get();
            parser = CSVParser.builder().setReader(new Utf8Reader(in)).setFormat(format).get();
            records = parser.iterator();
        } catch (IOException e) {
            throw DataException.file(file, "a readable file", "an I/O error (" + describe(e) + ")", "check the file");
        }
        if (reading != null) {
            reading.startFile(file);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String[] header() {
        return header.clone();
    }

    @Override
    public String[] firstRow() {
        return firstRow.clone();
    }

    @Override
    public long firstLine() {
        return pendingLine;
    }

    /**
     * Reads every data record into typed columns.
     *
     * @param fixedClasses      the training classes when reading a validation file (an unknown label is an
     *                          error), or {@code null} to collect the labels (then sorted, see {@link #sortClasses})
     * @param keepUnseenClasses a label that is not among {@code fixedClasses} is not an error but gets the next
     *                          index after them (and is appended to the table's classes, in order of first
     *                          appearance): how {@code rnn eval} counts examples of classes training never saw
     */
    @Override
    public CsvTable read(ColumnPlan plan, MissingPolicy missing, List<String> fixedClasses,
            boolean keepUnseenClasses) {
        return read(plan, missing, MissingTargetPolicy.byDefault(missing), fixedClasses, keepUnseenClasses);
    }

    /**
     * Reads every data record into typed columns; a missing value in a target column follows
     * {@code missingTarget} (a target that is also a feature too), any other one {@code missing}.
     *
     * @param fixedClasses      the training classes when reading a validation file (an unknown label is an
     *                          error), or {@code null} to collect the labels (then sorted, see {@link #sortClasses})
     * @param keepUnseenClasses a label that is not among {@code fixedClasses} is not an error but gets the next
     *                          index after them (and is appended to the table's classes, in order of first
     *                          appearance): how {@code rnn eval} counts examples of classes training never saw
     */
    @Override
    public CsvTable read(ColumnPlan plan, MissingPolicy missing, MissingTargetPolicy missingTarget,
            List<String> fixedClasses, boolean keepUnseenClasses) {
        CsvTable t = new CsvTable(name, header, plan);
        t.startFile(pendingFile);
        reading = t;
        boolean[] target = new boolean[header.length];
        for (int c : plan.targets()) {
            target[c] = true;
        }
        int n = header.length;
        int[] numericCols = IntStream.range(0, n).filter(c -> t.numbers[c] != null).toArray();
        double[] values = new double[n];
        Map<String, Integer> idCodes = new HashMap<>();
        int[] categoricalCols = plan.categorical();
        List<Map<String, Integer>> categoryCodes = new ArrayList<>();
        for (int ignored : categoricalCols) {
            categoryCodes.add(new HashMap<>());
        }
        Map<String, Integer> classCodes = new HashMap<>();
        if (fixedClasses != null) {
            for (int k = 0; k < fixedClasses.size(); k++) {
                classCodes.put(fixedClasses.get(k), k);
                t.classes.add(fixedClasses.get(k));
            }
        }
        Set<String> pendingGaps = new HashSet<>();
        Boolean timeNumeric = null;

        for (CSVRecord rec = pending; rec != null; rec = nextData()) {
            long line = rec == pending ? pendingLine : recordLine;
            pending = null;
            t.records++;
            requireFieldCount(rec, line);
            boolean drop = false;
            String idValue = "";
            if (plan.id() >= 0) {
                idValue = rec.get(plan.id()).strip();
                if (idValue.isEmpty()) {
                    drop = missing(missing, false, line, plan.id(), "a sequence id", rec.get(plan.id()));
                }
            }
            double timeKey = 0;
            String timeText = null;
            if (!drop && plan.time() >= 0) {
                String v = rec.get(plan.time());
                if (timeNumeric == null && !v.isBlank()) {
                    timeNumeric = NumberParser.isNumber(v);
                    t.timeTexts = timeNumeric ? null : new ArrayList<>();
                }
                if (timeNumeric == null || timeNumeric) {
                    timeKey = NumberParser.parse(v);
                    if (Double.isNaN(timeKey)) {
                        drop = missing(missing, false, line, plan.time(), NumberParser.describeProblem(v), v);
                    }
                } else {
                    timeKey = TimeParser.parse(v);
                    timeText = v.strip();
                    if (Double.isNaN(timeKey)) {
                        drop = missing(missing, false, line, plan.time(), TimeParser.EXPECTED, v);
                    }
                }
            }
            for (int k = 0; k < numericCols.length && !drop; k++) {
                int c = numericCols[k];
                String v = rec.get(c);
                double x = NumberParser.parse(v);
                if (Double.isNaN(x)) {
                    drop = target[c] ? missingTarget(missingTarget, line, c, NumberParser.describeProblem(v), v,
                            FIX_MISSING_TARGET) : missing(missing, true, line, c, NumberParser.describeProblem(v), v);
                }
                values[c] = x;
            }
            int label = -1;
            if (!drop && plan.classification()) {
                int c = plan.targets()[0];
                String v = rec.get(c).strip();
                if (v.isEmpty()) {
                    drop = missingTarget(missingTarget, line, c, "a class label", rec.get(c), FIX_MISSING_LABEL);
                } else if (fixedClasses != null) {
                    Integer k = classCodes.get(v);
                    if (k == null && keepUnseenClasses) {
                        k = classCodes.size();
                        classCodes.put(v, k);
                        t.classes.add(v);
                    }
                    if (k == null) {
                        throw DataException.cell(file, line, c, header[c], "one of the training classes ("
                                + String.join(", ", fixedClasses) + ")", DataException.quote(v),
                                "fix the label or add examples of it to the training file");
                    }
                    label = k;
                } else {
                    Integer k = classCodes.get(v);
                    if (k == null && !v.matches("[+-]?\\d{1,18}") && Double.isFinite(NumberParser.parse(v))) {
                        throw DataException.usage("{{loss}} xent: expected class labels (text or whole numbers) in "
                                + "the target column \"" + DataException.oneLine(header[c]) + "\", got the number "
                                + DataException.quote(v) + " on " + file + ":" + line + "; use {{loss}} mse, mae or "
                                + "huber for a numeric target");
                    }
                    if (k == null) {
                        k = classCodes.size();
                        classCodes.put(v, k);
                        t.classes.add(v);
                    }
                    label = k;
                }
            }
            if (drop) {
                t.droppedRows++;
                t.droppedById.merge(idValue, 1, Integer::sum);
                if (plan.id() < 0 || !idValue.isEmpty()) {
                    pendingGaps.add(idValue);
                }
                continue;
            }
            int row = t.rows++;
            if (!pendingGaps.isEmpty() && pendingGaps.remove(idValue)) {
                t.gapBefore.set(row);
            }
            t.lines.add((int) Math.min(line, Integer.MAX_VALUE));
            for (int c : numericCols) {
                if (Double.isNaN(values[c])) {
                    if (target[c]) {
                        t.missingTargets++;
                    } else {
                        t.missingValues++;
                    }
                }
                t.numbers[c].add(values[c]);
            }
            for (int o = 0; t.actuals != null && o < t.actuals.length; o++) { // as they stand: NaN when unknown
                int c = plan.actuals()[o];
                t.actuals[o].add(t.numbers[c] != null ? values[c] : NumberParser.parse(rec.get(c)));
            }
            for (int k = 0; k < categoricalCols.length; k++) {
                int c = categoricalCols[k];
                String v = rec.get(c).strip();
                int code = -1; // a blank is <unk>
                if (!v.isEmpty()) {
                    Integer known = categoryCodes.get(k).get(v);
                    if (known == null) {
                        known = categoryCodes.get(k).size();
                        categoryCodes.get(k).put(v, known);
                        t.categoryNames.get(c).add(v);
                    }
                    code = known;
                }
                t.categories[c].add(code);
            }
            if (t.ids != null) {
                Integer code = idCodes.get(idValue);
                if (code == null) {
                    code = idCodes.size();
                    idCodes.put(idValue, code);
                    t.idNames.add(idValue);
                }
                t.ids.add(code);
            }
            if (t.times != null) {
                t.times.add(timeKey);
                if (t.timeTexts != null) {
                    t.timeTexts.add(timeText);
                }
            }
            if (t.labels != null) {
                if (label < 0) {
                    t.missingValues++;
                }
                t.labels.add(label);
            }
        }
        if (t.rows == 0) {
            throw DataException.file(name, "at least one row without missing values", "none of " + t.records
                    + " (all dropped by {{missing}} drop)", "fix the values or use {{missing}} ffill");
        }
        if (t.labels != null && fixedClasses == null) {
            sortClasses(t);
        }
        return t;
    }

    /**
     * Renumbers the classes in sorted order, the documented label ↔ index map: numerically when every label is
     * an integer, else by {@link String#compareTo} (UTF-16 code units: digits before upper case before lower
     * case).
     */
    static void sortClasses(CsvTable t) {
        List<String> labels = t.classes;
        boolean integers = labels.stream().allMatch(s -> s.matches("[+-]?\\d{1,18}"));
        String[] sorted = labels.toArray(new String[0]);
        Arrays.sort(sorted, integers
                ? (a, b) -> a.equals(b) ? 0 : Long.parseLong(a) != Long.parseLong(b)
                        ? Long.compare(Long.parseLong(a), Long.parseLong(b)) : a.compareTo(b)
                : String::compareTo);
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < sorted.length; k++) {
            index.put(sorted[k], k);
        }
        int[] remap = new int[sorted.length];
        for (int k = 0; k < sorted.length; k++) {
            remap[k] = index.get(labels.get(k));
        }
        for (int r = 0; r < t.rows; r++) {
            int code = t.labels.get(r);
            if (code >= 0) {
                t.labels.set(r, remap[code]);
            }
        }
        labels.clear();
        labels.addAll(Arrays.asList(sorted));
    }

    private void requireFieldCount(CSVRecord rec, long line) {
        int n = header.length;
        if (rec.size() != n) {
            throw DataException.line(file, line, n + " fields as in the header", String.valueOf(rec.size()),
                    rec.size() < n ? "add the missing field or check {{delimiter}}"
                            : "quote values that contain the delimiter, or remove the extra field");
        }
    }

    /**
     * What a missing or bad value does: throws under {@code error} (and under {@code ffill} when the value
     * cannot be filled), returns true to drop the row, false to keep it as missing (ffill).
     */
    private boolean missing(MissingPolicy policy, boolean fillable, long line, int column, String expected,
            String value) {
        if (policy == MissingPolicy.DROP) {
            return true;
        }
        if (policy == MissingPolicy.FFILL && fillable) {
            return false;
        }
        throw DataException.cell(file, line, column, header[column], expected, DataException.quote(value),
                fillable ? FIX_MISSING : FIX_MISSING_DROP);
    }

    /**
     * What a missing target does: throws under {@code error}, returns true to drop the row, false to keep it as
     * missing (to be interpolated).
     */
    private boolean missingTarget(MissingTargetPolicy policy, long line, int column, String expected, String value,
            String fix) {
        if (policy == MissingTargetPolicy.DROP) {
            return true;
        }
        if (policy == MissingTargetPolicy.INTERPOLATE) {
            return false;
        }
        throw DataException.cell(file, line, column, header[column], expected + " (a target)",
                DataException.quote(value), fix);
    }

    /** The next data record, skipping lines that hold only spaces (in files of more than one column). */
    private CSVRecord nextData() {
        CSVRecord r;
        do {
            r = next();
        } while (r != null && header.length > 1 && r.size() == 1 && r.get(0).isBlank());
        return r;
    }

    /** One field of a record, the physical line its record starts on and its file (named as in messages). */
    record Value(String text, long line, String file) {
    }

    /**
     * The next data record's field {@code column} as written (a quoted field may span lines), or {@code null} at
     * the end; an alternative to {@link #read} for a column read as text ({@code --text}).
     *
     * @throws DataException a record with another number of fields than the header, or malformed CSV
     */
    Value nextValue(int column) {
        CSVRecord rec;
        long line;
        String in;
        if (pending != null) {
            rec = pending;
            line = pendingLine;
            in = pendingFile;
            pending = null;
        } else {
            rec = nextData();
            line = recordLine;
            in = file;
        }
        if (rec == null) {
            return null;
        }
        requireFieldCount(rec, line);
        return new Value(rec.get(column), line, in);
    }

    /**
     * The next record and its first physical line in {@link #recordLine}, or {@code null} at the end of the input;
     * across the files of a data set of several: an empty file is skipped, and each later file's header is checked
     * against the set's and skipped.
     */
    private CSVRecord next() {
        while (true) {
            CSVRecord r = nextInFile();
            if (r != null || part + 1 >= partCount) {
                return r;
            }
            closeFile();
            openPart(part + 1);
            CSVRecord h = nextInFile();
            if (h == null || header == null) {
                if (h != null) {
                    return h; // the files before were empty: this one's header is the set's
                }
                continue;
            }
            requireSameHeader(h);
        }
    }

    /** A later file of a data set: its header must be the set's (names compared without surrounding spaces). */
    private void requireSameHeader(CSVRecord h) {
        boolean same = h.size() == header.length;
        for (int c = 0; same && c < header.length; c++) {
            same = h.get(c).strip().equals(header[c]);
        }
        if (!same) {
            throw DataException.line(file, recordLine, "the header of " + headerFile + " ("
                    + DataException.quote(String.join(String.valueOf(delimiter), header)) + ")",
                    DataException.quote(String.join(String.valueOf(delimiter), h.values())),
                    "give every file of the data set the same columns in the same order");
        }
    }

    /** The next record of the current file, or {@code null} at its end. */
    private CSVRecord nextInFile() {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord r = records.next();
            long end = parser.getCurrentLineNumber();
            recordLine = end == previousEnd + 1 ? end : end - embeddedLineBreaks(r);
            previousEnd = end;
            return r;
        } catch (UncheckedIOException e) {
            throw translate(e.getCause());
        } catch (IllegalStateException | IllegalArgumentException | NoSuchElementException e) {
            throw DataException.line(file, previousEnd + 1, "well-formed CSV", "a record Commons CSV rejects ("
                    + describe(e) + ")", "fix the quoting on that line", e);
        }
    }

    private DataException translate(IOException e) {
        if (e instanceof Utf8Reader.BadByte bad) {
            return DataException.line(file, bad.line, "UTF-8 text", String.format(Locale.ROOT, "the byte 0x%02X",
                    bad.value), "save the file as UTF-8 (this looks like another encoding such as Latin-1, or a "
                    + "binary file)", e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("EOF reached before encapsulated token finished")) {
            long line = lineIn(START_LINE, message, previousEnd + 1);
            return DataException.line(file, line, "a closing quote (\") for the field opened on this line",
                    "the end of the file", "close the quote, and write a quote inside a quoted field as \"\"", e);
        }
        if (message.contains("Invalid character between encapsulated token and delimiter")) {
            long line = lineIn(AT_LINE, message, previousEnd + 1);
            return DataException.line(file, line, "the delimiter or a line end after a closing quote",
                    "another character", "quote the whole field, and write a quote inside it as \"\"", e);
        }
        return DataException.line(file, previousEnd + 1, "readable CSV", "an error (" + describe(e) + ")",
                "check the file at that line", e);
    }

    private static long lineIn(Pattern p, String message, long fallback) {
        Matcher m = p.matcher(message);
        if (m.find()) {
            String digits = m.group(1).replaceAll("[^0-9]", "");
            if (!digits.isEmpty() && digits.length() < 18) {
                return Long.parseLong(digits);
            }
        }
        return fallback;
    }

    /** Line breaks inside a record's (quoted) fields; "\r\n" counts once. */
    private static int embeddedLineBreaks(CSVRecord r) {
        int breaks = 0;
        for (int c = 0; c < r.size(); c++) {
            String v = r.get(c);
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (ch == '\n' || (ch == '\r' && (i + 1 == v.length() || v.charAt(i + 1) != '\n'))) {
                    breaks++;
                }
            }
        }
        return breaks;
    }

    /** Skips a UTF-8 byte order mark; rejects a UTF-16 one. */
    private static void skipUtf8Bom(String file, PushbackInputStream in) throws IOException {
        byte[] head = new byte[BOM_BYTES];
        int n = in.readNBytes(head, 0, BOM_BYTES);
        int b0 = n > 0 ? head[0] & 0xFF : -1;
        int b1 = n > 1 ? head[1] & 0xFF : -1;
        if (n == BOM_BYTES && b0 == 0xEF && b1 == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return;
        }
        if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE)) {
            throw DataException.file(file, "UTF-8 text", String.format(Locale.ROOT,
                    "UTF-16 (byte order mark %02X %02X)", b0, b1), "save the file as UTF-8");
        }
        in.unread(head, 0, n);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return DataException.oneLine(e.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }

    /** Closes the current file (its parser, or the stream a failed start left). */
    private void closeFile() {
        try {
            if (parser != null) {
                parser.close();
            } else if (stream != null) {
                stream.close();
            }
        } catch (IOException ignored) {
            // read-only: nothing is lost
        }
        parser = null;
        stream = null;
    }

    @Override
    public void close() {
        closeFile();
    }
}
