package dev.latentj.convert;

/** The tensor rearrangements llama.cpp's converter applies, on row-major float arrays. */
public final class Transforms {
    private Transforms() {}

    /** [rows, cols] -> [cols, rows]: HF GPT-2 Conv1D stores [in, out], ggml wants [out, in] rows. */
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
