import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { loadCompose, parseCompose, renderCompose } from "../../src/compose/index.js";
import { composeTags } from "../../src/compose/tags.js";
import type { Diagnostic } from "../../src/core/index.js";
import { envValues, parseEnv, renderEnv } from "../../src/env/index.js";
import { validateCompose } from "../../src/graph/index.js";

/** The folder of public Compose and env files, with their expectations beside them. */
export const CORPUS = resolve(import.meta.dirname, "../fixtures/real-world");

/** A finding as the expectations record it. */
export interface Finding {
  code: string;
  severity: string;
  path?: string;
  file?: string;
}

/** What `<file>.expected.json` says about one Compose or env file. */
export interface Expected {
  /** `ok` when slipway reads the file, else `error` (with the findings saying why). */
  parse: "ok" | "error";
  /** Every finding, each judged by a person: `genuine` with the reason. */
  findings: (Finding & { verdict: "genuine"; why: string })[];
  /** Compose files: whether docker-compose 1.29 `config -q` accepts it, or why it does not. */
  dockerCompose129?: "accepts" | { rejects: string };
}

/** Every Compose (`.yml`/`.yaml`) and env (`.env`, `*.env`) file of the corpus, relative to it, sorted. */
export function corpusFiles(dir = CORPUS): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...corpusFiles(full));
    else if (/\.(ya?ml|env)$/.test(entry.name) || entry.name === ".env") out.push(relative(CORPUS, full));
  }
  return out.sort();
}

/** True for env files. */
export function isEnvFile(file: string): boolean {
  return file.endsWith(".env");
}

function strip(d: Diagnostic): Finding {
  const f: Finding = { code: d.code, severity: d.severity };
  if (d.path !== undefined) f.path = d.path;
  if (d.file !== undefined && d.file !== "main") f.file = d.file;
  return f;
}

/** Sorted for comparison: by code, then path, then file. */
export function sortFindings<T extends Finding>(list: readonly T[]): T[] {
  const key = (f: Finding) => `${f.code}\u0000${f.path ?? ""}\u0000${f.file ?? ""}\u0000${f.severity}`;
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** What slipway reports on one Compose file: the reader's diagnostics, then the graph rules'. */
export async function composeFindings(file: string): Promise<{ parsed: boolean; findings: Finding[] }> {
  const text = readFileSync(join(CORPUS, file), "utf8");
  const folder = dirname(file);
  const included: Record<string, string | undefined> = {};
  const main = { file: "main", text };
  let loaded = loadCompose(main, { included });
  for (let round = 0; round < 8; round++) {
    const unread = loaded.includes.filter((p) => !Object.hasOwn(included, p));
    if (unread.length === 0) break;
    for (const p of unread) {
      const path = join(CORPUS, folder, p);
      included[p] = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    }
    loaded = loadCompose(main, { included });
  }
  const found = [...loaded.diagnostics];
  if (loaded.compose !== undefined) found.push(...(await validateCompose(loaded.compose)));
  return { parsed: loaded.compose !== undefined, findings: sortFindings(found.map(strip)) };
}

/** What slipway reports on one env file. */
export function envFindings(file: string): { parsed: boolean; findings: Finding[] } {
  const doc = parseEnv(readFileSync(join(CORPUS, file), "utf8"));
  return {
    parsed: !doc.diagnostics.some((d) => d.severity === "error"),
    findings: sortFindings(doc.diagnostics.map(strip)),
  };
}

/** parse → render → parse: the same model and the same `!reset`/`!override` tags. */
export function roundTrip(file: string): { equal: boolean; model?: unknown; again?: unknown } {
  const first = parseCompose(readFileSync(join(CORPUS, file), "utf8"));
  if (!first.ok) return { equal: true };
  const again = parseCompose(renderCompose(first.value, { header: false }));
  if (!again.ok) return { equal: false, model: first.value, again: again.diagnostics };
  // Equal in meaning: the same values and tags; the order of keys in a mapping carries no meaning.
  const same =
    isDeepStrictEqual(JSON.parse(JSON.stringify(first.value)), JSON.parse(JSON.stringify(again.value))) &&
    isDeepStrictEqual(composeTags(first.value), composeTags(again.value));
  return { equal: same, model: first.value, again: again.value };
}

/** The env round trip: byte for byte, and dotenv's values where slipway reports no error. */
export function envRoundTrip(file: string): { bytes: boolean; values: Record<string, string> } {
  const text = readFileSync(join(CORPUS, file), "utf8");
  const doc = parseEnv(text);
  return { bytes: renderEnv(doc) === text, values: envValues(doc) };
}

let dockerComposeFound: boolean | undefined;

/** True when Debian's docker-compose (1.x) is on the PATH (asked once). */
export function hasDockerCompose(): boolean {
  if (dockerComposeFound === undefined) {
    try {
      execFileSync("docker-compose", ["version", "--short"], { stdio: "pipe" });
      dockerComposeFound = true;
    } catch {
      dockerComposeFound = false;
    }
  }
  return dockerComposeFound;
}

/**
 * `docker-compose -f FILE config -q`: `accepts`, or the first line of its complaint. It runs on a
 * copy of the file's folder where the build contexts and env files the file names exist (empty):
 * the corpus keeps Compose files, not the projects' sources, and 1.29 checks that those paths exist.
 */
export function dockerCompose129(file: string): "accepts" | { rejects: string } {
  const work = mkdtempSync(join(tmpdir(), "slipway-corpus-"));
  try {
    cpSync(join(CORPUS, dirname(file)), work, { recursive: true });
    const parsed = parseCompose(readFileSync(join(CORPUS, file), "utf8"));
    if (parsed.ok) {
      for (const service of Object.values(parsed.value.services)) {
        const build = service.build;
        const context = typeof build === "string" ? build : build?.context;
        if (context !== undefined && !context.includes("$") && !/^[a-z]+:\/\//.test(context))
          mkdirSync(join(work, context), { recursive: true });
        const envFiles = service.env_file === undefined ? [] : [service.env_file].flat();
        for (const entry of envFiles) {
          const path = typeof entry === "string" ? entry : entry.path;
          if (path.includes("$") || existsSync(join(work, path))) continue;
          mkdirSync(dirname(join(work, path)), { recursive: true });
          writeFileSync(join(work, path), "");
        }
      }
    }
    const base = file.split("/").pop() as string;
    const r = spawnSync("docker-compose", ["-f", join(work, base), "config", "-q"], {
      cwd: work,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp" },
    });
    if (r.status === 0) return "accepts";
    const lines = `${r.stderr}`
      .split("\n")
      .filter((l) => l.trim() !== "" && !/^WARNING/.test(l))
      .map((l) => l.split(work).join("<folder>"));
    return { rejects: lines.slice(0, 2).join(" ") || `exit ${r.status}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
