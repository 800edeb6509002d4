package dev.agentmemory.consistency;

/** Vector arithmetic on embeddings. Stateless. */
final class Vectors {

    private Vectors() {}

    /** Cosine similarity of two vectors of one model (0 when either is all zeros). */
    static double cosine(float[] x, float[] y) {
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            dot += x[i] * y[i];
            nx += x[i] * x[i];
            ny += y[i] * y[i];
        }
        return nx == 0 || ny == 0 ? 0 : dot / Math.sqrt(nx * ny);
    }
}
