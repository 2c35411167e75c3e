// Validates generated Compose models of 1,000 and 10,000 services with every rule and a registry.
// Run: npm run bench:graph   (builds with tsup first, then runs against dist/)
import { performance } from "node:perf_hooks";
import { startupTiers, validateCompose } from "../dist/graph.js";
import { parseRegistry } from "../dist/registry.js";

const KINDS = [
  { image: "postgres:16-alpine", port: 5432, health: ["CMD-SHELL", "pg_isready"] },
  { image: "redis:7.4-alpine", port: 6379, health: ["CMD", "redis-cli", "ping"] },
  { image: "acme/api:1.4", port: 8000, health: ["CMD", "curl", "-f", "http://localhost:8000/health"] },
  { image: "acme/web:1.4", port: 3000 },
];

/** A realistic model: layered dependencies, a port, a named volume, networks and environment per service. */
function generate(count) {
  const services = {};
  const volumes = {};
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length];
    const name = `svc-${i}`;
    const depends = {};
    if (i >= KINDS.length) {
      depends[`svc-${i - KINDS.length + ((i + 1) % KINDS.length === 0 ? 0 : 0)}`] = {
        condition: "service_started",
      };
      depends[`svc-${Math.floor(i / 2) - (Math.floor(i / 2) % KINDS.length)}`] = {
        condition: "service_healthy",
      };
    }
    services[name] = {
      image: kind.image,
      ports: [`${10000 + i}:${kind.port}`, { target: 9000, published: String(30000 + i), protocol: "tcp" }],
      volumes: [`data-${i}:/data`, "./config:/config:ro"],
      networks: ["backend", "frontend"],
      environment: {
        DATABASE_URL: `postgresql://app:\${DB_PASSWORD}@svc-${i % 97}:5432/app`,
        MODE: "production",
      },
      healthcheck: { test: KINDS[0].health, interval: "10s" },
      depends_on: depends,
      restart: "unless-stopped",
    };
    volumes[`data-${i}`] = null;
  }
  return { name: "bench", services, volumes, networks: { backend: { internal: true }, frontend: {} } };
}

const registry = parseRegistry(`
port_registry:
  ranges:
    bench: { start: 10000, end: 39999 }
networks:
  backend: {}
rules:
  required_networks:
    - { network: backend, applies_to: [bench], required_for: [svc-0, svc-1] }
`);
if (!registry.ok) throw new Error(JSON.stringify(registry.diagnostics));

async function time(count, runs) {
  const compose = generate(count);
  const deps = { registry: registry.value, application: "bench", environment: "production" };
  const times = [];
  let diagnostics = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    diagnostics = await validateCompose(compose, deps);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const tiers = startupTiers(compose);
  return {
    median: times[Math.floor(times.length / 2)],
    diagnostics: diagnostics.length,
    tiers: tiers.ok ? tiers.value.length : -1,
  };
}

await time(1000, 3); // warm-up
const small = await time(1000, 7);
const large = await time(10000, 5);
const ratio = large.median / small.median;
console.log(
  `validateCompose  1,000 services: ${small.median.toFixed(1)} ms (${small.diagnostics} diagnostics, ${small.tiers} tiers)`,
);
console.log(
  `validateCompose 10,000 services: ${large.median.toFixed(1)} ms (${large.diagnostics} diagnostics, ${large.tiers} tiers)`,
);
console.log(`ratio 10k/1k: ${ratio.toFixed(2)} (limit 15); 10k limit 1000 ms`);
if (large.median >= 1000 || ratio >= 15) {
  console.error("bench:graph FAILED its limits");
  process.exitCode = 1;
}
