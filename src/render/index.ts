/**
 * Rendering: everything that turns a Plan (and apply progress) into text. Renderers read the Plan and decide
 * nothing; secrets never reach their output.
 */
export { renderPlan, renderPlanChunks, type RenderOptions } from './human-plan.js';
export { summaryText } from './summary-text.js';
export { renderDiagnostic, renderDiagnostics, type DiagnosticsOptions } from './human-diagnostics.js';
export { planToJson, type JsonChange, type JsonPlan, type JsonResourceChange } from './json-plan.js';
export { diagnosticJson, type JsonDiagnostic } from './json-diagnostic.js';
export { renderPlanMarkdown } from './markdown-plan.js';
export {
  applyCompleteEvent,
  applyErroredEvent,
  applyProgressEvent,
  applyStartEvent,
  changeSummaryEvent,
  diagnosticEvent,
  driftEvent,
  event,
  eventLine,
  outputsEvent,
  plannedChangeEvent,
  planEvents,
  resourceJson,
  systemClock,
  versionEvent,
  type ChangeCounts,
  type Clock,
  type EventType,
  type Operation,
  type OutputReport,
  type ResourceRef,
  type UiEvent,
} from './events.js';
export { createProgress, VERBOSE_LIMIT, type DoneInfo, type Progress, type ProgressOptions, type ProgressStream, type RetryInfo, type Scheduler } from './progress.js';
export { formatElapsed } from './duration.js';
export type { HookAction } from './action-words.js';
