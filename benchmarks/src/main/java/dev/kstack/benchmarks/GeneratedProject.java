package dev.kstack.benchmarks;

/** A synthetic compose file with many services that use most common attributes, short and long forms. */
final class GeneratedProject {
    private GeneratedProject() {
    }

    static String yaml(int services) {
        StringBuilder b = new StringBuilder(services * 700);
        b.append("name: generated\n")
                .append("x-common: &common\n  restart: unless-stopped\n  logging: {driver: json-file, options: {max-size: 10m}}\n")
                .append("services:\n");
        for (int i = 0; i < services; i++) {
            b.append("  svc").append(i).append(":\n")
                    .append("    <<: *common\n")
                    .append("    image: registry.example.com/app").append(i).append(":${TAG:-latest}\n")
                    .append("    command: [\"run\", \"--port\", \"").append(8000 + i % 1000).append("\"]\n")
                    .append("    environment:\n      - SERVICE=svc").append(i).append("\n      - LEVEL=${LEVEL:-info}\n")
                    .append("    ports:\n      - \"").append(10000 + i).append(":8080\"\n      - target: 9090\n        published: \"")
                    .append(20000 + i).append("\"\n")
                    .append("    volumes:\n      - data:/data\n      - ./conf/").append(i).append(":/etc/app:ro\n")
                    .append("    healthcheck:\n      test: curl -f http://localhost:8080/health\n      interval: 30s\n      timeout: 5s\n")
                    .append("    deploy:\n      replicas: 2\n      resources:\n        limits: {cpus: '0.5', memory: 256m}\n")
                    .append("    labels: {team: t").append(i % 10).append(", tier: backend}\n");
            if (i > 0) {
                b.append("    depends_on: [svc").append(i - 1).append("]\n");
            }
            b.append("    networks: [front, back]\n");
        }
        b.append("networks:\n  front: {}\n  back: {}\nvolumes:\n  data: {}\n");
        return b.toString();
    }
}
