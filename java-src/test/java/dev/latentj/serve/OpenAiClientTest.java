package dev.latentj.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import dev.latentj.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server driven by the official OpenAI Java SDK: completions, chat, streaming, the reasoning extension as extra
 * body fields, and errors. Answers are checked against `latentj run` on the same model: the same defaults.
 */
class OpenAiClientTest {
    private static final String Q = "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?";
    private static TestServer server;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(4, 16, null);
        client = OpenAIOkHttpClient.builder().baseUrl(server.url() + "/v1").apiKey("unused").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    /** `latentj run --json ARGS` in this JVM: its {"text"}. */
    private static String cli(String... args) throws Exception {
        return cliJson(args).get("text").asText();
    }

    /** `latentj run --json ARGS` in this JVM. */
    private static JsonNode cliJson(String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            List<String> all = new ArrayList<>(List.of("run", "--json"));
            all.addAll(List.of(args));
            assertEquals(0, Main.run(all.toArray(String[]::new)));
        } finally {
            System.setOut(old);
        }
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    private static CompletionCreateParams.Builder completion(String prompt, Map<String, Object> reasoning) {
        CompletionCreateParams.Builder b = CompletionCreateParams.builder().model(server.server.modelId()).prompt(prompt);
        if (reasoning != null) b.putAdditionalBodyProperty("reasoning", JsonValue.from(reasoning));
        return b;
    }

    private static JsonNode thoughts(Map<String, JsonValue> props) {
        assertTrue(props.containsKey("thoughts"), "no thoughts in " + props.keySet());
        return props.get("thoughts").convert(JsonNode.class);
    }

    @Test
    void completionsRunCodiByDefaultAsTheCliDoes() throws Exception {
        Completion c = client.completions().create(completion(Q, null).build());
        CompletionChoice choice = c.choices().get(0);
        assertEquals(cli(Q), choice.text());
        assertEquals(CompletionChoice.FinishReason.STOP, choice.finishReason());
        CompletionUsage u = c.usage().orElseThrow();
        assertEquals(8, u.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow(), "bot + 6 latents + eot");
        assertTrue(u.completionTokens() > 8, "reasoning positions and answer tokens: " + u);
        assertEquals(u.promptTokens() + u.completionTokens(), u.totalTokens());
        assertFalse(choice._additionalProperties().containsKey("thoughts"), "thoughts only when asked for");
    }

    @Test
    void theReasoningExtensionPicksCotOrSoftWithTheCliDefaults() throws Exception {
        Completion cot = client.completions().create(completion(Q, Map.of("mode", "cot")).build());
        JsonNode cotCli = cliJson("--mode", "cot", Q);
        assertEquals(cotCli.get("text").asText(), cot.choices().get(0).text());
        assertUsage(cotCli, cot.usage().orElseThrow(), 0);
        Completion soft = client.completions().create(completion(Q, Map.of("mode", "soft")).seed(5).build());
        JsonNode softCli = cliJson("--mode", "soft", "--seed", "5", Q);
        assertEquals(softCli.get("text").asText(), soft.choices().get(0).text());
        assertUsage(softCli, soft.usage().orElseThrow(), softCli.get("reasoning_positions").asInt());
        Completion codi = client.completions().create(completion(Q, Map.of("mode", "codi")).build());
        assertUsage(cliJson(Q), codi.usage().orElseThrow(), 8);
        Completion gumbel = client.completions().create(completion(Q, Map.of("mode", "soft", "noise", "gumbel", "gumbel_tau", 0.7))
                .seed(3).temperature(0.8).build());
        assertEquals(cli("--mode", "soft", "--noise", "gumbel", "--gumbel-tau", "0.7", "--seed", "3", "--temperature", "0.8", Q),
                gumbel.choices().get(0).text());
        long reasoning = soft.usage().orElseThrow().completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow();
        assertTrue(reasoning > 0 && reasoning < soft.usage().orElseThrow().completionTokens(), "thinking tokens before the answer");
    }

    /**
     * Usage against `latentj run --json`: reasoning_tokens are its reasoning_positions; completion_tokens are its
     * answer_tokens plus the reasoning positions that are not answer tokens ({@code extra}: codi's 8, soft's thinking).
     */
    private static void assertUsage(JsonNode cli, CompletionUsage u, int extra) {
        assertEquals(cli.get("reasoning_positions").asLong(), u.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow(), cli.toString());
        assertEquals(cli.get("answer_tokens").asLong() + extra, u.completionTokens(), cli.toString());
    }

    @Test
    void returnThoughtsGivesLatentsAndConceptTokens() {
        Completion codi = client.completions().create(completion(Q, Map.of("mode", "codi", "return_thoughts", true, "max_topk", 3)).build());
        JsonNode latents = thoughts(codi.choices().get(0)._additionalProperties());
        assertEquals(7, latents.size(), "the hidden state at bot and after each of the 6 latents: " + latents);
        for (int i = 0; i < latents.size(); i++) {
            JsonNode t = latents.get(i);
            assertEquals(i, t.get("step").asInt());
            assertEquals("latent", t.get("kind").asText());
            assertFalse(t.has("entropy") || t.has("cold_stop"), t.toString());
            assertEquals(3, t.get("top").size());
            double p0 = t.get("top").get(0).get("p").asDouble();
            assertTrue(p0 >= t.get("top").get(1).get("p").asDouble() && p0 <= 1, t.toString());
            assertTrue(t.get("top").get(0).has("token") && t.get("top").get(0).has("id"), t.toString());
        }

        Completion soft = client.completions().create(completion(Q, Map.of("mode", "soft", "return_thoughts", true)).seed(1).build());
        JsonNode concepts = thoughts(soft.choices().get(0)._additionalProperties());
        long reasoning = soft.usage().orElseThrow().completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow();
        assertTrue(concepts.size() >= 1 && concepts.size() <= reasoning + 1, concepts.size() + " steps, " + reasoning + " thinking tokens");
        for (JsonNode t : concepts) {
            assertEquals("concept", t.get("kind").asText());
            assertTrue(t.get("entropy").asDouble() >= 0 && t.has("cold_stop"), t.toString());
            double sum = 0;
            for (JsonNode e : t.get("top")) sum += e.get("p").asDouble();
            assertEquals(1.0, sum, 1e-4, "a concept token's weights: " + t);
        }

        Completion cot = client.completions().create(completion(Q, Map.of("mode", "cot", "return_thoughts", true)).build());
        assertEquals(0, thoughts(cot.choices().get(0)._additionalProperties()).size(), "token CoT's reasoning is its text");
    }

    @Test
    void chatWithoutATemplateJoinsRolesAndContent() throws Exception {
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(server.server.modelId()).addUserMessage(Q)
                .putAdditionalBodyProperty("reasoning", JsonValue.from(Map.of("mode", "cot"))).build());
        assertEquals(cli("--mode", "cot", "user: " + Q + "\nassistant:"), c.choices().get(0).message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, c.choices().get(0).finishReason());
    }

    @Test
    void streamingSendsTheSameTextInChunks() {
        CompletionCreateParams params = completion(Q, Map.of("mode", "soft", "return_thoughts", true)).seed(2).build();
        String whole = client.completions().create(params).choices().get(0).text();
        StringBuilder text = new StringBuilder();
        List<CompletionChoice> last = new ArrayList<>();
        int chunks = 0;
        try (StreamResponse<Completion> s = client.completions().createStreaming(params)) {
            for (Completion chunk : (Iterable<Completion>) s.stream()::iterator) {
                chunks++;
                for (CompletionChoice ch : chunk.choices()) {
                    text.append(ch.text());
                    if (ch._finishReason().asString().isPresent() || !ch._finishReason().isNull()) last.add(ch);
                }
            }
        }
        assertEquals(whole, text.toString());
        assertTrue(chunks > 2, chunks + " chunks");
        CompletionChoice end = last.get(last.size() - 1);
        assertEquals(CompletionChoice.FinishReason.STOP, end.finishReason());
        assertTrue(thoughts(end._additionalProperties()).size() > 0, "thoughts come in a choice's final chunk");

        ChatCompletionCreateParams chat = ChatCompletionCreateParams.builder().model(server.server.modelId()).addUserMessage(Q).build();
        String content = client.chat().completions().create(chat).choices().get(0).message().content().orElseThrow();
        StringBuilder streamed = new StringBuilder();
        List<String> roles = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(chat)) {
            s.stream().forEach(chunk -> chunk.choices().forEach(ch -> {
                ch.delta().content().ifPresent(streamed::append);
                ch.delta().role().ifPresent(r -> roles.add(r.asString()));
            }));
        }
        assertEquals(content, streamed.toString());
        assertEquals(List.of("assistant"), roles, "the first chunk of a choice carries its role");
    }

    @Test
    void nStopAndSeed() {
        CompletionCreateParams params = completion(Q, Map.of("mode", "cot")).n(3).temperature(1.0).topP(0.9).seed(11).maxTokens(24).build();
        Completion a = client.completions().create(params);
        Completion b = client.completions().create(params);
        assertEquals(List.of(0L, 1L, 2L), a.choices().stream().map(CompletionChoice::index).toList());
        assertEquals(a.choices().stream().map(CompletionChoice::text).toList(), b.choices().stream().map(CompletionChoice::text).toList(),
                "a seed makes sampling reproducible");
        assertNotEquals(1, a.choices().stream().map(CompletionChoice::text).distinct().count(), "choice i samples with seed + i");

        Completion stopped = client.completions().create(completion(Q, Map.of("mode", "cot")).stop(" is").build());
        String full = client.completions().create(completion(Q, Map.of("mode", "cot")).build()).choices().get(0).text();
        assertEquals(full.substring(0, full.indexOf(" is")), stopped.choices().get(0).text());
        assertEquals(CompletionChoice.FinishReason.STOP, stopped.choices().get(0).finishReason());

        Completion limited = client.completions().create(completion(Q, Map.of("mode", "cot")).maxTokens(3).build());
        assertEquals(CompletionChoice.FinishReason.LENGTH, limited.choices().get(0).finishReason());
        assertEquals(3, limited.usage().orElseThrow().completionTokens());
    }

    @Test
    void errorsAreOpenAiErrorObjects() {
        BadRequestException mode = assertThrows(BadRequestException.class,
                () -> client.completions().create(completion(Q, Map.of("mode", "latent")).build()));
        assertEquals(400, mode.statusCode());
        assertEquals("reasoning.mode", mode.param().orElseThrow());
        assertEquals("invalid_request_error", mode.type().orElseThrow());

        BadRequestException tooLong = assertThrows(BadRequestException.class,
                () -> client.completions().create(completion(Q, null).maxTokens(10_000).build()));
        assertEquals("context_length_exceeded", tooLong.code().orElseThrow());
        assertTrue(tooLong.getMessage().contains("max_tokens 10000 does not fit"), tooLong.getMessage());

        BadRequestException sampled = assertThrows(BadRequestException.class,
                () -> client.completions().create(completion(Q, Map.of("mode", "codi")).temperature(0.7).build()));
        assertEquals("temperature", sampled.param().orElseThrow());
    }

    @Test
    void aWrongApiKeyIs401() throws Exception {
        try (TestServer keyed = TestServer.start(1, 4, "s3cret")) {
            OpenAIClient wrong = OpenAIOkHttpClient.builder().baseUrl(keyed.url() + "/v1").apiKey("guess").maxRetries(0).build();
            OpenAIClient right = OpenAIOkHttpClient.builder().baseUrl(keyed.url() + "/v1").apiKey("s3cret").maxRetries(0).build();
            UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> wrong.models().list());
            assertEquals("invalid_api_key", e.code().orElseThrow());
            assertEquals(keyed.server.modelId(), right.models().list().data().get(0).id());
            assertEquals(200, keyed.get("/health").statusCode(), "/health needs no key");
            assertEquals(401, keyed.get("/metrics").statusCode());
            wrong.close();
            right.close();
        }
    }
}
