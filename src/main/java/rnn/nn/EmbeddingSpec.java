package rnn.nn;

import java.util.Objects;

/**
 * One categorical input of a model: a learned table of {@code levels + 1} rows of {@code dim} values, row 0 for
 * a level training never saw ({@code <unk>}), row k for the k-th stored level (1-based). Its tensor is
 * {@code inputs.<column>.weight} [levels + 1, dim], PyTorch's {@code nn.Embedding(levels + 1, dim)}.
 *
 * @param column the column's header name (part of the tensor name)
 * @param levels the stored levels, at least 1 (the table has one row more)
 * @param dim    D, the embedding's width, at least 1
 */
public record EmbeddingSpec(String column, int levels, int dim) {

    public EmbeddingSpec {
        Objects.requireNonNull(column, "column");
        if (levels < 1 || dim < 1) {
            throw new IllegalArgumentException("embedding of \"" + column + "\": expected levels >= 1 and dim >= 1,"
                    + " got levels " + levels + ", dim " + dim);
        }
    }

    /** The table's rows: the levels and {@code <unk>}. */
    public int rows() {
        return levels + 1;
    }

    /** The tensor's name: {@code inputs.<column>.weight}. */
    public String tensorName() {
        return tensorName(column);
    }

    /** The tensor name of column {@code column}'s table. */
    public static String tensorName(String column) {
        return "inputs." + column + ".weight";
    }
}
