import { describe, expect, it } from "vitest";
import { type ComposeFile, joinSharedNetworks } from "../../src/compose/index.js";

const model: ComposeFile = {
  services: {
    api: { image: "api:1", networks: ["app_network"] },
    worker: { image: "api:1", networks: { app_network: { aliases: ["w"] } } },
    db: { image: "postgres:16", networks: ["app_network"] },
  },
  networks: { app_network: { driver: "bridge" } },
};

describe("joinSharedNetworks", () => {
  it("adds the networks after the service's own, in either form, and declares them external", () => {
    const out = joinSharedNetworks(model, {
      api: ["forge-network"],
      worker: ["forge-network"],
      ghost: ["x"],
    });
    expect(out.services.api?.networks).toEqual(["app_network", "forge-network"]);
    expect(out.services.worker?.networks).toEqual({ app_network: { aliases: ["w"] }, "forge-network": null });
    expect(out.services.db?.networks).toEqual(["app_network"]);
    expect(out.networks).toEqual({ app_network: { driver: "bridge" }, "forge-network": { external: true } });
    expect(model.services.api?.networks).toEqual(["app_network"]);
  });

  it("adds a network once", () => {
    const out = joinSharedNetworks(model, { api: ["app_network"] });
    expect(out.services.api?.networks).toEqual(["app_network"]);
    expect(out.networks).toEqual({ app_network: { driver: "bridge" } });
  });
});
