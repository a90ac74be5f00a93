import { AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';

export function registryClient(url) {
  return new SchemaRegistryClient({ baseURLs: [url] });
}

// kes registers each schema under its record's full name (RecordNameStrategy), so a reader finds the subject from
// the writer schema, and a writer names the subject of the type it writes and uses the latest version there.
export function deserializer(client) {
  return new AvroDeserializer(client, SerdeType.VALUE, {
    subjectNameStrategy: async (topic, serdeType, schema) => (schema ? JSON.parse(schema.schema).namespace + '.'
        + JSON.parse(schema.schema).name : ''),
  });
}

export function serializerFor(client, fullName) {
  return new AvroSerializer(client, SerdeType.VALUE, {
    useLatestVersion: true,
    autoRegisterSchemas: false,
    subjectNameStrategy: async () => fullName,
  });
}

// The writer schema of a framed record (0x00 + 4-byte id), as JSON, for toJson.
export async function writerSchema(client, bytes) {
  const id = bytes.readInt32BE(1);
  const info = await client.getBySubjectAndId('', id);
  return JSON.parse(info.schema);
}
