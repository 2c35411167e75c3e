import type { ServiceKind } from "./kinds.js";

/** One configuration file a service kind runs with: rendered from a template, mounted read-only. */
export interface ServiceConfigFile {
  /** The template it is rendered from (its path under `templates/`). */
  readonly template: string;
  /** Its path under the service's config folder (`config/<service>/`). */
  readonly file: string;
  /** Where the container reads it. */
  readonly target: string;
}

/**
 * The configuration files of the kinds that need one: slipway renders them as project files (kept
 * when the user edits them) and the Compose file mounts each read-only at `target`. The targets
 * are where each image looks by default (Loki's and Promtail's `-config.file`, Grafana's
 * provisioning folders, Mosquitto's `/mosquitto/config`), so no command needs changing.
 */
export const SERVICE_CONFIG_FILES: Readonly<Partial<Record<ServiceKind, readonly ServiceConfigFile[]>>> = {
  loki: [{ template: "services/loki.yaml.eta", file: "loki.yaml", target: "/etc/loki/local-config.yaml" }],
  promtail: [
    { template: "services/promtail.yaml.eta", file: "promtail.yaml", target: "/etc/promtail/config.yml" },
  ],
  grafana: [
    {
      template: "services/grafana-datasources.yaml.eta",
      file: "provisioning/datasources/slipway.yaml",
      target: "/etc/grafana/provisioning/datasources/slipway.yaml",
    },
    {
      template: "services/grafana-dashboards.yaml.eta",
      file: "provisioning/dashboards/slipway.yaml",
      target: "/etc/grafana/provisioning/dashboards/slipway.yaml",
    },
    {
      template: "services/grafana-logs-dashboard.json.eta",
      file: "dashboards/logs.json",
      target: "/etc/grafana/dashboards/logs.json",
    },
  ],
  mosquitto: [
    {
      template: "services/mosquitto.conf.eta",
      file: "mosquitto.conf",
      target: "/mosquitto/config/mosquitto.conf",
    },
  ],
};

/**
 * The project path of one configuration file of a service: `config/<service>/<file>`.
 *
 * @example
 * ```ts
 * serviceConfigPath("loki", "loki.yaml"); // "config/loki/loki.yaml"
 * ```
 */
export function serviceConfigPath(serviceName: string, file: string): string {
  return `config/${serviceName}/${file}`;
}

/**
 * The configuration files of a kind (none for most kinds).
 *
 * @example
 * ```ts
 * serviceConfigFiles("mosquitto").map((f) => f.target); // ["/mosquitto/config/mosquitto.conf"]
 * serviceConfigFiles("postgres"); // []
 * ```
 */
export function serviceConfigFiles(kind: ServiceKind): readonly ServiceConfigFile[] {
  return SERVICE_CONFIG_FILES[kind] ?? [];
}
