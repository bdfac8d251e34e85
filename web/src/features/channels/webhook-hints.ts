/** Where each provider wants its webhook URLs pasted (shown next to the copy buttons). */
export const WEBHOOK_HINTS: Record<string, Partial<Record<'status' | 'inbound', string>>> = {
  twilio: {
    status: 'Sent with every message as StatusCallback: nothing to paste.',
    inbound: 'Twilio Console → Phone Numbers → your number → Messaging → "A message comes in".',
  },
  africastalking: {
    status: "Africa's Talking dashboard → SMS → Callback URLs → Delivery Reports.",
    inbound: "Africa's Talking dashboard → SMS → Callback URLs → Incoming Messages.",
  },
  vonage: {
    status: 'Vonage dashboard → API settings → SMS settings → Delivery receipts.',
    inbound: 'Vonage dashboard → API settings → SMS settings → Inbound SMS.',
  },
  messagebird: {
    status: 'Set as reportUrl on the channel (sent with each message) or in the dashboard.',
    inbound: 'MessageBird dashboard → Flow Builder → your number → Call HTTP endpoint.',
  },
  telegram: { inbound: 'Registered with setWebhook when the channel is verified.' },
  whatsapp: {
    status: 'Meta App Dashboard → WhatsApp → Configuration → Callback URL (subscribe to messages).',
    inbound: 'The same Callback URL receives incoming messages.',
  },
  messenger: {
    status: 'Meta App Dashboard → Messenger → Webhooks → Callback URL (message_deliveries, message_reads).',
    inbound: 'The same Callback URL receives messages.',
  },
  sandbox: { inbound: 'POST { "from": "+15550100", "text": "hello" } here to simulate an inbound message.' },
};
