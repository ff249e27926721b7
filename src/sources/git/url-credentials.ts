/**
 * Credentials in repository URLs (`https://bot:TOKEN@host/x.git`, `https://TOKEN@host/x.git`,
 * `...?token=...`): masked in anything shown, and kept out of anything written to disk.
 */

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]+/gi;
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/@\s]*)@/i;
/** Over http a bare user name is usually a token (GitHub, GitLab); over ssh it is just the login. */
const TOKEN_AS_USER = /^(?:https?|ftps?):\/\/$/i;

/** Masks every URL's password (or http user token) and query values: `https://bot:***@host/x?t=***`. */
export function redactUrl(text: string): string {
  return text.replace(URL_IN_TEXT, (url) =>
    url
      .replace(USERINFO, (_m, scheme: string, info: string) => {
        const colon = info.indexOf(':');
        if (colon >= 0) return `${scheme}${info.slice(0, colon)}:***@`;
        return TOKEN_AS_USER.test(scheme) ? `${scheme}***@` : `${scheme}${info}@`;
      })
      .replace(/([?&][^=&#]+=)[^&#]+/g, '$1***'),
  );
}

/**
 * The URL git may store, and names may be made of: no password, over http no user either (it
 * may be the token), and no query string. Anything that is not a `scheme://` URL (a path,
 * `git@host:org/x.git`) is returned as it is.
 */
export function withoutCredentials(spec: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return spec;
  return spec
    .replace(USERINFO, (_m, scheme: string, info: string) => {
      if (TOKEN_AS_USER.test(scheme)) return scheme;
      const colon = info.indexOf(':');
      return colon >= 0 ? `${scheme}${info.slice(0, colon)}@` : `${scheme}${info}@`;
    })
    .replace(/[?#].*$/, '');
}

/**
 * Environment for one git run that reaches `clean` through `spec`, credentials and all, with
 * nothing written to disk: git rewrites the stored URL with `url.<spec>.insteadOf` passed as
 * GIT_CONFIG_* variables (git 2.31+; never in argv, never in a config file), and an empty
 * `credential.helper` keeps a configured helper from saving the embedded token.
 */
export function credentialEnv(
  spec: string,
  clean: string,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  if (spec === clean) return {};
  // Keep any GIT_CONFIG_* settings the user already passes in: ours go after them.
  const n = Number.parseInt(base['GIT_CONFIG_COUNT'] ?? '0', 10) || 0;
  return {
    GIT_CONFIG_COUNT: String(n + 2),
    [`GIT_CONFIG_KEY_${n}`]: `url.${spec}.insteadOf`,
    [`GIT_CONFIG_VALUE_${n}`]: clean,
    [`GIT_CONFIG_KEY_${n + 1}`]: 'credential.helper',
    [`GIT_CONFIG_VALUE_${n + 1}`]: '',
  };
}
