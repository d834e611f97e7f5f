package dev.latentj.serve;

import java.util.List;

/**
 * OpenAI's {@code stop}: generation ends before the first occurrence of any of these strings, which is left out
 * of the text. While streaming, a tail that could still grow into a stop string is held back.
 */
final class StopStrings {
    private final List<String> stops;
    private final int longest;

    StopStrings(List<String> stops) {
        this.stops = List.copyOf(stops);
        this.longest = stops.stream().mapToInt(String::length).max().orElse(0);
    }

    /** Where the earliest stop string starts, looking only at matches that end after {@code newFrom}; -1 if none. */
    int find(CharSequence text, int newFrom) {
        if (stops.isEmpty()) return -1;
        int from = Math.min(text.length(), Math.max(0, newFrom - longest + 1));
        String tail = text.subSequence(from, text.length()).toString();
        int best = -1;
        for (String s : stops) {
            int i = tail.indexOf(s);
            if (i >= 0 && (best < 0 || i + from < best)) best = i + from;
        }
        return best;
    }

    /** How many trailing characters of {@code text} are a proper prefix of some stop string. */
    int heldBack(CharSequence text) {
        String t = text.toString();
        int n = t.length();
        int best = 0;
        for (String s : stops) {
            for (int len = Math.min(s.length() - 1, n); len > best; len--) {
                if (t.regionMatches(n - len, s, 0, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }
}
