// cognito-srp-wasm finds its .wasm and worker with
// new URL('./…', import.meta.url); `vite build` emits both as assets.
// In `vite dev`, pre-bundling would move the module away from its files,
// so it is served as is.
export default {
  optimizeDeps: { exclude: ['cognito-srp-wasm'] },
};
