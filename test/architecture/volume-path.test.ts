import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseArchitecture } from "../../src/architecture/index.js";
import { volumePathProblem } from "../../src/architecture/volume-path.js";

function volumeDiagnostics(volume: string) {
  const r = parseArchitecture({
    project: { name: "shop" },
    infrastructure: [{ type: "database", tech: "postgresql", volume }],
  });
  return r.diagnostics.filter((d) => d.code === "map/unsafe-volume");
}

describe("map/unsafe-volume: host paths are judged by where they lead", () => {
  it.each([
    "/",
    "/etc",
    "~",
    "../../../../../../etc",
    "./../../../etc",
    "~/.ssh",
    ".",
    "./",
    "data/..",
    "./pg\ndata",
    "./pg\u0000data",
    "./pg\tdata",
    "/var/run/docker.sock",
    "/run/docker.sock",
    "./docker.sock",
    "/var",
    "/var/lib/docker/volumes",
    "/usr/local/pg",
    "/home/alice",
    "/home/alice/.aws",
    "/Users/bob/.config",
    "/root/pg",
    "~bob/.ssh",
    "$HOME/pg",
    "$" + "{HOME}",
    "./.env.development",
    "./.git",
    "..",
    "../postgres-data",
    "C:\\",
    "C:\\Windows\\System32",
    "C:\\Users\\bob",
    "/etc/../../etc",
    "//etc//",
    "/srv/./../etc/passwd",
  ])("refuses %j", (volume) => {
    expect(volumeDiagnostics(volume)).toMatchObject([
      { code: "map/unsafe-volume", severity: "error", path: "infrastructure[0].volume" },
    ]);
  });

  it.each([
    "./postgres-data",
    "./data/pg",
    "./x y/pg data",
    "data/pg",
    "/srv/pg",
    "/srv/mongo",
    "/opt/data/pg",
    "/var/lib/postgres-data",
    "/home/alice/pg-data",
    "./a/../pg",
    "postgres-data",
    "D:\\data\\pg",
  ])("accepts %j", (volume) => {
    expect(volumeDiagnostics(volume)).toEqual([]);
    expect(
      parseArchitecture({ project: { name: "shop" }, infrastructure: [{ tech: "postgresql", volume }] }).ok,
    ).toBe(true);
  });

  it("names the line and column when the map is text", () => {
    const text =
      '{\n  "project": { "name": "shop" },\n  "infrastructure": [\n    { "tech": "postgresql", "volume": "./../../../etc" }\n  ]\n}\n';
    const r = parseArchitecture(text, { file: "architecture.json" });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toMatchObject([
      {
        code: "map/unsafe-volume",
        path: "infrastructure[0].volume",
        file: "architecture.json",
        line: 4,
        column: 29,
      },
    ]);
  });
});

/** Segments that lead nowhere new: `.`, an empty segment (`a//b`), or a name followed by `..`. */
const detour = fc.oneof(
  fc.constant("."),
  fc.constant("./"),
  fc.stringMatching(/^[a-z0-9_-]{1,8}$/).map((name) => `${name}/..`),
);

/** A path spelt with random detours between its real segments. */
function spelt(prefix: string, segments: readonly string[], detours: readonly string[][]): string {
  const parts: string[] = [];
  segments.forEach((segment, i) => {
    parts.push(...(detours[i] ?? []), segment);
  });
  parts.push(...(detours[segments.length] ?? []));
  return `${prefix}${parts.join("/")}`;
}

const detours = fc.array(fc.array(detour, { maxLength: 3 }), { minLength: 8, maxLength: 8 });

describe("volumePathProblem on generated traversal paths", () => {
  it("refuses every spelling of a system, home or socket target", () => {
    const targets = fc.constantFrom(
      { prefix: "/", segments: ["etc"] },
      { prefix: "/", segments: [] as string[] },
      { prefix: "/", segments: ["var", "run", "docker.sock"] },
      { prefix: "/", segments: ["usr", "lib"] },
      { prefix: "/", segments: ["home", "alice"] },
      { prefix: "/", segments: ["home", "alice", ".ssh"] },
      { prefix: "~/", segments: [".ssh"] },
      { prefix: "~/", segments: [] as string[] },
      { prefix: "./", segments: [] as string[] },
      { prefix: "", segments: [".env.development"] },
    );
    fc.assert(
      fc.property(targets, detours, ({ prefix, segments }, ds) => {
        expect(volumePathProblem(spelt(prefix, segments, ds))).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  it("refuses every relative path that climbs out of the output folder", () => {
    const climb = fc.integer({ min: 1, max: 8 });
    const rest = fc.array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { maxLength: 4 });
    fc.assert(
      fc.property(fc.constantFrom("", "./"), climb, rest, detours, (prefix, up, tail, ds) => {
        const path = spelt(prefix, [...Array.from({ length: up }, () => ".."), ...tail], ds);
        expect(volumePathProblem(path)).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  it("refuses a path with any control character, wherever it is", () => {
    const control = fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.string(), control, fc.string(), (before, c, after) => {
        expect(volumePathProblem(`./${before}${c}${after}`)).toBeDefined();
      }),
    );
  });

  it("accepts every spelling of a folder inside the output folder", () => {
    const inside = fc.array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.constantFrom("", "./"), inside, detours, (prefix, segments, ds) => {
        expect(volumePathProblem(spelt(prefix, segments, ds))).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});
