import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { ServiceKind } from "../../src/core/index.js";
import { renderTemplates, type TemplateInput } from "../../src/templates/index.js";

function input(services: { name: string; kind: ServiceKind }[]): TemplateInput {
  return {
    project: { name: "Forge Platform", slug: "forge-platform" },
    projectType: "express",
    composeFile: "docker-compose.yml",
    composeProject: "forge-platform-1a2b3c4d",
    envFiles: [".env.development", ".env.example"],
    services: services.map((s, i) => ({ ...s, containerPort: 1000 + i, hostPort: 41000 + i })),
    apps: [{ name: "backend", kind: "backend", port: 4000 }],
    apiKeys: [],
  };
}

function render(services: { name: string; kind: ServiceKind }[]) {
  const r = renderTemplates(input(services));
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  const files = new Map(r.value.map((f) => [f.path, f]));
  return { files, diagnostics: r.diagnostics };
}

const stack = [
  { name: "logs", kind: "loki" as const },
  { name: "promtail", kind: "promtail" as const },
  { name: "grafana", kind: "grafana" as const },
  { name: "mqtt", kind: "mosquitto" as const },
];

describe("service configuration files", () => {
  it("renders one file per configuration of each service, as config files, under config/<service>/", () => {
    const { files, diagnostics } = render(stack);
    const configs = [...files.values()].filter((f) => f.kind === "config").map((f) => f.path);
    expect(configs).toEqual([
      "config/grafana/dashboards/logs.json",
      "config/grafana/provisioning/dashboards/slipway.yaml",
      "config/grafana/provisioning/datasources/slipway.yaml",
      "config/logs/loki.yaml",
      "config/mqtt/mosquitto.conf",
      "config/promtail/promtail.yaml",
    ]);
    expect(diagnostics.filter((d) => d.code === "template/missing-loki")).toEqual([]);
  });

  it("configures Loki as one process storing on its filesystem volume", () => {
    const loki = parseYaml(render(stack).files.get("config/logs/loki.yaml")!.content);
    expect(loki.auth_enabled).toBe(false);
    expect(loki.server.http_listen_port).toBe(3100);
    expect(loki.common.path_prefix).toBe("/loki");
    expect(loki.common.storage.filesystem.chunks_directory).toBe("/loki/chunks");
    expect(loki.common.ring.kvstore.store).toBe("inmemory");
    expect(loki.schema_config.configs[0]).toMatchObject({
      store: "tsdb",
      object_store: "filesystem",
      schema: "v13",
    });
  });

  it("points Promtail at the project's Loki and at this Compose project's containers only", () => {
    const promtail = parseYaml(render(stack).files.get("config/promtail/promtail.yaml")!.content);
    expect(promtail.clients).toEqual([{ url: "http://logs:3100/loki/api/v1/push" }]);
    expect(promtail.server.http_listen_port).toBe(9080);
    expect(promtail.positions.filename).toBe("/var/lib/promtail/positions.yaml");
    const sd = promtail.scrape_configs[0].docker_sd_configs[0];
    expect(sd.host).toBe("unix:///var/run/docker.sock");
    expect(sd.filters).toEqual([
      { name: "label", values: ["com.docker.compose.project=forge-platform-1a2b3c4d"] },
    ]);
    const relabel = promtail.scrape_configs[0].relabel_configs;
    expect(relabel).toContainEqual({
      source_labels: ["__meta_docker_container_label_com_docker_compose_service"],
      target_label: "service",
    });
    expect(relabel).toContainEqual({ target_label: "project", replacement: "forge-platform-1a2b3c4d" });
  });

  it("provisions Grafana's Loki data source and a logs dashboard that uses it", () => {
    const { files } = render(stack);
    const sources = parseYaml(files.get("config/grafana/provisioning/datasources/slipway.yaml")!.content);
    expect(sources.apiVersion).toBe(1);
    expect(sources.datasources).toEqual([
      expect.objectContaining({ type: "loki", uid: "loki", url: "http://logs:3100", access: "proxy" }),
    ]);
    const providers = parseYaml(files.get("config/grafana/provisioning/dashboards/slipway.yaml")!.content);
    expect(providers.providers[0]).toMatchObject({
      type: "file",
      folder: "Forge Platform",
      options: { path: "/etc/grafana/dashboards" },
    });
    const dashboard = JSON.parse(files.get("config/grafana/dashboards/logs.json")!.content);
    expect(dashboard.uid).toBe("forge-platform-logs");
    expect(dashboard.uid.length).toBeLessThanOrEqual(40);
    expect(dashboard.panels.map((p: { type: string }) => p.type)).toEqual(["timeseries", "logs"]);
    for (const panel of dashboard.panels) {
      expect(panel.datasource).toEqual({ type: "loki", uid: "loki" });
      expect(panel.targets[0].expr).toContain('{project="forge-platform-1a2b3c4d", service=~"$service"}');
    }
    expect(dashboard.templating.list[0]).toMatchObject({ name: "service", includeAll: true, multi: true });
  });

  it("writes a Mosquitto configuration with an explicit listener and persistence on the data volume", () => {
    const conf = render(stack).files.get("config/mqtt/mosquitto.conf")!.content;
    const lines = conf.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    expect(lines).toEqual([
      "listener 1883",
      "allow_anonymous true",
      "persistence true",
      "persistence_location /mosquitto/data/",
      "log_dest stdout",
    ]);
  });

  it("warns when Promtail or Grafana have no Loki, and still renders their files", () => {
    const { files, diagnostics } = render([
      { name: "promtail", kind: "promtail" },
      { name: "grafana", kind: "grafana" },
    ]);
    expect(diagnostics.filter((d) => d.code === "template/missing-loki")).toMatchObject([
      { severity: "warning", path: "services[0]" },
      { severity: "warning", path: "services[1]" },
    ]);
    expect(parseYaml(files.get("config/promtail/promtail.yaml")!.content).clients[0].url).toBe(
      "http://loki:3100/loki/api/v1/push",
    );
    expect(
      parseYaml(files.get("config/grafana/provisioning/datasources/slipway.yaml")!.content).datasources,
    ).toEqual([]);
  });

  it("keeps project names with quotes valid in the YAML and JSON it writes", () => {
    const r = renderTemplates({ ...input(stack), project: { name: 'Ops "Forge": logs', slug: "ops-forge" } });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const byPath = new Map(r.value.map((f) => [f.path, f.content]));
    expect(JSON.parse(byPath.get("config/grafana/dashboards/logs.json")!).title).toBe(
      'Ops "Forge": logs logs',
    );
    const providers = parseYaml(byPath.get("config/grafana/provisioning/dashboards/slipway.yaml")!);
    expect(providers.providers[0].folder).toBe('Ops "Forge": logs');
  });

  it("renders the same bytes twice", () => {
    const a = renderTemplates(input(stack));
    const b = renderTemplates(input(stack));
    expect(a).toEqual(b);
  });
});
