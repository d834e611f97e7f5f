/**
 * latentj: latent reasoning (CODI continuous thoughts, Soft Thinking) and token chain-of-thought on GGUF models,
 * through a native engine on ggml called with the Foreign Function &amp; Memory API.
 * <p>
 * Start with {@link dev.latentj.engine.Model} and {@link dev.latentj.reason.Reasoner}. The jar carries the native
 * libraries for linux-x86_64; run with {@code --enable-native-access=dev.latentj} (on the class path:
 * {@code ALL-UNNAMED}).
 */
module dev.latentj {
    requires com.fasterxml.jackson.databind;
    // the command line (dev.latentj.cli) only; the -cli jar carries picocli, library users need not
    requires static info.picocli;
    // the server (dev.latentj.serve, run by the CLI's serve command) only; optional dependencies of the library
    requires static io.javalin;
    requires static org.eclipse.jetty.ee10.servlet;
    requires static jakarta.servlet;
    requires static io.prometheus.metrics.core;
    requires static io.prometheus.metrics.model;
    requires static io.prometheus.writer.text;
    requires static jdk.unsupported;

    exports dev.latentj.codi;
    exports dev.latentj.convert;
    exports dev.latentj.cot;
    exports dev.latentj.engine;
    exports dev.latentj.gguf;
    exports dev.latentj.params;
    exports dev.latentj.reason;
    exports dev.latentj.sampling;
    exports dev.latentj.soft;
    exports dev.latentj.tokenizer;
    exports dev.latentj.train;

    // Jackson writes the bench and CLI records; picocli reads the commands' annotated fields
    opens dev.latentj.bench to com.fasterxml.jackson.databind;
    opens dev.latentj.report to com.fasterxml.jackson.databind;
    opens dev.latentj.serve to com.fasterxml.jackson.databind;
    opens dev.latentj.cli to com.fasterxml.jackson.databind, info.picocli;
}
