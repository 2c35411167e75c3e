import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPortLedger, defaultLedgerPath } from "../../src/node/index.js";

let dir: string;
let a: string;
let b: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "slipway-ledger-"));
  a = join(dir, "a");
  b = join(dir, "b");
  await mkdir(a);
  await mkdir(b);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("defaultLedgerPath", () => {
  it("follows XDG_STATE_HOME, else ~/.local/state", () => {
    expect(defaultLedgerPath({ XDG_STATE_HOME: "/state" })).toBe(join("/state", "slipway", "ports.json"));
    expect(defaultLedgerPath({})).toBe(join(homedir(), ".local", "state", "slipway", "ports.json"));
  });

  it("is what createPortLedger uses without a file", () => {
    expect(createPortLedger(undefined, { env: { XDG_STATE_HOME: dir } }).file).toBe(
      join(dir, "slipway", "ports.json"),
    );
  });
});

describe("createPortLedger", () => {
  it("starts empty, records per project and replaces a project's entries", async () => {
    const ledger = createPortLedger(join(dir, "state", "ports.json"));
    expect(await ledger.held()).toEqual([]);
    await ledger.record([
      { project: b, service: "redis", port: 6400 },
      { project: a, service: "postgres", port: 5400 },
    ]);
    await ledger.record([{ project: a, service: "postgres", port: 5401 }]);
    expect(await ledger.held()).toEqual([
      { project: a, service: "postgres", port: 5401 },
      { project: b, service: "redis", port: 6400 },
    ]);
    const text = await readFile(ledger.file, "utf8");
    expect(JSON.parse(text)).toMatchObject({ version: 1 });
    expect(text.endsWith("\n")).toBe(true);
  });

  it("drops the entries of project folders that no longer exist", async () => {
    const ledger = createPortLedger(join(dir, "ports.json"));
    await ledger.record([
      { project: a, service: "postgres", port: 5400 },
      { project: b, service: "postgres", port: 5401 },
    ]);
    await rm(b, { recursive: true });
    expect(await ledger.held()).toEqual([{ project: a, service: "postgres", port: 5400 }]);
    const seen = await ledger.transaction(async (held) => ({ result: held.length }));
    expect(seen).toBe(1);
    expect(JSON.parse(await readFile(ledger.file, "utf8")).entries).toHaveLength(1);
  });

  it("serialises read-allocate-record across ledger objects of one file", async () => {
    const file = join(dir, "ports.json");
    const projects = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const p = join(dir, `project-${i}`);
        await mkdir(p);
        return p;
      }),
    );
    const ports = await Promise.all(
      projects.map((project) =>
        createPortLedger(file).transaction(async (held) => {
          const used = new Set(held.map((e) => e.port));
          let port = 5000;
          while (used.has(port)) port++;
          await new Promise((resolve) => setTimeout(resolve, 3));
          return { result: port, record: [{ project, service: "db", port }] };
        }),
      ),
    );
    expect(new Set(ports).size).toBe(8);
    expect((await createPortLedger(file).held()).map((e) => e.port).sort()).toEqual([
      5000, 5001, 5002, 5003, 5004, 5005, 5006, 5007,
    ]);
  });

  it("releases the lock when the transaction fails", async () => {
    const ledger = createPortLedger(join(dir, "ports.json"), { lockTimeout: 500 });
    await expect(
      ledger.transaction(async () => {
        throw new Error("allocation broke");
      }),
    ).rejects.toThrow("allocation broke");
    await expect(
      ledger.transaction(async () => ({ result: "ok", record: [{ project: a, service: "db", port: 5400 }] })),
    ).resolves.toBe("ok");
    expect(await ledger.held()).toEqual([{ project: a, service: "db", port: 5400 }]);
  });

  it("refuses a file that is not a ledger, naming it", async () => {
    const file = join(dir, "ports.json");
    await writeFile(file, "{ not json");
    await expect(createPortLedger(file).held()).rejects.toThrow(file);
    await writeFile(file, JSON.stringify({ version: 1, entries: [{ project: a, port: "x" }] }));
    await expect(createPortLedger(file).held()).rejects.toThrow(/project, service, port/);
  });
});
