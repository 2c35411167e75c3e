import { parse as parseYaml } from "yaml";
import { envValues, parseEnv } from "../env/index.js";
import type { ApplyResult, Plan } from "./types.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const CHECKS: [key: keyof Omit<Plan["metadata"]["validation"], "skipped">, label: string][] = [
  ["port_conflicts_checked", "Host ports free"],
  ["volume_paths_validated", "Volume paths"],
  ["network_names_unique", "Network names unique on the Docker engine"],
  ["secrets_placeholder", "No secret in clear"],
  ["dependency_graph_valid", "Dependency graph"],
];

/** One line a check: passed, failed, or not checked with the reason. */
function checkLines(validation: Plan["metadata"]["validation"]): string[] {
  return CHECKS.map(([key, label]) => {
    const value = validation[key];
    if (value === true) return `- ${label}: passed`;
    if (value === false) return `- ${label}: failed`;
    const reason = validation.skipped.find((s) => s.check === key)?.reason;
    return `- ${label}: not checked${reason === undefined ? "" : ` (${reason})`}`;
  });
}

function describeFile(plan: Plan, path: string): string {
  const file = plan.files.find((f) => f.path === path);
  if (file === undefined) return path;
  switch (file.kind) {
    case "compose": {
      const model = parseYaml(file.content) as {
        services?: object;
        networks?: object;
        volumes?: object;
      } | null;
      const count = (o: object | undefined) => Object.keys(o ?? {}).length;
      return `${path} (${plural(count(model?.services), "service")}, ${plural(count(model?.networks), "network")}, ${plural(count(model?.volumes), "volume")})`;
    }
    case "env":
      return path === ".env.example"
        ? `${path} (template for documentation)`
        : `${path} (${plural(Object.keys(envValues(parseEnv(file.content))).length, "variable")})`;
    case "metadata":
      return `${path} (metadata)`;
    default:
      return path;
  }
}

/**
 * The seed's final summary of a run: files with their counts, ports with reasons, the checks
 * (passed, failed, or not checked with the reason), next steps that work as written, and the
 * `INFRA_CONFIG:` marker as the last line.
 *
 * @example
 * ```ts
 * const text = formatSummary(plan, await applyPlan(plan, deps), { cd: "demo-output" });
 * process.stdout.write(text);
 * ```
 */
export function formatSummary(plan: Plan, result: ApplyResult, options: { cd?: string } = {}): string {
  const lines: string[] = [];
  const composeFile = plan.metadata.compose_file;
  const headline = result.dryRun
    ? "Dry run: infrastructure configuration planned, nothing written."
    : "✅ Infrastructure configuration generated successfully!";
  lines.push(headline, "");
  const shown = plan.files.filter((f) => f.kind !== "manifest");
  const written = new Set(result.written);
  const verb = result.dryRun ? "Files planned:" : "Files:";
  lines.push(verb);
  for (const f of shown) {
    const state = written.has(f.path)
      ? result.dryRun
        ? "would write"
        : f.action === "merge"
          ? "merged"
          : f.action === "create"
            ? "created"
            : f.action === "conflict"
              ? "overwritten"
              : "updated"
      : result.skipped.includes(f.path)
        ? "kept yours"
        : "unchanged";
    lines.push(`- ${describeFile(plan, f.path)} [${state}]`);
  }
  if (plan.ports.length > 0) {
    lines.push("", "Ports:");
    for (const p of plan.ports) lines.push(`- ${p.service}: ${p.port} (${p.reason}) ${p.explanation}`);
  }
  lines.push("", "Checks:", ...checkLines(plan.metadata.validation));
  const envFile = `.env.${plan.metadata.environment}`;
  const dc = `docker compose --env-file ${envFile} -f ${composeFile}`;
  lines.push("", "Next steps:");
  let step = 1;
  if (options.cd !== undefined && options.cd !== "" && options.cd !== ".")
    lines.push(`${step++}. cd ${JSON.stringify(options.cd)}`);
  lines.push(
    plan.metadata.environment === "development"
      ? `${step++}. Review .env.development and replace the placeholder API keys`
      : `${step++}. Set the variables ${envFile} references (\${…}) in your CI/CD or secret manager`,
  );
  // The lifecycle commands find docker-compose.yml and read .env.development by themselves.
  const flags = [
    ...(envFile === ".env.development" ? [] : [`--env ${envFile}`]),
    ...(composeFile === "docker-compose.yml" ? [] : [`-f ${composeFile}`]),
  ].join(" ");
  const slipway = (command: string) => `npx slipway ${command}${flags === "" ? "" : ` ${flags}`}`;
  lines.push(`${step++}. Start and wait until every service is healthy: ${slipway("up")}`);
  lines.push(`${step++}. Verify services: ${slipway("status")}`);
  lines.push(`${step++}. Check logs: ${slipway("logs --follow")}`);
  lines.push(`   With Compose alone: ${dc} up -d`);
  lines.push("", plan.marker);
  return `${lines.join("\n")}\n`;
}
