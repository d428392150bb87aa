// A plain `node:http` integration of @journeys/runtime: the app feeds customer records and
// events to the runtime, the runtime calls the app's email handler, and a timer loop fires
// durable timers. Run it after `pnpm build`:
//
//   node examples/node-integration/server.mjs            # listens on 127.0.0.1:3000
//   curl -XPOST localhost:3000/customers -d '{"id":"c1","email":"ana@example.com","first_name":"Ana"}'
//   curl -XPOST localhost:3000/events -d '{"id":"e1","customerId":"c1","type":"order_placed","properties":{"total":40}}'
//   curl localhost:3000/customers/c1
//
// In your own app, import from "@journeys/dsl" and "@journeys/runtime"; inside this repository
// the example imports the built packages by path.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { compile } from "../../packages/dsl/dist/index.js";
import { createMemoryStore, createRuntime, systemClock } from "../../packages/runtime/dist/index.js";

const MAX_BODY = 64 * 1024;

/** Compile the example journey; a compile error is a start-up error. */
export function loadJourney() {
  const file = fileURLToPath(new URL("./onboarding.journey", import.meta.url));
  const result = compile(readFileSync(file, "utf8"), { file });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  return result.ir;
}

/**
 * Build the app: a runtime and an HTTP server (not yet listening).
 * `log` receives one line per email the handler "sends"; `clock` defaults to the system clock.
 */
export function createApp({ log = (line) => process.stdout.write(`${line}\n`), clock = systemClock, store = createMemoryStore() } = {}) {
  const runtime = createRuntime({
    journeys: [loadJourney()],
    store,
    clock,
    handlers: {
      // The handler gets plain data: a real app renders its own template with escaping and
      // passes `idempotencyKey` to the email provider so a retried delivery is not sent twice.
      email: async (d) => log(JSON.stringify({ to: d.customer.record.email, template: d.template, data: d.data, key: d.idempotencyKey })),
    },
  });

  const server = createServer(async (req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (req.method === "POST" && url.pathname === "/customers") {
        const body = await readJson(req);
        if (typeof body?.id !== "string") return reply(400, { error: "body needs a string `id`" });
        const { id, ...record } = body;
        return send(reply, await runtime.upsertCustomer(id, record));
      }
      if (req.method === "POST" && url.pathname === "/events") {
        return send(reply, await runtime.ingest({ kind: "event", ...(await readJson(req)) }));
      }
      const match = /^\/customers\/([^/]+)$/.exec(url.pathname);
      if (req.method === "GET" && match) {
        const id = decodeURIComponent(match[1]);
        const customer = await runtime.getCustomer(id);
        if (customer === undefined) return reply(404, { error: `no customer "${id}"` });
        return reply(200, { customer, stage: await runtime.stageOf(id), due: await runtime.due(id), history: await runtime.history(id) });
      }
      return reply(404, { error: "not found" });
    } catch (error) {
      return reply(error?.code === "BAD_JSON" ? 400 : 500, { error: String(error?.message ?? error) });
    }
  });

  // Durable timers and delivery retries: one loop, no timer per customer.
  let loop;
  const startTimers = (everyMs = 1000) => {
    loop = setInterval(() => void runtime.runDue().catch((e) => log(`runDue failed: ${e}`)), everyMs);
  };
  const close = () =>
    new Promise((resolve) => {
      clearInterval(loop);
      server.close(() => resolve());
    });
  return { runtime, server, startTimers, close };
}

function send(reply, result) {
  if (result.status === "quarantined") return reply(422, result.error);
  return reply(result.status === "duplicate" ? 200 : 202, result);
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.destroy();
        reject(Object.assign(new Error("body too large"), { code: "BAD_JSON" }));
      } else chunks.push(c);
    });
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8") || "null"));
      } catch {
        reject(Object.assign(new Error("body is not JSON"), { code: "BAD_JSON" }));
      }
    });
    req.on("error", reject);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const app = createApp();
  const port = Number(process.env.PORT ?? 3000);
  app.server.listen(port, "127.0.0.1", () => process.stdout.write(`journeys example listening on http://127.0.0.1:${port}\n`));
  app.startTimers();
  process.on("SIGINT", () => void app.close().then(() => process.exit(0)));
}
