import { resolve } from "node:path";
import { defineConfig } from "vite";

// Nothing here is for WebAssembly. The second page is the same upload under a
// Content-Security-Policy without 'wasm-unsafe-eval', which must fail with the library's clear
// error; the third uploads with ProgressiveUploader, whose module the package imports on first use. The proxy is for the tests' run of the dev server: its API calls go to the
// upload-server named by UPLOAD_SERVER_URL.
const api = process.env.UPLOAD_SERVER_URL;

export default defineConfig({
  build: {
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, "index.html"),
        csp: resolve(import.meta.dirname, "csp.html"),
        progressive: resolve(import.meta.dirname, "progressive.html"),
      },
    },
  },
  server: api ? { proxy: { "/upload": api, "/videos": api } } : {},
});
