import type { Logger } from 'pino';
import type { AppConfig } from '../config/env';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import type { ApiRouter } from '../http/api-router';
import type { JobHandler, RecurringJob } from '../jobs/job-worker';
import { createAxisClient } from './axis/axis-client';
import { DEFAULT_LIMITS } from './edxml';
import type { ExchangeDeps } from './exchange-deps';
import { registerExchangeRoutes } from './exchange.routes';
import { EXCHANGE_POLL_JOB, EXCHANGE_SEND_JOB } from './outbox';
import { pollAxis } from './poll-axis';
import { exchangeSendHandler } from './send-to-axis';

export interface ExchangeModule {
  deps: ExchangeDeps;
  handlers: Record<string, JobHandler>;
  recurring: RecurringJob[];
}

/** Exchange with other systems: routes, the send jobs, and (with an axis configured) the polling job. */
export function setUpExchange(api: ApiRouter, workflow: WorkflowDeps, config: AppConfig, logger: Logger): ExchangeModule {
  const transport = config.VANBAN_AXIS_URL
    ? createAxisClient({ url: config.VANBAN_AXIS_URL, systemId: config.VANBAN_AXIS_SYSTEM_ID!, secret: config.VANBAN_AXIS_SECRET! })
    : null;
  const deps: ExchangeDeps = { ...workflow, tmpDir: config.tmpDir, limits: { ...DEFAULT_LIMITS, maxAttachmentBytes: workflow.maxUploadBytes }, transport };
  registerExchangeRoutes(api, deps);
  return {
    deps,
    handlers: {
      [EXCHANGE_SEND_JOB]: exchangeSendHandler(deps),
      [EXCHANGE_POLL_JOB]: async () => void (await pollAxis(deps, logger)),
    },
    recurring: transport ? [{ kind: EXCHANGE_POLL_JOB, everySeconds: config.VANBAN_AXIS_POLL_SECONDS }] : [],
  };
}
