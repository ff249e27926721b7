/**
 * Builds an SDK client without the SDK's Node-version notice. The notice (a process warning on
 * stderr, aimed at whoever maintains the code, not at the person running keysweep) is checked
 * once, while the first client is constructed; the SDK's documented switch turns it off. The
 * switch is restored at once so child processes and the user's environment see no change.
 */
const SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

export function withoutSdkNodeWarning<T>(construct: () => T): T {
  const saved = process.env[SWITCH];
  process.env[SWITCH] = 'true';
  try {
    return construct();
  } finally {
    if (saved === undefined) delete process.env[SWITCH];
    else process.env[SWITCH] = saved;
  }
}

/** The HTTP handler's logger: timeouts become errors (throwOnRequestTimeout), so nothing to print. */
export const SILENT_LOGGER = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
