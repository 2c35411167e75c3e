import { describe, expect, it } from "vitest";
import pkg from "../../package.json";
import { run } from "./run.js";

describe("slipway CLI", () => {
  it("prints help with no arguments and with --help", async () => {
    for (const argv of [[], ["--help"], ["-h"]]) {
      const r = await run(argv);
      expect(r.code).toBe(0);
      expect(r.out).toContain("Usage: slipway <command>");
      expect(r.err).toBe("");
    }
  });

  it("prints the package version", async () => {
    const r = await run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(pkg.version);
  });

  it("exits 2 with one line on an unknown command or option", async () => {
    for (const argv of [["frobnicate"], ["--frob"]]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toMatch(/unknown (command|option)/);
    }
  });
});
