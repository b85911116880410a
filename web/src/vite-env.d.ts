// Ambient types: Vite's client (import.meta.env, ?worker imports) and Svelte.
/// <reference types="svelte" />
/// <reference types="vite/client" />
