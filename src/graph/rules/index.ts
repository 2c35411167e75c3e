import type { Rule } from "../context.js";
import { dependsCycle } from "./depends-cycle.js";
import { dependsMissing } from "./depends-missing.js";
import { dependsTierOrder } from "./depends-tier-order.js";
import { environmentMissing } from "./environment-missing.js";
import { healthConditionWithoutHealthcheck } from "./health-condition-without-healthcheck.js";
import { healthMissing } from "./health-missing.js";
import { imageMissing } from "./image-missing.js";
import { imageUnpinned } from "./image-unpinned.js";
import { nameInvalid } from "./name-invalid.js";
import { networkExists } from "./network-exists.js";
import { networkExternalMissing } from "./network-external-missing.js";
import { networkInternalIsolation } from "./network-internal-isolation.js";
import { networkRequired } from "./network-required.js";
import { networkUndeclared } from "./network-undeclared.js";
import { networkUnreachable } from "./network-unreachable.js";
import { portAllocated } from "./port-allocated.js";
import { portDuplicate } from "./port-duplicate.js";
import { portInvalid } from "./port-invalid.js";
import { portOutOfRange } from "./port-out-of-range.js";
import { portSystem } from "./port-system.js";
import { portUnregistered } from "./port-unregistered.js";
import { volumeDockerSocket } from "./volume-docker-socket.js";
import { volumeUndeclared } from "./volume-undeclared.js";
import { volumeUnsafePath } from "./volume-unsafe-path.js";

/**
 * Every rule {@link validateCompose} runs, in report order. One file per rule in
 * src/graph/rules/<rule-id>.ts and one page per rule in docs/rules/<rule-id>.md, where the rule id
 * is the code with `/` replaced by `-`.
 */
export const RULES: readonly Rule[] = Object.freeze([
  portInvalid,
  portDuplicate,
  portOutOfRange,
  portSystem,
  portAllocated,
  portUnregistered,
  networkUndeclared,
  networkUnreachable,
  networkRequired,
  networkExists,
  networkExternalMissing,
  networkInternalIsolation,
  dependsMissing,
  dependsCycle,
  dependsTierOrder,
  healthMissing,
  healthConditionWithoutHealthcheck,
  volumeUnsafePath,
  volumeDockerSocket,
  volumeUndeclared,
  imageMissing,
  imageUnpinned,
  nameInvalid,
  environmentMissing,
]);
