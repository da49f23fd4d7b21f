/**
 * Environment that lets `git push`/`fetch` authenticate to an HTTPS remote with a token, as an
 * http extra header passed through GIT_CONFIG_* variables: nothing is written to .git/config and
 * the remote URL stays as it is. The empty value first clears a header a checkout step stored
 * (actions/checkout does), since GitHub refuses two Authorization headers.
 */
export function pushAuthEnv(remoteUrl: string, token: string | undefined, user = 'x-access-token'): NodeJS.ProcessEnv {
  if (!token || !/^https?:\/\//i.test(remoteUrl)) return {};
  const origin = new URL(remoteUrl);
  const key = `http.${origin.protocol}//${origin.host}/.extraheader`;
  const basic = Buffer.from(`${user}:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: key,
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: key,
    GIT_CONFIG_VALUE_1: `AUTHORIZATION: basic ${basic}`,
  };
}
