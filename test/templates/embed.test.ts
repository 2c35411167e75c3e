import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUNDLED_SOURCES } from "../../src/templates/sources.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const templatesDir = join(root, "templates");

function readTemplates(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(found, readTemplates(full));
    else if (entry.name.endsWith(".eta")) {
      found[relative(templatesDir, full).split(sep).join("/")] = readFileSync(full, "utf8").replace(
        /\r\n/g,
        "\n",
      );
    }
  }
  return found;
}

describe("embedded template sources", () => {
  it("src/templates/sources.ts matches templates/**/*.eta", () => {
    const onDisk = readTemplates(templatesDir);
    const stale = Object.keys({ ...onDisk, ...BUNDLED_SOURCES }).filter(
      (name) => onDisk[name] !== BUNDLED_SOURCES[name],
    );
    expect(
      stale,
      `src/templates/sources.ts is out of date with templates/ (${stale.join(", ")}): run \`node scripts/embed-templates.mjs\``,
    ).toEqual([]);
  });

  it("the script's --check agrees", () => {
    const run = spawnSync(process.execPath, [join(root, "scripts", "embed-templates.mjs"), "--check"], {
      encoding: "utf8",
    });
    expect(run.stderr, "run `node scripts/embed-templates.mjs`").toBe("");
    expect(run.status).toBe(0);
  });
});
