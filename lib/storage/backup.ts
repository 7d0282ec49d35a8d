import { z } from 'zod';

// The backup file the options page saves and restores: settings, imported and edited packs, and
// hand-made ASN tags. Its parts are validated again by their owners when restored (settings by
// SettingsSchema, packs by PackSchema, tag keys as canonical account keys).

/** The format name of a backup file. */
export const BACKUP_FORMAT = 'netra-backup';

const ManualTagSchema = z.object({
  key: z.string().min(3).max(400),
  name: z.string().max(200).optional(),
  agency: z.string().max(200).optional(),
  position: z.string().max(200).optional(),
  region: z.string().max(200).optional(),
  note: z.string().max(1000).optional(),
  taggedAt: z.string().max(40).optional(),
});

/** A backup file: settings, imported and edited packs, and hand-made ASN tags. */
export const BackupSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    version: z.literal(1),
    exportedAt: z.string().max(40),
    netraVersion: z.string().max(40).optional(),
    settings: z.unknown(),
    importedPacks: z
      .record(
        z.string().max(200),
        z.object({ json: z.unknown(), source: z.string().max(300), importedAt: z.string().max(40) }),
      )
      .default({}),
    manualTags: z.array(ManualTagSchema).max(50_000).default([]),
  })
  .strict();
export type Backup = z.input<typeof BackupSchema>;
