/** The examples as a named module: they read the latentj library through its exported packages only. */
module dev.latentj.examples {
    requires dev.latentj;
    requires com.fasterxml.jackson.databind;
}
