package dev.kstack.compose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.compose.model.Resources.FileObject;
import dev.kstack.compose.model.Resources.Model;
import dev.kstack.compose.model.Resources.Network;
import dev.kstack.compose.model.Resources.Volume;
import dev.kstack.compose.model.Service;
import dev.kstack.compose.model.Syntax;
import dev.kstack.compose.model.Syntax.Form;
import java.util.Map;

/**
 * A loaded project: validated, normalized, with only the services of the active profiles.
 * Maps keep file order. Two loads of equivalent input give equal projects.
 */
public record ComposeProject(
        String name,
        Map<String, Service> services,
        Map<String, Network> networks,
        Map<String, Volume> volumes,
        Map<String, FileObject> secrets,
        Map<String, FileObject> configs,
        Map<String, Model> models,
        @Syntax(Form.EXTENSIONS) Map<String, JsonNode> extensions) {
}
