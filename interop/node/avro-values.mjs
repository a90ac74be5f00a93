// Plain-JSON views of Avro values as the Confluent client hands them over (avsc types), and back.
// Decimals (bytes, scale 2) are two's-complement big-endian integers; timestamp-millis are numbers.

export function decimalToString(buffer, scale) {
  let value = 0n;
  for (const byte of buffer) value = (value << 8n) | BigInt(byte);
  if (buffer.length > 0 && buffer[0] & 0x80) value -= 1n << BigInt(buffer.length * 8);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : digits.slice(0, -scale) + '.' + digits.slice(-scale);
  return (negative ? '-' : '') + text;
}

export function decimalToBuffer(text, scale) {
  const [whole, fraction = ''] = text.split('.');
  let value = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
  const bytes = [];
  do {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  } while (!(value === 0n && (bytes[0] & 0x80) === 0) && !(value === -1n && (bytes[0] & 0x80) !== 0));
  return Buffer.from(bytes);
}

// The value as JSON, walking the writer's schema: decimals as strings, timestamps as ISO-8601, enums as names.
export function toJson(schema, value) {
  if (value === null || value === undefined) return null;
  if (Array.isArray(schema)) {
    const branch = schema.find((s) => s !== 'null' && !(s && s.type === 'null'));
    return toJson(branch, value);
  }
  if (typeof schema === 'string') return Buffer.isBuffer(value) ? value.toString('base64') : value;
  if (schema.logicalType === 'decimal') return decimalToString(value, schema.scale ?? 0);
  if (schema.logicalType === 'timestamp-millis') return new Date(Number(value)).toISOString();
  switch (schema.type) {
    case 'record': {
      const out = {};
      for (const field of schema.fields) out[field.name] = toJson(field.type, value[field.name]);
      return out;
    }
    case 'map': {
      const out = {};
      for (const [k, v] of Object.entries(value)) out[k] = toJson(schema.values, v);
      return out;
    }
    case 'array':
      return value.map((v) => toJson(schema.items, v));
    case 'enum':
      return value;
    default:
      return toJson(schema.type, value);
  }
}
