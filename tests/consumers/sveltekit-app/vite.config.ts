import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// Nothing for the package: Vite bundles its wasm for the browser, and the server imports it from
// node_modules, where it finds its own wasm files.
export default defineConfig({
  plugins: [sveltekit()],
});
