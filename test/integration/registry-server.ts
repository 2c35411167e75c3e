import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The smallest Docker registry (distribution API v2) `docker push` and `docker pull` accept, in
 * memory, on 127.0.0.1 (which Docker treats as an insecure registry without configuration). A push
 * gives the pushed image a repository digest in the engine — what `imageDigest` reads.
 */
export async function startRegistry(): Promise<{ host: string; close(): Promise<void> }> {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, { body: Buffer; type: string }>();
  const uploads = new Map<string, Buffer[]>();
  const read = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks)));
    });
  const sha = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://registry");
    const path = url.pathname;
    const body = await read(req);
    res.setHeader("Docker-Distribution-API-Version", "registry/2.0");
    if (path === "/v2/" || path === "/v2") return void res.writeHead(200).end("{}");
    let m = /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/.exec(path);
    if (m !== null) {
      const [, name, id] = m;
      if (req.method === "POST") {
        const uuid = randomUUID();
        uploads.set(uuid, [body]);
        const digest = url.searchParams.get("digest");
        if (digest !== null) {
          blobs.set(digest, body);
          return void res
            .writeHead(201, { Location: `/v2/${name}/blobs/${digest}`, "Docker-Content-Digest": digest })
            .end();
        }
        return void res
          .writeHead(202, {
            Location: `/v2/${name}/blobs/uploads/${uuid}`,
            Range: "0-0",
            "Docker-Upload-UUID": uuid,
          })
          .end();
      }
      const parts = uploads.get(id ?? "");
      if (parts === undefined) return void res.writeHead(404).end();
      parts.push(body);
      if (req.method === "PATCH") {
        const size = parts.reduce((n, p) => n + p.length, 0);
        return void res
          .writeHead(202, {
            Location: `/v2/${name}/blobs/uploads/${id}`,
            Range: `0-${Math.max(0, size - 1)}`,
            "Docker-Upload-UUID": id,
          })
          .end();
      }
      if (req.method === "PUT") {
        const data = Buffer.concat(parts);
        const digest = url.searchParams.get("digest") ?? sha(data);
        blobs.set(digest, data);
        uploads.delete(id ?? "");
        return void res
          .writeHead(201, { Location: `/v2/${name}/blobs/${digest}`, "Docker-Content-Digest": digest })
          .end();
      }
    }
    m = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path);
    if (m !== null) {
      const blob = blobs.get(m[2]!);
      if (blob === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { "Content-Length": blob.length, "Docker-Content-Digest": m[2] });
      return void res.end(req.method === "HEAD" ? undefined : blob);
    }
    m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path);
    if (m !== null) {
      const key = `${m[1]}:${m[2]}`;
      if (req.method === "PUT") {
        const digest = sha(body);
        const entry = {
          body,
          type: req.headers["content-type"] ?? "application/vnd.docker.distribution.manifest.v2+json",
        };
        manifests.set(key, entry);
        manifests.set(`${m[1]}:${digest}`, entry);
        return void res
          .writeHead(201, { Location: `/v2/${m[1]}/manifests/${digest}`, "Docker-Content-Digest": digest })
          .end();
      }
      const entry = manifests.get(key);
      if (entry === undefined) return void res.writeHead(404).end();
      res.writeHead(200, {
        "Content-Type": entry.type,
        "Content-Length": entry.body.length,
        "Docker-Content-Digest": sha(entry.body),
      });
      return void res.end(req.method === "HEAD" ? undefined : entry.body);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
