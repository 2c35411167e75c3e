import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { composeProjectName } from "../../src/compose/index.js";
import { planEnvFiles, renderEnv } from "../../src/env/index.js";
import { seededRandom } from "../fakes/random.js";
import { chiInput } from "./chi.js";

const DOC = new URL("../../docs/env.md", import.meta.url);

/** The CHI files as docs/env.md shows them: generated secrets masked so the page holds none. */
function chiBlocks(): Record<string, string> {
  // As `slipway generate` writes them for a checkout in /home/ada/chi-monitor.
  const composeProject = composeProjectName(chiInput.projectSlug, "/home/ada/chi-monitor");
  const files = planEnvFiles({ ...chiInput, composeProject }, { random: seededRandom(1) });
  const mask = (text: string) =>
    files.generatedSecrets.reduce((t, s) => t.replaceAll(s, `<random ${s.length} letters and digits>`), text);
  return {
    development: mask(renderEnv(files.development)),
    staging: renderEnv(files.staging),
    production: renderEnv(files.production),
    example: renderEnv(files.example),
  };
}

function withBlocks(page: string, blocks: Record<string, string>): string {
  let out = page;
  for (const [name, text] of Object.entries(blocks)) {
    const pattern = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated -->)`);
    out = out.replace(
      pattern,
      (_m, open: string, close: string) => `${open}\`\`\`bash\n${text}\`\`\`\n${close}`,
    );
  }
  return out;
}

describe("docs/env.md", () => {
  it("shows the four files planEnvFiles writes for the CHI example", () => {
    const page = readFileSync(DOC, "utf8");
    const expected = withBlocks(page, chiBlocks());
    if (process.env.UPDATE_DOCS === "1" && expected !== page) writeFileSync(DOC, expected);
    for (const name of ["development", "staging", "production", "example"])
      expect(page).toContain(`<!-- generated:${name} -->`);
    expect(page).toBe(expected);
  });
});
