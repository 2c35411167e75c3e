import { describe, expect, it } from "vitest";
import { KNOWN_TECHS } from "../../src/architecture/index.js";
import { resolveInfraTech } from "../../src/architecture/techs.js";
import { APP_KINDS, INFRA_TECH_WORDS, infraKinds, SERVICE_KINDS } from "../../src/core/kinds.js";

describe("one table of techs", () => {
  it("lists one tech for every infrastructure kind, each naming that kind", () => {
    expect(KNOWN_TECHS.map((tech) => resolveInfraTech(tech))).toEqual(infraKinds());
  });

  it("splits the service kinds into infrastructure and app kinds, nothing left over", () => {
    expect([...infraKinds(), ...APP_KINDS].sort()).toEqual([...SERVICE_KINDS].sort());
    expect(Object.keys(INFRA_TECH_WORDS).sort()).toEqual(infraKinds().sort());
  });
});
