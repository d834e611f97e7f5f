package dev.latentj.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentj.testing.Chromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The thoughts viewer (the page {@code latentj serve} serves at /) in headless Chromium: against
 * {@link FakeThoughtsServer}, whose answers are known, and against the real server on the embedded CODI model. One
 * question in each mode; every mode's thoughts, answer and latency appear. Screenshots: target/viewer-browser/.
 */
class ViewerBrowserTest {
    private static final String QUESTION = "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?";
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * The real server: the page shows what the server answers to the page's own request (greedy codi and cot, soft
     * without noise, whose thinking is deterministic): every thought's row, every top token, and the greedy answers.
     */
    @Test
    void thoughtsFromTheRealServerAppear() throws Exception {
        Chromium chromium = Chromium.require(dir);
        try (TestServer server = TestServer.start(4, 8, null)) {
            var page = URI.create(server.url() + "/?q=" + URLEncoder.encode(QUESTION, StandardCharsets.UTF_8) + "&modes=codi,soft,cot&noise=none");
            String dom = chromium.dumpDom(page, 5000);
            assertFalse(dom.contains("class=\"status"), "every column finished without an error: " + dom);

            JsonNode codi = asked(server, "codi");
            JsonNode soft = asked(server, "soft");
            JsonNode cot = asked(server, "cot");
            assertEquals(7, codi.get("thoughts").size(), "bot and 6 continuous thoughts");
            assertTrue(soft.get("thoughts").size() >= 1, soft.toString());
            assertEquals(0, cot.get("thoughts").size(), "token CoT's reasoning is its text");
            assertEquals(codi.get("thoughts").size(), count(dom, "class=\"thought latent\""), "one row per continuous thought");
            assertEquals(soft.get("thoughts").size(), count(dom, "class=\"thought concept\""), "one row per concept token");
            assertEquals(tops(codi) + tops(soft), count(dom, "class=\"tok\""), "every top token is drawn");
            assertTrue(dom.contains("Cold Stop counter " + soft.get("thoughts").get(0).get("cold_stop").asInt()), "soft's Cold Stop counter");
            for (JsonNode greedy : List.of(codi, cot)) {
                assertTrue(dom.contains("<div class=\"answer\">" + html(greedy.get("text").asText()) + "</div>"), "answer " + greedy);
            }
            assertEquals(3, count(dom, "class=\"facts\">latency "), "each mode's latency");

            chromium.screenshot(page, Path.of("target", "viewer-browser", "viewer-real-server.png"), 1400, 900, 5000);
        }
    }

    /** The first choice of the request the page sends for {@code mode} (viewer.html's ask()). */
    private static JsonNode asked(TestServer server, String mode) throws Exception {
        ObjectNode reasoning = JSON.createObjectNode().put("mode", mode).put("return_thoughts", true).put("max_topk", 10);
        if (mode.equals("soft")) reasoning.put("noise", "none");
        ObjectNode body = JSON.createObjectNode().put("prompt", QUESTION);
        body.set("reasoning", reasoning);
        HttpResponse<String> r = server.post("/v1/completions", body.toString(), "Content-Type", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("choices").get(0);
    }

    private static int tops(JsonNode choice) {
        int n = 0;
        for (JsonNode t : choice.get("thoughts")) n += t.get("top").size();
        return n;
    }

    /** Text as Chromium's DOM dump writes it. */
    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u00a0", "&nbsp;");
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }
}
