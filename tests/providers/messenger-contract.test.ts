import { runProviderContract } from './contract.js';
import { MessengerPeer } from './peers/messenger.js';

runProviderContract('messenger', { supports: MessengerPeer.supports, start: () => MessengerPeer.start() });
