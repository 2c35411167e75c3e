export type { SqlExecutor } from "../../core/index.js";
export {
  DEFAULT_MIGRATION_TABLE,
  isLedgerTableName,
  ledgerExistsSql,
  ledgerFromRows,
  ledgerQuerySql,
  ledgerTableSql,
  migrationScript,
  NO_TRANSACTION_MARKER,
  runsInTransaction,
  type SqlDialect,
  sqlString,
} from "./database.js";
export {
  dialectOfImage,
  findMigrationTarget,
  type MigrateDeps,
  type MigrateInput,
  type MigrateReport,
  type MigrationState,
  type MigrationTarget,
  migrate,
  migrationStates,
} from "./migrate.js";
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
