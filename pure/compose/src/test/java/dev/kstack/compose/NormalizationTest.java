package dev.kstack.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.compose.internal.TreeWriter;
import dev.kstack.compose.model.Service;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each short form becomes its long form: the attribute as written after loading, in flow-style YAML-ish text. */
class NormalizationTest {
    private static String normalized(String attribute, String value) throws ComposeException {
        String yaml = "services:\n  web:\n    image: x\n    " + attribute + ": " + value
                + "\n  db: {image: db}\nvolumes: {data: {}}\nsecrets: {s: {file: ./s}}\nconfigs: {c: {file: ./c}}\nnetworks: {front: {}}\n";
        Service web = Fixture.loadText(yaml).services().get("web");
        Object written = ((java.util.Map<?, ?>) TreeWriter.write(web)).get(attribute);
        return String.valueOf(written);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "ports|['80']|[{target=80, protocol=tcp, mode=ingress}]",
        "ports|[80]|[{target=80, protocol=tcp, mode=ingress}]",
        "ports|['8080:80']|[{target=80, published=8080, protocol=tcp, mode=ingress}]",
        "ports|['127.0.0.1:8080:80/udp']|[{target=80, published=8080, host_ip=127.0.0.1, protocol=udp, mode=ingress}]",
        "ports|['127.0.0.1::80']|[{target=80, host_ip=127.0.0.1, protocol=tcp, mode=ingress}]",
        "ports|['[::1]:53:53/udp']|[{target=53, published=53, host_ip=::1, protocol=udp, mode=ingress}]",
        "ports|['8000-8001:80-81']|[{target=80, published=8000, protocol=tcp, mode=ingress}, {target=81, published=8001, protocol=tcp, mode=ingress}]",
        "ports|['9000-9010:80']|[{target=80, published=9000-9010, protocol=tcp, mode=ingress}]",
        "ports|[{target: 80, published: 8080, mode: host}]|[{target=80, published=8080, protocol=tcp, mode=host}]",
        "volumes|['data:/data:ro,nocopy']|[{type=volume, source=data, target=/data, read_only=true, volume={nocopy=true}}]",
        "volumes|['/host:/c:z']|[{type=bind, source=/host, target=/c, bind={create_host_path=true, selinux=z}}]",
        "volumes|['./rel:/c:rshared']|[{type=bind, source=/project/rel, target=/c, bind={propagation=rshared, create_host_path=true}}]",
        "volumes|['/anonymous']|[{type=volume, target=/anonymous}]",
        "volumes|[{type: tmpfs, target: /t, tmpfs: {size: 64m}}]|[{type=tmpfs, target=/t, tmpfs={size=67108864}}]",
        "secrets|[s]|[{source=s}]",
        "configs|[{source: c, target: /etc/c, mode: 0440}]|[{source=c, target=/etc/c, mode=288}]",
        "depends_on|[db]|{db={condition=service_started, restart=false, required=true}}",
        "depends_on|{db: {condition: service_healthy}}|{db={condition=service_healthy, restart=false, required=true}}",
        "environment|[A=1, B=, 'C=x=y']|{A=1, B=, C=x=y}",
        "environment|{A: 1, B: true, C: 1.5}|{A=1, B=true, C=1.5}",
        "labels|[a.b=c, flag]|{a.b=c, flag=}",
        "healthcheck|{test: curl -f localhost, interval: 1m30s, timeout: 500ms, start_period: 90s}|{interval=1m30s, start_period=1m30s, test=[CMD-SHELL, curl -f localhost], timeout=500ms}",
        "healthcheck|{test: [NONE]}|{test=[NONE]}",
        "command|echo \"hello world\" 'a b' c\\ d|[echo, hello world, a b, c d]",
        "entrypoint|[]|[]",
        "stop_grace_period|1m|1m0s",
        "stop_grace_period|10|10s",
        "mem_limit|512m|536870912",
        "mem_limit|1gb|1073741824",
        "shm_size|2048|2048",
        "cpus|'0.5'|0.5",
        "cpus|2|2.0",
        "ulimits|{nofile: 1024, nproc: {soft: 1, hard: 2}}|{nofile={soft=1024, hard=1024}, nproc={soft=1, hard=2}}",
        "extra_hosts|['a:1.2.3.4', 'b=::1']|[a=1.2.3.4, b=::1]",
        "extra_hosts|{a: 1.2.3.4, b: [5.6.7.8, 9.9.9.9]}|[a=1.2.3.4, b=5.6.7.8, b=9.9.9.9]",
        "networks|[front]|{front={}}",
        "dns|8.8.8.8|[8.8.8.8]",
        "env_file|[{path: ./e, required: false}]|[{path=/project/e, required=false}]",
        "gpus|all|[{count=all}]",
        "devices|['/dev/sda:/dev/xvda:rwm']|[{source=/dev/sda, target=/dev/xvda, permissions=rwm}]",
        "build|./app|{context=/project/app}",
        "build|{context: https://github.com/a/b.git}|{context=https://github.com/a/b.git}",
        "expose|[3000, '4000-4001']|[3000, 4000-4001]",
        "working_dir|'/app/$${TAG}'|/app/$${TAG}",
        "environment|[UNSET_IN_TEST, A=1]|{UNSET_IN_TEST=null, A=1}",
        "restart|'no'|no",
        "restart|on-failure|on-failure",
        "restart|on-failure:3|on-failure:3",
        "restart|unless-stopped|unless-stopped",
        "pull_policy|if_not_present|if_not_present",
        "pull_policy|every_1h30m|every_1h30m",
        "pull_policy|daily|daily",
        "ports|[{target: 80, x-note: a}]|[{target=80, protocol=tcp, mode=ingress, x-note=a}]",
        "volumes|[{type: bind, source: /h, target: /c, x-why: w, bind: {x-b: 1}}]|[{type=bind, source=/h, target=/c, bind={x-b=1}, x-why=w}]",
        "secrets|[{source: s, x-k: v}]|[{source=s, x-k=v}]",
        "depends_on|{db: {condition: service_healthy, x-why: w}}|{db={condition=service_healthy, restart=false, required=true, x-why=w}}",
        "networks|{front: {aliases: [f], x-n: 1}}|{front={aliases=[f], x-n=1}}",
        "logging|{driver: json-file, x-l: 1}|{driver=json-file, x-l=1}",
        "ulimits|{nofile: {soft: 1, hard: 2, x-u: 1}}|{nofile={soft=1, hard=2, x-u=1}}",
        "credential_spec|{file: c.json, x-c: 1}|{file=c.json, x-c=1}",
        "deploy|{resources: {limits: {cpus: 1, x-l: 1}, x-r: 1}, restart_policy: {condition: any, x-p: 1}, placement: {constraints: [a==b], x-pl: 1}, update_config: {order: start-first, x-u: 1}}|{placement={constraints=[a==b], x-pl=1}, resources={limits={cpus=1.0, x-l=1}, x-r=1}, restart_policy={condition=any, x-p=1}, update_config={order=start-first, x-u=1}}",
        "deploy|{replicas: 2, resources: {limits: {cpus: '0.25', memory: 1G}}, restart_policy: {condition: on-failure, delay: 5s}}|{replicas=2, resources={limits={cpus=0.25, memory=1073741824}}, restart_policy={condition=on-failure, delay=5s}}",
    })
    void normalizes(String attribute, String value, String expected) throws Exception {
        assertThat(normalized(attribute, value)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void aServiceWithoutNetworksJoinsTheDefaultNetwork() throws Exception {
        ComposeProject p = Fixture.loadText("name: demo\nservices:\n  web: {image: x}\nvolumes: {data: {}, ext: {external: true}}\n");
        assertThat(p.services().get("web").networks()).containsOnlyKeys("default");
        assertThat(p.networks().get("default").name()).hasValue("demo_default");
        assertThat(p.volumes().get("data").name()).hasValue("demo_data");
        assertThat(p.volumes().get("ext").name()).hasValue("ext");
    }

    @org.junit.jupiter.api.Test
    void anchorsAliasesAndMergeKeysAreExpanded() throws Exception {
        ComposeProject p = Fixture.loadText("""
                name: demo
                x-common: &common
                  image: base
                  environment: {A: "1"}
                services:
                  web:
                    <<: *common
                    environment: {B: "2"}
                  worker:
                    <<: [*common]
                    image: other
                """);
        assertThat(p.services().get("web").image()).hasValue("base");
        assertThat(p.services().get("web").environment()).containsOnlyKeys("B");
        assertThat(p.services().get("worker").image()).hasValue("other");
        assertThat(p.extensions()).containsKey("x-common");
    }
}
