export type { SqlExecutor } from "../../core/index.js";
export {
  type AppliedMigrations,
  applyMigrations,
  type MigrationFile,
  type MigrationPlan,
  type MigrationRecord,
  migrationChecksum,
  type PendingMigration,
  parseMigrationLedger,
  planMigrations,
  renderMigrationLedger,
} from "./migrations.js";
