// postinstall: mends local-aws-sqs 2.0.2, the local stack's SQS server, where a
// ChangeMessageVisibility counted as one more receive (ApproximateReceiveCount + 1). AWS does not
// count it, and the consumers call it to back off, so locally a failing message reached its DLQ
// after 3 attempts instead of 5. The fix: count only receives (the method's third argument is
// true only for a visibility change). Idempotent; test/integration/local-sqs.test.ts checks the
// behaviour, so a new version that no longer matches fails there rather than silently.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const buggy = 'let n=Number(t.record.attributes.ApproximateReceiveCount)+1;';
const fixed = 'let n=Number(t.record.attributes.ApproximateReceiveCount)+(i?0:1);';

let file;
try {
  file = createRequire(import.meta.url).resolve('local-aws-sqs');
} catch {
  process.exit(0); // not installed (production install without dev dependencies)
}
const source = readFileSync(file, 'utf8');
if (source.includes(fixed)) process.exit(0);
if (!source.includes(buggy)) {
  process.stderr.write(
    'patch-local-aws-sqs: the code to mend was not found; local-aws-sqs may have changed (see scripts/patch-local-aws-sqs.mjs)\n',
  );
  process.exit(0);
}
writeFileSync(file, source.replace(buggy, fixed));
process.stdout.write('patch-local-aws-sqs: a visibility change no longer counts as a receive\n');
