import { runProviderContract } from './contract.js';
import { SmppPeer } from './peers/smpp.js';

runProviderContract('smpp', { supports: SmppPeer.supports, start: () => SmppPeer.start() });
