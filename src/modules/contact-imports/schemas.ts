import { z } from '@hono/zod-openapi';
import { CONTACT_IMPORT_STATUSES } from '../../db/schema/index.js';

const Status = z.enum(CONTACT_IMPORT_STATUSES).openapi({
  description:
    '`receiving` while the upload streams in, `queued` until a worker takes it, `processing` while rows are written, then `completed` or `failed`',
});

export const ContactImportAccepted = z
  .object({ id: z.uuid(), status: Status })
  .openapi('ContactImportAccepted');
export type ContactImportAccepted = z.infer<typeof ContactImportAccepted>;

export const ContactImportSummary = z
  .object({
    id: z.uuid(),
    status: Status,
    filename: z.string().nullable(),
    bytes: z.number().int(),
    total_rows: z.number().int().openapi({ description: 'Data rows processed so far (blank rows excluded)' }),
    imported: z.number().int().openapi({ description: 'Rows that created a contact' }),
    updated: z
      .number()
      .int()
      .openapi({ description: 'Rows that updated a contact (matched by phone, then email)' }),
    failed: z.number().int().openapi({ description: 'Rows rejected; `errors` lists the first 1,000' }),
    error_message: z
      .string()
      .nullable()
      .openapi({ description: 'Why a `failed` import stopped (unreadable file, missing columns)' }),
    created_at: z.string(),
    started_at: z.string().nullable(),
    completed_at: z.string().nullable(),
  })
  .openapi('ContactImportSummary');
export type ContactImportSummary = z.infer<typeof ContactImportSummary>;

export const ContactImport = ContactImportSummary.extend({
  errors: z
    .array(
      z.object({
        row: z.number().int().openapi({
          description:
            'Record number after the header: 1 is the first data row, i.e. spreadsheet row N + 1; blank rows keep their number',
        }),
        message: z.string(),
      }),
    )
    .openapi({ description: 'The first 1,000 rejected rows, in row order' }),
}).openapi('ContactImport');
export type ContactImport = z.infer<typeof ContactImport>;
