import {
  buildCompose,
  type ComposeFile,
  joinSharedNetworks,
  renderCompose,
  type ServiceSpec,
  variablesUsed,
  withWorkerHealthchecks,
} from "../../compose/index.js";
import { type Diagnostic, diagnostic, type ExtraPortRole, serviceVariables } from "../../core/index.js";
import { serviceSettings } from "../../core/service-settings.js";
import { COMPOSE_PROJECT_VARIABLE } from "../../env/index.js";
import { imageComposeServices, mapImages } from "../images.js";
import { initScripts, withInitScripts } from "../init-scripts.js";
import { dataVolume, extraInternalUrls, extraPortRequests, internalUrl, type ServiceRow } from "../rows.js";
import { need, type PhaseDeps, type PhaseResult, type PlanState, type SourceSection } from "../state.js";

const BACKEND_LIKE = new Set(["backend", "worker"]);
const BROWSER_VARIABLE = /^(REACT_APP_|NEXT_PUBLIC_|VITE_)/;

const MESSENGER_DSN = "MESSENGER_TRANSPORT_DSN";

/**
 * Symfony Messenger's transport inside the network, as the env files choose it (Redis, else
 * RabbitMQ): the service's URL by its host name. `undefined` for the Doctrine transport, whose
 * value from the env file holds no host.
 */
function messengerTransport(infraRows: ServiceRow[], shared: SourceSection["shared"]): string | undefined {
  const target =
    infraRows.find((r) => r.kind === "redis" && r.primary) ??
    infraRows.find((r) => r.kind === "rabbitmq" && r.primary);
  if (target === undefined) return undefined;
  const use = shared?.get(target.name);
  const url = internalUrl(target, use && `${use.shared.name}:${use.containerPort}`);
  if (url === undefined) return undefined;
  return target.kind === "redis" ? `${url}/messages` : `${url}/%2f/messages`;
}

/** The environment of an app's container: connection URLs and the variables slipway generates. */
function appEnvironment(
  row: ServiceRow,
  infraRows: ServiceRow[],
  devKeys: ReadonlySet<string>,
  imageVariables: ReadonlySet<string>,
  shared: SourceSection["shared"],
): Record<string, string> {
  const app = row.app!;
  const vars: Record<string, string> = {};
  if (BACKEND_LIKE.has(app.kind)) {
    const infraVariableNames = new Set<string>();
    for (const infra of infraRows) {
      for (const name of Object.values(
        serviceVariables(infra.kind, infra.name, { primary: infra.primary }),
      )) {
        if (name !== undefined) infraVariableNames.add(name);
      }
      for (const setting of serviceSettings(infra.name, infra.infra!.environment))
        infraVariableNames.add(setting.variable);
    }
    for (const target of infraRows) {
      const use = shared?.get(target.name);
      const url = internalUrl(target, use && `${use.shared.name}:${use.containerPort}`);
      const name = serviceVariables(target.kind, target.name, { primary: target.primary }).url;
      if (url !== undefined && name !== undefined && app.dependsOn.includes(target.name)) vars[name] = url;
      if (app.dependsOn.includes(target.name)) Object.assign(vars, extraInternalUrls(target));
    }
    for (const key of devKeys) {
      if (infraVariableNames.has(key) || imageVariables.has(key)) continue;
      if (/(^|_)PORT$/.test(key) || key in vars) continue;
      if (key === COMPOSE_PROJECT_VARIABLE) continue;
      if (BROWSER_VARIABLE.test(key)) continue;
      vars[key] = `\${${key}}`;
    }
    if (row.containerPort > 0) vars.PORT = String(row.containerPort);
    const transport = devKeys.has(MESSENGER_DSN) ? messengerTransport(infraRows, shared) : undefined;
    if (transport !== undefined) vars[MESSENGER_DSN] = transport;
  } else {
    for (const key of devKeys) {
      if (BROWSER_VARIABLE.test(key) || key === "NODE_ENV") vars[key] = `\${${key}}`;
    }
  }
  for (const [key, value] of Object.entries(app.environment)) vars[key] = value;
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(vars).sort()) sorted[key] = vars[key]!;
  return sorted;
}

/** The recipe input of every service, from its row, its host port and the environment's overrides. */
function serviceSpecs(
  state: PlanState,
  source: SourceSection,
  ports: Record<string, number>,
  devKeys: ReadonlySet<string>,
): ServiceSpec[] {
  const { map, rows } = source;
  const infraRows = rows.filter((r) => r.infra !== undefined);
  // An image entry's settings are its own container's, not the apps'; so are the secrets declared
  // only because a service's setting references them.
  const imageVariables = new Set([
    ...mapImages(map).flatMap((i) => serviceSettings(i.name, i.environment).map((s) => s.variable)),
    ...need(state.env, "env").serviceReferences,
  ]);
  const own = rows.filter((r) => !source.shared?.has(r.name));
  return own.map((row) => {
    const hostPort = ports[row.name];
    const base: ServiceSpec = {
      name: row.name,
      kind: row.kind,
      // Workers listen on nothing: no container port.
      ...(row.containerPort > 0 ? { containerPort: row.containerPort } : {}),
      primary: row.primary,
      ...(hostPort !== undefined ? { hostPort } : {}),
    };
    const override = map.environments[state.environment]?.services?.[row.name];
    if (row.infra) {
      const infra = row.infra;
      const image = override?.image ?? infra.image;
      const volume = infra.volume !== undefined ? dataVolume(infra.volume) : undefined;
      const extraPorts: Partial<Record<ExtraPortRole, number>> = {};
      for (const extra of extraPortRequests([row])) {
        const port = ports[extra.service];
        if (port !== undefined) extraPorts[extra.role] = port;
      }
      return {
        ...(Object.keys(extraPorts).length > 0 ? { extraPorts } : {}),
        ...base,
        ...(image !== undefined ? { image } : {}),
        ...(infra.version !== undefined ? { version: infra.version } : {}),
        ...(volume !== undefined ? { volume } : {}),
        extensions: infra.extensions,
        settings: infra.environment,
      };
    }
    const app = row.app!;
    const replicas = override?.replicas ?? app.replicas;
    return {
      ...base,
      ...(override?.image !== undefined ? { image: override.image } : {}),
      ...(app.framework !== undefined ? { framework: app.framework } : {}),
      ...(app.runtime !== undefined ? { runtime: app.runtime } : {}),
      // Built from the user's own Dockerfile: neither its tools nor its endpoints are known.
      ...(app.customFramework !== undefined ? { healthcheck: false as const } : {}),
      ...(app.context !== undefined ? { context: app.context } : {}),
      ...(app.command !== undefined ? { command: app.command } : {}),
      ...(replicas !== undefined ? { replicas } : {}),
      // A shared service runs in another Compose project: nothing here can wait for it.
      dependsOn: app.dependsOn.filter((d) => !source.shared?.has(d)),
      environment: appEnvironment(row, infraRows, devKeys, imageVariables, source.shared),
    };
  });
}

/** The external networks each app must join: those of the shared services it depends on. */
function sharedNetworksOf(source: SourceSection): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const app of source.map.apps) {
    const networks = app.dependsOn.flatMap((d) => source.shared?.get(d)?.shared.networks ?? []);
    if (networks.length > 0) out[app.name] = [...new Set(networks)];
  }
  return out;
}

/**
 * The compose phase: builds the Compose model from the services, their ports and the variables
 * the env files define, and renders it. Halts when the model cannot be built; a variable the
 * Compose file uses and `.env.development` lacks is an error.
 *
 * @example
 * ```ts
 * const { state } = composePhase(afterEnv, deps);
 * state.compose?.text; // "# Generated by slipway …\nservices:\n …"
 * ```
 */
export function composePhase(state: PlanState, _deps: PhaseDeps): PhaseResult {
  const { input, environment, composePath } = state;
  const source = need(state.source, "source");
  const { ports } = need(state.ports, "ports");
  const { devKeys } = need(state.env, "env");
  const diagnostics: Diagnostic[] = [];
  const composeResult = buildCompose({
    projectName: source.slug,
    projectPath: input.projectPath,
    environment,
    ...(source.map.network !== undefined ? { network: source.map.network } : {}),
    ...(input.bindAddress !== undefined ? { bindAddress: input.bindAddress } : {}),
    services: serviceSpecs(state, source, ports, devKeys),
    images: imageComposeServices(source.map, ports),
  });
  diagnostics.push(...composeResult.diagnostics);
  if (!composeResult.ok) return { state, diagnostics, halt: true };
  // The project name travels in the env files as COMPOSE_PROJECT_NAME, which Compose v2 and
  // docker-compose 1.x both read through --env-file; 1.x rejects a file with a top-level `name`.
  let model: ComposeFile = { ...composeResult.value };
  delete model.name;
  if (source.shared !== undefined) model = joinSharedNetworks(model, sharedNetworksOf(source));
  model = withInitScripts(model, initScripts(source.rows.filter((r) => !source.shared?.has(r.name))));
  const symfonyWorkers = source.map.apps.filter((a) => a.kind === "worker" && a.framework === "symfony");
  if (symfonyWorkers.length > 0)
    model = withWorkerHealthchecks(
      model,
      symfonyWorkers.map((w) => w.name),
    );
  const text = renderCompose(model, {
    ...(input.composeTarget !== undefined ? { target: input.composeTarget } : {}),
    regenerateCommand: input.regenerateCommand ?? "npx slipway generate",
  });
  for (const name of variablesUsed(model)) {
    if (devKeys.has(name)) continue;
    diagnostics.push(
      diagnostic(
        "plan/undefined-variable",
        "error",
        `${composePath} uses \${${name}}, which .env.development does not define`,
        {
          file: composePath,
          hint: "Add the variable to the architecture map's `variables` (a secret: to `api_keys`), or remove the reference.",
        },
      ),
    );
  }
  return { state: { ...state, compose: { model, text } }, diagnostics };
}
