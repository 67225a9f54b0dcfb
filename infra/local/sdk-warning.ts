/** The environment switch of the AWS SDK (v3) that turns off its Node-version warning. */
export const SDK_NODE_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * Lets the AWS SDK's NodeVersionSupportWarning print once per process. Each copy of the SDK warns
 * once; with `--bundles` every function carries its own copy, so the warning came once per
 * function. After the first, the SDK's own switch keeps the other copies quiet.
 */
export function sdkNodeWarningOnce(): void {
  process.on('warning', (warning) => {
    if (warning.message.startsWith('NodeVersionSupportWarning')) process.env[SDK_NODE_WARNING_SWITCH] ??= 'true';
  });
}
