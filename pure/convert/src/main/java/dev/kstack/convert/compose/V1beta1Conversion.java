package dev.kstack.convert.compose;

import dev.kstack.api.ObjectMeta;
import dev.kstack.api.Stack;
import dev.kstack.api.StackJson;
import dev.kstack.api.StackSpec;
import dev.kstack.api.v1beta1.StackV1beta1;
import dev.kstack.compose.ComposeException;
import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.LoadOptions;
import dev.kstack.compose.LoadResult;
import dev.kstack.convert.InvalidStackException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts between v1beta1 ({@code spec.composeFile}) and v1alpha3. v1beta1 → v1alpha3 loads the compose text
 * (no environment, no files: a server has neither) and maps it; the text is kept in the annotation
 * {@value #COMPOSE_FILE} with a hash of the spec it produced, so that reading the stack back as v1beta1 returns
 * the user's own text while the spec is unchanged; after a structured change the text is rendered from the spec.
 */
public final class V1beta1Conversion {
    public static final String COMPOSE_FILE = "kstack.dev/compose-file";
    public static final String COMPOSE_FILE_SPEC_HASH = "kstack.dev/compose-file-spec-hash";
    /** Larger texts are not kept (annotations share a 256 KiB budget); v1beta1 readers get a rendered file. */
    static final int MAX_KEPT_TEXT = 128 * 1024;

    private V1beta1Conversion() {
    }

    /**
     * @throws ComposeException when the compose text does not load (the loader's diagnostics)
     * @throws InvalidStackException when an {@code x-kubernetes} value cannot be read
     */
    public static Stack toV1alpha3(StackV1beta1 stack) throws ComposeException, InvalidStackException {
        String text = stack.spec().composeFile();
        LoadOptions options = LoadOptions.of(Path.of("/"), Map.of()).withProjectName(stack.metadata().name());
        LoadResult loaded = ComposeLoader.loadText("composeFile", text, options);
        ComposeToStack.MappedStack mapped = ComposeToStack.map(loaded.project(), stack.metadata().name(), "");
        Map<String, String> annotations = new LinkedHashMap<>(stack.metadata().annotations());
        annotations.remove(COMPOSE_FILE);
        annotations.remove(COMPOSE_FILE_SPEC_HASH);
        if (text.length() <= MAX_KEPT_TEXT) {
            annotations.put(COMPOSE_FILE, text);
            annotations.put(COMPOSE_FILE_SPEC_HASH, specHash(mapped.spec()));
        }
        ObjectMeta metadata = stack.metadata().withAnnotations(annotations);
        return new Stack(Stack.KIND, Stack.API_VERSION, metadata, mapped.spec(), stack.status());
    }

    public static StackV1beta1 toV1beta1(Stack stack) {
        Map<String, String> annotations = new LinkedHashMap<>(stack.metadata().annotations());
        String kept = annotations.remove(COMPOSE_FILE);
        String keptHash = annotations.remove(COMPOSE_FILE_SPEC_HASH);
        String text = kept != null && specHash(stack.spec()).equals(keptHash)
                ? kept : SpecToCompose.yaml(stack.metadata().name(), stack.spec());
        return new StackV1beta1("Stack", StackV1beta1.API_VERSION, stack.metadata().withAnnotations(annotations),
                new StackV1beta1.Spec(text), stack.status());
    }

    static String specHash(StackSpec spec) {
        return ReferencedFiles.sha256(StackJson.write(spec).getBytes(StandardCharsets.UTF_8));
    }
}
