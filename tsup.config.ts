import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: {
      index: "src/index.ts",
      architecture: "src/architecture/index.ts",
      allocator: "src/allocator/index.ts",
      compose: "src/compose/index.ts",
      env: "src/env/index.ts",
      graph: "src/graph/index.ts",
      secrets: "src/secrets/index.ts",
      registry: "src/registry/index.ts",
      operations: "src/operations/index.ts",
      templates: "src/templates/index.ts",
      platforms: "src/platforms/index.ts",
      node: "src/node/index.ts",
    },
    format: ["esm", "cjs"],
    dts: true,
    // Shared chunks keep the root and subpath entries on one copy of each module within a format.
    splitting: true,
    sourcemap: false,
    clean: true,
    target: "node20",
    platform: "node",
    treeshake: true,
  },
  {
    entry: { cli: "src/cli/bin.ts" },
    format: ["esm"],
    dts: false,
    // Each command is a dynamic import: its own chunk, loaded only when that command runs.
    splitting: true,
    esbuildOptions(options) {
      options.chunkNames = "cli-chunks/[name]-[hash]";
    },
    // Bundled into those chunks: one file each instead of the hundreds Node would resolve and load
    // one by one (yaml and zod alone) at every start. The bundled CommonJS (yaml) needs `require`.
    noExternal: ["yaml", "zod", "graphology", "graphology-dag", "eta", "diff"],
    clean: false,
    target: "node20",
    platform: "node",
    banner: {
      js: '#!/usr/bin/env node\nimport { createRequire as __slipwayRequire } from "node:module";\nconst require = __slipwayRequire(import.meta.url);',
    },
  },
]);
