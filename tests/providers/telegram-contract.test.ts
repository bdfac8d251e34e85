import { runProviderContract } from './contract.js';
import { TelegramPeer } from './peers/telegram.js';

runProviderContract('telegram', { supports: TelegramPeer.supports, start: () => TelegramPeer.start() });
