import { z } from 'zod';
import { defineProvider, hostField, pendingAdapter, portField, secretField } from './definition.js';

/** Direct SMPP 3.4 bind to an SMSC; receipts and inbound arrive as deliver_sm on the session. */
export const smpp = defineProvider({
  id: 'smpp',
  channelType: 'smpp',
  // The SMSC account as operators hand it out: endpoint and bind identity together.
  credentials: z.strictObject({
    host: hostField,
    port: portField,
    system_id: z.string().min(1).max(15, { error: 'at most 15 characters (SMPP 3.4)' }),
    password: secretField(1, 64),
    system_type: z.string().max(12, { error: 'at most 12 characters (SMPP 3.4)' }).optional(),
  }),
  config: z.strictObject({
    tls: z.boolean().default(false),
    bind_mode: z.enum(['transceiver', 'transmitter_receiver']).default('transceiver'),
    source_addr: z.string().min(1).max(20).optional(),
    source_addr_ton: z.number().int().min(0).max(6).optional(),
    source_addr_npi: z.number().int().min(0).max(18).optional(),
    dest_addr_ton: z.number().int().min(0).max(6).default(1),
    dest_addr_npi: z.number().int().min(0).max(18).default(1),
    enquire_link_seconds: z.number().int().min(5).max(600).default(30),
    /** Unacknowledged submit_sm allowed in flight per bind. */
    window_size: z.number().int().min(1).max(100).default(10),
  }),
  acceptsBaseUrl: false,
  media: false,
  webhooks: {},
  create: () => pendingAdapter('smpp'),
});
