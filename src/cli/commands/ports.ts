import { resolve } from "node:path";
import { allocatePorts, type PortRequest, portOverridesFromEnv } from "../../allocator/index.js";
import { isServiceKind, type ServiceKind } from "../../core/index.js";
import { createCryptoRandom, createPortLedger, createSocketProbe } from "../../node/index.js";
import type { Command } from "../context.js";
import { UsageError } from "../context.js";
import { parseCommandArgs, printDiagnostics, printJson, readTextFile } from "../io.js";

/** Other names people use for a kind. */
const ALIASES: Readonly<Record<string, ServiceKind>> = {
  postgresql: "postgres",
  pg: "postgres",
  mongo: "mongodb",
  rabbit: "rabbitmq",
  meili: "meilisearch",
  api: "backend",
  web: "frontend",
};

/** A service argument: `name` (its kind from the name) or `name:kind`. Unknown names get the backend range. */
function toRequest(arg: string): PortRequest {
  const [service = "", kindName, ...rest] = arg.split(":");
  if (service === "" || rest.length > 0) throw new UsageError(`invalid service '${arg}'`);
  if (kindName !== undefined) {
    const kind = isServiceKind(kindName) ? kindName : ALIASES[kindName];
    if (kind === undefined) throw new UsageError(`unknown kind '${kindName}' in '${arg}'`);
    return { service, kind };
  }
  const lower = service.toLowerCase();
  const kind = isServiceKind(lower) ? lower : (ALIASES[lower] ?? "backend");
  return { service, kind };
}

/** `slipway ports <service…>`: the host port each service gets in a project, and why. */
export const portsCommand: Command = {
  name: "ports",
  summary: "assign collision-free host ports to services and explain each choice",
  usage: "slipway ports <service[:kind]…> [--project-path P] [--ledger FILE] [--json]",
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      "project-path": { type: "string" },
      ledger: { type: "string" },
      json: { type: "boolean" },
    });
    if (positionals.length === 0) throw new UsageError("name at least one service");
    const requests = positionals.map(toRequest);
    const projectPath = resolve(ctx.cwd, values["project-path"] ?? ".");

    const envFile = resolve(projectPath, ".env.development");
    const envText = await readTextFile(ctx, envFile);
    const read =
      envText === undefined
        ? { ok: true as const, value: {}, diagnostics: [] }
        : portOverridesFromEnv(
            envText,
            requests.map((r) => r.service),
            { file: envFile },
          );
    if (!read.ok) {
      printDiagnostics(ctx, read.diagnostics);
      return 1;
    }

    const ledgerFile = values.ledger === undefined ? undefined : resolve(ctx.cwd, values.ledger);
    const result = await allocatePorts(requests, {
      projectPath,
      probe: createSocketProbe(),
      random: createCryptoRandom(),
      ledger: createPortLedger(ledgerFile, { env: ctx.env }),
      overrides: read.value,
    });
    if (!result.ok) {
      printDiagnostics(ctx, result.diagnostics);
      return 1;
    }
    if (values.json === true) {
      printJson(ctx, { projectPath, ...result.value, diagnostics: result.diagnostics });
    } else {
      for (const a of result.value.assignments) ctx.stdout(`${a.explanation} [${a.reason}]\n`);
    }
    printDiagnostics(ctx, result.diagnostics);
    return 0;
  },
};
