import { z } from "zod";

/**
 * The typed Compose model: what slipway writes and what users keep in their own files.
 * Objects are loose — keys the model does not name are kept as they are, so a user's file
 * round-trips — and `x-*` extension keys are allowed everywhere the Compose Specification allows them.
 * Spec: https://github.com/compose-spec/compose-spec/blob/main/spec.md
 */

const stringOrNumber = z.union([z.string(), z.number()]);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** `KEY: value` map or `["KEY=value"]` list, as Compose accepts for environment and labels. */
export const keyValuesSchema = z.union([z.record(z.string(), scalar), z.array(z.string())]);

export const portLongSchema = z.looseObject({
  target: z.number().int(),
  published: stringOrNumber.optional(),
  host_ip: z.string().optional(),
  protocol: z.string().optional(),
  mode: z.string().optional(),
  name: z.string().optional(),
  app_protocol: z.string().optional(),
});

export const volumeLongSchema = z.looseObject({
  type: z.string(),
  source: z.string().optional(),
  target: z.string(),
  read_only: z.boolean().optional(),
});

export const healthcheckSchema = z.looseObject({
  test: z.union([z.string(), z.array(z.string())]).optional(),
  interval: z.string().optional(),
  timeout: z.string().optional(),
  retries: z.number().int().optional(),
  start_period: z.string().optional(),
  start_interval: z.string().optional(),
  disable: z.boolean().optional(),
});

export const dependsOnConditionSchema = z.enum([
  "service_started",
  "service_healthy",
  "service_completed_successfully",
]);

export const dependsOnSchema = z.union([
  z.array(z.string()),
  z.record(
    z.string(),
    z.looseObject({
      condition: dependsOnConditionSchema.optional(),
      required: z.boolean().optional(),
      restart: z.boolean().optional(),
    }),
  ),
]);

export const buildSchema = z.union([
  z.string(),
  z.looseObject({
    context: z.string().optional(),
    dockerfile: z.string().optional(),
    target: z.string().optional(),
    args: keyValuesSchema.optional(),
  }),
]);

export const deploySchema = z.looseObject({
  replicas: z.number().int().optional(),
  resources: z
    .looseObject({
      limits: z.looseObject({ cpus: stringOrNumber.optional(), memory: z.string().optional() }).optional(),
      reservations: z
        .looseObject({ cpus: stringOrNumber.optional(), memory: z.string().optional() })
        .optional(),
    })
    .optional(),
});

export const serviceSchema = z.looseObject({
  image: z.string().optional(),
  build: buildSchema.optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  entrypoint: z.union([z.string(), z.array(z.string())]).optional(),
  container_name: z.string().optional(),
  ports: z.array(z.union([z.string(), z.number(), portLongSchema])).optional(),
  expose: z.array(stringOrNumber).optional(),
  volumes: z.array(z.union([z.string(), volumeLongSchema])).optional(),
  environment: keyValuesSchema.optional(),
  env_file: z
    .union([
      z.string(),
      z.array(z.union([z.string(), z.looseObject({ path: z.string(), required: z.boolean().optional() })])),
    ])
    .optional(),
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

export const volumeSchema = z.union([
  z.null(),
  z.looseObject({
    driver: z.string().optional(),
    driver_opts: z.record(z.string(), stringOrNumber).optional(),
    external: z.boolean().optional(),
    name: z.string().optional(),
    labels: keyValuesSchema.optional(),
  }),
]);

export const networkSchema = z.union([
  z.null(),
  z.looseObject({
    driver: z.string().optional(),
    internal: z.boolean().optional(),
    external: z.boolean().optional(),
    name: z.string().optional(),
    labels: keyValuesSchema.optional(),
  }),
]);

export const secretSchema = z.looseObject({
  file: z.string().optional(),
  environment: z.string().optional(),
  external: z.boolean().optional(),
  name: z.string().optional(),
});

export const composeFileSchema = z.looseObject({
  version: z.string().optional(),
  name: z.string().optional(),
  services: z.record(z.string(), serviceSchema),
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
/** A port in long form. */
export type PortLong = z.infer<typeof portLongSchema>;
/** A top-level network definition. */
export type NetworkDefinition = z.infer<typeof networkSchema>;
/** A top-level volume definition. */
export type VolumeDefinition = z.infer<typeof volumeSchema>;
