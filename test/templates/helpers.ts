import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TemplateFile, TemplateInput } from "../../src/templates/index.js";
import { renderTemplates } from "../../src/templates/index.js";

const fixtures = fileURLToPath(new URL("../fixtures/templates/", import.meta.url));

/** The names of the fixture cases under test/fixtures/templates/. */
export const CASES = readdirSync(fixtures).sort();

/** The input of one fixture case. */
export function loadCase(name: string): TemplateInput {
  return JSON.parse(readFileSync(join(fixtures, name, "input.json"), "utf8")) as TemplateInput;
}

/** Renders a case and fails the test when it does not render. */
export function renderCase(name: string): TemplateFile[] {
  const result = renderTemplates(loadCase(name));
  if (!result.ok) throw new Error(`case ${name} did not render: ${JSON.stringify(result.diagnostics)}`);
  return result.value;
}

/** The file at `path`, or a thrown error naming what exists. */
export function fileAt(files: TemplateFile[], path: string): TemplateFile {
  const file = files.find((f) => f.path === path);
  if (file === undefined) throw new Error(`no ${path} among ${files.map((f) => f.path).join(", ")}`);
  return file;
}

export interface DockerInstruction {
  keyword: string;
  args: string;
  line: number;
}

const KEYWORDS = new Set([
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
]);

/**
 * Parses a Dockerfile the way the Docker builder reads it: comment lines dropped (also inside
 * continuations), trailing backslashes join lines, each instruction a known keyword; exec-form
 * arguments must be JSON arrays of strings. Returns the instructions and every problem found.
 */
export function parseDockerfile(text: string): { instructions: DockerInstruction[]; errors: string[] } {
  const instructions: DockerInstruction[] = [];
  const errors: string[] = [];
  const lines = text.split("\n");
  let current: { text: string; line: number } | undefined;
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith("#")) return;
    if (current === undefined && trimmed === "") return;
    const continued = /\\\s*$/.test(raw);
    const piece = continued ? raw.replace(/\\\s*$/, "") : raw;
    if (current === undefined) current = { text: piece.trim(), line: i + 1 };
    else current.text += ` ${piece.trim()}`;
    if (!continued) {
      const match = /^([A-Za-z]+)\s+(.*)$/.exec(current.text);
      if (match === null) errors.push(`line ${current.line}: no instruction in "${current.text}"`);
      else {
        const keyword = match[1]!.toUpperCase();
        if (!KEYWORDS.has(keyword)) errors.push(`line ${current.line}: unknown instruction ${keyword}`);
        instructions.push({ keyword, args: match[2]!.trim(), line: current.line });
      }
      current = undefined;
    }
  });
  if (current !== undefined) errors.push("the file ends inside a line continuation");
  const firstReal = instructions.find((x) => x.keyword !== "ARG");
  if (firstReal?.keyword !== "FROM") errors.push("the first instruction (after ARG) is not FROM");
  for (const x of instructions) {
    let exec = x.args;
    if (x.keyword === "HEALTHCHECK") {
      const m = /^(?:--[a-z-]+=\S+\s+)*CMD\s+(.*)$/.exec(x.args);
      if (m === null) {
        if (x.args !== "NONE") errors.push(`line ${x.line}: HEALTHCHECK without CMD`);
        continue;
      }
      exec = m[1]!;
    }
    if (["CMD", "ENTRYPOINT", "RUN", "HEALTHCHECK", "SHELL"].includes(x.keyword) && exec.startsWith("[")) {
      try {
        const parsed: unknown = JSON.parse(exec);
        if (!Array.isArray(parsed) || parsed.some((p) => typeof p !== "string"))
          throw new Error("not strings");
      } catch {
        errors.push(`line ${x.line}: ${x.keyword} exec form is not a JSON array of strings`);
      }
    }
    if (x.keyword === "EXPOSE" && !x.args.split(/\s+/).every((p) => /^\d{1,5}(\/(tcp|udp))?$/.test(p))) {
      errors.push(`line ${x.line}: EXPOSE ${x.args} is not a port list`);
    }
  }
  return { instructions, errors };
}

/** The instructions of the last build stage (the image that runs). */
export function finalStage(instructions: DockerInstruction[]): DockerInstruction[] {
  let start = 0;
  instructions.forEach((x, i) => {
    if (x.keyword === "FROM") start = i;
  });
  return instructions.slice(start);
}
