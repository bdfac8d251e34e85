import type { ChannelView, ProviderPeer, ReceivedSend, WebhookCall } from './peer.js';

/**
 * The sandbox has no remote end: it accepts sends itself and reports delivery at once. What the
 * contract can check is its inbound webhook, `POST { id?, from, to?, text }` (JSON), whose only
 * secret is the channel token in the URL.
 */
export class SandboxPeer implements ProviderPeer {
  readonly provider = 'sandbox' as const;
  static readonly supports = { send: false, receipts: false, read: false, faults: [] } as const;
  readonly supports = SandboxPeer.supports;
  readonly sent: ReceivedSend[] = [];
  readonly requests = 0;
  readonly connections = 0;

  static async start(): Promise<SandboxPeer> {
    return new SandboxPeer();
  }

  channelBody(): Record<string, unknown> {
    return { name: 'Sandbox', channel_type: 'sandbox', config: {} };
  }

  recipient(n: number): string {
    return `+2557560${String(n).padStart(5, '0')}`;
  }

  sender(n: number): string {
    return `+2557570${String(n).padStart(5, '0')}`;
  }

  failNext(): void {
    throw new Error('the sandbox plays no faults');
  }

  clearFaults(): void {}

  beforeAnswer(): void {}

  receipt(): WebhookCall {
    throw new Error('the sandbox has no receipt webhook');
  }

  unknownReceipt(): WebhookCall {
    throw new Error('the sandbox has no receipt webhook');
  }

  inbound(channel: ChannelView, message: { id: string; from: string; text: string }): WebhookCall {
    return this.post(channel, { id: message.id, from: message.from, to: 'sandbox', text: message.text });
  }

  malformedInbound(channel: ChannelView): WebhookCall {
    return this.post(channel, { text: 'no sender' });
  }

  forge(call: WebhookCall): WebhookCall {
    // The token is the secret: another one is a forgery.
    return {
      ...call,
      url: call.url.replace(/\/sandbox\/[^/]+\//, '/sandbox/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB/'),
    };
  }

  async close(): Promise<void> {}

  private post(channel: ChannelView, body: Record<string, unknown>): WebhookCall {
    return {
      method: 'POST',
      url: channel.webhook_urls.inbound!,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
  }
}
