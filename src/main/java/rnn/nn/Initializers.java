package rnn.nn;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

import rnn.random.Rng;

/** The initialisers of DESIGN §1. Each writes into a parameter's values; none allocates per entry. */
public final class Initializers {

    private Initializers() {
    }

    /**
     * Glorot (Xavier) uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)), where for a weight stored [out, in]
     * fanIn = in and fanOut = out (Keras's {@code glorot_uniform} on the transposed kernel).
     */
    public static void glorotUniform(Param p, Rng rng) {
        int out = p.value.numRows;
        int in = p.value.numCols;
        double a = Math.sqrt(6.0 / (in + out));
        double[] w = p.value.data;
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.uniform(-a, a);
        }
    }

    /**
     * Orthogonal initialisation of each H×H gate block of a recurrent weight stored [gates·H, H]
     * (Saxe et al. 2014): Q of the QR decomposition of a standard normal matrix, with columns signed by
     * diag(R) so that Q is uniformly (Haar) distributed.
     */
    public static void orthogonalBlocks(Param p, int gates, Rng rng) {
        int h = p.value.numCols;
        if (p.value.numRows != gates * h) {
            throw new IllegalArgumentException(p + ": expected [" + gates * h + ", " + h + "]");
        }
        DMatrixRMaj g = new DMatrixRMaj(h, h);
        DMatrixRMaj q = new DMatrixRMaj(h, h);
        DMatrixRMaj r = new DMatrixRMaj(h, h);
        for (int block = 0; block < gates; block++) {
            for (int i = 0; i < g.data.length; i++) {
                g.data[i] = rng.nextGaussian();
            }
            QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(h, h);
            if (!qr.decompose(g.copy())) {
                throw new IllegalStateException("QR decomposition failed during orthogonal initialisation");
            }
            qr.getQ(q, false);
            qr.getR(r, false);
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < h; j++) {
                    double sign = r.get(j, j) < 0 ? -1.0 : 1.0;
                    p.value.set(block * h + i, j, q.get(i, j) * sign);
                }
            }
        }
    }
}
