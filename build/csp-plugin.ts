import type { Plugin } from 'vite';

// Only the app's own origin may be reached. 'wasm-unsafe-eval' lets WebAssembly (the wasm backend)
// compile; it does not allow JavaScript eval. Styles may be inline because Svelte sets style
// attributes; that cannot reach another origin, since every fetch directive stays 'self'.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "font-src 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** Adds the CSP meta tag to the built index.html (not in dev, where Vite injects inline modules). */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'knee-oa-studio:csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // Right after the charset, before any script, so the policy covers everything that follows.
      handler: (html) => {
        const charset = /<meta charset="UTF-8" \/>/i;
        if (!charset.test(html)) throw new Error('index.html lacks <meta charset="UTF-8" />');
        const meta = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`;
        return html.replace(charset, (found) => `${found}\n    ${meta}`);
      },
    },
  };
}
