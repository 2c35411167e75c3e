import { createHash } from "node:crypto";

/** The sha256 of a text, as lowercase hex. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
