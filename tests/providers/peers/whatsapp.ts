import { randomBytes } from 'node:crypto';
import { type GraphAnswer, GraphPeer, type GraphRequest, graphFailure, hex } from './graph.js';
import type { ChannelView, Fault, ProviderPeer, WebhookCall } from './peer.js';

/**
 * WhatsApp Business Cloud API as Meta's reference describes it
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages), on loopback:
 * - `POST /{version}/{phone-number-id}/messages` with a Bearer system-user token and a JSON body
 *   `{ messaging_product: "whatsapp", recipient_type, to, type, text | image | video | audio |
 *   document | template }`; answers 200 `{ messaging_product, contacts: [{ input, wa_id }],
 *   messages: [{ id: "wamid..." }] }`.
 * - `GET /{version}/{phone-number-id}`: the phone number (`display_phone_number`, `verified_name`,
 *   `quality_rating`, `id`).
 * - Errors `{ error: { message: "(#code) title", type, code, error_data: { messaging_product,
 *   details }, fbtrace_id } }` with Meta's HTTP statuses (190 → 401; 131026, 131042, 131047, 130429
 *   → 400; 131000 → 500).
 * - The customer service window as Meta enforces it: a free-form message to someone who has not
 *   written within 24 hours is refused with 131047 (a template is not).
 * - Webhooks: `object: "whatsapp_business_account"`, `entry[].changes[].value` with `statuses[]` or
 *   `messages[]` and `contacts[]`, signed with X-Hub-Signature-256.
 */
export class WhatsAppPeer extends GraphPeer implements ProviderPeer {
  readonly provider = 'whatsapp' as const;
  static readonly supports = {
    send: true,
    receipts: true,
    read: true,
    sessionWindow: true,
    faults: [
      'invalid_address',
      'bad_credentials',
      'insufficient_balance',
      'server_error',
      'html_page',
      'reset',
      'hang',
    ],
  } as const;
  readonly supports = WhatsAppPeer.supports;
  readonly accessToken = `EAAG${hex(24)}`;
  readonly phoneNumberId = String(100_000_000_000_000 + Math.floor(Math.random() * 1e12));
  readonly businessAccountId = String(200_000_000_000_000 + Math.floor(Math.random() * 1e12));
  readonly displayNumber = '15550783881';
  /** When each user last wrote, as Meta tracks the customer service window. */
  private readonly lastWrote = new Map<string, number>();

  static async start(): Promise<WhatsAppPeer> {
    const peer = new WhatsAppPeer();
    await peer.listen();
    return peer;
  }

  channelBody(config: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      name: 'WhatsApp',
      channel_type: 'whatsapp',
      credentials: {
        access_token: this.accessToken,
        phone_number_id: this.phoneNumberId,
        business_account_id: this.businessAccountId,
        app_secret: this.appSecret,
        verify_token: this.verifyToken,
      },
      // 3 s: long enough for a loaded machine (a late answer is a timeout, retried later), short for `hang`.
      config: { base_url: this.baseUrl, timeout_ms: 3_000, ...config },
    };
  }

  recipient(n: number): string {
    return `+2557810${String(n).padStart(5, '0')}`;
  }

  sender(n: number): string {
    return `+2557820${String(n).padStart(5, '0')}`;
  }

  /** A status webhook; a failure carries 131026 unless `failure` gives Meta's code and title. */
  receipt(
    channel: ChannelView,
    id: string,
    status: 'delivered' | 'failed' | 'read',
    failure = { code: 131026, title: 'Message undeliverable' },
  ): WebhookCall {
    const to = this.sent.find((s) => s.providerMessageId === id)?.to ?? this.recipient(0);
    const entry: Record<string, unknown> = {
      id,
      status,
      timestamp: String(Math.floor(Date.now() / 1000)),
      recipient_id: to.replace(/^\+/, ''),
    };
    if (status === 'failed') {
      entry.errors = [
        {
          code: failure.code,
          title: failure.title,
          message: failure.title,
          error_data: { details: 'Message Undeliverable.' },
          href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
        },
      ];
    } else {
      entry.conversation = { id: hex(16), origin: { type: 'service' } };
      entry.pricing = { billable: true, pricing_model: 'CBP', category: 'service' };
    }
    return this.webhook(channel, { statuses: [entry] });
  }

  unknownReceipt(channel: ChannelView, id: string): WebhookCall {
    // A voice message was played: a status Meta sends that changes nothing here.
    return this.webhook(channel, {
      statuses: [{ id, status: 'played', timestamp: String(Math.floor(Date.now() / 1000)) }],
    });
  }

  inbound(channel: ChannelView, message: { id: string; from: string; text: string }): WebhookCall {
    const waId = message.from.replace(/^\+/, '');
    this.lastWrote.set(waId, Date.now());
    return this.webhook(channel, {
      contacts: [{ profile: { name: 'Peer User' }, wa_id: waId }],
      messages: [
        {
          from: waId,
          id: message.id,
          timestamp: String(Math.floor(Date.now() / 1000)),
          type: 'text',
          text: { body: message.text },
        },
      ],
    });
  }

  malformedInbound(channel: ChannelView): WebhookCall {
    return this.webhook(channel, {
      messages: [
        { id: `wamid.${hex(8)}`, timestamp: '1700000000', type: 'text', text: { body: 'no sender' } },
      ],
    });
  }

  /** A webhook with one change of this number carrying `value` (statuses or messages). */
  webhook(
    channel: ChannelView,
    value: Record<string, unknown>,
    phoneNumberId = this.phoneNumberId,
  ): WebhookCall {
    return this.signedWebhook(channel, {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: this.businessAccountId,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: this.displayNumber, phone_number_id: phoneNumberId },
                ...value,
              },
              field: 'messages',
            },
          ],
        },
      ],
    });
  }

  /** Marks `address` as having written now (what an inbound webhook stands for). */
  wrote(address: string): void {
    this.lastWrote.set(address.replace(/^\+/, ''), Date.now());
  }

  protected tokenValid(token: string | undefined): boolean {
    return token === this.accessToken;
  }

  protected faultAnswer(fault: Fault): GraphAnswer | undefined {
    switch (fault.kind) {
      case 'bad_credentials':
        return graphFailure(
          401,
          190,
          'Error validating access token: Session has expired.',
          'OAuthException',
          {
            error_subcode: 463,
          },
        );
      case 'server_error':
        return whatsappError(500, 131000, 'Something went wrong', 'Something went wrong');
      case 'insufficient_balance':
        return whatsappError(
          400,
          131042,
          'Business eligibility payment issue',
          'Message failed to send because there were one or more errors related to your payment method.',
        );
      case 'throttled':
        return {
          ...whatsappError(400, 130429, 'Rate limit hit', 'Cloud API message throughput has been reached.'),
          headers:
            fault.retryAfterSeconds >= 60
              ? {
                  'x-business-use-case-usage': JSON.stringify({
                    [this.businessAccountId]: [
                      {
                        type: 'whatsapp',
                        call_count: 100,
                        total_cputime: 1,
                        total_time: 1,
                        estimated_time_to_regain_access: Math.ceil(fault.retryAfterSeconds / 60),
                      },
                    ],
                  }),
                }
              : {},
        };
      default:
        return undefined;
    }
  }

  protected async route(req: GraphRequest, fault: Fault | undefined): Promise<GraphAnswer> {
    const [object, edge] = req.path.split('/');
    if (object !== this.phoneNumberId) {
      return graphFailure(
        400,
        100,
        `Unsupported ${req.method.toLowerCase()} request. Object with ID '${object}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        'GraphMethodException',
        { error_subcode: 33 },
      );
    }
    if (req.method === 'GET' && edge === undefined) {
      return {
        status: 200,
        body: {
          verified_name: 'Peer Business',
          code_verification_status: 'VERIFIED',
          display_phone_number: `+1 555-078-3881`,
          quality_rating: 'GREEN',
          id: this.phoneNumberId,
        },
      };
    }
    if (req.method !== 'POST' || edge !== 'messages') {
      return graphFailure(400, 100, '(#100) Unsupported request');
    }
    const body = req.json ?? {};
    const to = typeof body.to === 'string' ? body.to : '';
    const waId = to.replace(/^\+/, '');
    if (body.messaging_product !== 'whatsapp') {
      return whatsappError(400, 100, 'Invalid parameter', 'The parameter messaging_product is required.');
    }
    if (fault?.kind === 'invalid_address' || !/^\d{6,15}$/.test(waId)) {
      return whatsappError(400, 131026, 'Message Undeliverable.', 'Message Undeliverable.');
    }
    const type = typeof body.type === 'string' ? body.type : 'text';
    const part = body[type] as Record<string, unknown> | undefined;
    if (!part)
      return whatsappError(400, 131008, 'Required parameter is missing', `Parameter '${type}' is required.`);
    if (type !== 'template' && Date.now() - (this.lastWrote.get(waId) ?? 0) > 24 * 3_600_000) {
      return whatsappError(
        400,
        131047,
        'Re-engagement message',
        'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      );
    }
    const id = `wamid.${randomBytes(24).toString('base64url')}`;
    const media = part.link;
    await this.record({
      to: `+${waId}`,
      body: String((type === 'text' ? part.body : part.caption) ?? ''),
      mediaUrl: typeof media === 'string' ? media : undefined,
      providerMessageId: id,
      at: Date.now(),
      fields: body,
    });
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: waId }],
        messages: [type === 'template' ? { id, message_status: 'accepted' } : { id }],
      },
    };
  }
}

/** WhatsApp's error body: the code and title in `message`, Meta's explanation in `error_data.details`. */
function whatsappError(status: number, code: number, title: string, details: string): GraphAnswer {
  return graphFailure(status, code, `(#${code}) ${title}`, 'OAuthException', {
    error_data: { messaging_product: 'whatsapp', details },
  });
}
