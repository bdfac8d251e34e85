import { runProviderContract } from './contract.js';
import { SandboxPeer } from './peers/sandbox.js';

// The sandbox's inbound webhook against the shared cases (it has no remote end for the others).
runProviderContract('sandbox', { supports: SandboxPeer.supports, start: () => SandboxPeer.start() });
