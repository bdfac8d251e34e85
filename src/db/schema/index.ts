export * from './channels.js';
export * from './contacts.js';
export * from './group-messages.js';
export * from './identity.js';
export * from './messages.js';
export * from './outbox.js';
export * from './templates.js';
export * from './tenancy.js';
