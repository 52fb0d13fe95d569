/** One database object with its current definition; its SQL can run again on a database that has it. */
export interface SchemaObject {
  kind: 'function' | 'trigger' | 'view' | 'policy';
  /** For triggers and policies: unique together with the table (`<table>.<name>` for policies). */
  name: string;
  sql: string;
}
