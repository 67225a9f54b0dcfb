// postinstall: mends local-aws-sqs 2.0.2, the local stack's SQS server, where it differs from SQS
// in ways the system relies on. Idempotent; test/integration/local-sqs.test.ts checks both
// behaviours, so a new version that no longer matches fails there rather than silently.
//
// 1. A ChangeMessageVisibility counted as one more receive (ApproximateReceiveCount + 1). AWS does
//    not count it, and the consumers call it to back off, so locally a failing message reached its
//    DLQ after 3 attempts instead of 5. The fix: count only receives (the method's third argument
//    is true only for a visibility change).
// 2. A long poll (WaitTimeSeconds > 0) answered only when it held MaxNumberOfMessages or at the
//    end of its wait, so the local event sources polled short and slept between: hundreds of
//    receives a second on an idle stack. SQS answers a long poll as soon as it has a message. The
//    fix: the server's 10 ms scan ends the poll once it has collected any.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const mends = [
  {
    what: 'a visibility change no longer counts as a receive',
    buggy: 'let n=Number(t.record.attributes.ApproximateReceiveCount)+1;',
    fixed: 'let n=Number(t.record.attributes.ApproximateReceiveCount)+(i?0:1);',
  },
  {
    what: 'a long poll answers as soon as it has a message',
    buggy: 'if(r.length==e){clearInterval(c),clearTimeout(n),o();break}}},10)',
    fixed: 'if(r.length==e){clearInterval(c),clearTimeout(n),o();break}}r.length>0&&(clearInterval(c),clearTimeout(n),o())},10)',
  },
];

let file;
try {
  file = createRequire(import.meta.url).resolve('local-aws-sqs');
} catch {
  process.exit(0); // not installed (production install without dev dependencies)
}
let source = readFileSync(file, 'utf8');
for (const { what, buggy, fixed } of mends) {
  if (source.includes(fixed)) continue;
  if (!source.includes(buggy)) {
    process.stderr.write(
      `patch-local-aws-sqs: the code to mend (${what}) was not found; local-aws-sqs may have changed (see scripts/patch-local-aws-sqs.mjs)\n`,
    );
    continue;
  }
  source = source.replace(buggy, fixed);
  process.stdout.write(`patch-local-aws-sqs: ${what}\n`);
}
writeFileSync(file, source);
