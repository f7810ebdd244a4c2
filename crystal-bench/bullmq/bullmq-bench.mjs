// BullMQ baseline for docs/benchmarks.md ("Redis job store vs BullMQ"): the same phases and job counts as
// crystal-redis' RedisJobsBenchmark, on the same Redis. Usage:
//   (cd crystal-bench/bullmq && npm install && node bullmq-bench.mjs redis://127.0.0.1:6379 20000)
// Uses a fresh queue-name prefix and removes its keys at the end.
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';

const url = new URL(process.argv[2] ?? 'redis://127.0.0.1:6379');
const jobs = Number(process.argv[3] ?? 20000);
const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
const prefix = `bullmq-bench-${randomUUID()}`;
const admin = new IORedis(connection);

async function redisCpuMicros() {
  const info = await admin.info('cpu');
  const get = (k) => Number(info.match(new RegExp(`${k}:([0-9.]+)`))[1]);
  return (get('used_cpu_sys') + get('used_cpu_user')) * 1e6;
}

async function enqueueBulk(queue, n) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 1000); j++) batch.push({ name: 'noop', data: { i: j } });
    await queue.addBulk(batch);
  }
  return n / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function processAll(queueName, n, concurrency) {
  let done = 0;
  const cpuBefore = await redisCpuMicros();
  const started = process.hrtime.bigint();
  await new Promise((resolve) => {
    const worker = new Worker(queueName, async () => {}, { connection, prefix, concurrency });
    worker.on('completed', () => {
      if (++done === n) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        worker.close().then(() => resolve(seconds));
      }
    });
  }).then(async (seconds) => {
    const cpu = (await redisCpuMicros()) - cpuBefore;
    console.log(`no-op processing, concurrency ${concurrency}: ${Math.round(n / seconds)} jobs/s, `
      + `Redis CPU ${(cpu / n).toFixed(1)} µs/job`);
  });
}

async function main() {
  console.log(`BullMQ ${(await import('bullmq/package.json', { with: { type: 'json' } })).default.version}, `
    + `node ${process.version}, ${jobs} jobs per phase`);
  for (const concurrency of [1, 10, 100]) {
    const name = `noop-c${concurrency}`;
    const queue = new Queue(name, { connection, prefix });
    const rate = await enqueueBulk(queue, jobs);
    if (concurrency === 100) console.log(`enqueue bulk (addBulk, 1,000 per call): ${Math.round(rate)} jobs/s`);
    await processAll(name, jobs, concurrency);
    await queue.close();
  }
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await admin.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await admin.quit();
}

main().catch((e) => { console.error(e); process.exit(1); });
