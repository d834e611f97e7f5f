package dev.latentj.report;

/** Series colours: the Okabe-Ito palette, which stays distinct for colour-blind readers. */
final class Palette {
    private Palette() {}

    private static final String[] COLOURS = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
            "#F0E442", "#000000"};

    static String colour(int series) {
        return COLOURS[Math.floorMod(series, COLOURS.length)];
    }
}
