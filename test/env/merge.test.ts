import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  envValues,
  gitignoreFragment,
  mergeEnv,
  parseEnv,
  planEnvFiles,
  renderEnv,
  setEnvValue,
} from "../../src/env/index.js";
import { seededRandom } from "../fakes/random.js";
import { chiInput } from "./chi.js";

describe("setEnvValue", () => {
  it("replaces a value in place, keeping export, indentation and the inline comment", () => {
    const before = parseEnv("# App\n  export PORT=4000 # listen here\r\nLOG_LEVEL=debug");
    const after = setEnvValue(before, "PORT", "4001");
    expect(renderEnv(after)).toBe("# App\n  export PORT=4001  # listen here\r\nLOG_LEVEL=debug");
    expect(renderEnv(before)).toBe("# App\n  export PORT=4000 # listen here\r\nLOG_LEVEL=debug");
    expect(envValues(after).PORT).toBe("4001");
  });

  it("adds a new key at the end of its section, creating the section when missing", () => {
    let doc = parseEnv("# Logging\nLOG_LEVEL=info\n\n# Security\nBCRYPT_ROUNDS=10");
    doc = setEnvValue(doc, "LOG_FORMAT", "json", { section: "Logging" });
    doc = setEnvValue(doc, "JWT_SECRET", "x y", { section: "Security", comment: "rotate me" });
    doc = setEnvValue(doc, "ENABLE_DEBUG_MODE", "true", { section: "Feature Flags" });
    doc = setEnvValue(doc, "LAST", "1");
    expect(renderEnv(doc)).toBe(
      [
        "# Logging",
        "LOG_LEVEL=info",
        "LOG_FORMAT=json",
        "",
        "# Security",
        "BCRYPT_ROUNDS=10",
        "JWT_SECRET='x y'  # rotate me",
        "",
        "# Feature Flags",
        "ENABLE_DEBUG_MODE=true",
        "LAST=1",
        "",
      ].join("\n"),
    );
  });

  it("follows the document's line breaks and rejects invalid names", () => {
    const doc = setEnvValue(parseEnv("A=1\r\nB=2\r\n"), "C", "3");
    expect(renderEnv(doc)).toBe("A=1\r\nB=2\r\nC=3\r\n");
    const bad = setEnvValue(doc, "NOT VALID", "x");
    expect(renderEnv(bad)).toBe(renderEnv(doc));
    expect(bad.diagnostics).toEqual([
      expect.objectContaining({ code: "env/invalid-name", path: "NOT VALID" }),
    ]);
  });

  it("warns when Compose would read a value differently", () => {
    const doc = setEnvValue(parseEnv(""), "PATHISH", "C:\\data");
    expect(envValues(doc).PATHISH).toBe("C:\\data");
    expect(doc.diagnostics).toEqual([
      expect.objectContaining({ code: "env/compose-mismatch", severity: "warning" }),
    ]);
  });
});

describe("mergeEnv", () => {
  const generated = planEnvFiles(chiInput, { random: seededRandom(1) }).development;

  it("keeps every user value and comment, adds new keys in their sections, reports stale keys", () => {
    const existing = parseEnv(
      [
        "# Port Configuration",
        "POSTGRES_PORT=5432  # pinned: our firewall allows only this one",
        "",
        "# Database Configuration",
        "POSTGRES_USER=me",
        "POSTGRES_PASSWORD=earlier-generated",
        "",
        "# Mine",
        "MY_FLAG=1 # keep me",
        "OLD_SERVICE_URL=http://localhost:9999",
        "",
      ].join("\n"),
      { file: ".env.development" },
    );
    const merged = mergeEnv(existing, generated);
    expect(merged.diagnostics).toEqual([]);
    const text = renderEnv(merged.document);
    // The existing text is all still there, in order.
    expect(
      text.startsWith(
        "# Port Configuration\nPOSTGRES_PORT=5432  # pinned: our firewall allows only this one\n",
      ),
    ).toBe(true);
    expect(text).toContain("# Mine\nMY_FLAG=1 # keep me\nOLD_SERVICE_URL=http://localhost:9999\n");
    const values = envValues(merged.document);
    expect(values).toMatchObject({
      POSTGRES_PORT: "5432",
      POSTGRES_USER: "me",
      POSTGRES_PASSWORD: "earlier-generated",
    });
    expect(merged.kept).toEqual(["POSTGRES_PORT", "POSTGRES_USER", "POSTGRES_PASSWORD"]);
    expect(merged.added).toContain("POSTGRES_DB");
    expect(merged.added).toContain("JWT_SECRET");
    expect(merged.stale).toEqual(["MY_FLAG", "OLD_SERVICE_URL"]);
    // New keys went into their sections: BACKEND_PORT after the pinned port, POSTGRES_DB after the password.
    expect(text).toContain(
      "POSTGRES_PORT=5432  # pinned: our firewall allows only this one\nBACKEND_PORT=4000\nFRONTEND_PORT=3000\n\n",
    );
    expect(text).toContain("POSTGRES_PASSWORD=earlier-generated\nPOSTGRES_DB=chi_monitor_dev\n");
    expect(text).toContain("\n# Security\nJWT_SECRET=");
    // Merging again changes nothing.
    const again = mergeEnv(parseEnv(text), generated);
    expect(renderEnv(again.document)).toBe(text);
    expect(again.added).toEqual([]);
  });

  it("refuses a corrupt existing file and says where it is broken", () => {
    const existing = parseEnv('POSTGRES_PORT=5434\nPOSTGRES_PASSWORD="oops\nthis is not an entry\n', {
      file: ".env.development",
    });
    const merged = mergeEnv(existing, generated);
    expect(merged.diagnostics).toEqual([
      expect.objectContaining({
        code: "env/corrupt-existing",
        severity: "error",
        file: ".env.development",
        line: 2,
      }),
      expect.objectContaining({ code: "env/unterminated-quote", line: 2 }),
      expect.objectContaining({ code: "env/invalid-line", line: 3 }),
    ]);
    expect(merged.document).toBe(existing);
    expect(merged.added).toEqual([]);
  });

  it("merges into an empty file by adding everything", () => {
    const merged = mergeEnv(parseEnv(""), generated);
    expect(envValues(merged.document)).toEqual(envValues(generated));
    expect(merged.kept).toEqual([]);
  });
});

describe("gitignoreFragment", () => {
  it("ignores every .env file but .env.example", () => {
    const lines = gitignoreFragment().split("\n");
    expect(lines).toContain(".env*");
    expect(lines.indexOf("!.env.example")).toBeGreaterThan(lines.indexOf(".env*"));
  });

  it("is read so by git itself", () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-gitignore-"));
    try {
      expect(spawnSync("git", ["init", "-q"], { cwd: dir }).status).toBe(0);
      writeFileSync(join(dir, ".gitignore"), gitignoreFragment());
      const names = [
        ".env",
        ".env.development",
        ".env.staging",
        ".env.production",
        ".env.local.infra",
        ".env.example",
      ];
      for (const name of names) writeFileSync(join(dir, name), "A=1\n");
      const run = spawnSync("git", ["check-ignore", ...names], { cwd: dir, encoding: "utf8" });
      expect(run.stdout.trim().split("\n")).toEqual(names.filter((n) => n !== ".env.example"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
