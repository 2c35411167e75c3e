import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const fixtureDir = resolve(import.meta.dirname, "../fixtures/architecture");

/** The text of a fixture map. */
export function fixtureText(name: string): string {
  return readFileSync(resolve(fixtureDir, name, "architecture.json"), "utf8");
}

/** A fixture map, parsed. */
export function fixture(name: string): unknown {
  return JSON.parse(fixtureText(name));
}

export const FIXTURES = [
  "chi-monitor",
  "backend-only",
  "db-cache",
  "microservices",
  "symfony-frankenphp",
] as const;
