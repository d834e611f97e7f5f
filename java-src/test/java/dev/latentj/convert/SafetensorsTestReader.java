package dev.latentj.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Minimal safetensors parse, test-only: the reference the torch reader is compared against. */
final class SafetensorsTestReader {
    private SafetensorsTestReader() {}

    static Map<String, SourceTensor> read(Path file) throws IOException {
        MemorySegment f = MappedFile.map(file, Arena.ofAuto());
        long n = f.get(LittleEndian.I64, 0);
        String json = new String(f.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode header = new ObjectMapper().readTree(json);
        Map<String, SourceTensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("__metadata__")) continue;
            JsonNode t = e.getValue();
            long[] shape = new long[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = t.get("shape").get(i).asLong();
            long begin = t.get("data_offsets").get(0).asLong(), end = t.get("data_offsets").get(1).asLong();
            out.put(e.getKey(), new SourceTensor(e.getKey(), SourceTensor.DType.valueOf(t.get("dtype").asText()), shape,
                    f.asSlice(8 + n + begin, end - begin)));
        }
        return out;
    }
}
