import type { EnvPlanInput } from "../../src/env/index.js";

/** The CHI Monitor example of the provisioner seed: PostGIS on 5434, Express on 4000, React on 3000. */
export const chiInput: EnvPlanInput = {
  projectSlug: "chi-monitor",
  services: [{ name: "postgres", kind: "postgis", hostPort: 5434, containerPort: 5432 }],
  apps: [
    { name: "backend", kind: "backend", framework: "express", port: 4000, hostPort: 4000 },
    { name: "frontend", kind: "frontend", framework: "react", port: 3000, hostPort: 3000 },
  ],
  apiKeys: ["OPENAI_API_KEY", "MAPBOX_TOKEN"],
};
