package dev.latentj.convert;

/** The tensor rearrangements llama.cpp's converter applies, on row-major float arrays. */
public final class Transforms {
    private Transforms() {}

    /**
     * [rows, cols] -&gt; [cols, rows]: HF GPT-2 Conv1D stores [in, out], ggml wants [out, in] rows.
     *
     * @param src  a row-major [rows, cols] matrix
     * @param rows its rows
     * @param cols its columns
     * @return the transposed matrix, a new array
     */
    public static float[] transpose(float[] src, int rows, int cols) {
        float[] out = new float[src.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c];
        }
        return out;
    }

    /**
     * llama.cpp's {@code LlamaModel.permute}: HF stores each head's rotary pairs as two halves (NEOX layout);
     * reorder rows of every head from [half0 | half1] to interleaved pairs so ggml's normal RoPE mode applies:
     * {@code reshape(n_head, 2, hd/2, cols).swapaxes(1, 2)}. Row h*hd + 2i + j comes from row h*hd + j*hd/2 + i.
     *
     * @param src   a row-major [rows, cols] q or k projection weight (or bias, with cols 1)
     * @param nHead the heads the rows divide into (n_head for q, n_head_kv for k)
     * @param rows  its rows, n_head * head_dim
     * @param cols  its columns
     * @return the permuted rows, a new array
     * @throws IllegalArgumentException when the rows do not divide into heads of an even width
     */
    public static float[] permuteRope(float[] src, int nHead, int rows, int cols) {
        if (rows % (2 * nHead) != 0) {
            throw new IllegalArgumentException("rows " + rows + " not divisible by 2 * n_head " + nHead);
        }
        int hd = rows / nHead, half = hd / 2;
        float[] out = new float[src.length];
        for (int h = 0; h < nHead; h++) {
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < 2; j++) {
                    int dst = h * hd + 2 * i + j, from = h * hd + j * half + i;
                    System.arraycopy(src, from * cols, out, dst * cols, cols);
                }
            }
        }
        return out;
    }
}
