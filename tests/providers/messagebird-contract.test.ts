import { runProviderContract } from './contract.js';
import { MessageBirdPeer } from './peers/messagebird.js';

runProviderContract('messagebird', {
  supports: MessageBirdPeer.supports,
  start: () => MessageBirdPeer.start(),
});
