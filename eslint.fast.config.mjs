// The lint of `npm run check`: every rule of eslint.config.mjs except the type-aware ones, which
// need a TypeScript program of the whole tree and cost most of a lint after one edit. `npm run
// lint` (and so `npm test`) runs them all.
import tseslint from 'typescript-eslint';
import config from './eslint.config.mjs';

export default tseslint.config(...config, { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked });
