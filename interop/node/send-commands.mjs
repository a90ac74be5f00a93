// Produces OpenAccount and DepositMoney with kafkajs and Confluent's Avro serializer (the latest schema the services
// registered, subject = record full name), then reads their results back the same way.
// Prints one JSON object per result: {"commandId","outcome","version","balance",...}.
// Usage: node send-commands.mjs <bootstrap> <registryUrl> <commandsTopic> <resultsTopic> <accountId> [timeoutMs]
import { Kafka, logLevel } from 'kafkajs';
import { deserializer, registryClient, serializerFor, writerSchema } from './registry.mjs';
import { decimalToBuffer, toJson } from './avro-values.mjs';

const [bootstrap, registryUrl, commandsTopic, resultsTopic, accountId, timeoutMs = '60000'] = process.argv.slice(2);
const kafka = new Kafka({ clientId: 'kes-interop-node', brokers: bootstrap.split(','), logLevel: logLevel.ERROR });
const client = registryClient(registryUrl);
const metadata = { correlationId: null, causationId: null, extra: { source: 'kafkajs' } };
const commands = [
  ['dev.kes.schemas.command.OpenAccount', {
    commandId: `${accountId}-open`, accountId, expectedVersion: 0, occurredAt: null, metadata,
    holder: 'Node Client', initialDeposit: decimalToBuffer('10.00', 2),
  }],
  ['dev.kes.schemas.command.DepositMoney', {
    commandId: `${accountId}-deposit`, accountId, expectedVersion: 1, occurredAt: null, metadata,
    amount: decimalToBuffer('32.50', 2), description: 'from kafkajs',
  }],
];

const wanted = new Set(commands.map(([, c]) => c.commandId));
const consumer = kafka.consumer({ groupId: `kes-interop-node-${process.pid}-${Date.now()}`, readUncommitted: false });
await consumer.connect();
await consumer.subscribe({ topic: resultsTopic, fromBeginning: true });
const avro = deserializer(client);
const done = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no result for ${[...wanted]} within ${timeoutMs} ms`)),
      Number(timeoutMs));
  consumer.run({
    eachMessage: async ({ message }) => {
      const commandId = message.key?.toString();
      if (!wanted.has(commandId)) return;
      const schema = await writerSchema(client, message.value);
      const result = toJson(schema, await avro.deserialize(resultsTopic, message.value));
      process.stdout.write(JSON.stringify(result) + '\n');
      wanted.delete(commandId);
      if (wanted.size === 0) {
        clearTimeout(timer);
        resolve();
      }
    },
  }).catch(reject);
});

const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
await producer.connect();
for (const [fullName, command] of commands) {
  const value = await serializerFor(client, fullName).serialize(commandsTopic, command);
  // one at a time: the deposit names version 1, which the open must have made first
  await producer.send({ topic: commandsTopic, acks: -1, messages: [{ key: accountId, value }] });
}
try {
  await done;
} finally {
  await producer.disconnect();
  await consumer.disconnect();
}
