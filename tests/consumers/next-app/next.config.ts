import type { NextConfig } from "next";

const config: NextConfig = {
  // readme:start next-config
  // The server imports the package from node_modules, where it finds its wasm files: bundled,
  // their URL would be a public path that only the browser can fetch.
  serverExternalPackages: ["video-uploader-wasm"],
  // readme:end next-config
  // The app is built inside this repository (target/consumers/), whose lock file would make
  // Next.js take the repository for the project's root.
  turbopack: { root: import.meta.dirname },
};

export default config;
