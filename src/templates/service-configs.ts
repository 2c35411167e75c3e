import { type Diagnostic, diagnostic } from "../core/index.js";
import { serviceConfigFiles, serviceConfigPath } from "../core/service-configs.js";
import type { PreparedService, TemplateData } from "./types.js";

/** What a service's configuration templates receive: the project's data, the service, and its Loki. */
export type ServiceConfigData = TemplateData & {
  service: PreparedService;
  /** The name of the project's first Loki service, which Promtail and Grafana talk to. */
  loki?: string;
};

/** One configuration file to render. */
export interface ServiceConfigJob {
  template: string;
  path: string;
  kind: "config";
  data: ServiceConfigData;
}

/**
 * The configuration files of the project's services (Loki, Promtail, Grafana provisioning,
 * Mosquitto): one job per file of `SERVICE_CONFIG_FILES`, at `config/<service>/…`, the path the
 * Compose file mounts. Promtail or Grafana without a Loki service in the project get a warning.
 *
 * @example
 * ```ts
 * serviceConfigJobs(data, []).map((j) => j.path); // ["config/loki/loki.yaml", "config/promtail/promtail.yaml"]
 * ```
 */
export function serviceConfigJobs(data: TemplateData, diagnostics: Diagnostic[]): ServiceConfigJob[] {
  const loki = data.services.find((s) => s.kind === "loki")?.name;
  const jobs: ServiceConfigJob[] = [];
  data.services.forEach((service, index) => {
    const files = serviceConfigFiles(service.kind);
    if (files.length === 0) return;
    if (loki === undefined && (service.kind === "promtail" || service.kind === "grafana"))
      diagnostics.push(
        diagnostic(
          "template/missing-loki",
          "warning",
          `Service "${service.name}" (${service.kind}) needs a Loki service, and the project has none`,
          {
            path: `services[${index}]`,
            hint: 'Add an infrastructure entry with "tech": "loki"; until then its configuration points at http://loki:3100.',
          },
        ),
      );
    const serviceData: ServiceConfigData = { ...data, service, ...(loki !== undefined ? { loki } : {}) };
    // Promtail pushes to a Loki; without one in the project it keeps the conventional name.
    if (service.kind === "promtail" && loki === undefined) serviceData.loki = "loki";
    for (const file of files)
      jobs.push({
        template: file.template,
        path: serviceConfigPath(service.name, file.file),
        kind: "config",
        data: serviceData,
      });
  });
  return jobs;
}
