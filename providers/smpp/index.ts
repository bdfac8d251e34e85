import { z } from 'zod';
import { defineProvider, hostField, portField, secretField } from '../definition.js';
import { createSmppProvider } from './adapter.js';

const idFormat = z.enum(['string', 'hex', 'decimal']);

// The SMSC account as operators hand it out: endpoint and bind identity together.
const smppCredentials = z.strictObject({
  host: hostField,
  port: portField,
  system_id: z.string().min(1).max(15, { error: 'at most 15 characters (SMPP 3.4)' }),
  password: secretField(1, 64),
  system_type: z.string().max(12, { error: 'at most 12 characters (SMPP 3.4)' }).optional(),
});
export type SmppCredentials = z.output<typeof smppCredentials>;

const smppConfig = z
  .strictObject({
    /** SMPP over TLS (often port 3550). */
    tls: z.boolean().default(false),
    /** PEM certificate(s) to trust for the SMSC besides the system's CAs (a private CA, a self-signed SMSC). */
    tls_ca: z
      .string()
      .max(20_000)
      .regex(/-----BEGIN CERTIFICATE-----/, { error: 'must be PEM certificates' })
      .optional(),
    /** One transceiver bind, or a transmitter and a receiver bind. */
    bind_mode: z.enum(['transceiver', 'transmitter_receiver']).default('transceiver'),
    /** The sender when the channel has no sender_name and the message none of its own. */
    source_addr: z.string().min(1).max(20).optional(),
    /** TON/NPI of the sender; by default derived from its form (alphanumeric 5/0, `+number` 1/1, digits 0/1). */
    source_addr_ton: z.number().int().min(0).max(6).optional(),
    source_addr_npi: z.number().int().min(0).max(18).optional(),
    dest_addr_ton: z.number().int().min(0).max(6).default(1),
    dest_addr_npi: z.number().int().min(0).max(18).default(1),
    /** submit_sm service_type (empty: the SMSC default). */
    service_type: z.string().max(5).default(''),
    enquire_link_seconds: z.number().int().min(5).max(600).default(30),
    /** Unacknowledged submit_sm allowed in flight per bind. */
    window_size: z.number().int().min(1).max(100).default(10),
    /** How long a submit_sm, enquire_link or bind waits for the SMSC's answer. */
    response_timeout_ms: z.number().int().min(200).max(20_000).default(10_000),
    /** Binds the whole cluster may hold at once (a lease in Redis); unset: one per send worker process. */
    max_binds: z.number().int().min(1).max(100).optional(),
    /** Reconnection backoff: the first wait, doubled up to the last (with jitter). */
    reconnect_min_ms: z.number().int().min(50).max(60_000).default(1_000),
    reconnect_max_ms: z.number().int().min(1_000).max(600_000).default(60_000),
    /** The first pause after ESME_RTHROTTLED / ESME_RMSGQFUL, doubled while the SMSC keeps throttling. */
    throttle_pause_ms: z.number().int().min(50).max(30_000).default(1_000),
    /** Ask for delivery receipts (registered_delivery 1). */
    receipts: z.boolean().default(true),
    /** Long messages: UDH concatenation (default), sar_* TLVs, or one message_payload the SMSC splits. */
    long_messages: z.enum(['udh', 'sar', 'payload']).default('udh'),
    /** Concatenation reference in the UDH: 8 bits (IE 0x00) or 16 bits (IE 0x08). */
    udh_reference_bits: z.union([z.literal(8), z.literal(16)]).default(8),
    /** GSM-7 text one septet per octet (the usual SMPP form) or packed 7 bits each. */
    gsm_packing: z.enum(['unpacked', 'packed']).default('unpacked'),
    /**
     * How the SMSC writes message ids in submit_sm_resp and in a receipt's text (Kannel's msg-id-type);
     * a receipted_message_id TLV holds the submit_sm_resp form.
     */
    submit_id_format: idFormat.default('string'),
    receipt_id_format: idFormat.default('string'),
  })
  .superRefine((value, ctx) => {
    // A transmitter and a receiver are two binds on the SMSC: under a cap of one, no process could ever
    // hold both, and the channel would take messages it can never send.
    if (value.bind_mode === 'transmitter_receiver' && value.max_binds !== undefined && value.max_binds < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['max_binds'],
        message: 'at least 2 with bind_mode transmitter_receiver (a transmitter and a receiver bind)',
      });
    }
  });
export type SmppConfig = z.output<typeof smppConfig>;

/** Direct SMPP 3.4 bind to an SMSC; receipts and inbound arrive as deliver_sm on the session. */
export const smpp = defineProvider({
  id: 'smpp',
  channelType: 'smpp',
  credentials: smppCredentials,
  config: smppConfig,
  acceptsBaseUrl: false,
  media: false,
  webhooks: {},
  sessions: true,
  create: (context) => createSmppProvider(context),
});
