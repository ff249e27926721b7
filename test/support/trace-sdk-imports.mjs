// Loaded with `node --import`: reports on stderr every module of the AWS SDK that gets resolved,
// so a test can prove a plain scan never loads it.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes('@aws-sdk/')) process.stderr.write('SDK-LOADED ' + specifier + '\\n');
  return result;
}`)}`,
);
