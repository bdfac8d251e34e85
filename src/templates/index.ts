export { type CompiledTemplate, type CompileOptions, compileTemplate } from './compile-template.js';
export { measureSms, type SmsEncoding, type SmsMeasure } from './measure-sms.js';
export { extractVariables, parseTemplate } from './parse-template.js';
export { type FallbackStrategy, type RenderResult, renderTemplate } from './render-template.js';
export { templateParameters } from './template-parameters.js';
export type { ContactValues, RenderSources } from './template-values.js';
