import { runProviderContract } from './contract.js';
import { WhatsAppPeer } from './peers/whatsapp.js';

runProviderContract('whatsapp', { supports: WhatsAppPeer.supports, start: () => WhatsAppPeer.start() });
