package dev.latentj.convert;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** safetensors headers that JSON accepts but the format does not. */
class SafetensorsHardeningTest {
    @Test
    void aTensorNamedTwiceIsAnError() {
        // Jackson kept the last of two equal keys, so the first entry vanished silently
        String m = SafetensorsReaderTest.parseError(SafetensorsReaderTest.file(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8));
        assertTrue(m.contains("Duplicate field 'a'"), m);
    }
}
