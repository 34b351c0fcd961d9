import { resolve } from "node:path";
import { defineConfig } from "vite";

// Two pages: the app, and the same upload under a Content-Security-Policy without
// 'wasm-unsafe-eval', which must fail with the library's clear error.
export default defineConfig({
  build: {
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, "index.html"),
        csp: resolve(import.meta.dirname, "csp.html"),
      },
    },
  },
});
