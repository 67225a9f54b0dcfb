/**
 * Structured JSON logs (Powertools Logger) in AWS; one readable line per entry in the local
 * stack (`LOG_FORMAT=pretty`). Log identifiers and outcomes only: never a resident's name,
 * phone number or address.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions } from '@aws-lambda-powertools/logger/types';

type LogItem = Parameters<Logger['printLog']>[1];

const standardKeys = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'sampling_rate',
  'xray_trace_id',
  'cold_start',
  'function_name',
  'function_memory_size',
  'function_arn',
  'function_request_id',
  'correlation_id',
]);

/** Prints `HH:MM:SS LEVEL service message key=value …` on one line. */
class ReadableLogger extends Logger {
  protected override printLog(_level: number, log: LogItem): void {
    log.prepareForPrint();
    const a = log.getAttributes() as Record<string, unknown>;
    const time = String(a.timestamp ?? new Date().toISOString()).slice(11, 19);
    const extras = Object.entries(a)
      .filter(([k, v]) => !standardKeys.has(k) && v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    const corr = a.correlation_id ? ` corr=${String(a.correlation_id).slice(0, 8)}` : '';
    process.stdout.write(
      `${time} ${String(a.level).padEnd(5)} ${String(a.service)}: ${String(a.message)}${extras.length ? ` ${extras.join(' ')}` : ''}${corr}\n`,
    );
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return new ReadableLogger(options);
  }
}

export function createLogger(serviceName: string): Logger {
  const options: ConstructorOptions = { serviceName };
  return process.env.LOG_FORMAT === 'pretty' ? new ReadableLogger(options) : new Logger(options);
}

export type { Logger };
