package dev.latentj.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One regex split step, for the less common pre-tokenizer types: matches become pieces, and so does the
 * text between matches (llama.cpp's {@code unicode_regex_split}, HF's {@code Split(behavior=Isolated)}).
 * Compiled with {@link Pattern#UNICODE_CHARACTER_CLASS} so that {@code \s} and {@code \d} are the Unicode
 * classes the reference regex engines use.
 */
record RegexPreTokenizer(Pattern pattern) implements PreTokenizer {

    static RegexPreTokenizer of(String regex) {
        return new RegexPreTokenizer(Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS));
    }

    @Override
    public void split(String text, int start, int end, IntList ends) {
        Matcher m = pattern.matcher(text);
        // opaque bounds (the default): lookarounds see only this piece, as when it is matched on its own
        m.region(start, end);
        int last = start;
        while (m.find()) {
            if (m.end() == m.start()) {
                // an empty match splits nothing; step past it as the reference iterators do
                continue;
            }
            if (m.start() > last) ends.add(m.start());
            ends.add(m.end());
            last = m.end();
        }
        if (last < end) ends.add(end);
    }
}
