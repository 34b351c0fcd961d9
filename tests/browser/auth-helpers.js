// API-key calls for the access-token and API-key upload tests.
const basic = (apiKey) => `Basic ${btoa(`${apiKey}:`)}`;

/** POST /videos: an empty video to upload into; answers its id. */
export async function createVideo(serverUrl, apiKey, title) {
  const response = await fetch(`${serverUrl}/videos`, {
    method: 'POST',
    headers: { Authorization: basic(apiKey), 'Content-Type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (response.status !== 201) throw new Error(`POST /videos: ${response.status} ${await response.text()}`);
  return (await response.json()).videoId;
}

/** POST /auth/api-key: answers [access_token, refresh_token]. */
export async function accessTokens(serverUrl, apiKey) {
  const response = await fetch(`${serverUrl}/auth/api-key`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ apiKey }),
  });
  if (!response.ok) throw new Error(`POST /auth/api-key: ${response.status}`);
  const tokens = await response.json();
  return [tokens.access_token, tokens.refresh_token];
}

/** The upload requests the server received for one video through /videos/{id}/source. */
export async function sourceRequests(serverUrl, videoId) {
  const response = await fetch(`${serverUrl}/_local/stats?videoId=${encodeURIComponent(videoId)}`);
  return (await response.json()).uploadRequests;
}
