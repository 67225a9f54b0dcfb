/** The local stack's own one-line log entries, in the same shape as the functions' readable logs. */
export type LocalLog = (source: string, message: string) => void;

export const printLog: LocalLog = (source, message) => {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} INFO  ${source}: ${message}\n`);
};

export const silentLog: LocalLog = () => undefined;
