import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { scanText } from "../../src/secrets/index.js";
import { type LabelledFile, labelledCorpus } from "./eval/generator.js";

// Independent evaluation: a corpus from a generator written apart from the benchmark's (the rules
// were tuned on that one), and real public files labelled by hand (test/fixtures/secrets/real,
// sources in SOURCES.md). A line counts as flagged when a finding that is not a placeholder starts
// on it.

interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  wrong: string[];
}

function score(files: readonly LabelledFile[]): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const wrong: string[] = [];
  for (const f of files) {
    const text = `${f.lines.map((l) => l.text).join("\n")}\n`;
    const flagged = new Set(
      scanText(text, { file: f.path })
        .filter((x) => x.placeholder !== true)
        .map((x) => x.line),
    );
    f.lines.forEach((l, i) => {
      const hit = flagged.has(i + 1);
      if (l.label === "pos" && hit) tp++;
      else if (l.label === "pos") {
        fn++;
        wrong.push(`miss ${f.path}:${i + 1} ${l.text.slice(0, 100)}`);
      } else if (hit) {
        fp++;
        wrong.push(`false alarm ${f.path}:${i + 1} ${l.text.slice(0, 100)}`);
      }
    });
  }
  return {
    tp,
    fp,
    fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    wrong,
  };
}

const REAL = join(import.meta.dirname, "../fixtures/secrets/real");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function realFiles(): LabelledFile[] {
  const labels = JSON.parse(readFileSync(join(REAL, "labels.json"), "utf8")) as {
    positives: Record<string, number[]>;
  };
  return walk(REAL)
    .map((path) => relative(REAL, path))
    .filter((path) => path.includes("/"))
    .sort()
    .map((path) => {
      const positives = new Set(labels.positives[path] ?? []);
      const text = readFileSync(join(REAL, path), "utf8");
      const lines = text.split("\n");
      if (lines[lines.length - 1] === "") lines.pop();
      return {
        path,
        lines: lines.map((t, i) => ({ text: t, label: positives.has(i + 1) ? "pos" : "neg" }) as const),
      };
    });
}

describe("independent evaluation", () => {
  it.each([11, 29])("generated corpus (seed %i): precision and recall ≥ 0.98", (seed) => {
    const files = labelledCorpus(700, seed);
    const s = score(files);
    const summary = `TP ${s.tp} FP ${s.fp} FN ${s.fn}\n${s.wrong.slice(0, 30).join("\n")}`;
    expect(s.tp, summary).toBeGreaterThan(500);
    expect(s.precision, summary).toBeGreaterThanOrEqual(0.98);
    expect(s.recall, summary).toBeGreaterThanOrEqual(0.98);
  });

  it("real public files: precision and recall ≥ 0.98", () => {
    const files = realFiles();
    expect(files.length).toBeGreaterThanOrEqual(100);
    const s = score(files);
    const summary = `TP ${s.tp} FP ${s.fp} FN ${s.fn}\n${s.wrong.join("\n")}`;
    expect(s.tp, summary).toBeGreaterThanOrEqual(20);
    expect(s.precision, summary).toBeGreaterThanOrEqual(0.98);
    expect(s.recall, summary).toBeGreaterThanOrEqual(0.98);
  });

  it("real translation files (prose): no error-level finding", () => {
    const prose = realFiles().filter((f) => f.path.includes("/locales/"));
    expect(prose.length).toBeGreaterThanOrEqual(20);
    for (const f of prose) {
      const text = f.lines.map((l) => l.text).join("\n");
      expect(
        scanText(text, { file: f.path }).filter((x) => x.severity === "error"),
        f.path,
      ).toEqual([]);
    }
  });
});
