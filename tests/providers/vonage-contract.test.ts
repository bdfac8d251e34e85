import { runProviderContract } from './contract.js';
import { VonagePeer } from './peers/vonage.js';

runProviderContract('vonage', { supports: VonagePeer.supports, start: () => VonagePeer.start() });
