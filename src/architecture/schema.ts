import * as z from "zod";

/** Service, network and named-volume names Compose accepts. */
export const COMPOSE_NAME_PATTERN = /^[a-zA-Z0-9._-]+$/;
/** Compose project names (and so project slugs). */
export const PROJECT_SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
/** Environment variable names. */
export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** An image tag. */
export const IMAGE_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** An image reference: optional registry and path, optional tag, optional digest. */
export const IMAGE_REF_PATTERN =
  /^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** A Compose duration: `10s`, `1m30s`, `500ms`, `1h`. */
export const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:us|ms|s|m|h))+$/;

/** How a failed check of one schema is reported: its diagnostic code and a message. */
export interface FieldRule {
  code: string;
  message: (value: unknown) => string;
  hint?: string;
}

/** The diagnostic each field schema reports when a value fails it (other than a wrong JSON type). */
export const FIELD_RULES = new WeakMap<z.ZodType, FieldRule>();

function rule<T extends z.ZodType>(schema: T, r: FieldRule): T {
  FIELD_RULES.set(schema, r);
  return schema;
}

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

const port = rule(
  z
    .number()
    .int()
    .min(1)
    .max(65535)
    .meta({ description: "A TCP port, 1–65535.", examples: [5434] }),
  {
    code: "port/invalid",
    message: (v) => `Port ${show(v)} is not an integer between 1 and 65535`,
    hint: "Use a whole number from 1 to 65535, or leave the port out to have one assigned.",
  },
);

const serviceName = rule(
  z
    .string()
    .regex(COMPOSE_NAME_PATTERN)
    .meta({
      description: "A Compose service name: letters, digits, '.', '_' and '-'.",
      examples: ["postgres"],
    }),
  {
    code: "name/invalid",
    message: (v) => `Service name ${show(v)} is not accepted by Compose`,
    hint: "Service names may contain only letters, digits, '.', '_' and '-'.",
  },
);

const networkName = rule(
  z
    .string()
    .regex(COMPOSE_NAME_PATTERN)
    .meta({ description: "A Compose network name.", examples: ["chi_network"] }),
  {
    code: "name/invalid",
    message: (v) => `Network name ${show(v)} is not accepted by Compose`,
    hint: "Network names may contain only letters, digits, '.', '_' and '-'.",
  },
);

const variableName = rule(
  z
    .string()
    .regex(VARIABLE_NAME_PATTERN)
    .meta({ description: "An environment variable name.", examples: ["OPENAI_API_KEY"] }),
  {
    code: "name/invalid",
    message: (v) => `Variable name ${show(v)} is not a valid environment variable name`,
    hint: "Variable names start with a letter or '_' and contain only letters, digits and '_'.",
  },
);

const slug = rule(
  z
    .string()
    .regex(PROJECT_SLUG_PATTERN)
    .meta({ description: "Compose project name override.", examples: ["chi-monitor"] }),
  {
    code: "name/invalid",
    message: (v) => `Project slug ${show(v)} is not accepted by Compose`,
    hint: "A slug starts with a lowercase letter or digit and contains only a-z, 0-9, '_' and '-'.",
  },
);

const version = rule(
  z
    .string()
    .regex(IMAGE_TAG_PATTERN)
    .meta({ description: "Image tag to pin, e.g. 16 for postgres, 16-3.4 for postgis.", examples: ["16"] }),
  {
    code: "map/invalid-value",
    message: (v) => `Version ${show(v)} is not a valid image tag`,
    hint: "A tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'.",
  },
);

const image = rule(
  z
    .string()
    .regex(IMAGE_REF_PATTERN)
    .meta({
      description: "Full image reference overriding the default image; may end in @sha256:<digest>.",
      examples: ["postgis/postgis:16-3.4"],
    }),
  {
    code: "map/invalid-value",
    message: (v) => `Image ${show(v)} is not a valid image reference`,
    hint: "Write it as [registry/]name[:tag][@sha256:digest], e.g. postgres:16-alpine.",
  },
);

const replicas = rule(
  z
    .number()
    .int()
    .min(0)
    .max(1000)
    .meta({ description: "How many containers of the service to run.", examples: [2] }),
  {
    code: "map/invalid-value",
    message: (v) => `Replicas ${show(v)} is not a whole number between 0 and 1000`,
  },
);

const variables = z
  .record(variableName, z.union([z.string(), z.number(), z.boolean()]))
  .meta({ description: "Environment variables, name → value.", examples: [{ LOG_LEVEL: "debug" }] });

const duration = rule(
  z
    .string()
    .regex(DURATION_PATTERN)
    .meta({ description: "A Compose duration such as 10s, 1m30s or 500ms.", examples: ["10s"] }),
  {
    code: "map/invalid-value",
    message: (v) => `Duration ${show(v)} is not a Compose duration`,
    hint: "Write a number with a unit: 10s, 1m30s, 500ms.",
  },
);

const healthcheck = z
  .object({
    test: z.union([z.string(), z.array(z.string())]).meta({
      description:
        'The check, in Compose form: ["CMD", …], ["CMD-SHELL", "…"], ["NONE"], or a string run by the shell.',
      examples: [["CMD", "wget", "-q", "--spider", "http://localhost:8025/livez"]],
    }),
    interval: duration.optional(),
    timeout: duration.optional(),
    retries: z.number().int().min(0).optional().meta({ description: "Failures before unhealthy." }),
    start_period: duration.optional(),
  })
  .meta({ description: "Image entries: a Compose healthcheck, written as it is." });

const command = z.union([z.string(), z.array(z.string())]).meta({
  description: "Image entries: the command, as a string or an exec-form list.",
  examples: [["--smtp-auth-accept-any"]],
});

const infrastructureEntry = z
  .object({
    type: z
      .string()
      .optional()
      .meta({
        description: "What the service is for: database, cache, queue, search, storage, monitoring or mail.",
        examples: ["database"],
      }),
    tech: z
      .string()
      .optional()
      .meta({
        description:
          "The technology: postgresql, postgis, pgvector, mysql, mariadb, mongodb, redis, rabbitmq, meilisearch, minio, traefik, caddy, loki, promtail, grafana, mailpit, elasticsearch, opensearch, kafka, nats or mosquitto. Leave it out and give `image` and `name` to run any other image.",
        examples: ["postgresql"],
      }),
    name: serviceName.optional(),
    version: version.optional(),
    image: image.optional(),
    port: port.optional(),
    volume: z
      .string()
      .optional()
      .meta({ description: "Named volume or host path for the data.", examples: ["./postgres-data-chi"] }),
    network: networkName.optional(),
    extensions: z
      .array(z.string())
      .optional()
      .meta({
        description: "Database extensions; postgis or vector select the image.",
        examples: [["postgis"]],
      }),
    environment: variables.optional(),
    container_port: port
      .optional()
      .meta({ description: "Image entries: the port the container listens on.", examples: [8025] }),
    healthcheck: healthcheck.optional(),
    command: command.optional(),
    depends_on: z
      .array(serviceName)
      .optional()
      .meta({ description: "Image entries: services to start first.", examples: [["postgres"]] }),
  })
  .meta({
    description:
      "One infrastructure service: a technology slipway has a recipe for (`tech`), or any image (`image` + `name`).",
  });

const app = z
  .object({
    name: serviceName,
    kind: z.enum(["backend", "frontend", "worker"]).optional(),
    framework: z
      .string()
      .optional()
      .meta({
        description:
          "fastapi, express, react, nextjs or symfony (free text such as 'Node.js 20 + Express' works).",
        examples: ["express"],
      }),
    runtime: z
      .enum(["node", "python", "php"])
      .optional()
      .meta({ description: "Language runtime; follows from the framework when left out." }),
    context: z
      .string()
      .optional()
      .meta({ description: "Build context directory.", examples: ["./backend"] }),
    port: port.optional().meta({ description: "Port the app listens on inside its container." }),
    host_port: port.optional().meta({ description: "Host port to publish the app on." }),
    command: z
      .string()
      .optional()
      .meta({ description: "Command to run instead of the image's default.", examples: ["npm run dev"] }),
    replicas: replicas.optional(),
    depends_on: z
      .array(serviceName)
      .optional()
      .meta({
        description: "Services to start first; defaults by kind when left out.",
        examples: [["postgres"]],
      }),
    environment: variables.optional(),
    api_keys: z
      .array(variableName)
      .optional()
      .meta({ description: "External API keys the app reads.", examples: [["OPENAI_API_KEY"]] }),
  })
  .meta({ description: "One app service built from the project's code." });

const serviceOverride = z.object({ replicas: replicas.optional(), image: image.optional() });

const environmentOverrides = z.object({
  variables: variables.optional(),
  services: z
    .record(serviceName, serviceOverride)
    .optional()
    .meta({ description: "Overrides by service name.", examples: [{ messenger: { replicas: 4 } }] }),
});

/** The architecture map as users write it (snake_case, the seed's fields plus extensions). */
export const architectureInputSchema = z
  .object({
    $schema: z.string().optional().meta({ description: "The JSON Schema of this file, for editors." }),
    project: z.object({
      name: z.string().meta({
        description: "The project name; the Compose project slug is made from it.",
        examples: ["Community Harm Index Monitor"],
      }),
      slug: slug.optional(),
      path: z
        .string()
        .optional()
        .meta({ description: "The project directory.", examples: ["/home/me/chi"] }),
      description: z.string().optional(),
    }),
    infrastructure: z
      .array(infrastructureEntry)
      .optional()
      .meta({ description: "Databases, caches, queues, search engines and object stores." }),
    tech_stack: z
      .record(z.string(), z.string())
      .optional()
      .meta({
        description:
          "Technologies by role; apps (and, without `infrastructure`, services) are derived from it.",
        examples: [{ frontend: "React 18", backend: "Node.js 20 + Express", orm: "Prisma" }],
      }),
    code_organization: z
      .object({
        structure: z
          .record(z.string(), z.string())
          .optional()
          .meta({
            description: "Directories and what they hold; app build contexts come from it.",
            examples: [{ "frontend/": "React app", "backend/": "Node.js API" }],
          }),
      })
      .optional(),
    apps: z.array(app).optional().meta({
      description: "App services built from the project's code; derived from tech_stack when left out.",
    }),
    network: networkName.optional().meta({ description: "The project network." }),
    api_keys: z
      .array(variableName)
      .optional()
      .meta({ description: "External API keys the project needs.", examples: [["MAPBOX_TOKEN"]] }),
    variables: variables.optional().meta({ description: "Extra plain environment variables for the apps." }),
    environments: z
      .object({
        development: environmentOverrides.optional(),
        staging: environmentOverrides.optional(),
        production: environmentOverrides.optional(),
      })
      .optional()
      .meta({ description: "Per-environment variables and service overrides (replicas, image)." }),
  })
  .meta({
    title: "slipway architecture map",
    description: "Describes a project's infrastructure and apps; slipway generates its environment from it.",
  });

/** The input type of an architecture map, as written in JSON. */
export type ArchitectureInput = z.input<typeof architectureInputSchema>;

/**
 * The JSON Schema of the architecture map as users write it, for editors (`"$schema"`) and other
 * tools. Published as `schemas/architecture.schema.json`.
 *
 * @example
 * ```ts
 * const schema = architectureJsonSchema();
 * JSON.stringify(schema); // {"$schema":"https://json-schema.org/draft/2020-12/schema", ...}
 * ```
 */
export function architectureJsonSchema(): object {
  return z.toJSONSchema(architectureInputSchema, { io: "input" });
}
