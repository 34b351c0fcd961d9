// A plain webpack 5 setup: nothing here is specific to WebAssembly. The package's
// `new URL("…wasm", import.meta.url)` is an asset webpack emits by itself.
const HtmlWebpackPlugin = require("html-webpack-plugin");

module.exports = {
  entry: "./src/index.js",
  output: { clean: true },
  plugins: [new HtmlWebpackPlugin({ template: "./src/index.html" })],
};
