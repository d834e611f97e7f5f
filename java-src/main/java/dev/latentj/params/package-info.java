/**
 * {@link dev.latentj.params.Param}: the range of every numeric parameter, shared by the CLI, the library's option
 * records and any server. The lowest layer: it imports nothing from latentj.
 */
package dev.latentj.params;
