import { readFileSync } from "node:fs";
import { join } from "node:path";
import dotenv from "dotenv";
import { describe, expect, it } from "vitest";
import {
  CORPUS,
  composeFindings,
  corpusFiles,
  dockerCompose129,
  type Expected,
  envFindings,
  envRoundTrip,
  hasDockerCompose,
  isEnvFile,
  roundTrip,
  sortFindings,
} from "./corpus.js";

const files = corpusFiles();
const expected = (file: string): Expected =>
  JSON.parse(readFileSync(join(CORPUS, `${file}.expected.json`), "utf8")) as Expected;
const withoutVerdict = (list: Expected["findings"]) =>
  sortFindings(list.map(({ verdict: _v, why: _w, ...finding }) => finding));

describe("real-world corpus", () => {
  it("holds public Compose and env files, each with its expectations", () => {
    expect(files.filter((f) => !isEnvFile(f)).length).toBeGreaterThanOrEqual(40);
    expect(files.filter(isEnvFile).length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const e = expected(file);
      for (const f of e.findings) expect(f.why.length, `${file} ${f.code}`).toBeGreaterThan(20);
    }
  });

  it("reports no error a person would call false: every error is in the expectations", () => {
    const errors = files.flatMap((f) => expected(f).findings.filter((x) => x.severity === "error"));
    // The errors of the corpus are all in files Compose refuses too (test cases, fragments, an empty file).
    expect(new Set(errors.map((e) => e.code))).toEqual(
      new Set(["depends/cycle", "image/missing", "compose/empty-file"]),
    );
  });

  for (const file of files.filter((f) => !isEnvFile(f))) {
    describe(file, () => {
      it("gives the expected findings", async () => {
        const e = expected(file);
        const r = await composeFindings(file);
        expect(r.parsed ? "ok" : "error").toBe(e.parse);
        expect(r.findings).toEqual(withoutVerdict(e.findings));
      });

      it("round-trips: render then parse gives the same model and tags", () => {
        expect(roundTrip(file).equal).toBe(true);
      });

      it("is accepted by docker-compose 1.29 config, or rejected for the reason recorded", () => {
        if (!hasDockerCompose()) {
          // Only CI must have the tool; elsewhere the check is left to CI.
          expect(process.env.CI === "true" ? "docker-compose missing" : "skipped").toBe("skipped");
          return;
        }
        const e = expected(file);
        const got = dockerCompose129(file);
        if (e.dockerCompose129 === "accepts") expect(got).toBe("accepts");
        else expect(got, `${file} is now accepted: update its expectations`).not.toBe("accepts");
      });
    });
  }

  for (const file of files.filter(isEnvFile)) {
    it(`${file}: the expected findings, byte-identical render and dotenv's values`, () => {
      const e = expected(file);
      const r = envFindings(file);
      expect(r.parsed ? "ok" : "error").toBe(e.parse);
      expect(r.findings).toEqual(withoutVerdict(e.findings));
      const { bytes, values } = envRoundTrip(file);
      expect(bytes).toBe(true);
      if (r.parsed) expect(values).toEqual(dotenv.parse(readFileSync(join(CORPUS, file), "utf8")));
    });
  }
});
