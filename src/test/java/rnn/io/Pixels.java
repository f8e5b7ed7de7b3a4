package rnn.io;

import java.awt.image.BufferedImage;

/** Test helper: how a picture's lines are found, by their colour. */
public final class Pixels {

    private Pixels() {
    }

    /** Pixels of exactly this colour (0xRRGGBB). */
    public static int count(BufferedImage image, int rgb) {
        int c = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    c++;
                }
            }
        }
        return c;
    }
}
