package dev.latentj.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latentj.testing.Chromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The thoughts viewer (the page {@code latentj serve} serves at /) in headless Chromium against
 * {@link FakeThoughtsServer}: one question in each mode, and every mode's thoughts, answer and latency appear.
 * Screenshot: target/viewer-browser/viewer.png.
 */
class ViewerBrowserTest {
    private static final String QUESTION = "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?";

    @TempDir
    Path dir;

    @Test
    void thoughtsOfEveryModeAppear() throws Exception {
        Chromium chromium = Chromium.require(dir);
        try (FakeThoughtsServer server = new FakeThoughtsServer()) {
            var page = server.uri("/?q=" + URLEncoder.encode(QUESTION, StandardCharsets.UTF_8) + "&modes=codi,soft,cot&noise=dirichlet");
            String dom = chromium.dumpDom(page, 5000);

            assertEquals(3, server.requests.size(), "one request per mode");
            for (JsonNode r : server.requests) {
                assertEquals(QUESTION, r.get("prompt").asText());
                assertTrue(r.get("reasoning").get("return_thoughts").asBoolean(), r.toString());
            }
            assertEquals(List.of("codi", "cot", "soft"), server.requests.stream()
                    .map(r -> r.get("reasoning").get("mode").asText()).sorted().toList());
            assertTrue(server.requests.stream().anyMatch(r -> r.get("reasoning").path("noise").asText().equals("dirichlet")));

            assertFalse(dom.contains("class=\"status"), "every column finished: " + dom);
            assertEquals(FakeThoughtsServer.CODI_STEPS, count(dom, "class=\"thought latent\""), "one row per continuous thought");
            assertEquals(FakeThoughtsServer.SOFT_STEPS, count(dom, "class=\"thought concept\""), "one row per concept token");
            assertEquals(3 * (FakeThoughtsServer.CODI_STEPS + FakeThoughtsServer.SOFT_STEPS), count(dom, "class=\"tok\""),
                    "every top token is drawn");
            assertTrue(dom.contains("␣72<span class=\"p\">60%</span>"), "a token with its leading space and probability");
            assertTrue(dom.contains("entropy 0.750 nats · Cold Stop counter 2"), "entropy and Cold Stop counter of step 2");
            assertTrue(dom.contains("&lt;&lt;8*9=72&gt;&gt; &lt;&lt;72-34=38&gt;&gt; The answer is: 38"), "token CoT's text");
            assertEquals(3, count(dom, "The answer is: 38</div>"), "each mode's answer");
            assertEquals(3, count(dom, "class=\"facts\">latency "), "each mode's latency");

            chromium.screenshot(page, Path.of("target", "viewer-browser", "viewer.png"), 1400, 900, 5000);
        }
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }
}
