/**
 * Loading compose files into a validated, normalized, typed model.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * LoadOptions options = LoadOptions.of(workingDir, environment)   // environment: passed in, never read here
 *         .withFiles(List.of(Path.of("compose.yaml")))
 *         .withProfiles(List.of("debug"));
 * LoadResult result = ComposeLoader.load(options);                // or ComposeLoader.loadText(name, yaml, options)
 * ComposeProject project = result.project();                      // services in file order, long forms only
 * result.notes();                                                 // accepted-but-ignored input, one line each
 * ProjectWriter.toYaml(project);                                  // what `kstack config` prints
 * }</pre>
 * A failed load throws {@link dev.kstack.compose.ComposeException}; its
 * {@link dev.kstack.compose.ComposeException#diagnostics() diagnostics} hold every problem as
 * {@code FILE:LINE:COL: PATH: MESSAGE}.
 *
 * <h2>The model ({@code dev.kstack.compose.model})</h2>
 * One record per compose object; components are named after the attributes in camelCase
 * ({@code stop_grace_period} is {@code Service.stopGracePeriod()}). Absent values are {@code Optional.empty()}
 * or empty collections, never null (the one exception: an unset variable in {@code environment} maps to null). Everything is already in long form: ports are {@link dev.kstack.compose.model.Port}
 * records (one per target port), volumes {@link dev.kstack.compose.model.ServiceVolume} with a type, durations
 * {@link java.time.Duration}, sizes {@link dev.kstack.compose.model.ByteSize}, relative paths absolute,
 * env files already folded into {@code environment}, {@code extends} and {@code include} resolved, inactive
 * profiles removed, the implicit {@code default} network explicit. A converter that does not support an
 * attribute should look at the component and warn; nothing in the input is dropped silently
 * ({@code develop} and {@code provider.options} are carried as JSON trees; {@code x-*} keys are in
 * {@code extensions()}).
 *
 * <h2>Other packages</h2>
 * {@code dev.kstack.compose.yaml} (positioned YAML tree and its reader) and {@code dev.kstack.compose.internal}
 * (the stages of a load) are implementation; see DESIGN.md beside this file.
 */
package dev.kstack.compose;
