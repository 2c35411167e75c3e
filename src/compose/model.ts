import * as z from "zod";

/**
 * The typed Compose model: what slipway writes and what users keep in their own files.
 * Objects are loose — keys the model does not name are kept as they are, so a user's file
 * round-trips — and `x-*` extension keys are allowed everywhere the Compose Specification allows them.
 * Spec: https://github.com/compose-spec/compose-spec/blob/main/spec.md
 *
 * Numbers and booleans may be written as `${VARIABLE}` references (Compose interpolates first).
 *
 * Two normalisations happen on parse, both meaning-preserving: short-form `ports` and `expose`
 * entries written as numbers become strings (`- 80` → `"80"`), and a missing `services` key
 * becomes `{}`.
 */

const stringOrNumber = z.union([z.string(), z.number()]);
/**
 * A value Compose interpolates before it checks the type (`replicas: ${WORKERS:-2}`,
 * `read_only: ${RO:-false}`): any string holding a `$` is accepted where a number or boolean goes.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: the message shows Compose interpolation
const interpolated = z.string().regex(/\$/, "expected a value or a ${VARIABLE}");
const intOrVariable = z.union([z.number().int(), interpolated]);
const boolOrVariable = z.union([z.boolean(), interpolated]);
/** `external: true`, or the legacy `external: { name: x }`. */
const externalSchema = z.union([boolOrVariable, z.looseObject({ name: z.string().optional() })]);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** A port written as a number is the same port as the string; the model keeps strings only. */
const portString = z.union([z.string(), z.number().transform((n) => String(n))]);

/** `KEY: value` map or `["KEY=value"]` list, as Compose accepts for environment and labels. */
export const keyValuesSchema = z.union([z.record(z.string(), scalar), z.array(z.string())]);

/** A port in long form (`target`, `published`, `host_ip`, …). */
export const portLongSchema = z.looseObject({
  target: z.union([z.number().int(), z.string()]),
  published: stringOrNumber.optional(),
  host_ip: z.string().optional(),
  protocol: z.string().optional(),
  mode: z.string().optional(),
  name: z.string().optional(),
  app_protocol: z.string().optional(),
});

/** A service volume in long form. */
export const volumeLongSchema = z.looseObject({
  type: z.string(),
  source: z.string().optional(),
  target: z.string(),
  read_only: boolOrVariable.optional(),
});

/** A healthcheck. Durations are Compose duration strings (`10s`, `1m30s`). */
export const healthcheckSchema = z.looseObject({
  test: z.union([z.string(), z.array(z.string())]).optional(),
  interval: z.string().optional(),
  timeout: z.string().optional(),
  retries: intOrVariable.optional(),
  start_period: z.string().optional(),
  start_interval: z.string().optional(),
  disable: boolOrVariable.optional(),
});

/** The conditions `depends_on` can wait for. */
export const dependsOnConditionSchema = z.enum([
  "service_started",
  "service_healthy",
  "service_completed_successfully",
]);

/** `depends_on` as a list of names or as a map with a condition per dependency (required by the spec). */
export const dependsOnSchema = z.union([
  z.array(z.string()),
  z.record(
    z.string(),
    z.looseObject({
      condition: dependsOnConditionSchema,
      required: boolOrVariable.optional(),
      restart: z.union([z.boolean(), z.string()]).optional(),
    }),
  ),
]);

/** `build` as a context path or as an object. */
export const buildSchema = z.union([
  z.string(),
  z.looseObject({
    context: z.string().optional(),
    dockerfile: z.string().optional(),
    target: z.string().optional(),
    args: keyValuesSchema.optional(),
  }),
]);

const resourcesSchema = z.looseObject({ cpus: stringOrNumber.optional(), memory: z.string().optional() });

/** `deploy`: replicas and resource limits, as far as slipway reads and writes them. */
export const deploySchema = z.looseObject({
  replicas: intOrVariable.optional(),
  resources: z
    .looseObject({
      limits: resourcesSchema.optional(),
      reservations: resourcesSchema.optional(),
    })
    .optional(),
});

/** `env_file` as one path, or a list of paths and `{ path, required }` objects. */
export const envFileSchema = z.union([
  z.string(),
  z.array(z.union([z.string(), z.looseObject({ path: z.string(), required: boolOrVariable.optional() })])),
]);

/** One service. */
export const serviceSchema = z.looseObject({
  image: z.string().optional(),
  build: buildSchema.optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  entrypoint: z.union([z.string(), z.array(z.string())]).optional(),
  container_name: z.string().optional(),
  hostname: z.string().optional(),
  ports: z.array(z.union([portString, portLongSchema])).optional(),
  expose: z.array(portString).optional(),
  volumes: z.array(z.union([z.string(), volumeLongSchema])).optional(),
  environment: keyValuesSchema.optional(),
  env_file: envFileSchema.optional(),
  networks: z
    .union([
      z.array(z.string()),
      z.record(z.string(), z.union([z.null(), z.looseObject({ aliases: z.array(z.string()).optional() })])),
    ])
    .optional(),
  healthcheck: healthcheckSchema.optional(),
  depends_on: dependsOnSchema.optional(),
  restart: z.string().optional(),
  deploy: deploySchema.optional(),
  labels: keyValuesSchema.optional(),
  profiles: z.array(z.string()).optional(),
  working_dir: z.string().optional(),
  user: z.string().optional(),
});

/** A top-level volume definition; `null` (an empty entry) means a default local volume. */
export const volumeSchema = z.union([
  z.null(),
  z.looseObject({
    driver: z.string().optional(),
    driver_opts: z.record(z.string(), stringOrNumber).optional(),
    external: externalSchema.optional(),
    name: z.string().optional(),
    labels: keyValuesSchema.optional(),
  }),
]);

/** A top-level network definition; `null` (an empty entry) means a default bridge network. */
export const networkSchema = z.union([
  z.null(),
  z.looseObject({
    driver: z.string().optional(),
    internal: boolOrVariable.optional(),
    external: externalSchema.optional(),
    name: z.string().optional(),
    labels: keyValuesSchema.optional(),
  }),
]);

/** A top-level secret definition. */
export const secretSchema = z.looseObject({
  file: z.string().optional(),
  environment: z.string().optional(),
  external: externalSchema.optional(),
  name: z.string().optional(),
});

/** A whole Compose file. */
export const composeFileSchema = z.looseObject({
  version: z.string().optional(),
  name: z.string().optional(),
  // An empty entry (`web:` with nothing under it) is a service with no keys, as Compose reads it.
  services: z
    .record(
      z.string(),
      z.union([serviceSchema, z.null().transform((): z.infer<typeof serviceSchema> => ({}))]),
    )
    .default({}),
  volumes: z.record(z.string(), volumeSchema).optional(),
  networks: z.record(z.string(), networkSchema).optional(),
  secrets: z.record(z.string(), secretSchema).optional(),
});

/** A Compose file. */
export type ComposeFile = z.infer<typeof composeFileSchema>;
/** One service of a Compose file. */
export type ComposeService = z.infer<typeof serviceSchema>;
/** A healthcheck. */
export type Healthcheck = z.infer<typeof healthcheckSchema>;
/** `depends_on` in either form. */
export type DependsOn = z.infer<typeof dependsOnSchema>;
/** A `depends_on` condition. */
export type DependsOnCondition = z.infer<typeof dependsOnConditionSchema>;
/** A port in long form. */
export type PortLong = z.infer<typeof portLongSchema>;
/** A top-level network definition. */
export type NetworkDefinition = z.infer<typeof networkSchema>;
/** A top-level volume definition. */
export type VolumeDefinition = z.infer<typeof volumeSchema>;
/** A top-level secret definition. */
export type SecretDefinition = z.infer<typeof secretSchema>;

/** Names of services, volumes, networks, secrets and configs, as the Compose Specification allows them. */
export const RESOURCE_NAME_PATTERN = /^[a-zA-Z0-9._-]+$/;
/** Compose project names (top-level `name`), as the Compose Specification allows them. */
export const PROJECT_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/** Top-level keys of the Compose Specification (besides `x-*`). */
export const TOP_LEVEL_KEYS = [
  "version",
  "name",
  "include",
  "services",
  "networks",
  "volumes",
  "secrets",
  "configs",
  "models",
] as const;

/** Service keys of the Compose Specification (besides `x-*`); other keys draw a warning on parse. */
export const SERVICE_KEYS: readonly string[] = [
  "annotations",
  "attach",
  "blkio_config",
  "build",
  "cap_add",
  "cap_drop",
  "cgroup",
  "cgroup_parent",
  "command",
  "configs",
  "container_name",
  "cpu_count",
  "cpu_percent",
  "cpu_period",
  "cpu_quota",
  "cpu_rt_period",
  "cpu_rt_runtime",
  "cpu_shares",
  "cpus",
  "cpuset",
  "credential_spec",
  "depends_on",
  "deploy",
  "develop",
  "device_cgroup_rules",
  "devices",
  "dns",
  "dns_opt",
  "dns_search",
  "domainname",
  "entrypoint",
  "env_file",
  "environment",
  "expose",
  "extends",
  "external_links",
  "extra_hosts",
  "gpus",
  "group_add",
  "healthcheck",
  "hostname",
  "image",
  "init",
  "ipc",
  "isolation",
  "label_file",
  "labels",
  "links",
  "logging",
  "mac_address",
  "mem_limit",
  "mem_reservation",
  "mem_swappiness",
  "memswap_limit",
  "models",
  "network_mode",
  "networks",
  "oom_kill_disable",
  "oom_score_adj",
  "pid",
  "pids_limit",
  "platform",
  "ports",
  "post_start",
  "pre_stop",
  "privileged",
  "profiles",
  "provider",
  "pull_policy",
  "pull_refresh_after",
  "read_only",
  "restart",
  "runtime",
  "scale",
  "secrets",
  "security_opt",
  "shm_size",
  "stdin_open",
  "stop_grace_period",
  "stop_signal",
  "storage_opt",
  "sysctls",
  "tmpfs",
  "tty",
  "ulimits",
  "use_api_socket",
  "user",
  "userns_mode",
  "uts",
  "volumes",
  "volumes_from",
  "working_dir",
];
