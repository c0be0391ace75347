// Fetching one file of the app's own model folder, with errors a person can act on.

export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

export type Fetcher = (url: string) => Promise<Response>;

/**
 * Fetches `path` under `baseUrl`. A static host answers a missing file with 404, but Vite's dev
 * server and many single-page-app hosts answer with index.html and 200, so HTML is "missing" too.
 */
export async function fetchModelFile(fetcher: Fetcher, baseUrl: string, path: string): Promise<Response> {
  const url = new URL(path, baseUrl).href;
  let response: Response;
  try {
    response = await fetcher(url);
  } catch {
    throw new ModelFileError(`could not read model file ${path}: the network is unavailable`);
  }
  if (response.status === 404) throw new ModelFileError(`model file missing: ${path}`);
  if (!response.ok) throw new ModelFileError(`could not read model file ${path}: HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('text/html')) throw new ModelFileError(`model file missing: ${path}`);
  return response;
}

export async function fetchJson(fetcher: Fetcher, baseUrl: string, path: string): Promise<unknown> {
  const response = await fetchModelFile(fetcher, baseUrl, path);
  try {
    return await response.json();
  } catch {
    throw new ModelFileError(`model file ${path} is not valid JSON`);
  }
}
