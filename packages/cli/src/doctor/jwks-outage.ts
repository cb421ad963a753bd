import { isConfigurationFault } from './network-failure.js';

/** A `fetch` for the API's JWKS that remembers whether its last download met an outage. */
export interface OutageRecordingFetch {
  readonly fetch: typeof globalThis.fetch;
  /**
   * What made the last download fail for a cause a retry may cure, `undefined` when it did not:
   * `HTTP <status>` for 5xx, 408 or 429 ("not now": RFC 9110 §15.5.9, §15.6; RFC 6585 §4, as
   * core's remote JWKS counts them), `no answer` when `fetch` threw for any cause but this
   * machine's configuration (`isConfigurationFault`: an untrusted certificate, a host the DNS does
   * not know, a bad port), so refused, a timeout, a reset.
   */
  readonly outage: () => string | undefined;
}

const isOutageStatus = (status: number) => status >= 500 || status === 408 || status === 429;

/** Wraps `fetchImpl` (the global `fetch`, looked up at call time, when absent). */
export function outageRecordingFetch(fetchImpl?: typeof globalThis.fetch): OutageRecordingFetch {
  let outage: string | undefined;
  const recording: typeof globalThis.fetch = async (input, init) => {
    outage = undefined;
    try {
      const response = await (fetchImpl ?? globalThis.fetch)(input, init);
      if (isOutageStatus(response.status)) outage = `HTTP ${response.status}`;
      return response;
    } catch (error) {
      if (!isConfigurationFault(error)) outage = 'no answer';
      throw error;
    }
  };
  return { fetch: recording, outage: () => outage };
}
