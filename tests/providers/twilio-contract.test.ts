import { runProviderContract } from './contract.js';
import { TwilioPeer } from './peers/twilio.js';

runProviderContract('twilio', { supports: TwilioPeer.supports, start: () => TwilioPeer.start() });
