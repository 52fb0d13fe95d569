import { Column, ColumnOptions, CreateDateColumn, UpdateDateColumn } from 'typeorm';

/** `column IN (...)`: keeps enum-like text columns honest at the database level too. */
export const oneOf = (column: string, values: Record<string, string>) =>
  `"${column}" IN (${Object.values(values)
    .map((v) => `'${v}'`)
    .join(', ')})`;

/** `column <@ ARRAY[...]`: every element of a text[] column is one of the values. */
export const allOf = (column: string, values: Record<string, string>) =>
  `"${column}" <@ ARRAY[${Object.values(values)
    .map((v) => `'${v}'`)
    .join(', ')}]::text[]`;

export const TextArrayColumn = (options: ColumnOptions = {}) => Column('text', { array: true, default: () => "'{}'", ...options });

/** PostgreSQL `date` as an ISO string (YYYY-MM-DD); the pg driver is told not to turn it into a Date. */
export const DateColumn = (options: ColumnOptions = {}) => Column('date', options);

export const PointColumn = (options: ColumnOptions = {}) => Column({ type: 'geography', spatialFeatureType: 'Point', srid: 4326, ...options });

export abstract class Timestamped {
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
