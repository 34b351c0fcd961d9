import adapter from "@sveltejs/adapter-node";

/** @type {import("@sveltejs/kit").Config} */
const config = {
  // `vite build` writes a Node.js server to build/ (`node build` starts it).
  kit: { adapter: adapter() },
};

export default config;
