import type { ComposeService } from "../compose/index.js";
import { argumentList } from "./compose-facts.js";
import { renameHosts, type Segment, segments } from "./interpolation.js";

/** A container variable: a value, or a reference to a key of the ConfigMap or the Secret. */
export type EnvVar =
  | { name: string; value: string }
  | { name: string; valueFrom: { configMapKeyRef: { name: string; key: string } } }
  | { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } };

/** What the container's variables are read from. */
export interface EnvSources {
  /** The ConfigMap the overlays generate. */
  configMap: string;
  /** The Secret the overlays generate. */
  secret: string;
  isSecret(variable: string): boolean;
  /** Compose service name → Kubernetes name, for host names inside values. */
  renames: ReadonlyMap<string, string>;
}

/** A container's variables, command and arguments, and which ConfigMap and Secret keys they read. */
export interface ContainerEnv {
  env: EnvVar[];
  command?: string[];
  args?: string[];
  configKeys: string[];
  secretKeys: string[];
}

function keyValues(environment: ComposeService["environment"]): [string, string][] {
  if (environment === undefined) return [];
  if (Array.isArray(environment)) {
    return environment.map((line): [string, string] => {
      const eq = line.indexOf("=");
      return eq === -1 ? [line, `\${${line}}`] : [line.slice(0, eq), line.slice(eq + 1)];
    });
  }
  return Object.entries(environment).map(([k, v]): [string, string] => [
    k,
    v === null ? `\${${k}}` : String(v),
  ]);
}

/** Kubernetes expands `$(NAME)` in values, commands and arguments; `$$(` keeps a literal `$(`. */
function kubernetesText(parts: readonly Segment[], renames: ReadonlyMap<string, string>): string {
  return parts
    .map((p) =>
      "variable" in p ? `$(${p.variable})` : renameHosts(p.text, renames).replace(/\$\(/g, "$$$$("),
    )
    .join("");
}

/**
 * A Compose service's variables, command and entrypoint as Kubernetes container fields. A value
 * that is one reference (`${POSTGRES_PASSWORD}`) reads the Secret (for secrets) or the ConfigMap;
 * a value that mixes text and references (`postgresql://${USER}:${PASSWORD}@db:5432/app`) becomes a
 * Kubernetes dependent variable (`$(USER)`), the variables it needs declared first from the Secret
 * or the ConfigMap. No value of a secret is ever written.
 *
 * @example
 * ```ts
 * containerEnv({ environment: { POSTGRES_PASSWORD: "${POSTGRES_PASSWORD}" } }, sources).env;
 * // [{ name: "POSTGRES_PASSWORD", valueFrom: { secretKeyRef: { name: "app-secrets", key: "POSTGRES_PASSWORD" } } }]
 * ```
 */
export function containerEnv(service: ComposeService, sources: EnvSources): ContainerEnv {
  const configKeys: string[] = [];
  const secretKeys: string[] = [];
  const references: EnvVar[] = [];
  const declared = new Set<string>();
  const reference = (name: string, variable: string) => {
    if (declared.has(name)) return;
    declared.add(name);
    if (sources.isSecret(variable)) {
      if (!secretKeys.includes(variable)) secretKeys.push(variable);
      references.push({ name, valueFrom: { secretKeyRef: { name: sources.secret, key: variable } } });
    } else {
      if (!configKeys.includes(variable)) configKeys.push(variable);
      references.push({ name, valueFrom: { configMapKeyRef: { name: sources.configMap, key: variable } } });
    }
  };
  const composed: EnvVar[] = [];
  const entries = keyValues(service.environment);
  // Plain references first: the composed values below may use them.
  for (const [key, value] of entries) {
    const parts = segments(value);
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only !== undefined && "variable" in only) reference(key, only.variable);
  }
  const needs = (parts: readonly Segment[]) => {
    for (const p of parts) if ("variable" in p) reference(p.variable, p.variable);
  };
  for (const [key, value] of entries) {
    if (declared.has(key)) continue;
    const parts = segments(value);
    needs(parts);
    composed.push({ name: key, value: kubernetesText(parts, sources.renames) });
  }
  const convert = (list: string[] | undefined) => {
    if (list === undefined) return undefined;
    return list.map((arg) => {
      const parts = segments(arg);
      needs(parts);
      return kubernetesText(parts, sources.renames);
    });
  };
  const command = convert(argumentList(service.entrypoint));
  const args = convert(argumentList(service.command));
  return {
    env: [...references, ...composed],
    ...(command !== undefined ? { command } : {}),
    ...(args !== undefined ? { args } : {}),
    configKeys,
    secretKeys,
  };
}
