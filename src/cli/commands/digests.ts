import { dirname, resolve } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { parseDocument } from "yaml";
import { formatDiagnostic } from "../../core/index.js";
import { pinImages, verifyDigests } from "../../operations/index.js";
import { type Command, UsageError } from "../context.js";
import { parseCommandArgs, printDiagnostics, printJson, readTextFile } from "../io.js";
import { cliDockerProbe, composeFilePath, defaultDigestsFile, readComposeFile } from "./docker-shared.js";

/** `slipway digests pin|verify`: pin images to the engine's digests, or report drift. */
export const digestsCommand: Command = {
  name: "digests",
  summary: "pin Compose images to their digests (IMAGE_DIGESTS) or verify them for drift",
  usage: "slipway digests pin|verify [compose-file] [--digests-file FILE] [--dry-run] [--strict] [--json]",
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      "digests-file": { type: "string" },
      "dry-run": { type: "boolean" },
      json: { type: "boolean" },
      strict: { type: "boolean" },
    });
    const [action, named, ...extra] = positionals;
    if (action !== "pin" && action !== "verify") throw new UsageError("expected `pin` or `verify`");
    if (extra.length > 0) throw new UsageError("expected at most one compose file");
    const file = composeFilePath(ctx, named);
    const digestsFile = values["digests-file"] ?? defaultDigestsFile(file);
    const loaded = await readComposeFile(ctx, file);
    if (loaded.compose === undefined || loaded.text === undefined) {
      printDiagnostics(ctx, loaded.diagnostics);
      return 1;
    }
    const docker = cliDockerProbe(ctx);

    if (action === "verify") {
      const text = await readTextFile(ctx, digestsFile);
      if (text === undefined) {
        ctx.stderr(`error digest/file-missing: Missing ${digestsFile} — run \`slipway digests pin\` first\n`);
        return 1;
      }
      const verified = await verifyDigests(loaded.compose, text, { docker }, { file: digestsFile });
      // Not verified is not a failure unless --strict asks for every image to be verified.
      const failed =
        verified.status === "failed" || (values.strict === true && verified.status === "not-checked");
      if (values.json === true) printJson(ctx, { ok: !failed, ...verified });
      else {
        printDiagnostics(ctx, verified.diagnostics);
        for (const s of verified.skipped) ctx.stdout(`not verified: ${s.check}: ${s.reason}\n`);
        if (verified.status === "passed") ctx.stdout(`Images match ${digestsFile}\n`);
        else if (verified.status === "not-checked") {
          const checked = verified.images.length - verified.skipped.length;
          ctx.stdout(
            `${verified.skipped.length} of ${verified.images.length} images not verified${checked > 0 ? `; the other ${checked} match ${digestsFile}` : ""}\n`,
          );
        }
      }
      return failed ? 1 : 0;
    }

    const pinned = await pinImages(loaded.compose, { docker });
    if (!pinned.ok) {
      if (values.json === true) printJson(ctx, pinned);
      else printDiagnostics(ctx, pinned.diagnostics);
      return 1;
    }
    // Edit the user's file in place so comments and layout survive: only `image:` values change.
    const doc = parseDocument(loaded.text);
    for (const [name, service] of Object.entries(pinned.value.compose.services)) {
      if (service.image !== undefined && service.image !== loaded.compose.services[name]?.image) {
        doc.setIn(["services", name, "image"], service.image);
      }
    }
    const composeText = doc.toString();
    if (values.json === true) printJson(ctx, { ...pinned.value, digestsFile, composeFile: file });
    else if (values["dry-run"] === true) ctx.stdout(`# ${digestsFile}\n${pinned.value.imageDigestsFile}`);
    if (values["dry-run"] !== true) {
      await writeFileAtomic(resolve(ctx.cwd, digestsFile), pinned.value.imageDigestsFile);
      if (composeText !== loaded.text) await writeFileAtomic(resolve(ctx.cwd, file), composeText);
      if (values.json !== true) {
        for (const [ref, digest] of Object.entries(pinned.value.digests).sort()) {
          ctx.stdout(`pinned ${ref} ${digest}\n`);
        }
        ctx.stdout(`wrote ${digestsFile} and ${file} (in ${dirname(resolve(ctx.cwd, file))})\n`);
      }
    }
    for (const d of pinned.diagnostics) ctx.stderr(`${formatDiagnostic(d)}\n`);
    return 0;
  },
};
