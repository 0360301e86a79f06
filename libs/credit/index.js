// Runtime entry of the compiled library (`npm run build` writes dist/). Jest and tsc read src/ directly.
module.exports = require('../../dist/libs/credit/src/index.js');
