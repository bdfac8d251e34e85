import { runProviderContract } from './contract.js';
import { AfricasTalkingPeer } from './peers/africastalking.js';

runProviderContract('africastalking', {
  supports: AfricasTalkingPeer.supports,
  start: () => AfricasTalkingPeer.start(),
});
