/**
 * Files the CLI and the library write: {@link dev.latentj.io.OutputFile} (whole or not at all, never over an input).
 * The lowest layer: it imports nothing from latentj.
 */
package dev.latentj.io;
