// Types for Vite's client environment and `.vue` imports.
/// <reference types="vite/client" />
