import { startTracing } from './tracing';

/**
 * Imported first by each entry point (the API, the worker), so tracing, when configured, is in
 * place before the modules it instruments are loaded.
 */
export const tracing = startTracing();
