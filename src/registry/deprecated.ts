// The operations on a running stack moved to `slipway/operations` and their injected interfaces to
// the root entry (core). These aliases keep the old `slipway/registry` names working for one minor
// version; each is marked deprecated so editors point to the new place.
import type * as core from "../core/index.js";
import * as operations from "../operations/index.js";

/** @deprecated Import `diagnose` from `slipway/operations`; this alias is removed in the next minor version. */
export const diagnose = operations.diagnose;
/** @deprecated Import `expectedFromCompose` from `slipway/operations`; this alias is removed in the next minor version. */
export const expectedFromCompose = operations.expectedFromCompose;
/** @deprecated Import `expectedFromRegistry` from `slipway/operations`; this alias is removed in the next minor version. */
export const expectedFromRegistry = operations.expectedFromRegistry;
/** @deprecated Import `renderDiagnosisReport` from `slipway/operations`; this alias is removed in the next minor version. */
export const renderDiagnosisReport = operations.renderDiagnosisReport;
/** @deprecated Import `parseImageDigests` from `slipway/operations`; this alias is removed in the next minor version. */
export const parseImageDigests = operations.parseImageDigests;
/** @deprecated Import `parseImageRef` from `slipway/operations`; this alias is removed in the next minor version. */
export const parseImageRef = operations.parseImageRef;
/** @deprecated Import `pinImages` from `slipway/operations`; this alias is removed in the next minor version. */
export const pinImages = operations.pinImages;
/** @deprecated Import `renderImageDigests` from `slipway/operations`; this alias is removed in the next minor version. */
export const renderImageDigests = operations.renderImageDigests;
/** @deprecated Import `unpinnedRef` from `slipway/operations`; this alias is removed in the next minor version. */
export const unpinnedRef = operations.unpinnedRef;
/** @deprecated Import `verifyDigests` from `slipway/operations`; this alias is removed in the next minor version. */
export const verifyDigests = operations.verifyDigests;
/** @deprecated Import `DEFAULT_BASELINE` from `slipway/operations`; this alias is removed in the next minor version. */
export const DEFAULT_BASELINE = operations.DEFAULT_BASELINE;
/** @deprecated Import `down` from `slipway/operations`; this alias is removed in the next minor version. */
export const down = operations.down;
/** @deprecated Import `preflight` from `slipway/operations`; this alias is removed in the next minor version. */
export const preflight = operations.preflight;
/** @deprecated Import `reset` from `slipway/operations`; this alias is removed in the next minor version. */
export const reset = operations.reset;
/** @deprecated Import `up` from `slipway/operations`; this alias is removed in the next minor version. */
export const up = operations.up;
/** @deprecated Import `applyMigrations` from `slipway/operations`; this alias is removed in the next minor version. */
export const applyMigrations = operations.applyMigrations;
/** @deprecated Import `migrationChecksum` from `slipway/operations`; this alias is removed in the next minor version. */
export const migrationChecksum = operations.migrationChecksum;
/** @deprecated Import `parseMigrationLedger` from `slipway/operations`; this alias is removed in the next minor version. */
export const parseMigrationLedger = operations.parseMigrationLedger;
/** @deprecated Import `planMigrations` from `slipway/operations`; this alias is removed in the next minor version. */
export const planMigrations = operations.planMigrations;
/** @deprecated Import `renderMigrationLedger` from `slipway/operations`; this alias is removed in the next minor version. */
export const renderMigrationLedger = operations.renderMigrationLedger;
/** @deprecated Import `CurrentServiceState` from `slipway/operations`; this alias is removed in the next minor version. */
export type CurrentServiceState = operations.CurrentServiceState;
/** @deprecated Import `DiagnoseTarget` from `slipway/operations`; this alias is removed in the next minor version. */
export type DiagnoseTarget = operations.DiagnoseTarget;
/** @deprecated Import `DiagnosisFinding` from `slipway/operations`; this alias is removed in the next minor version. */
export type DiagnosisFinding = operations.DiagnosisFinding;
/** @deprecated Import `DiagnosisReport` from `slipway/operations`; this alias is removed in the next minor version. */
export type DiagnosisReport = operations.DiagnosisReport;
/** @deprecated Import `ExpectedService` from `slipway/operations`; this alias is removed in the next minor version. */
export type ExpectedService = operations.ExpectedService;
/** @deprecated Import `ImageRef` from `slipway/operations`; this alias is removed in the next minor version. */
export type ImageRef = operations.ImageRef;
/** @deprecated Import `PinnedImages` from `slipway/operations`; this alias is removed in the next minor version. */
export type PinnedImages = operations.PinnedImages;
/** @deprecated Import `DownReport` from `slipway/operations`; this alias is removed in the next minor version. */
export type DownReport = operations.DownReport;
/** @deprecated Import `LifecycleInput` from `slipway/operations`; this alias is removed in the next minor version. */
export type LifecycleInput = operations.LifecycleInput;
/** @deprecated Import `ServiceStatus` from `slipway/operations`; this alias is removed in the next minor version. */
export type ServiceStatus = operations.ServiceStatus;
/** @deprecated Import `UpReport` from `slipway/operations`; this alias is removed in the next minor version. */
export type UpReport = operations.UpReport;
/** @deprecated Import `AppliedMigrations` from `slipway/operations`; this alias is removed in the next minor version. */
export type AppliedMigrations = operations.AppliedMigrations;
/** @deprecated Import `MigrationFile` from `slipway/operations`; this alias is removed in the next minor version. */
export type MigrationFile = operations.MigrationFile;
/** @deprecated Import `MigrationPlan` from `slipway/operations`; this alias is removed in the next minor version. */
export type MigrationPlan = operations.MigrationPlan;
/** @deprecated Import `MigrationRecord` from `slipway/operations`; this alias is removed in the next minor version. */
export type MigrationRecord = operations.MigrationRecord;
/** @deprecated Import `PendingMigration` from `slipway/operations`; this alias is removed in the next minor version. */
export type PendingMigration = operations.PendingMigration;
/** @deprecated Import `ComposeRunner` from `slipway` or `slipway/operations`; this alias is removed in the next minor version. */
export type ComposeRunner = core.ComposeRunner;
/** @deprecated Import `ComposeTarget` from `slipway` or `slipway/operations`; this alias is removed in the next minor version. */
export type ComposeTarget = core.ComposeTarget;
/** @deprecated Import `ContainerDetails` from `slipway` or `slipway/operations`; this alias is removed in the next minor version. */
export type ContainerDetails = core.ContainerDetails;
/** @deprecated Import `ContainerInspector` from `slipway` or `slipway/operations`; this alias is removed in the next minor version. */
export type ContainerInspector = core.ContainerInspector;
/** @deprecated Import `HealthLogEntry` from `slipway` or `slipway/operations`; this alias is removed in the next minor version. */
export type HealthLogEntry = core.HealthLogEntry;
/** @deprecated Import `InspectingDockerProbe` from `slipway` or `slipway/operations`; this alias is removed in the next minor version. */
export type InspectingDockerProbe = core.InspectingDockerProbe;
/** @deprecated Import `RunOutcome` from `slipway` or `slipway/operations`; this alias is removed in the next minor version. */
export type RunOutcome = core.RunOutcome;
/** @deprecated Import `SqlExecutor` from `slipway` or `slipway/operations`; this alias is removed in the next minor version. */
export type SqlExecutor = core.SqlExecutor;
/** @deprecated Import `SystemResources` from `slipway` or `slipway/operations`; this alias is removed in the next minor version. */
export type SystemResources = core.SystemResources;
