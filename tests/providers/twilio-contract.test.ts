import { runProviderContract } from './contract.js';
import { TwilioPeer } from './peers/twilio.js';

runProviderContract('twilio', () => TwilioPeer.start());
