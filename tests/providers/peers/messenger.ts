import { randomBytes } from 'node:crypto';
import { type GraphAnswer, GraphPeer, type GraphRequest, graphFailure, hex } from './graph.js';
import type { ChannelView, Fault, ProviderPeer, WebhookCall } from './peer.js';

const TAGS = ['ACCOUNT_UPDATE', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'HUMAN_AGENT'];

/**
 * The Messenger Platform as Meta's reference describes it, on loopback:
 * - Send API `POST /{version}/{page-id}/messages` (or `/me/messages`) with the page access token and
 *   `{ recipient: { id: PSID }, messaging_type: RESPONSE | UPDATE | MESSAGE_TAG, tag?, message:
 *   { text } | { attachment: { type, payload: { url, is_reusable } } } }`; answers 200
 *   `{ recipient_id, message_id }` (https://developers.facebook.com/docs/messenger-platform/reference/send-api).
 * - `GET /{version}/me`: the page the token belongs to (`id`, `name`).
 * - Errors (https://developers.facebook.com/docs/messenger-platform/error-codes): 100/2018001 no
 *   matching user, 190 invalid token, 1200 temporary failure, 10/2018278 outside the window.
 * - The standard messaging window: RESPONSE/UPDATE only within 24 hours of the person's last
 *   message, else 10/2018278; MESSAGE_TAG needs one of the tags.
 * - Webhooks: `object: "page"`, `entry[].messaging[]` with `message`, `delivery` (`mids`,
 *   `watermark`), `read` (`watermark`), signed with X-Hub-Signature-256. Messenger reports no
 *   failed delivery.
 */
export class MessengerPeer extends GraphPeer implements ProviderPeer {
  readonly provider = 'messenger' as const;
  static readonly supports = {
    send: true,
    receipts: true,
    read: true,
    sessionWindow: true,
    failedReceipts: false,
    faults: ['invalid_address', 'bad_credentials', 'server_error', 'html_page', 'reset', 'hang'],
  } as const;
  readonly supports = MessengerPeer.supports;
  readonly addressField = 'messenger_psid' as const;
  readonly pageAccessToken = `EAAB${hex(24)}`;
  readonly pageId = String(300_000_000_000_000 + Math.floor(Math.random() * 1e12));
  /** When each person last wrote, as Meta tracks the standard messaging window. */
  private readonly lastWrote = new Map<string, number>();

  static async start(): Promise<MessengerPeer> {
    const peer = new MessengerPeer();
    await peer.listen();
    return peer;
  }

  channelBody(config: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      name: 'Messenger',
      channel_type: 'messenger',
      credentials: {
        page_access_token: this.pageAccessToken,
        app_secret: this.appSecret,
        verify_token: this.verifyToken,
        page_id: this.pageId,
      },
      // 3 s: long enough for a loaded machine (a late answer is a timeout, retried later), short for `hang`.
      config: { base_url: this.baseUrl, timeout_ms: 3_000, ...config },
    };
  }

  recipient(n: number): string {
    return `2457001${String(n).padStart(9, '0')}`;
  }

  sender(n: number): string {
    return `2457002${String(n).padStart(9, '0')}`;
  }

  receipt(channel: ChannelView, mid: string, status: 'delivered' | 'failed' | 'read'): WebhookCall {
    if (status === 'failed') throw new Error('Messenger sends no failed-delivery webhook');
    const psid = this.sent.find((s) => s.providerMessageId === mid)?.to ?? this.recipient(0);
    const now = Date.now();
    if (status === 'read') return this.event(channel, psid, { timestamp: now, read: { watermark: now } });
    return this.event(channel, psid, { delivery: { mids: [mid], watermark: now } });
  }

  unknownReceipt(channel: ChannelView, mid: string): WebhookCall {
    const psid = this.sent.find((s) => s.providerMessageId === mid)?.to ?? this.recipient(0);
    return this.event(channel, psid, {
      timestamp: Date.now(),
      reaction: { reaction: 'love', emoji: '\u2764', action: 'react', mid },
    });
  }

  inbound(channel: ChannelView, message: { id: string; from: string; text: string }): WebhookCall {
    this.lastWrote.set(message.from, Date.now());
    return this.event(channel, message.from, {
      timestamp: Date.now(),
      message: { mid: message.id, text: message.text },
    });
  }

  malformedInbound(channel: ChannelView): WebhookCall {
    return this.signedWebhook(channel, {
      object: 'page',
      entry: [
        {
          id: this.pageId,
          time: Date.now(),
          messaging: [
            {
              recipient: { id: this.pageId },
              timestamp: Date.now(),
              message: { mid: `m_${hex(8)}`, text: 'who?' },
            },
          ],
        },
      ],
    });
  }

  /** A webhook with one messaging event between `psid` and this page. */
  event(
    channel: ChannelView,
    psid: string,
    fields: Record<string, unknown>,
    pageId = this.pageId,
  ): WebhookCall {
    return this.signedWebhook(channel, {
      object: 'page',
      entry: [
        {
          id: pageId,
          time: Date.now(),
          messaging: [{ sender: { id: psid }, recipient: { id: pageId }, ...fields }],
        },
      ],
    });
  }

  /** Marks `psid` as having written now (what an inbound webhook stands for). */
  wrote(psid: string, at = Date.now()): void {
    this.lastWrote.set(psid, at);
  }

  protected tokenValid(token: string | undefined): boolean {
    return token === this.pageAccessToken;
  }

  protected faultAnswer(fault: Fault): GraphAnswer | undefined {
    switch (fault.kind) {
      // Graph answers an OAuthException with 400.
      case 'bad_credentials':
        return graphFailure(400, 190, 'Invalid OAuth access token.');
      case 'server_error':
        return graphFailure(500, 1200, 'Temporary send message failure. Please try again later.');
      case 'throttled':
        return graphFailure(400, 613, 'Calls to this api have exceeded the rate limit.');
      default:
        return undefined;
    }
  }

  protected async route(req: GraphRequest, fault: Fault | undefined): Promise<GraphAnswer> {
    const [object, edge] = req.path.split('/');
    if (object !== 'me' && object !== this.pageId) {
      return graphFailure(
        400,
        100,
        `Unsupported request. Object with ID '${object}' does not exist`,
        'GraphMethodException',
        {
          error_subcode: 33,
        },
      );
    }
    if (req.method === 'GET' && edge === undefined) {
      return { status: 200, body: { id: this.pageId, name: 'Peer Page' } };
    }
    if (req.method !== 'POST' || edge !== 'messages')
      return graphFailure(400, 100, '(#100) Unsupported request');
    const body = req.json ?? {};
    const psid = String((body.recipient as { id?: unknown } | undefined)?.id ?? '');
    const message = body.message as {
      text?: unknown;
      attachment?: { type?: unknown; payload?: { url?: unknown } };
    };
    if (!message || (message.text === undefined) === (message.attachment === undefined)) {
      return graphFailure(400, 100, '(#100) Must send either message text or an attachment');
    }
    if (fault?.kind === 'invalid_address' || !/^\d+$/.test(psid)) {
      return graphFailure(400, 100, '(#100) No matching user found', 'OAuthException', {
        error_subcode: 2018001,
      });
    }
    const type = body.messaging_type;
    if (type === 'MESSAGE_TAG') {
      if (!TAGS.includes(String(body.tag)))
        return graphFailure(400, 100, '(#100) Param tag must be one of the message tags');
    } else if (type !== 'RESPONSE' && type !== 'UPDATE') {
      return graphFailure(
        400,
        100,
        '(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}',
      );
    } else if (Date.now() - (this.lastWrote.get(psid) ?? 0) > 24 * 3_600_000) {
      return graphFailure(
        400,
        10,
        '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview',
        'OAuthException',
        { error_subcode: 2018278 },
      );
    }
    const id = `m_${randomBytes(30).toString('base64url')}`;
    const url = message.attachment?.payload?.url;
    await this.record({
      to: psid,
      body: typeof message.text === 'string' ? message.text : '',
      mediaUrl: typeof url === 'string' ? url : undefined,
      providerMessageId: id,
      at: Date.now(),
      fields: body,
    });
    return { status: 200, body: { recipient_id: psid, message_id: id } };
  }
}
