import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [
    // readme:start vue-config
    vue({
      // <video-upload-widget> is a custom element, not a Vue component for Vue to resolve.
      template: { compilerOptions: { isCustomElement: (tag) => tag === "video-upload-widget" } },
    }),
    // readme:end vue-config
  ],
});
