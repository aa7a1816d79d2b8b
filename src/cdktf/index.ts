/** CDKTF apps: synthesizing them as cdktf-cli would, and the stacks they produce. */
export { synthesize, DEFAULT_SYNTH_TIMEOUT_MS, type SynthOptions, type SynthResult } from './synth.js';
export { readManifest, stacksOf, type SynthesizedStack } from './manifest.js';
export { readProject, CDKTF_JSON, DEFAULT_OUTPUT, type CdktfProject } from './project.js';
export { appEnvironment } from './app-env.js';
export { runApp, type AppRun } from './run-app.js';
