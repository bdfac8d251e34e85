import type { components, paths } from './schema.gen';

/** Names for the generated schemas the console uses (aliases, not copies). */
type Schemas = components['schemas'];
export type Channel = Schemas['Channel'];
export type ChannelCreate = Schemas['ChannelCreate'];
export type ChannelUpdate = Schemas['ChannelUpdate'];
export type ProviderInfo = Schemas['ProviderInfo'];
export type Template = Schemas['Template'];
export type TemplateCreate = Schemas['TemplateCreate'];
export type Message = Schemas['Message'];
export type Contact = Schemas['Contact'];
export type Problem = Schemas['Problem'];
export type ChannelType = Channel['channel_type'];
export type MessageStatus = Message['status'];
export type MessageDirection = Message['direction'];
export type ContextBasic = paths['/v1/context/basic']['get']['responses'][200]['content']['application/json'];
export type TemplatePreview =
  paths['/v1/templates/preview']['post']['responses'][200]['content']['application/json'];
export type TemplatePreviewInput = NonNullable<
  paths['/v1/templates/preview']['post']['requestBody']
>['content']['application/json'];
export type MessageCreate = NonNullable<
  paths['/v1/messages']['post']['requestBody']
>['content']['application/json'];
export type GroupMessage = Schemas['GroupMessage'];
export type GroupMessageCreate = Schemas['GroupMessageCreate'];
export type GroupMessageStatus = GroupMessage['status'];
export type ContactGroup = Schemas['ContactGroup'];
export type ContactImport = Schemas['ContactImport'];
export type ContactImportSummary = Schemas['ContactImportSummary'];
export type ContactCreate = Schemas['ContactCreate'];
export type ScheduledMessage = Schemas['ScheduledMessage'];
export type ScheduledMessageCreate = Schemas['ScheduledMessageCreate'];
export type ScheduledMessageRun = Schemas['ScheduledMessageRun'];
export type ScheduledOccurrencesPreview = Schemas['ScheduledOccurrencesPreview'];
export type Account = Schemas['Account'];
export type Member = Schemas['Member'];
export type Invitation = Schemas['Invitation'];
export type Role = Schemas['Role'];
export type ApiKey = Schemas['ApiKey'];
export type CreatedApiKey = Schemas['CreatedApiKey'];
