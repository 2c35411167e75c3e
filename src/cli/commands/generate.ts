import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ENVIRONMENTS, type Environment } from "../../core/index.js";
import { createNodeDeps } from "../../node/deps.js";
import { applyPlan, formatSummary, type PlanInput, planEnvironment } from "../../plan/index.js";
import { parseRegistry } from "../../registry/index.js";
import type { Command } from "../context.js";
import { UsageError } from "../context.js";
import { parseCommandArgs, printDiagnostics, printJson, readTextFile } from "../io.js";

/** An argument that names a file: a map or text file's extension, or one word with a folder separator or a leading `.` or `~`. */
function looksLikePath(arg: string): boolean {
  if (/\.(json|jsonc|json5|ya?ml|txt|md)$/i.test(arg)) return true;
  return !/\s/.test(arg) && (/[/\\]/.test(arg) || /^[.~]/.test(arg));
}

export const generate: Command = {
  name: "generate",
  summary:
    "generate docker-compose.yml, .env files, metadata and starter files from an architecture map or text",
  usage:
    'slipway generate <architecture.json | "requirements text"> [--env development|staging|production] [--out DIR] [--project-path P] [--compose-file docker-compose.yml|compose.yaml] [--target compose-spec|compose-v1] [--no-templates] [--env-prefix NAME] [--registry FILE --app NAME] [--platform kubernetes[,swarm]] [--ledger FILE] [--minimal] [--dry-run] [--force] [--json]',
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      env: { type: "string" },
      out: { type: "string" },
      "project-path": { type: "string" },
      "compose-file": { type: "string" },
      target: { type: "string" },
      "no-templates": { type: "boolean" },
      ledger: { type: "string" },
      "env-prefix": { type: "string" },
      registry: { type: "string" },
      app: { type: "string" },
      minimal: { type: "boolean" },
      platform: { type: "string" },
      "dry-run": { type: "boolean" },
      force: { type: "boolean" },
      json: { type: "boolean" },
    });
    if (positionals.length > 1)
      throw new UsageError("expected one architecture map or one quoted requirements text");
    const environment = values.env ?? "development";
    if (!(ENVIRONMENTS as readonly string[]).includes(environment)) {
      throw new UsageError(`--env must be one of ${ENVIRONMENTS.join(", ")}`);
    }
    const composeFile = values["compose-file"] ?? "docker-compose.yml";
    if (composeFile !== "docker-compose.yml" && composeFile !== "compose.yaml") {
      throw new UsageError("--compose-file must be docker-compose.yml or compose.yaml");
    }
    const target = values.target ?? "compose-spec";
    if (target !== "compose-spec" && target !== "compose-v1")
      throw new UsageError("--target must be compose-spec or compose-v1");

    const outArg = values.out ?? ".";
    const out = resolve(ctx.cwd, outArg);
    const projectPath = resolve(ctx.cwd, values["project-path"] ?? outArg);
    const input: PlanInput = {
      projectPath,
      environment: environment as Environment,
      composeFile,
      composeTarget: target,
      templates: values["no-templates"] !== true,
    };
    const envPrefix = values["env-prefix"];
    if (envPrefix !== undefined) {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(envPrefix))
        throw new UsageError("--env-prefix must be a variable-name prefix such as TILEMUD");
      input.infraEnv = { prefix: envPrefix };
    }
    if (values.platform !== undefined) {
      const platforms = values.platform.split(",").map((p) => p.trim());
      const unknown = platforms.filter((p) => p !== "kubernetes" && p !== "swarm");
      if (unknown.length > 0 || platforms.length === 0)
        throw new UsageError("--platform takes kubernetes, swarm or kubernetes,swarm");
      input.platforms = platforms as ("kubernetes" | "swarm")[];
    }
    if ((values.registry === undefined) !== (values.app === undefined)) {
      throw new UsageError("--registry and --app go together");
    }
    if (values.registry !== undefined && values.app !== undefined) {
      const text = await readTextFile(ctx, values.registry);
      if (text === undefined) throw new UsageError(`registry not found: ${values.registry}`);
      const registry = parseRegistry(text, { file: values.registry });
      if (!registry.ok) {
        printDiagnostics(ctx, registry.diagnostics);
        ctx.stderr("slipway: generation failed; no file was written\n");
        return 1;
      }
      input.registry = { registry: registry.value, application: values.app };
    }
    const arg = positionals[0];
    if (values.minimal === true && arg !== undefined)
      throw new UsageError("--minimal takes no architecture map or requirements text");
    if (values.minimal !== true && arg === undefined)
      throw new UsageError(
        "name an architecture map or requirements text, or pass --minimal for a PostgreSQL-only project",
      );
    // The options that shape the files, for the header's regenerate command (add-service reads them back).
    const shaping = [
      ...(environment !== "development" ? ["--env", environment] : []),
      ...(composeFile !== "docker-compose.yml" ? ["--compose-file", composeFile] : []),
      ...(values.target !== undefined && target !== "compose-spec" ? ["--target", target] : []),
      ...(values["no-templates"] === true ? ["--no-templates"] : []),
      ...(envPrefix !== undefined ? ["--env-prefix", envPrefix] : []),
      ...(values.registry !== undefined && values.app !== undefined
        ? ["--registry", values.registry, "--app", values.app]
        : []),
      ...(input.platforms !== undefined ? ["--platform", input.platforms.join(",")] : []),
    ]
      .map(shellWord)
      .join(" ");
    const regenerate = (first: string) =>
      `npx slipway generate ${first}${shaping === "" ? "" : ` ${shaping}`}`;
    if (values.minimal === true) input.regenerateCommand = regenerate("--minimal");
    if (arg !== undefined) {
      if (arg.trim() === "") throw new UsageError("the architecture map path or requirements text is empty");
      // A folder is a usage error from readTextFile.
      const text = existsSync(resolve(ctx.cwd, arg)) ? await readTextFile(ctx, arg) : undefined;
      if (text !== undefined) {
        input.architecture = text;
        input.source = arg;
        input.regenerateCommand = regenerate(shellWord(arg));
      } else if (looksLikePath(arg)) {
        // A mistyped path must not quietly become a PostgreSQL-only project: the fallback needs --minimal.
        throw new UsageError(`no such file: ${arg}`);
      } else {
        input.requirements = arg;
        input.regenerateCommand = regenerate(shellWord(arg));
      }
    }

    const deps = createNodeDeps({
      root: out,
      sourceDateEpoch: ctx.env.SOURCE_DATE_EPOCH,
      ...(values.ledger !== undefined ? { ledgerFile: resolve(ctx.cwd, values.ledger) } : {}),
    });
    const plan = await planEnvironment(input, deps);
    const result = plan.ok
      ? await applyPlan(plan, deps, { dryRun: values["dry-run"] === true, force: values.force === true })
      : undefined;
    const diagnostics = [...plan.diagnostics, ...(result?.diagnostics ?? [])];
    const ok = plan.ok && result?.ok === true;
    // Without an apply (the plan has errors), the files that would conflict are still named.
    const conflicts =
      result?.conflicts ??
      plan.files
        .filter((f) => f.action === "conflict")
        .map((f) => ({
          path: f.path,
          reason: "exists and was not written by slipway, or was changed since",
          ...(f.diff ? { diff: f.diff } : {}),
        }));
    if (values.json) {
      printJson(ctx, {
        ok,
        dryRun: values["dry-run"] === true,
        files: plan.files.map((f) => ({ path: f.path, kind: f.kind, action: f.action })),
        written: result?.written ?? [],
        skipped: result?.skipped ?? [],
        conflicts,
        ports: plan.ports,
        tiers: plan.tiers,
        diagnostics,
        metadata: plan.metadata,
        marker: plan.marker,
      });
      return ok ? 0 : 1;
    }
    printDiagnostics(
      ctx,
      diagnostics.filter((d) => d.severity !== "info" || !ok),
    );
    if (!ok) {
      for (const c of conflicts) if (c.diff) ctx.stderr(c.diff);
      ctx.stderr("slipway: generation failed; no file was written\n");
      return 1;
    }
    ctx.stdout(formatSummary(plan, result!, { cd: values.out ?? "." }));
    return 0;
  },
};

/**
 * One word for a POSIX shell, as the regenerate command in the files' headers shows it: bare when
 * it is plain, else single-quoted; control characters (a newline would end the header comment's
 * line) become spaces.
 */
function shellWord(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, " ");
  return /^[\w@%+=:,./-]+$/.test(flat) ? flat : `'${flat.replace(/'/g, "'\\''")}'`;
}
