// Reads every event of a topic from the beginning with kafkajs (read_committed) and decodes it with Confluent's
// Avro deserializer through the schema registry. Prints one JSON object per event:
//   {"partition","offset","key","type","value"}   (value: decimals as strings, timestamps as ISO-8601)
// Usage: node decode-events.mjs <bootstrap> <registryUrl> <topic> <expectedCount> [timeoutMs]
import { Kafka, logLevel } from 'kafkajs';
import { deserializer, registryClient, writerSchema } from './registry.mjs';
import { toJson } from './avro-values.mjs';

const [bootstrap, registryUrl, topic, expected, timeoutMs = '60000'] = process.argv.slice(2);
const kafka = new Kafka({ clientId: 'kes-interop-node', brokers: bootstrap.split(','), logLevel: logLevel.ERROR });
const client = registryClient(registryUrl);
const avro = deserializer(client);
const consumer = kafka.consumer({ groupId: `kes-interop-node-${process.pid}-${Date.now()}`, readUncommitted: false });

await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
let seen = 0;
const done = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`only ${seen} of ${expected} events within ${timeoutMs} ms`)),
      Number(timeoutMs));
  consumer.run({
    eachMessage: async ({ partition, message }) => {
      const schema = await writerSchema(client, message.value);
      const value = await avro.deserialize(topic, message.value);
      process.stdout.write(JSON.stringify({
        partition, offset: Number(message.offset), key: message.key?.toString(),
        type: schema.name, value: toJson(schema, value),
      }) + '\n');
      if (++seen >= Number(expected)) {
        clearTimeout(timer);
        resolve();
      }
    },
  }).catch(reject);
});

try {
  await done;
} finally {
  await consumer.disconnect();
}
