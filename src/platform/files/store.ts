import { eq } from 'drizzle-orm';
import { files } from '../../db/schema/index.ts';
import type { Db } from '../db.ts';

/** A stored file's description, without its content. */
export type StoredFile = Omit<typeof files.$inferSelect, 'content'>;

const described = {
  id: files.id,
  purpose: files.purpose,
  owner: files.owner,
  sha256: files.sha256,
  size: files.size,
  mediaType: files.mediaType,
  filename: files.filename,
  createdAt: files.createdAt,
  createdBy: files.createdBy,
};

export async function insertFile(db: Db, row: typeof files.$inferInsert): Promise<StoredFile> {
  const [stored] = await db.insert(files).values(row).returning(described);
  return stored!;
}

/** The file and its content; the content is read only here, when someone downloads it. */
export async function selectFile(db: Db, id: string) {
  const [row] = await db
    .select({ ...described, content: files.content })
    .from(files)
    .where(eq(files.id, id));
  return row;
}
