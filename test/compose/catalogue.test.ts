// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose interpolation (${VAR}) is what these tests expect.
import { describe, expect, it } from "vitest";
import { buildCompose, type ComposeFile, RECIPES, type ServiceSpec } from "../../src/compose/index.js";
import { type Environment, KIND_INFO, type ServiceKind, serviceVariables } from "../../src/core/index.js";
import { serviceConfigFiles, serviceConfigPath } from "../../src/core/service-configs.js";

const CATALOGUE: ServiceKind[] = [
  "loki",
  "promtail",
  "grafana",
  "mailpit",
  "elasticsearch",
  "opensearch",
  "kafka",
  "nats",
  "mosquitto",
];

function built(services: ServiceSpec[], environment: Environment = "development"): ComposeFile {
  const r = buildCompose({ projectName: "stack", projectPath: "/srv/stack", environment, services });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.value;
}

function one(kind: ServiceKind, extra: Partial<ServiceSpec> = {}, environment?: Environment) {
  const name = extra.name ?? kind;
  const service = built([{ name, kind, hostPort: 41000, primary: true, ...extra }], environment).services[
    name
  ];
  if (service === undefined) throw new Error(`no ${name}`);
  return service;
}

/** The healthcheck's command as one string, whatever its form. */
function check(kind: ServiceKind): string {
  const test = one(kind).healthcheck?.test;
  return Array.isArray(test) ? test.join(" ") : String(test);
}

describe("catalogue recipes", () => {
  it.each(CATALOGUE)(
    "%s: a pinned image, a healthcheck, a named data volume, restart and the network",
    (kind) => {
      const recipe = RECIPES[kind];
      expect(recipe.tag).toBeDefined();
      expect(recipe.tag).not.toMatch(/^(latest|stable|edge|main|nightly)$/i);
      const service = one(kind);
      expect(service.image).toBe(`${recipe.image}:${recipe.tag}`);
      expect(service.healthcheck?.test).toBeDefined();
      expect(service.restart).toBe("unless-stopped");
      expect(service.volumes?.[0]).toMatch(new RegExp(`^${kind}-data:/`));
      expect(service.ports).toEqual([`127.0.0.1:41000:${KIND_INFO[kind].containerPort}`]);
    },
  );

  it("checks each service with a tool its image ships", () => {
    // Loki's image is distroless: its own binary checks /ready (`-health`, Loki 3.7+).
    expect(one("loki").healthcheck?.test).toEqual(["CMD", "/usr/bin/loki", "-health"]);
    expect(RECIPES.loki.tag).toMatch(/^3\.(7|8|9)\./);
    // Promtail's Ubuntu image has bash but no wget or curl.
    expect(check("promtail")).toMatch(/^CMD bash -c exec 3<>\/dev\/tcp\/127\.0\.0\.1\/9080/);
    expect(check("promtail")).toContain("GET /ready");
    expect(check("grafana")).toBe("CMD curl -fsS -o /dev/null http://localhost:3000/api/health");
    expect(check("mailpit")).toBe("CMD /mailpit readyz");
    for (const kind of ["elasticsearch", "opensearch"] as const)
      expect(check(kind)).toContain(
        "curl -fsS 'http://localhost:9200/_cluster/health?wait_for_status=yellow",
      );
    expect(check("kafka")).toContain(
      "/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092",
    );
    // The Alpine NATS image has busybox wget; the monitoring port answers /healthz.
    expect(RECIPES.nats.tag).toMatch(/-alpine$/);
    expect(check("nats")).toBe("CMD wget -q --spider http://localhost:8222/healthz?js-enabled-only=true");
    // `$$` is Compose's literal dollar: the check subscribes to the $SYS topic.
    expect(one("mosquitto").healthcheck?.test).toContain("$$SYS/broker/uptime");
  });

  it("mounts each generated configuration file read-only where the image reads it", () => {
    for (const kind of ["loki", "promtail", "grafana", "mosquitto"] as const) {
      const service = one(kind, { name: `my-${kind}` });
      const files = serviceConfigFiles(kind);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files)
        expect(service.volumes).toContain(
          `./${serviceConfigPath(`my-${kind}`, file.file)}:${file.target}:ro`,
        );
    }
    expect(one("loki").volumes).toContain("./config/loki/loki.yaml:/etc/loki/local-config.yaml:ro");
    expect(one("mosquitto").volumes).toContain(
      "./config/mosquitto/mosquitto.conf:/mosquitto/config/mosquitto.conf:ro",
    );
    expect(one("promtail").volumes).toContain("/var/run/docker.sock:/var/run/docker.sock:ro");
    for (const kind of ["mailpit", "elasticsearch", "opensearch", "kafka", "nats"] as const)
      expect(one(kind).volumes).toHaveLength(1);
  });

  it("takes Grafana's admin credentials from the env files, never as values", () => {
    const grafana = one("grafana");
    expect(grafana.environment).toMatchObject({
      GF_SECURITY_ADMIN_USER: "${GRAFANA_ADMIN_USER}",
      GF_SECURITY_ADMIN_PASSWORD: "${GRAFANA_ADMIN_PASSWORD}",
    });
    const named = one("grafana", { name: "dash", primary: false });
    expect(named.environment).toMatchObject({ GF_SECURITY_ADMIN_PASSWORD: "${DASH_ADMIN_PASSWORD}" });
  });

  it("runs the search engines as single nodes with locked memory, ulimits and a memory limit", () => {
    for (const kind of ["elasticsearch", "opensearch"] as const) {
      const service = one(kind);
      expect(service.environment).toMatchObject({
        "discovery.type": "single-node",
        "bootstrap.memory_lock": "true",
      });
      expect(service.ulimits).toEqual({
        memlock: { soft: -1, hard: -1 },
        nofile: { soft: 65536, hard: 65536 },
      });
      expect(service.deploy?.resources?.limits?.memory).toBe("1G");
    }
    expect(one("elasticsearch").environment).toMatchObject({ "xpack.security.enabled": "false" });
    expect(one("opensearch").environment).toMatchObject({ DISABLE_SECURITY_PLUGIN: "true" });
  });

  it("runs Kafka in KRaft mode, advertising its service name inside and the host port outside", () => {
    const kafka = one("kafka", { name: "events", hostPort: 6801 });
    const env = kafka.environment as Record<string, string>;
    expect(env.KAFKA_PROCESS_ROLES).toBe("broker,controller");
    expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe("1@localhost:9093");
    expect(Object.keys(env).some((k) => /ZOOKEEPER/.test(k))).toBe(false);
    expect(env.KAFKA_ADVERTISED_LISTENERS).toBe("PLAINTEXT://events:9092,EXTERNAL://localhost:6801");
    expect(env.KAFKA_LOG_DIRS).toBe("/var/lib/kafka/data");
    // The image refuses KRaft without a cluster id; the same service always gets the same one.
    expect(env.CLUSTER_ID).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(env.CLUSTER_ID!, "base64url")).toHaveLength(16);
    expect((one("kafka", { name: "events" }).environment as Record<string, string>).CLUSTER_ID).toBe(
      env.CLUSTER_ID,
    );
    expect((one("kafka", { name: "other" }).environment as Record<string, string>).CLUSTER_ID).not.toBe(
      env.CLUSTER_ID,
    );
    // Heap inside the memory limit; the check's own JVM gets a small one.
    expect(env.KAFKA_HEAP_OPTS).toBe("-Xms512m -Xmx512m");
    expect(kafka.deploy?.resources?.limits?.memory).toBe("1G");
    expect(String(kafka.healthcheck?.test)).toContain("KAFKA_HEAP_OPTS=-Xmx64m ");
    expect(kafka.volumes).toEqual(["events-data:/var/lib/kafka/data"]);
    expect(kafka.ports).toEqual(["127.0.0.1:6801:9094"]);
  });

  it("turns JetStream on for NATS and keeps its store on the data volume", () => {
    const nats = one("nats");
    expect(nats.command).toEqual([
      "nats-server",
      "--jetstream",
      "--store_dir",
      "/data",
      "--http_port",
      "8222",
    ]);
    expect(nats.volumes).toEqual(["nats-data:/data"]);
  });

  it("keeps Mailpit's messages on its volume and accepts any SMTP credentials", () => {
    expect(one("mailpit").environment).toMatchObject({
      MP_DATABASE: "/data/mailpit.db",
      MP_SMTP_AUTH_ACCEPT_ANY: "1",
    });
    expect(one("mailpit").ports).toEqual(["127.0.0.1:41000:8025"]);
  });

  it("makes Promtail and Grafana wait for the project's Loki, healthy", () => {
    const model = built([
      { name: "logs", kind: "loki", hostPort: 4301 },
      { name: "promtail", kind: "promtail", hostPort: 4601 },
      { name: "grafana", kind: "grafana", hostPort: 4001 },
    ]);
    expect(model.services.promtail?.depends_on).toEqual({ logs: { condition: "service_healthy" } });
    expect(model.services.grafana?.depends_on).toEqual({ logs: { condition: "service_healthy" } });
    expect(model.services.logs?.depends_on).toBeUndefined();
    // Without a Loki nothing is waited for; a spec's own dependsOn wins.
    expect(built([{ name: "grafana", kind: "grafana" }]).services.grafana?.depends_on).toBeUndefined();
    const own = built([
      { name: "loki", kind: "loki" },
      { name: "grafana", kind: "grafana", dependsOn: [] },
    ]);
    expect(own.services.grafana?.depends_on).toBeUndefined();
  });

  it("keeps every catalogue service off the host and on the internal network in production", () => {
    for (const kind of CATALOGUE) {
      const service = one(kind, {}, "production");
      expect(service.ports, kind).toBeUndefined();
      expect(service.networks, kind).toEqual(["stack_network_internal"]);
      expect(service.healthcheck, kind).toBeDefined();
    }
  });

  it("names each kind's connection variable by its convention, prefixed for a second service", () => {
    const url = (kind: ServiceKind, primary: boolean, name: string = kind) =>
      serviceVariables(kind, name, { primary }).url;
    expect(url("loki", true)).toBe("LOKI_URL");
    expect(url("grafana", true)).toBe("GRAFANA_URL");
    expect(url("mailpit", true)).toBe("MAILPIT_URL");
    expect(url("elasticsearch", true)).toBe("ELASTICSEARCH_URL");
    expect(url("opensearch", true)).toBe("OPENSEARCH_URL");
    expect(url("kafka", true)).toBe("KAFKA_BOOTSTRAP_SERVERS");
    expect(url("kafka", false, "audit-kafka")).toBe("AUDIT_KAFKA_BOOTSTRAP_SERVERS");
    expect(url("nats", true)).toBe("NATS_URL");
    expect(url("mosquitto", true)).toBe("MQTT_URL");
    expect(url("mosquitto", false, "sensors")).toBe("SENSORS_URL");
    expect(url("promtail", true)).toBeUndefined();
    expect(serviceVariables("grafana", "grafana", { primary: true })).toMatchObject({
      user: "GRAFANA_ADMIN_USER",
      password: "GRAFANA_ADMIN_PASSWORD",
    });
  });
});
