// SvelteKit's App namespace (https://svelte.dev/docs/kit/types#app.d.ts): nothing of its own here.
declare global {
  namespace App {}
}

export {};
