// Stops whatever global-setup.js started with testcontainers (nothing on machines that run the services).
module.exports = async function globalTeardown() {
  for (const c of globalThis.__TOLLGATE_CONTAINERS__ ?? []) await c.stop();
};
