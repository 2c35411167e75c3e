import type { ComposeFile } from "../compose/index.js";
import { ENVIRONMENTS, type Environment } from "../core/index.js";
import type { PlatformEnvironment, PlatformInput, PlatformKind } from "./types.js";

/** The user slipway's Dockerfile templates run apps as (`USER node`, `useradd --uid 1000`). */
export const TEMPLATE_APP_USER = 1000;

/** What a plan knows, as {@link platformInput} takes it. */
export interface PlanModel {
  slug: string;
  compose: ComposeFile;
  /** Every service, with whether it is built from one of slipway's Dockerfile templates; `custom` for an image entry. */
  services: readonly { name: string; kind: PlatformKind; templated?: boolean }[];
  /** The values of each environment's env file. */
  values: Partial<Record<Environment, Readonly<Record<string, string>>>>;
  /** The map's per-environment overrides (`environments.<env>.services.<name>.replicas`). */
  overrides?: Partial<Record<Environment, { services?: Record<string, { replicas?: number | undefined }> }>>;
}

/**
 * The platform renderers' input from what a plan holds: the Compose model, the service kinds,
 * each environment's values and replicas. Apps built from slipway's templates run as uid 1000.
 *
 * @example
 * ```ts
 * const input = platformInput({ slug: "shop", compose, services: [{ name: "api", kind: "backend", templated: true }], values: { production: prodValues } });
 * renderKubernetes(input);
 * ```
 */
export function platformInput(model: PlanModel): PlatformInput {
  const environments: Partial<Record<Environment, PlatformEnvironment>> = {};
  for (const environment of ENVIRONMENTS) {
    const variables = model.values[environment];
    if (variables === undefined) continue;
    const replicas: Record<string, number> = {};
    for (const [name, service] of Object.entries(model.overrides?.[environment]?.services ?? {})) {
      if (service.replicas !== undefined) replicas[name] = service.replicas;
    }
    environments[environment] = { variables, ...(Object.keys(replicas).length > 0 ? { replicas } : {}) };
  }
  return {
    slug: model.slug,
    compose: model.compose,
    services: model.services.map((s) => ({
      name: s.name,
      kind: s.kind,
      ...(s.templated === true ? { user: TEMPLATE_APP_USER } : {}),
    })),
    environments,
    secrets: [],
  };
}
