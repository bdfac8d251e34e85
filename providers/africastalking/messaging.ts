import type { ProviderError } from '../../src/errors.js';
import { providerError } from '../errors.js';
import type { HttpResponse } from '../http/client.js';
import { classifyFailure, classifyVendorError, parseJson, type VendorError } from '../http/error-table.js';
import { AT_ERRORS, AT_STATUS_NAMES, AT_SUCCESS_CODES } from './errors.js';

export const AT_NAME = "Africa's Talking";

/** One entry of `SMSMessageData.Recipients`. */
type Recipient = {
  statusCode?: unknown;
  status?: unknown;
  messageId?: unknown;
  number?: unknown;
  cost?: unknown;
};

/** The accepted recipient of a send: Africa's Talking's message id and what it cost. */
export type Accepted = { messageId: string; cost: string | undefined };

/**
 * Reads the answer to `POST /version1/messaging`: `201 { SMSMessageData: { Message, Recipients:
 * [{ statusCode, status, messageId, cost, number }] } }`. The HTTP status says the request was
 * read; whether the recipient was taken is its own `statusCode` (101 Sent, 102 Queued, 100
 * Processed), so a 201 may well carry a refusal (403 InvalidPhoneNumber, 405 InsufficientBalance,
 * 406 UserInBlacklist...), classified by the error table. A non-2xx answer is classified by the
 * recipient's code when the body has one (a 409 DoNotDisturbRejection comes that way), else by the
 * HTTP status, with Africa's Talking's plain-text words ("The supplied authentication is invalid").
 */
export function readSendAnswer(response: HttpResponse): Accepted {
  const json = parseJson(response);
  const data = smsMessageData(json);
  const recipient = data?.Recipients?.[0];
  if (response.status < 200 || response.status >= 300) {
    throw classifyFailure(AT_NAME, response, vendorError(response, json, recipient), AT_ERRORS);
  }
  if (!data) {
    throw providerError(
      'provider_bad_response',
      `${AT_NAME} answered with something other than its SMS API`,
      {
        httpStatus: response.status,
        providerMessage: response.text.slice(0, 200) || undefined,
      },
    );
  }
  if (!recipient) {
    // No recipient at all: the summary names the refusal ("InvalidSenderId", "Invalid Phone Number").
    const summary = typeof data.Message === 'string' ? data.Message : undefined;
    const code = summary ? AT_STATUS_NAMES[summary.replace(/\s+/g, '')] : undefined;
    throw classifyVendorError(AT_NAME, { code, message: summary }, AT_ERRORS);
  }
  const code = codeOf(recipient);
  const status = typeof recipient.status === 'string' ? recipient.status : undefined;
  if (code !== undefined && AT_SUCCESS_CODES.has(code)) {
    const messageId = typeof recipient.messageId === 'string' ? recipient.messageId : '';
    if (!messageId || messageId === 'None') {
      throw providerError('provider_bad_response', `${AT_NAME} accepted the message without a message id`, {
        providerCode: code,
        providerMessage: status,
        httpStatus: response.status,
      });
    }
    return { messageId, cost: typeof recipient.cost === 'string' ? recipient.cost : undefined };
  }
  throw withStatus(
    classifyVendorError(AT_NAME, { code: code ?? nameCode(status), message: status }, AT_ERRORS),
    response,
  );
}

/** `SMSMessageData` of a body, when it is the SMS API's JSON. */
function smsMessageData(json: unknown): { Message?: unknown; Recipients?: Recipient[] } | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const data = (json as { SMSMessageData?: unknown }).SMSMessageData;
  if (!data || typeof data !== 'object') return undefined;
  const recipients = (data as { Recipients?: unknown }).Recipients;
  return {
    Message: (data as { Message?: unknown }).Message,
    Recipients: Array.isArray(recipients) ? (recipients as Recipient[]) : [],
  };
}

function codeOf(recipient: Recipient): string | undefined {
  const code = recipient.statusCode;
  if (typeof code === 'number' || (typeof code === 'string' && code !== '')) return String(code);
  return nameCode(typeof recipient.status === 'string' ? recipient.status : undefined);
}

function nameCode(status: string | undefined): string | undefined {
  return status ? AT_STATUS_NAMES[status] : undefined;
}

/**
 * The vendor's error in a non-2xx answer: the recipient's code, else the body's own words. Africa's
 * Talking answers errors in plain text; an HTML page (a proxy, a load balancer) is not its answer.
 */
function vendorError(
  response: HttpResponse,
  json: unknown,
  recipient: Recipient | undefined,
): VendorError | undefined {
  if (recipient) {
    return {
      code: codeOf(recipient),
      message: typeof recipient.status === 'string' ? recipient.status : undefined,
    };
  }
  if (json !== undefined) {
    const message = smsMessageData(json)?.Message;
    return typeof message === 'string' ? { message } : undefined;
  }
  const text = response.text.trim();
  const type = response.headers['content-type'] ?? '';
  if (!text || /html/i.test(type) || text.startsWith('<')) return undefined;
  return { message: text };
}

function withStatus(error: ProviderError, response: HttpResponse): ProviderError {
  return providerError(error.code as Parameters<typeof providerError>[0], error.message, {
    ...error.details,
    httpStatus: response.status,
  });
}
