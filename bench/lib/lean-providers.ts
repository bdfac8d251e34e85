import { africasTalkingSent } from '../../tests/providers/peers/africastalking.js';
import { messageBirdMessage } from '../../tests/providers/peers/messagebird.js';
import { twilioMessage } from '../../tests/providers/peers/twilio.js';
import { vonagePartCount, vonageSmsAnswer } from '../../tests/providers/peers/vonage.js';
import { idSource, type LeanAnswer, type LeanCall, type LeanRoute } from './http-peer.js';

/**
 * The providers bench's lean answers (see http-peer.ts): for each HTTP provider, the success answer
 * of its send call (and Telegram's `getMe` and `setWebhook`, which its verify makes before the
 * bench's broadcast), in the shapes the tests' peers answer (tests/providers/peers/*, written from
 * each provider's API reference). Nothing is checked here: the tests' peers check what is sent; this
 * only answers it. A call it does not know gets a 404, which fails the bench's broadcast.
 */
export function leanRoute(provider: string): LeanRoute {
  const make = ROUTES[provider];
  if (!make) throw new Error(`no lean peer for ${provider}`);
  return make();
}

const ROUTES: Record<string, () => LeanRoute> = {
  twilio,
  africastalking,
  vonage,
  messagebird,
  telegram,
  whatsapp,
  messenger,
};

const json = (status: number, body: unknown, messageId?: string): LeanAnswer => ({
  status,
  json: JSON.stringify(body),
  messageId,
});
const notFound = (call: LeanCall) => json(404, { error: `no route for ${call.method} ${call.path}` });

function twilio(): LeanRoute {
  const sid = idSource(32);
  return (call) => {
    const account = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(call.path);
    if (!account) return notFound(call);
    const id = `SM${sid()}`;
    return json(201, twilioMessage(account[1]!, id, new URLSearchParams(call.body)), id);
  };
}

function africastalking(): LeanRoute {
  const next = idSource(32);
  return (call) => {
    if (call.path !== '/version1/messaging') return notFound(call);
    const to = new URLSearchParams(call.body).get('to');
    const messageId = `ATXid_${next()}`;
    return json(201, africasTalkingSent(to, messageId), messageId);
  };
}

function vonage(): LeanRoute {
  const next = idSource(16);
  return (call) => {
    if (call.path !== '/sms/json') return notFound(call);
    const form = new URLSearchParams(call.body);
    const ids = Array.from({ length: vonagePartCount(form) }, () => next().toUpperCase());
    return json(200, vonageSmsAnswer(ids, form), ids[0]);
  };
}

function messagebird(): LeanRoute {
  const next = idSource(32);
  return (call) => {
    if (call.path !== '/messages') return notFound(call);
    const fields = JSON.parse(call.body) as Record<string, any>;
    const id = next();
    return json(201, messageBirdMessage(id, fields, String(fields.recipients).split(',')[0]!), id);
  };
}

function telegram(): LeanRoute {
  let messageId = 0;
  return (call) => {
    const route = /^\/bot(\d+):[^/]+\/([A-Za-z]+)$/.exec(call.path);
    if (!route) return notFound(call);
    const id = Number(route[1]);
    const me = { id, is_bot: true, first_name: 'Peer Bot', username: `peer_${id}_bot` };
    const params: Record<string, unknown> = call.body.startsWith('{')
      ? JSON.parse(call.body)
      : Object.fromEntries(new URLSearchParams(call.body));
    switch (route[2]) {
      case 'getMe':
        return json(200, { ok: true, result: me });
      case 'setWebhook':
        return json(200, { ok: true, result: true, description: 'Webhook was set' });
      case 'sendMessage': {
        messageId += 1;
        const chatId = String(params.chat_id);
        return json(
          200,
          {
            ok: true,
            result: {
              message_id: messageId,
              from: me,
              chat: { id: Number(chatId), first_name: 'Peer', type: 'private' },
              date: Math.floor(Date.now() / 1000),
              text: params.text,
            },
          },
          `${chatId}:${messageId}`,
        );
      }
      default:
        return notFound(call);
    }
  };
}

function whatsapp(): LeanRoute {
  const next = idSource(32);
  return (call) => {
    if (!/^\/v\d+\.\d+\/\d+\/messages$/.test(call.path)) return notFound(call);
    const body = JSON.parse(call.body) as { to: string; type?: string };
    const id = `wamid.${next()}`;
    return json(
      200,
      {
        messaging_product: 'whatsapp',
        contacts: [{ input: body.to, wa_id: body.to.replace(/^\+/, '') }],
        messages: [body.type === 'template' ? { id, message_status: 'accepted' } : { id }],
      },
      id,
    );
  };
}

function messenger(): LeanRoute {
  const next = idSource(32);
  return (call) => {
    if (!/^\/v\d+\.\d+\/[^/]+\/messages$/.test(call.path)) return notFound(call);
    const body = JSON.parse(call.body) as { recipient: { id: string } };
    const id = `m_${next()}`;
    return json(200, { recipient_id: body.recipient.id, message_id: id }, id);
  };
}
