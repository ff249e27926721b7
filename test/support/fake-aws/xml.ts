import { randomUUID } from 'node:crypto';

/**
 * Just enough XML to answer the AWS Query protocol the way STS and IAM do: `<OpResponse>` with
 * an `<OpResult>` and `<ResponseMetadata>`, lists as `<member>` elements, errors as
 * `<ErrorResponse><Error>...</Error><RequestId>`.
 */

export type XmlValue = string | number | boolean | Date | undefined | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

export const NAMESPACES = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
} as const;

export type ServiceName = keyof typeof NAMESPACES;

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** AWS timestamps: ISO 8601 in UTC without milliseconds. */
export function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

function render(value: XmlValue): string {
  if (value === undefined) return '';
  if (value instanceof Date) return isoSeconds(value);
  if (Array.isArray(value)) return value.map((v) => `<member>${render(v)}</member>`).join('');
  if (typeof value === 'object') return renderObject(value);
  return escapeXml(String(value));
}

function renderObject(obj: XmlObject): string {
  return Object.entries(obj)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<${k}>${render(v)}</${k}>`)
    .join('');
}

export function successXml(service: ServiceName, operation: string, result: XmlObject | undefined): string {
  const body = result === undefined ? '' : `<${operation}Result>${renderObject(result)}</${operation}Result>`;
  return (
    `<${operation}Response xmlns="${NAMESPACES[service]}">${body}` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${operation}Response>`
  );
}

export function errorXml(service: ServiceName, status: number, code: string, message: string): string {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${NAMESPACES[service]}"><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}
