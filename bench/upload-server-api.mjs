// The benchmark's calls to upload-server with the API key, from Node: tokens for each upload,
// the check that an upload really arrived whole, and clean-up so that rounds do not fill the
// disk. Over HTTPS, trusting the server's own self-signed certificate.
import https from 'node:https';

/**
 * @param {string} baseUrl upload-server's https URL
 * @param {string} apiKey
 * @param {Buffer} ca its certificate (DIR/tls/cert.pem)
 */
export function uploadServerApi(baseUrl, apiKey, ca) {
  const authorization = `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;

  function request(method, path, { headers = {}, body } = {}) {
    return new Promise((resolve, reject) => {
      const req = https.request(`${baseUrl}${path}`, { method, ca, headers: { authorization, ...headers } }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  return {
    /** A fresh delegated upload token. */
    async createToken() {
      const res = await request('POST', '/upload-tokens', { headers: { 'content-type': 'application/json' }, body: '{}' });
      if (res.status !== 200) throw new Error(`POST /upload-tokens: ${res.status} ${res.text}`);
      return JSON.parse(res.text).token;
    },

    /**
     * Throws unless the video exists and its assembled source is `size` bytes long.
     * Answers the upload requests the server counted for the token (retries included).
     */
    async verify(videoId, token, size) {
      const video = await request('GET', `/videos/${encodeURIComponent(videoId)}`);
      if (video.status !== 200) throw new Error(`upload check: GET /videos/${videoId}: ${video.status} ${video.text}`);
      const source = await request('GET', `/vod/${encodeURIComponent(videoId)}/mp4/source.mp4`, { headers: { range: 'bytes=0-0' } });
      const total = Number(/\/(\d+)$/.exec(source.headers['content-range'] ?? '')?.[1]);
      if (source.status !== 206 || total !== size) {
        throw new Error(`upload check: video ${videoId}'s source answers ${source.status}, ${source.headers['content-range'] ?? 'no Content-Range'}; expected 206 with ${size} bytes`);
      }
      const stats = JSON.parse((await request('GET', `/_local/stats?token=${encodeURIComponent(token)}`)).text);
      return stats.uploadRequests;
    },

    async deleteVideo(videoId) {
      const res = await request('DELETE', `/videos/${encodeURIComponent(videoId)}`);
      if (res.status !== 204) throw new Error(`DELETE /videos/${videoId}: ${res.status} ${res.text}`);
    },
  };
}
