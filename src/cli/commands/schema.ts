import { architectureJsonSchema } from "../../architecture/index.js";
import type { Command } from "../context.js";
import { UsageError } from "../context.js";
import { parseCommandArgs, printJson } from "../io.js";

/** The JSON Schemas the CLI can print, by name. */
const SCHEMAS: Record<string, () => object> = {
  architecture: architectureJsonSchema,
};

/** `slipway schema <name>`: prints a published JSON Schema. */
export const schemaCommand: Command = {
  name: "schema",
  summary: "print a JSON Schema (architecture) for editors and other tools",
  usage: `slipway schema <${Object.keys(SCHEMAS).join("|")}>`,
  async run(args, ctx) {
    const { positionals } = parseCommandArgs(args, {});
    const [name, ...extra] = positionals;
    if (name === undefined) throw new UsageError("missing schema name");
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const schema = Object.hasOwn(SCHEMAS, name) ? SCHEMAS[name] : undefined;
    if (schema === undefined)
      throw new UsageError(`unknown schema '${name}' (known: ${Object.keys(SCHEMAS).join(", ")})`);
    printJson(ctx, schema());
    return 0;
  },
};
