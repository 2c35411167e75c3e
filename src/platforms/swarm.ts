import type { ComposeService } from "../compose/index.js";
import { type Diagnostic, diagnostic, ENVIRONMENTS, type Result, resultOf } from "../core/index.js";
import { missingKinds } from "./compose-facts.js";
import { segments } from "./interpolation.js";
import { isStateful, serviceResources } from "./runtime.js";
import { secretPredicate } from "./secrets.js";
import type { PlatformFile, PlatformInput, PlatformKind } from "./types.js";
import { yamlDocuments } from "./yaml.js";

/** The stack file `docker stack deploy -c` reads. */
export const SWARM_STACK_FILE = "docker-stack.yml";

/**
 * Kinds whose official images read `<VAR>_FILE` for their credentials (docker-library's
 * `file_env`): a secret is mounted as a file instead of passed in the environment.
 */
const FILE_KINDS: ReadonlySet<PlatformKind> = new Set<PlatformKind>([
  "postgres",
  "postgis",
  "pgvector",
  "mysql",
  "mariadb",
  "mongodb",
]);

/** Compose `restart` → the Swarm restart condition (`unless-stopped` and `always` restart on any exit). */
function restartCondition(restart: string | undefined): string {
  if (restart === "no") return "none";
  if (restart?.startsWith("on-failure") === true) return "on-failure";
  return "any";
}

function swarmCpus(quantity: string): string {
  return quantity.endsWith("m") ? String(Number(quantity.slice(0, -1)) / 1000) : quantity;
}

function swarmMemory(quantity: string): string {
  return quantity.replace(/([KMG])i$/, "$1");
}

/** `127.0.0.1:8080:80/tcp` or a long-form port → published and target, when both are there. */
function publishedPorts(service: ComposeService): { target: number; published: number; protocol: string }[] {
  const out: { target: number; published: number; protocol: string }[] = [];
  for (const entry of service.ports ?? []) {
    if (typeof entry === "string") {
      const [spec, protocol = "tcp"] = entry.split("/");
      const parts = (spec ?? "").split(":");
      const target = Number(parts.at(-1));
      const published = Number(parts.at(-2));
      if (parts.length >= 2 && Number.isInteger(target) && Number.isInteger(published))
        out.push({ target, published, protocol });
    } else if (entry.published !== undefined && Number.isInteger(Number(entry.published))) {
      out.push({
        target: Number(entry.target),
        published: Number(entry.published),
        protocol: entry.protocol ?? "tcp",
      });
    }
  }
  return out;
}

/** The name of the Docker secret that holds a variable: project-scoped, as `docker secret create` takes it. */
function secretName(slug: string, variable: string): string {
  return `${slug.replace(/[^A-Za-z0-9_.-]+/g, "_")}_${variable.toLowerCase()}`.slice(0, 64);
}

/**
 * The project's model as a `docker-stack.yml` for `docker stack deploy`: images instead of builds
 * (the project's own as `${REGISTRY}/<app>:${TAG}`), a `deploy` section on every service (replicas,
 * restart and update policy, resources), overlay networks, and the credentials of images that read
 * `*_FILE` as external Docker secrets. Other variables stay `${VAR}` references that
 * `docker stack deploy` fills in from its environment. Pure: returns text.
 *
 * @example
 * ```ts
 * const r = renderSwarm({ slug: "shop", compose, services, environments, secrets: [] });
 * if (r.ok) r.value[0]?.path; // "docker-stack.yml"
 * ```
 */
export function renderSwarm(input: PlatformInput): Result<PlatformFile[]> {
  const diagnostics: Diagnostic[] = missingKinds(input, "deployment");
  const kinds = new Map(input.services.map((s) => [s.name, s.kind]));
  const isSecret = secretPredicate(input);
  // One stack file: the replicas of the last environment given (production when there is one).
  const environment = [...ENVIRONMENTS].reverse().find((e) => input.environments[e] !== undefined);
  const replicasOf = environment !== undefined ? input.environments[environment]?.replicas : undefined;
  const services: Record<string, unknown> = {};
  const secrets: Record<string, { external: true }> = {};
  const fromEnvironment = new Set<string>();
  for (const name of Object.keys(input.compose.services).sort()) {
    const compose = input.compose.services[name] ?? {};
    const kind = kinds.get(name);
    if (kind === undefined) continue;
    const stateful = isStateful(kind, compose);
    const {
      build: _build,
      container_name: _containerName,
      depends_on: _dependsOn,
      restart,
      ports: _ports,
      deploy,
      environment: env,
      ...rest
    } = compose;
    const environmentOut: Record<string, string> = {};
    const serviceSecrets: string[] = [];
    const entries: [string, string][] = Array.isArray(env)
      ? env.map((line): [string, string] => {
          const eq = line.indexOf("=");
          return eq === -1 ? [line, `\${${line}}`] : [line.slice(0, eq), line.slice(eq + 1)];
        })
      : Object.entries(env ?? {}).map(([k, v]): [string, string] => [k, v === null ? `\${${k}}` : String(v)]);
    for (const [key, value] of entries) {
      const parts = segments(value);
      const only = parts.length === 1 ? parts[0] : undefined;
      if (only !== undefined && "variable" in only && isSecret(only.variable) && FILE_KINDS.has(kind)) {
        const secret = secretName(input.slug, only.variable);
        secrets[secret] = { external: true };
        serviceSecrets.push(secret);
        environmentOut[`${key}_FILE`] = `/run/secrets/${secret}`;
        continue;
      }
      for (const p of parts) if ("variable" in p && isSecret(p.variable)) fromEnvironment.add(p.variable);
      environmentOut[key] = value;
    }
    for (const arg of [compose.command, compose.entrypoint].flat()) {
      if (typeof arg !== "string") continue;
      for (const p of segments(arg))
        if ("variable" in p && isSecret(p.variable)) fromEnvironment.add(p.variable);
    }
    const resources = serviceResources(kind, deploy?.resources?.limits);
    const published = stateful ? [] : publishedPorts(compose);
    const order = stateful ? "stop-first" : "start-first";
    services[name] = {
      image: compose.image ?? `\${REGISTRY}/${name}:\${TAG}`,
      ...rest,
      ...(Object.keys(environmentOut).length > 0 ? { environment: environmentOut } : {}),
      ...(serviceSecrets.length > 0 ? { secrets: serviceSecrets.sort() } : {}),
      ...(published.length > 0
        ? {
            ports: published.map((p) => ({
              target: p.target,
              published: p.published,
              protocol: p.protocol,
              mode: "ingress",
            })),
          }
        : {}),
      deploy: {
        mode: "replicated",
        // A data service has one copy: two would share (and corrupt) one volume.
        replicas: stateful ? 1 : (replicasOf?.[name] ?? deploy?.replicas ?? 1),
        restart_policy: { condition: restartCondition(restart), delay: "5s", window: "30s" },
        update_config: { parallelism: 1, delay: "10s", order, failure_action: "rollback", monitor: "30s" },
        rollback_config: { parallelism: 1, order },
        resources: {
          limits: { cpus: swarmCpus(resources.limits.cpu), memory: swarmMemory(resources.limits.memory) },
          reservations: {
            cpus: swarmCpus(resources.requests.cpu),
            memory: swarmMemory(resources.requests.memory),
          },
        },
      },
    };
  }
  if (fromEnvironment.size > 0) {
    diagnostics.push(
      diagnostic(
        "platform/secret-from-environment",
        "info",
        `On Swarm, ${[...fromEnvironment].sort().join(", ")} reach their services through the environment of \`docker stack deploy\`, not as Docker secrets`,
        {
          file: SWARM_STACK_FILE,
          hint: "Export them in the shell that deploys (from your secrets manager); their images read no *_FILE variable.",
        },
      ),
    );
  }
  const networks: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(input.compose.networks ?? {})) {
    const { driver: _driver, ...kept } = definition ?? {};
    networks[name] = kept.external === true ? kept : { ...kept, driver: "overlay" };
  }
  const stack: Record<string, unknown> = { services };
  if (Object.keys(networks).length > 0) stack.networks = networks;
  if (input.compose.volumes !== undefined) stack.volumes = input.compose.volumes;
  if (Object.keys(secrets).length > 0) {
    stack.secrets = Object.fromEntries(Object.entries(secrets).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  const header = [
    "# Generated by slipway. Edit the architecture description, not this file.",
    "# Deploy: export REGISTRY, TAG and the variables below, create the external secrets",
    '# (printf %s "$VALUE" | docker secret create NAME -), then: docker stack deploy -c docker-stack.yml NAME',
  ].join("\n");
  return resultOf([{ path: SWARM_STACK_FILE, content: yamlDocuments([stack], header) }], diagnostics);
}
