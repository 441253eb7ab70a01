package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Each rule of {@link Drift}, with a live object that holds the desired one and one that does not. */
class DriftTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** rule, desired, live, the first differing path ("" when live holds desired). */
    static Stream<Arguments> rules() {
        return Stream.of(
                row("equal scalars", "{'a':'x'}", "{'a':'x'}", ""),
                row("changed scalar", "{'a':'x'}", "{'a':'y'}", "a"),
                row("a key only live has", "{'a':'x'}", "{'a':'x','b':'y'}", ""),
                row("a desired key live lacks", "{'a':'x','b':'y'}", "{'a':'x'}", "b"),
                row("nested map subset", "{'m':{'a':{'b':1}}}", "{'m':{'a':{'b':1,'c':2},'d':3}}", ""),
                row("nested map changed", "{'m':{'a':{'b':1}}}", "{'m':{'a':{'b':2}}}", "m.a.b"),
                row("object vs scalar", "{'m':{'a':1}}", "{'m':'a'}", "m"),
                row("desired false matches absent", "{'readOnly':false}", "{}", ""),
                row("desired true does not match absent", "{'readOnly':true}", "{}", "readOnly"),
                row("desired false vs live true", "{'readOnly':false}", "{'readOnly':true}", "readOnly"),
                row("desired 0 matches absent", "{'n':0}", "{}", ""),
                row("desired \"\" matches absent", "{'s':''}", "{}", ""),
                row("desired empty list matches absent", "{'l':[]}", "{}", ""),
                row("desired empty map matches absent", "{'m':{}}", "{}", ""),
                row("desired null matches anything", "{'m':null}", "{'m':'x'}", ""),
                row("desired value vs live null", "{'m':'x'}", "{'m':null}", "m"),
                row("int vs long", "{'n':3}", "{'n':3000000000}", "n"),
                row("int vs double of the same value", "{'n':3}", "{'n':3.0}", ""),
                row("int-or-string: number vs its text", "{'port':80}", "{'port':'80'}", ""),
                row("int-or-string: number vs a name", "{'port':80}", "{'port':'http'}", "port"),
                row("int-or-string: percent", "{'maxSurge':'25%'}", "{'maxSurge':'25%'}", ""),
                row("quantity in requests: Gi vs Mi", "{'requests':{'memory':'1Gi'}}",
                        "{'requests':{'memory':'1024Mi'}}", ""),
                row("quantity in limits: 0.5 vs 500m", "{'limits':{'cpu':'0.5'}}", "{'limits':{'cpu':'500m'}}", ""),
                row("quantity changed", "{'limits':{'cpu':'0.5'}}", "{'limits':{'cpu':'1'}}", "limits.cpu"),
                row("sizeLimit is a quantity", "{'sizeLimit':'1Gi'}", "{'sizeLimit':'1073741824'}", ""),
                row("other strings are not quantities", "{'value':'1Gi'}", "{'value':'1024Mi'}", "value"),
                row("scalar list equal", "{'l':['a','b']}", "{'l':['a','b']}", ""),
                row("scalar list reordered", "{'l':['a','b']}", "{'l':['b','a']}", "l[0]"),
                row("scalar list with one more", "{'l':['a']}", "{'l':['a','b']}", "l"),
                row("command is atomic", "{'command':['sh','-c','x']}", "{'command':['sh','-c','y']}", "command[2]"),
                row("args is atomic", "{'args':['a']}", "{'args':['a','b']}", "args"),
                row("selector is atomic: a key added", "{'selector':{'app':'web'}}",
                        "{'selector':{'app':'web','x':'y'}}", "selector"),
                row("selector is atomic: a value changed", "{'selector':{'app':'web'}}", "{'selector':{'app':'db'}}",
                        "selector.app"),
                row("selector equal", "{'selector':{'app':'web'}}", "{'selector':{'app':'web'}}", ""),
                row("nodeSelector is atomic", "{'nodeSelector':{'a':'b'}}", "{'nodeSelector':{'a':'b','c':'d'}}",
                        "nodeSelector"),
                row("labels are not atomic", "{'labels':{'a':'b'}}", "{'labels':{'a':'b','c':'d'}}", ""),
                row("object list in another order", "{'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}",
                        "{'env':[{'name':'B','value':'2'},{'name':'A','value':'1'}]}", ""),
                row("object list with an element another manager added", "{'env':[{'name':'A','value':'1'}]}",
                        "{'env':[{'name':'X','value':'9'},{'name':'A','value':'1'}]}", ""),
                row("object list element changed: path into the element of the same name",
                        "{'env':[{'name':'A','value':'1'}]}", "{'env':[{'name':'A','value':'2'}]}",
                        "env[name=A].value"),
                row("object list element removed", "{'env':[{'name':'A','value':'1'}]}", "{'env':[]}",
                        "env[name=A]"),
                row("object list element with server defaults", "{'ports':[{'port':80}]}",
                        "{'ports':[{'port':80,'protocol':'TCP','targetPort':80}]}", ""),
                row("object list element by port", "{'ports':[{'port':80,'targetPort':8080}]}",
                        "{'ports':[{'port':80,'targetPort':8081}]}", "ports[port=80].targetPort"),
                row("object list element without identity", "{'l':[{'a':1}]}", "{'l':[{'a':2}]}", "l[0].a"),
                row("object list element without identity, none at its index", "{'l':[{'a':2},{'a':3}]}",
                        "{'l':[{'a':2}]}", "l[1]"),
                row("deep path into containers",
                        "{'spec':{'containers':[{'name':'w','image':'a','volumeMounts':[{'name':'v','mountPath':'/d'}]}]}}",
                        "{'spec':{'containers':[{'name':'w','image':'a','volumeMounts':[{'name':'v','mountPath':'/e'}]}]}}",
                        "spec.containers[name=w].volumeMounts[name=v].mountPath"));
    }

    private static Arguments row(String rule, String desired, String live, String path) {
        return Arguments.of(rule, desired.replace('\'', '"'), live.replace('\'', '"'), path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule(String rule, String desired, String live, String path) throws Exception {
        JsonNode d = JSON.readTree(desired);
        JsonNode l = JSON.readTree(live);
        assertThat(Drift.firstDifference(d, l, "")).as(rule)
                .isEqualTo(path.isEmpty() ? Optional.empty() : Optional.of(path));
    }

    @Test
    void aRenumberedPortIsRestoredByReplacingItsListKeepingWhatTheServerAddedToTheOtherPorts() throws Exception {
        var desired = new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().addNewPort().withName("80-tcp").withPort(80).endPort()
                .addNewPort().withName("443-tcp").withPort(443).endPort().endSpec().build();
        var live = new io.fabric8.kubernetes.api.model.ServiceBuilder(desired).editMetadata().withResourceVersion("7")
                .endMetadata().editSpec().editPort(0).withPort(9999).withNodePort(30001).endPort()
                .editPort(1).withNodePort(30002).endPort().endSpec().build();
        Drift.Difference d = Drift.of(desired, live).orElseThrow();
        assertThat(d.path()).isEqualTo("spec.ports[name=80-tcp].port");
        assertThat(JSON.readTree(d.listPatch("7").orElseThrow())).isEqualTo(JSON.readTree("""
                [{"op":"test","path":"/metadata/resourceVersion","value":"7"},
                 {"op":"replace","path":"/spec/ports","value":[{"name":"80-tcp","port":80},
                                                              {"name":"443-tcp","nodePort":30002,"port":443}]}]"""));
    }

    @Test
    void theListPatchReplacesTheInnermostListHoldingTheDifference() {
        Deployment live = deployment("words:1", 5);
        live.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(java.util.List.of(
                new io.fabric8.kubernetes.api.model.EnvVar("A", "2", null)));
        Deployment desired = deployment("words:1", 5);
        desired.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(java.util.List.of(
                new io.fabric8.kubernetes.api.model.EnvVar("A", "1", null)));
        Drift.Difference d = Drift.of(desired, live).orElseThrow();
        assertThat(d.path()).isEqualTo("spec.template.spec.containers[name=words].env[name=A].value");
        assertThat(d.listPointer()).isEqualTo("/spec/template/spec/containers/0/env");
        assertThat(Drift.of(deployment("words:1", 5), deployment("words:1", 3)).orElseThrow().listPatch("1"))
                .isEmpty();
    }

    private static Deployment deployment(String image, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName("words").withNamespace("ns")
                .addToLabels("com.docker.stack.namespace", "s").endMetadata().withNewSpec().withReplicas(replicas)
                .withNewTemplate().withNewSpec().addNewContainer().withName("words").withImage(image).endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    @Test
    void aTypedObjectWithServerAdditionsHoldsTheDesiredOne() {
        Deployment live = deployment("words:1", 5);
        live.getMetadata().setResourceVersion("42");
        live.getMetadata().setAnnotations(java.util.Map.of("deployment.kubernetes.io/revision", "1"));
        live.getSpec().getTemplate().getSpec().getContainers().get(0).setImagePullPolicy("IfNotPresent");
        live.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(5).build());
        assertThat(Drift.of(deployment("words:1", 5), live)).isEmpty();
    }

    @Test
    void aTypedObjectWithAnotherImageOrReplicaCountDrifted() {
        assertThat(Drift.of(deployment("words:1", 5), deployment("other", 5)).map(Drift.Difference::path))
                .contains("spec.template.spec.containers[name=words].image");
        assertThat(Drift.of(deployment("words:1", 5), deployment("words:1", 3)).map(Drift.Difference::path))
                .contains("spec.replicas");
    }
}
