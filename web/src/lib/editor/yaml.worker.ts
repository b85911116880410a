// Entry of the YAML language worker (Compose validation); a file of our own so Vite bundles it as a module worker.
import 'monaco-yaml/yaml.worker.js';
