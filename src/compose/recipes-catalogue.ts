import { createHash } from "node:crypto";
import type { Healthcheck } from "./model.js";
import type { Recipe } from "./recipes.js";

/**
 * The recipes of the observability, mail, search, streaming and messaging kinds. Each tag is a
 * published release and each healthcheck uses only what that image ships; docs/compose.md gives
 * the reasons. Kept apart from the database recipes so each file has one job.
 */

/** Quick checks with a grace period for first-run initialisation (as the other infrastructure recipes). */
const TIMING = { interval: "10s", timeout: "5s", retries: 5, start_period: "30s" } as const;
/** JVM services start slowly and their check tools start a JVM too. */
const JVM_TIMING = { interval: "15s", timeout: "15s", retries: 10, start_period: "60s" } as const;

const digitsVersion = /^\d+(\.\d+)*$/;

/**
 * A Kafka cluster id (a UUID in URL-safe base64, 22 characters) that depends only on the service
 * name, so every run writes the same one and the formatted data volume keeps matching it.
 */
function clusterId(serviceName: string): string {
  return createHash("sha256")
    .update(`slipway-kafka:${serviceName}`, "utf8")
    .digest()
    .subarray(0, 16)
    .toString("base64url");
}

/** A JVM search engine's single-node development settings and limits (Elasticsearch, OpenSearch). */
const SEARCH_ULIMITS: Recipe["ulimits"] = {
  // bootstrap.memory_lock keeps the heap out of swap; it needs an unlimited memlock limit.
  memlock: { soft: -1, hard: -1 },
  nofile: { soft: 65536, hard: 65536 },
};

/** Cluster health at least yellow (one node holds no replicas), asked of the node itself. */
function clusterHealthcheck(): Healthcheck {
  return {
    test: [
      "CMD-SHELL",
      "curl -fsS 'http://localhost:9200/_cluster/health?wait_for_status=yellow&timeout=5s' >/dev/null",
    ],
    ...JVM_TIMING,
  };
}

/** The kinds whose recipes live here. */
type CatalogueKind =
  | "loki"
  | "promtail"
  | "grafana"
  | "mailpit"
  | "elasticsearch"
  | "opensearch"
  | "kafka"
  | "nats"
  | "mosquitto";

/** The catalogue's recipes, by kind. */
export const CATALOGUE_RECIPES: Readonly<Record<CatalogueKind, Recipe>> = {
  loki: {
    kind: "loki",
    image: "grafana/loki",
    // 3.7.0 added `loki -health`; the image has been distroless (no shell, wget or curl) since 3.6.
    tag: "3.7.2",
    dataPath: () => "/loki",
    healthcheck: { test: ["CMD", "/usr/bin/loki", "-health"], ...TIMING },
    environment: {},
    configFiles: true,
  },
  promtail: {
    kind: "promtail",
    image: "grafana/promtail",
    // Promtail is feature-complete; 3.6 is its last release line (Grafana Alloy replaces it).
    tag: "3.6.10",
    dataPath: () => "/var/lib/promtail",
    // The image (Ubuntu) dropped wget in 3.3; bash's /dev/tcp asks /ready and reads the status line.
    healthcheck: {
      test: [
        "CMD",
        "bash",
        "-c",
        "exec 3<>/dev/tcp/127.0.0.1/9080 && printf 'GET /ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '",
      ],
      ...TIMING,
    },
    environment: {},
    configFiles: true,
    // Promtail finds the project's containers through the Docker API and reads their log files.
    mounts: ["/var/run/docker.sock:/var/run/docker.sock:ro"],
    waitsFor: ["loki"],
  },
  grafana: {
    kind: "grafana",
    image: "grafana/grafana",
    tag: "12.4.0",
    dataPath: () => "/var/lib/grafana",
    // The image installs curl (Alpine and Ubuntu variants alike).
    healthcheck: {
      test: ["CMD", "curl", "-fsS", "-o", "/dev/null", "http://localhost:3000/api/health"],
      ...TIMING,
    },
    environment: { GF_SECURITY_ADMIN_USER: "user", GF_SECURITY_ADMIN_PASSWORD: "password" },
    settings: () => ({ GF_USERS_ALLOW_SIGN_UP: "false", GF_ANALYTICS_REPORTING_ENABLED: "false" }),
    configFiles: true,
    waitsFor: ["loki"],
  },
  mailpit: {
    kind: "mailpit",
    image: "axllent/mailpit",
    tag: "v1.28.2",
    tagFor: (v) => (digitsVersion.test(v) ? `v${v}` : v),
    dataPath: () => "/data",
    // The binary checks itself; the image's own HEALTHCHECK does the same.
    healthcheck: { test: ["CMD", "/mailpit", "readyz"], ...TIMING },
    environment: {},
    settings: () => ({
      MP_DATABASE: "/data/mailpit.db",
      // Apps may send any SMTP credentials, over plain SMTP: a catcher accepts everything.
      MP_SMTP_AUTH_ACCEPT_ANY: "1",
      MP_SMTP_AUTH_ALLOW_INSECURE: "1",
    }),
  },
  elasticsearch: {
    kind: "elasticsearch",
    image: "docker.elastic.co/elasticsearch/elasticsearch",
    tag: "9.5.2",
    dataPath: () => "/usr/share/elasticsearch/data",
    healthcheck: clusterHealthcheck(),
    environment: {},
    settings: () => ({
      "discovery.type": "single-node",
      // A development node: plain HTTP without users, reachable only on loopback and the project network.
      "xpack.security.enabled": "false",
      "bootstrap.memory_lock": "true",
      ES_JAVA_OPTS: "-Xms512m -Xmx512m",
    }),
    ulimits: SEARCH_ULIMITS,
    memoryLimit: "1G",
  },
  opensearch: {
    kind: "opensearch",
    image: "opensearchproject/opensearch",
    tag: "3.8.0",
    dataPath: () => "/usr/share/opensearch/data",
    healthcheck: clusterHealthcheck(),
    environment: {},
    settings: () => ({
      "discovery.type": "single-node",
      // Without the security plugin OpenSearch needs no TLS certificates and no admin password.
      DISABLE_SECURITY_PLUGIN: "true",
      DISABLE_INSTALL_DEMO_CONFIG: "true",
      "bootstrap.memory_lock": "true",
      OPENSEARCH_JAVA_OPTS: "-Xms512m -Xmx512m",
    }),
    ulimits: SEARCH_ULIMITS,
    memoryLimit: "1G",
  },
  kafka: {
    kind: "kafka",
    image: "apache/kafka",
    tag: "4.1.2",
    dataPath: () => "/var/lib/kafka/data",
    // The image ships Kafka's own tools; this one fails until the broker answers on its listener.
    healthcheck: {
      test: [
        "CMD-SHELL",
        // A small heap for the tool's own JVM, which would otherwise take the broker's KAFKA_HEAP_OPTS.
        "KAFKA_HEAP_OPTS=-Xmx64m /opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 >/dev/null 2>&1",
      ],
      ...JVM_TIMING,
    },
    environment: {},
    settings: (_environment, service) => ({
      // One node in KRaft mode: broker and controller at once, no ZooKeeper. The image formats its
      // storage with CLUSTER_ID on first start and refuses KRaft without one.
      CLUSTER_ID: clusterId(service?.name ?? "kafka"),
      KAFKA_NODE_ID: "1",
      KAFKA_PROCESS_ROLES: "broker,controller",
      KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
      KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
      // Containers reach the broker as <service>:9092; the host through the published 9094 listener.
      KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093,EXTERNAL://:9094",
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${service?.name ?? "kafka"}:9092,EXTERNAL://localhost:${service?.hostPort ?? 9094}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT",
      KAFKA_INTER_BROKER_LISTENER_NAME: "PLAINTEXT",
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
      KAFKA_LOG_DIRS: "/var/lib/kafka/data",
      // The heap stays well inside the memory limit (the start script's default is 1 GB).
      KAFKA_HEAP_OPTS: "-Xms512m -Xmx512m",
    }),
    memoryLimit: "1G",
  },
  nats: {
    kind: "nats",
    image: "nats",
    // The Alpine variant: busybox wget for the check (the scratch image has nats-server only).
    tag: "2.11.6-alpine",
    tagFor: (v) => (digitsVersion.test(v) ? `${v}-alpine` : v),
    dataPath: () => "/data",
    healthcheck: {
      test: ["CMD", "wget", "-q", "--spider", "http://localhost:8222/healthz?js-enabled-only=true"],
      ...TIMING,
    },
    environment: {},
    command: ["nats-server", "--jetstream", "--store_dir", "/data", "--http_port", "8222"],
  },
  mosquitto: {
    kind: "mosquitto",
    image: "eclipse-mosquitto",
    tag: "2.0.22",
    dataPath: () => "/mosquitto/data",
    // The broker publishes $SYS/broker/uptime every few seconds; one message within 3 s means it serves.
    healthcheck: {
      test: ["CMD", "mosquitto_sub", "-h", "localhost", "-t", "$$SYS/broker/uptime", "-C", "1", "-W", "3"],
      ...TIMING,
    },
    environment: {},
    configFiles: true,
  },
};
