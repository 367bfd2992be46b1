import type { WorkflowDeps } from '../document-core/workflow-deps';
import type { ReadLimits } from './edxml';
import type { AxisTransport } from './axis/axis-client';

/** What exchange needs besides the workflow's dependencies: a scratch folder, limits and the axis (if configured). */
export interface ExchangeDeps extends WorkflowDeps {
  tmpDir: string;
  limits: ReadLimits;
  transport: AxisTransport | null;
}
