// Delivering a digest: email through Amazon SES (v2) from the deployment's sending identity, the team
// summary to the organization's webhook. Each delivery is retried when the failure may pass (SES throttling
// or a 5xx, a webhook's 429, 5xx or network error), with backoff, and then reported as failed: the caller
// records it, nothing is dropped. The webhook's URL is checked against the allowlist again before a post.
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { webhookUrlProblem } from '@okr-ledger/okr-domain';
import type { DigestEmail } from './compose.js';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

/** Three tries, 0.5 s then 1 s apart (with jitter): enough for SES's per-second rate to recover. */
export const DEFAULT_DELIVERY_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500 };

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A failure worth another try, or not. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface DeliveryResult {
  ok: boolean;
  attempts: number;
  error?: string;
}

async function withRetries(
  attempt: () => Promise<void>,
  policy: RetryPolicy,
  sleep: Sleep,
): Promise<DeliveryResult> {
  for (let tries = 1; ; tries += 1) {
    try {
      await attempt();
      return { ok: true, attempts: tries };
    } catch (error) {
      const retryable = error instanceof DeliveryError && error.retryable;
      const message = error instanceof Error ? error.message : String(error);
      if (!retryable || tries >= policy.attempts) return { ok: false, attempts: tries, error: message };
      await sleep(policy.baseDelayMs * 2 ** (tries - 1) * (0.5 + Math.random() / 2));
    }
  }
}

const RETRYABLE_SES_ERRORS = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'LimitExceededException',
  'InternalServiceErrorException',
  'ServiceUnavailable',
]);

function sesFailure(error: unknown): DeliveryError {
  const name = error instanceof Error ? error.name : 'Error';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`SES ${name}: ${message}`, RETRYABLE_SES_ERRORS.has(name) || status >= 500);
}

export interface Transport {
  /** The HTTP request a webhook post makes; `fetch` in production. */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
}

export interface DelivererOptions {
  ses: SESv2Client;
  /** The verified sending address (deploy-time configuration). */
  fromAddress: string;
  /** The SES identity's ARN, so the send is authorised against exactly that identity. */
  fromIdentityArn?: string;
  transport?: Transport;
  retry?: RetryPolicy;
  sleep?: Sleep;
  /** Per webhook attempt. */
  webhookTimeoutMs?: number;
}

export interface Deliverer {
  email(message: DigestEmail): Promise<DeliveryResult>;
  webhook(url: string, text: string): Promise<DeliveryResult>;
}

export function createDeliverer(options: DelivererOptions): Deliverer {
  const retry = options.retry ?? DEFAULT_DELIVERY_RETRY;
  const sleep = options.sleep ?? realSleep;
  const transport = options.transport ?? { fetch: (url, init) => fetch(url, init) };
  const timeoutMs = options.webhookTimeoutMs ?? 5_000;

  const sendEmail = async (message: DigestEmail) => {
    try {
      await options.ses.send(
        new SendEmailCommand({
          FromEmailAddress: options.fromAddress,
          ...(options.fromIdentityArn === undefined
            ? {}
            : { FromEmailAddressIdentityArn: options.fromIdentityArn }),
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
            },
          },
        }),
      );
    } catch (error) {
      throw sesFailure(error);
    }
  };

  const post = async (url: string, text: string) => {
    let response: Response;
    try {
      response = await transport.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=UTF-8' },
        // Both Slack's and Google Chat's incoming webhooks take a plain `text` message.
        body: JSON.stringify({ text }),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new DeliveryError(
        `webhook unreachable: ${error instanceof Error ? error.message : String(error)}`,
        true,
      );
    }
    if (response.ok) return;
    const retryable = response.status === 429 || response.status >= 500;
    throw new DeliveryError(`webhook answered ${response.status}`, retryable);
  };

  return {
    email: (message) => withRetries(() => sendEmail(message), retry, sleep),
    async webhook(url, text) {
      const problem = webhookUrlProblem(url);
      // Stored URLs were checked when set; checked again so no rule change or stored value slips past.
      if (problem !== null) return { ok: false, attempts: 0, error: `webhook URL refused: ${problem}` };
      return withRetries(() => post(url, text), retry, sleep);
    },
  };
}
