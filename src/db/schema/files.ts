import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './columns.ts';

/**
 * Files kept by the portal: uploads (a procedure's attachments) and documents it made (receipts,
 * returned documents). The content lives in PostgreSQL with the rest of the state, so a backup
 * or a second instance has it too. A file belongs to whatever `purpose` and `owner` name, in
 * that use's own terms: no foreign key ties this table to a feature. Its media type was sniffed
 * from the content when stored, never taken from the name or the browser's word.
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** What the file is for, e.g. 'procedure.attachment', 'procedure.receipt'. */
    purpose: text('purpose').notNull(),
    /** The id of what it belongs to within its purpose (a draft, a case), once known. */
    owner: text('owner'),
    content: bytea('content').notNull(),
    /** Hex SHA-256 of the content: a document's fingerprint, quoted in receipts and signatures. */
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    /** Sniffed from the content, e.g. application/pdf. */
    mediaType: text('media_type').notNull(),
    /** The name it was uploaded under, cleaned: only ever offered back as the download's name. */
    filename: text('filename').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The person who uploaded it; none for a document the portal made. */
    createdBy: uuid('created_by'),
  },
  (table) => [
    index('files_owner_idx').on(table.purpose, table.owner),
    check('files_size_matches', sql`${table.size} > 0 and ${table.size} = octet_length(${table.content})`),
    check('files_sha256_hex', sql`${table.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);
