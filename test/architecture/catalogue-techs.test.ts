import { describe, expect, it } from "vitest";
import { parseArchitecture, parseRequirements } from "../../src/architecture/index.js";

describe("catalogue techs in maps and requirements text", () => {
  it("reads each catalogue tech of a map as its kind, named after it", () => {
    const techs = [
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
    const r = parseArchitecture({ project: { name: "x" }, infrastructure: techs.map((tech) => ({ tech })) });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.value.infrastructure.map((s) => [s.name, s.kind])).toEqual(techs.map((t) => [t, t]));
    expect(r.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  });

  it("accepts the monitoring and mail types and flags a type that does not fit", () => {
    const fits = parseArchitecture({
      project: { name: "x" },
      infrastructure: [
        { type: "monitoring", tech: "grafana" },
        { type: "mail", tech: "mailpit" },
        { type: "queue", tech: "kafka" },
        { type: "search", tech: "opensearch" },
      ],
    });
    expect(fits.diagnostics.filter((d) => d.code === "map/type-mismatch")).toEqual([]);
    const mismatch = parseArchitecture({
      project: { name: "x" },
      infrastructure: [{ type: "database", tech: "loki" }],
    });
    expect(mismatch.diagnostics).toContainEqual(expect.objectContaining({ code: "map/type-mismatch" }));
  });

  it("finds the catalogue services in free text, once each, with a version", () => {
    const r = parseRequirements(
      "A FastAPI service with PostgreSQL, Kafka 4.1, NATS, Mosquitto, Elasticsearch, OpenSearch, Loki, Promtail, Grafana and Mailpit.",
    );
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.value.infrastructure.map((s) => s.kind)).toEqual([
      "postgres",
      "kafka",
      "nats",
      "mosquitto",
      "elasticsearch",
      "opensearch",
      "loki",
      "promtail",
      "grafana",
      "mailpit",
    ]);
    expect(r.value.infrastructure.find((s) => s.kind === "kafka")?.version).toBe("4.1");
    // The backend waits for its data and messaging services, not for the log pipeline.
    expect(r.value.apps[0]?.dependsOn).not.toContain("grafana");
    expect(r.value.apps[0]?.dependsOn).toContain("kafka");
  });
});
