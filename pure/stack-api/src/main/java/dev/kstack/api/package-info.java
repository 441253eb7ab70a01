/**
 * The {@code compose.docker.com} Stack API types: the v1alpha3 form (records in this package, which kstack
 * stores and converts the others to), {@code v1beta2} and {@code v1beta1}. The JSON names are the wire contract
 * of the original Compose on Kubernetes (including the misspelt {@code paralellism} and the capitalised placement
 * constraint names); kstack's additions are optional fields that old clients ignore.
 *
 * <p>Also here: {@link dev.kstack.api.StackValidation} (names and values, with compose paths),
 * {@link dev.kstack.api.StackDefaults}, {@link dev.kstack.api.DependencyGraph} and the lossless
 * {@link dev.kstack.api.v1beta2.V1beta2Conversion}. The v1beta1 conversion needs the compose loader and lives
 * in {@code dev.kstack.convert}.
 */
package dev.kstack.api;
